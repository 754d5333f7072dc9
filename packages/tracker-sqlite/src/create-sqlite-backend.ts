import { join, resolve } from 'node:path';
import { type BackendV1, parseOrThrow } from '@mloop/core';
import { FileArtifactStore } from './file-artifact-store';
import { type SqliteBackendOptions, sqliteBackendOptionsSchema } from './sqlite-backend-options';
import { openDatabase, type SqliteConnection } from './sqlite-database';
import { SqliteRegistry } from './sqlite-registry';
import { SqliteTracker } from './sqlite-tracker';

/** The SQLite backend's parts, with their concrete types. */
export interface SqliteBackend extends BackendV1 {
  /** The SQLite tracker. */
  readonly tracker: SqliteTracker;
  /** The SQLite registry. */
  readonly registry: SqliteRegistry;
  /** The content-addressed artifact directory. */
  readonly artifacts: FileArtifactStore;
  /** Absolute path of the database file. */
  readonly path: string;
  /** The underlying connection, for diagnostics (`PRAGMA integrity_check`). */
  readonly db: SqliteConnection;
}

/** The store directory used when none is given: `$MLOOP_HOME`, else `.mloop` in the working directory. */
export function defaultStoreDir(): string {
  return resolve(process.env.MLOOP_HOME ?? '.mloop');
}

/**
 * Opens (or creates) the embedded backend: tracker, registry and artifacts in one SQLite file
 * (WAL mode, foreign keys, busy timeout, forward migrations) plus a content-addressed artifact
 * directory beside it. Safe to share between processes on one machine.
 *
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for bad options.
 * @throws {BackendError} BACKEND when the file is not a database.
 * @throws {UnsupportedSpecVersionError} UNSUPPORTED_SPEC_VERSION when the schema is newer than this code.
 * @example
 * import { createMloop } from '@mloop/core';
 * import { createSqliteBackend } from '@mloop/tracker-sqlite';
 * const mloop = createMloop({ backend: createSqliteBackend() }); // .mloop/mloop.db
 */
export function createSqliteBackend(options: SqliteBackendOptions = {}): SqliteBackend {
  const parsed = parseOrThrow(sqliteBackendOptionsSchema, options, 'SQLite backend options');
  const dir = resolve(parsed.dir ?? defaultStoreDir());
  const path = resolve(parsed.path ?? join(dir, 'mloop.db'));
  const artifactsDir = resolve(parsed.artifactsDir ?? join(dir, 'artifacts'));
  const now = parsed.now ?? Date.now;
  const db = openDatabase(path, { busyTimeoutMs: parsed.busyTimeoutMs, synchronous: parsed.synchronous });
  let closed = false;
  const isClosed = () => closed;
  const tracker = new SqliteTracker({ db, path, now, maxBatchSize: parsed.maxBatchSize, isClosed });
  const registry = new SqliteRegistry({ db, path, now, watchIntervalMs: parsed.watchIntervalMs, isClosed });
  const artifacts = new FileArtifactStore(artifactsDir, { durable: parsed.synchronous === 'full' });
  const close = async () => {
    if (closed) return;
    closed = true;
    registry.stopWatching();
    await artifacts.close();
    db.close();
  };
  // Each part's close closes the whole backend: they share one connection.
  Object.assign(tracker, { close });
  Object.assign(registry, { close });
  return {
    specificationVersion: 'v1',
    name: 'sqlite',
    capabilities: { registry: true, artifacts: true, persistent: true, multiProcess: true },
    tracker,
    registry,
    artifacts,
    path,
    db,
    close,
  };
}
