import { join, resolve } from 'node:path';
import { type ArtifactStoreV1, type BackendV1, InvalidArgumentError, MemoryArtifactStore } from '@mloop/core';
import { BlobDirectoryStore } from './blob-directory-store';
import { JournalSink } from './journal-sink';
import { OnlineSink, type WandbSink } from './online-sink';
import {
  type ResolvedWandbBackendOptions,
  resolveWandbOptions,
  type WandbBackendOptions,
} from './wandb-backend-options';
import { WandbHttp } from './wandb-http';
import { WandbRegistry } from './wandb-registry';
import { WandbRunReader } from './wandb-run-reader';
import { MAX_WANDB_LINE_BYTES, WandbTracker } from './wandb-tracker';

/** The W&B backend's parts, with their concrete types. */
export interface WandbBackend extends BackendV1 {
  /** The W&B tracker. */
  readonly tracker: WandbTracker;
  /** The registry mapped onto W&B's model registry. */
  readonly registry: WandbRegistry;
  /** Where artifact bytes wait to be uploaded: memory online, `<dir>/blobs` offline. */
  readonly artifacts: ArtifactStoreV1;
  /** `online` or `offline`. */
  readonly mode: 'online' | 'offline';
  /** The validated options, without the API key. */
  readonly options: Omit<ResolvedWandbBackendOptions, 'fetch' | 'now' | 'random' | 'warn'>;
  /**
   * The W&B URL of a run (`{app}/{entity}/{project}/runs/{id}`), once the entity is known
   * (online, after the run was created); undefined otherwise.
   */
  runUrl(runId: string): string | undefined;
  /** HTTP requests sent so far (attempts, retries included): for diagnostics and the benchmark. */
  readonly requestCount: number;
}

/** Open backends flushed by the `beforeExit` hook. */
const openBackends = new Set<() => Promise<void>>();
let exitHookInstalled = false;

function onBeforeExit(): void {
  for (const close of [...openBackends]) {
    openBackends.delete(close);
    close().catch(() => {
      // close() already warned; nothing else can be done while exiting.
    });
  }
}

function registerExitFlush(close: () => Promise<void>): void {
  openBackends.add(close);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('beforeExit', onBeforeExit);
  }
}

function unregisterExitFlush(close: () => Promise<void>): void {
  openBackends.delete(close);
  if (openBackends.size === 0 && exitHookInstalled) {
    exitHookInstalled = false;
    process.off('beforeExit', onBeforeExit);
  }
}

/** Builds the sink, the HTTP client and the parts; shared by the backend and `syncOfflineRuns`. @internal */
export function buildOnlineSink(
  options: ResolvedWandbBackendOptions,
  apiKey: string | undefined,
  blobs: (sha256: string) => Promise<Uint8Array | undefined>,
): { http: WandbHttp; sink: OnlineSink } {
  if (apiKey === undefined) {
    throw new InvalidArgumentError({
      message:
        'No W&B API key: pass createWandbBackend({ apiKey }) or set WANDB_API_KEY (https://wandb.ai/authorize), or use mode: "offline" and sync later.',
      field: 'apiKey',
    });
  }
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const http = new WandbHttp({
    baseUrl: options.baseUrl,
    apiKey,
    fetch: options.fetch ?? globalThis.fetch,
    retry: options.retry,
    fileStreamRetry: options.fileStreamRetry,
    maxRetryAfterMs: options.maxRetryAfterMs,
    requestTimeoutMs: options.requestTimeoutMs,
    random: options.random ?? Math.random,
    warn: (message) => warn(http.redact(message)),
  });
  const sink = new OnlineSink({
    http,
    transmitIntervalMs: options.transmitIntervalMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    maxRequestBytes: options.maxRequestBytes,
    maxQueueBytes: options.maxQueueBytes,
    blobs,
    warn: (message) => warn(http.redact(message)),
    entity: options.entity,
    registryProject: 'model-registry',
  });
  return { http, sink };
}

