import { z } from 'zod';

/** Options of `createServer`, validated with zod. */
export const serverOptionsSchema = z
  .object({
    /** Interface to bind; default `127.0.0.1` (never all interfaces unless asked). */
    host: z.string().min(1).default('127.0.0.1'),
    /** Port; default 8000; 0 picks a free one. */
    port: z.number().int().min(0).max(65_535).default(8000),
    /** When set, every route but `/health` needs `Authorization: Bearer <token>`. Never logged. */
    token: z.string().min(16, 'use a token of at least 16 characters').optional(),
    /** Largest request body in bytes; default 1 MiB (bigger → 413). */
    bodyLimitBytes: z
      .number()
      .int()
      .min(1)
      .max(1024 * 1024 * 1024)
      .default(1024 * 1024),
    /** Longest time a request may take, ms; default 10,000 (then 503). */
    timeoutMs: z.number().int().min(1).max(600_000).default(10_000),
    /** Most rows in one `/predict/batch`; default 1,000. */
    maxBatchSize: z.number().int().min(1).max(1_000_000).default(1000),
    /** How long `close()` waits for in-flight requests before cutting connections, ms; default 10,000. */
    drainTimeoutMs: z.number().int().min(0).max(600_000).default(10_000),
  })
  .strict();

/** Options of `createServer` as the user writes them. */
export type ServerOptions = z.input<typeof serverOptionsSchema>;
