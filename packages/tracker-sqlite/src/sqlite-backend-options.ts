import { z } from 'zod';

/** Options of `createSqliteBackend`, validated with zod. */
export const sqliteBackendOptionsSchema = z
  .object({
    /**
     * The store directory: holds `mloop.db` and `artifacts/`. Default: `$MLOOP_HOME`, else
     * `.mloop` in the working directory. Created when missing.
     */
    dir: z.string().min(1).optional(),
    /** The database file; default `<dir>/mloop.db`. */
    path: z.string().min(1).optional(),
    /** The artifact directory; default `<dir>/artifacts`. */
    artifactsDir: z.string().min(1).optional(),
    /** How long a writer waits for another process's lock before failing, in ms; default 10,000. */
    busyTimeoutMs: z.number().int().min(0).max(600_000).default(10_000),
    /**
     * SQLite's `synchronous` setting. `full` (default) fsyncs the WAL on every commit, so an
     * acknowledged write survives even a power loss; `normal` survives process crashes only.
     */
    synchronous: z.union([z.literal('full'), z.literal('normal')]).default('full'),
    /** How often other processes' registry changes are polled for `watch`, in ms; default 200. */
    watchIntervalMs: z.number().int().min(10).max(60_000).default(200),
    /** Largest tracker batch accepted by `logBatch`; default 10,000. */
    maxBatchSize: z.number().int().min(1).max(1_000_000).default(10_000),
    /** Clock in Unix ms (tests inject a fake one). */
    now: z.custom<() => number>((value) => typeof value === 'function').optional(),
  })
  .strict();

/** Options of `createSqliteBackend` as the user writes them. */
export type SqliteBackendOptions = z.input<typeof sqliteBackendOptionsSchema>;
/** Options after validation, with defaults filled in. */
export type ResolvedSqliteBackendOptions = z.output<typeof sqliteBackendOptionsSchema>;
