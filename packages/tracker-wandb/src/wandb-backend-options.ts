import { InvalidArgumentError, parseOrThrow } from '@mloop/core';
import { z } from 'zod';

/** Characters W&B rejects in project and entity names (its app says "cannot contain /, \, #, ?, %, :"). */
const FORBIDDEN_NAME_CHARACTERS = /[/\\#?%:]/;

/** A W&B project or entity name: 1–128 characters, none of `/ \ # ? % :`, not only whitespace. */
const wandbNameSchema = z
  .string()
  .min(1)
  .max(128)
  .refine((name) => name.trim().length > 0, 'must not be blank')
  .refine((name) => !FORBIDDEN_NAME_CHARACTERS.test(name), 'must not contain any of / \\ # ? % : (W&B rejects them)')
  .refine((name) => ![...name].some((char) => char.charCodeAt(0) < 0x20), 'must not contain control characters');

/** Retry schedule for one kind of request. */
const retrySchema = z
  .object({
    /** Attempts in total (the first one included) before giving up. */
    maxAttempts: z.number().int().min(1).max(100_000),
    /** First backoff delay, ms; doubles each attempt, plus up to 25% jitter. */
    minDelayMs: z.number().int().min(0).max(600_000),
    /** Backoff ceiling, ms (a server's `Retry-After` may ask for longer, up to `maxRetryAfterMs`). */
    maxDelayMs: z.number().int().min(0).max(3_600_000),
  })
  .strict();

/** Options of `createWandbBackend`, validated with zod (the API key is checked separately, so it never appears in an error). */
export const wandbBackendOptionsSchema = z
  .object({
    /** The W&B project runs are logged to. */
    project: wandbNameSchema,
    /** The team or user owning the project; default: the key's default entity (resolved by the server). */
    entity: wandbNameSchema.optional(),
    /** Base URL of the W&B API; default `$WANDB_BASE_URL`, else `https://api.wandb.ai` (self-hosted W&B works). */
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** `online` talks to W&B; `offline` writes a journal under `dir` that `syncOfflineRuns` uploads later. Default `offline` when `WANDB_MODE` is `offline` (or `dryrun`), else `online`. */
    mode: z.union([z.literal('online'), z.literal('offline')]).default('online'),
    /** Directory of the offline journal (and of artifact bytes kept for sync); default `$WANDB_DIR`, else `./wandb`. */
    dir: z.string().min(1).optional(),
    /** Minimum time between two file_stream requests of one run, ms; default 2,000 (W&B allows a few per second per run). */
    transmitIntervalMs: z.number().int().min(0).max(600_000).default(2_000),
    /** An idle run sends a heartbeat this often, ms; default 30,000. */
    heartbeatIntervalMs: z.number().int().min(10).max(3_600_000).default(30_000),
    /** In-memory queue budget over all runs, bytes; `logBatch` waits for the queue to drain when it is full. Default 64 MiB. */
    maxQueueBytes: z
      .number()
      .int()
      .min(1024)
      .max(2 ** 40)
      .default(64 * 1024 * 1024),
    /** Largest file_stream request body, bytes; default 10 MiB (W&B's limit). */
    maxRequestBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /** Retry schedule of GraphQL and storage requests; default 20 attempts, 2 s → 60 s. */
    retry: retrySchema.default({ maxAttempts: 20, minDelayMs: 2_000, maxDelayMs: 60_000 }),
    /** Retry schedule of file_stream requests; default 10,085 attempts (about 7 days, as W&B's client), 2 s → 60 s. */
    fileStreamRetry: retrySchema.default({ maxAttempts: 10_085, minDelayMs: 2_000, maxDelayMs: 60_000 }),
    /** Longest `Retry-After` honoured, ms; default 300,000. */
    maxRetryAfterMs: z.number().int().min(0).max(86_400_000).default(300_000),
    /** Per-attempt timeout, ms; default 30,000 (file_stream gets 6× this). */
    requestTimeoutMs: z.number().int().min(10).max(3_600_000).default(30_000),
    /** How long ending a run waits for its data to reach W&B before returning (it keeps going in the background), ms; default 60,000. */
    finishTimeoutMs: z.number().int().min(0).max(86_400_000).default(60_000),
    /** How long `close()` waits for queued data, ms; default 120,000. */
    closeTimeoutMs: z.number().int().min(0).max(86_400_000).default(120_000),
    /** Largest tracker batch accepted by `logBatch`; default 10,000. */
    maxBatchSize: z.number().int().min(1).max(1_000_000).default(10_000),
    /** Flush queued data when the process is about to exit (`beforeExit`); default true. No signal handlers are installed. */
    flushOnExit: z.boolean().default(true),
    /** Where warnings go (dropped oversize rows, retries given up); default `console.warn`. Never receives the API key. */
    warn: z.custom<(message: string) => void>((value) => typeof value === 'function').optional(),
    /** `fetch` to use (tests inject one); default the global `fetch`. */
    fetch: z.custom<typeof fetch>((value) => typeof value === 'function').optional(),
    /** Clock in Unix ms (tests inject a fake one). */
    now: z.custom<() => number>((value) => typeof value === 'function').optional(),
    /** Uniform random numbers in [0, 1) for backoff jitter and ids (tests inject a seeded one). */
    random: z.custom<() => number>((value) => typeof value === 'function').optional(),
  })
  .strict();

/** Options of `createWandbBackend` as the user writes them. */
export type WandbBackendOptions = z.input<typeof wandbBackendOptionsSchema> & {
  /**
   * The W&B API key; default `$WANDB_API_KEY`. Required online, ignored offline. It is sent only
   * to `baseUrl` and never appears in logs, errors or offline files.
   */
  readonly apiKey?: string;
};

/** Options after validation, with defaults filled in (the key is kept apart, see `WandbCredentials`). */
export type ResolvedWandbBackendOptions = z.output<typeof wandbBackendOptionsSchema> & {
  /** The resolved base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The resolved journal directory. */
  readonly dir: string;
};

/** Default base URL of W&B's API. */
export const DEFAULT_WANDB_BASE_URL = 'https://api.wandb.ai';

/**
 * Checks a W&B project name the way W&B does (1–128 characters, none of `/ \ # ? % :`).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming `field`.
 */
export function validateWandbName(name: unknown, field: string): string {
  return parseOrThrow(wandbNameSchema, name, `W&B ${field} name`, [field]);
}

/**
 * Splits the API key off the options (so zod, errors and JSON never see it), validates the rest
 * and fills in defaults from the environment.
 * @internal
 */
export function resolveWandbOptions(
  options: WandbBackendOptions,
  env: NodeJS.ProcessEnv = process.env,
): { options: ResolvedWandbBackendOptions; apiKey: string | undefined } {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({
      message: 'createWandbBackend needs an options object with a project.',
      field: 'options',
    });
  }
  const { apiKey: explicitKey, ...rest } = options;
  // W&B's own switch: WANDB_MODE=offline (or its old name dryrun) when the code does not choose.
  const envMode = env.WANDB_MODE?.trim().toLowerCase();
  const withMode =
    rest.mode === undefined && (envMode === 'offline' || envMode === 'dryrun')
      ? { ...rest, mode: 'offline' as const }
      : rest;
  const parsed = parseOrThrow(wandbBackendOptionsSchema, withMode, 'W&B backend options');
  let apiKey: string | undefined;
  if (explicitKey !== undefined) {
    if (typeof explicitKey !== 'string' || explicitKey.trim().length === 0 || /\s/.test(explicitKey.trim())) {
      throw new InvalidArgumentError({
        message: 'Invalid W&B backend options: apiKey must be a non-empty string without whitespace (value not shown).',
        field: 'apiKey',
      });
    }
    apiKey = explicitKey.trim();
  } else {
    const fromEnv = env.WANDB_API_KEY?.trim();
    apiKey = fromEnv ? fromEnv : undefined;
  }
  const baseUrlRaw = parsed.baseUrl ?? env.WANDB_BASE_URL ?? DEFAULT_WANDB_BASE_URL;
  let baseUrl: string;
  try {
    const url = new URL(baseUrlRaw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    if (url.username || url.password) throw new Error('credentials in URL');
    baseUrl = url.toString().replace(/\/+$/, '');
  } catch {
    throw new InvalidArgumentError({
      message: `Invalid W&B base URL ${JSON.stringify(baseUrlRaw)} (from ${parsed.baseUrl ? 'options.baseUrl' : 'WANDB_BASE_URL'}): use http(s)://host[:port] without credentials.`,
      field: 'baseUrl',
    });
  }
  const dir = parsed.dir ?? env.WANDB_DIR ?? 'wandb';
  return { options: { ...parsed, baseUrl, dir }, apiKey };
}