/**
 * Creates the Weights & Biases backend: tracking, artifacts and the model registry over W&B's
 * own protocol (GraphQL + file_stream + signed-URL uploads), no W&B SDK.
 *
 * Online, the API key comes from `apiKey` or `WANDB_API_KEY` and the host from `baseUrl` or
 * `WANDB_BASE_URL` (self-hosted W&B works). Offline, everything is journaled under `dir` and
 * uploaded later by `syncOfflineRuns(dir)`. The key is sent only to the base URL and never
 * appears in logs, errors or offline files.
 *
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for bad options, a project name W&B would reject, or no key online (before any request).
 * @example
 * import { createMloop } from '@mloop/core';
 * import { createWandbBackend } from '@mloop/tracker-wandb';
 * const mloop = createMloop({ backend: createWandbBackend({ project: 'churn' }) }); // WANDB_API_KEY
 */
export function createWandbBackend(options: WandbBackendOptions): WandbBackend {
  const { options: resolved, apiKey } = resolveWandbOptions(options);
  const now = resolved.now ?? Date.now;
  const warn = resolved.warn ?? ((message: string) => console.warn(message));
  const dir = resolve(resolved.dir);
  const artifacts: ArtifactStoreV1 =
    resolved.mode === 'offline' ? new BlobDirectoryStore(join(dir, 'blobs')) : new MemoryArtifactStore();
  const artifactBytes = async (sha256: string): Promise<Uint8Array | undefined> =>
    (await artifacts.stat(sha256)) ? artifacts.get(sha256) : undefined;
  let sink: WandbSink;
  let http: WandbHttp | undefined;
  let online: OnlineSink | undefined;
  if (resolved.mode === 'online') {
    const built = buildOnlineSink(resolved, apiKey, artifactBytes);
    http = built.http;
    online = built.sink;
    sink = online;
  } else {
    sink = new JournalSink(dir, Math.min(resolved.transmitIntervalMs, 1_000));
  }
  const tracker = new WandbTracker({
    sink,
    project: resolved.project,
    entity: resolved.entity ?? null,
    maxBatchSize: resolved.maxBatchSize,
    maxLineBytes: Math.min(MAX_WANDB_LINE_BYTES, resolved.maxRequestBytes - 1024),
    finishTimeoutMs: resolved.finishTimeoutMs,
    now,
    random: resolved.random,
    warn,
    artifactBytes,
    failureOf: (run) => online?.failureOf(run),
    ...(http ? { reader: new WandbRunReader(http, resolved.project, resolved.entity ?? null) } : {}),
  });
  const registry = new WandbRegistry({
    sink,
    entity: resolved.entity ?? null,
    project: resolved.project,
    now,
    artifactBytes,
    wandbRunId: (runId) => tracker.wandbRunId(runId),
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      unregisterExitFlush(close);
      tracker.endOpenRuns();
      try {
        await sink.close(resolved.closeTimeoutMs);
      } finally {
        await registry.closeMirror();
        await artifacts.close?.();
      }
    })();
    return closing;
  };
  Object.assign(tracker, { close });
  Object.assign(registry, { close });
  if (resolved.flushOnExit) registerExitFlush(close);
  const { fetch: _fetch, now: _now, random: _random, warn: _warn, ...publicOptions } = resolved;
  const appUrl = resolved.baseUrl.replace('://api.', '://');
  return {
    specificationVersion: 'v1',
    name: 'wandb',
    capabilities: { registry: true, artifacts: true, persistent: false, multiProcess: true },
    tracker,
    registry,
    artifacts,
    mode: resolved.mode,
    options: publicOptions,
    runUrl(runId: string): string | undefined {
      const wandbId = tracker.wandbRunId(runId);
      const where = wandbId === undefined ? undefined : online?.sender(wandbId)?.where;
      return where ? `${appUrl}/${where.entity}/${where.project}/runs/${where.run}` : undefined;
    },
    get requestCount(): number {
      return http?.requests ?? 0;
    },
    close,
  };
}
