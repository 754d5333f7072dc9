import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { createMloop, type Mloop } from '@mloop/core';
import { modelKinds } from '@mloop/models';
import { createSqliteBackend } from '@mloop/tracker-sqlite';
import { CliUsageError } from './cli-errors';

/** Where the CLI keeps runs, models and artifacts. */
export interface StoreLocation {
  /** The backend; only the embedded SQLite store for now. */
  readonly kind: 'sqlite';
  /** The store directory (holds `mloop.db` and `artifacts/`), absolute. */
  readonly dir: string;
}

/** The default store directory, relative to the working directory. */
export const DEFAULT_STORE = '.mloop';

/**
 * Reads a store spec: `sqlite:<dir>`, or a bare directory (the same thing). `undefined` or empty
 * gives {@link DEFAULT_STORE}.
 * @throws {CliUsageError} for another scheme (`postgres:`, `wandb:` …) or an empty path.
 */
export function parseStoreSpec(spec: string | undefined, cwd: string): StoreLocation {
  const value = (spec ?? '').trim() || DEFAULT_STORE;
  const scheme = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(value);
  let path = value;
  // A one-letter scheme is a Windows drive (C:\data), not a store kind.
  if (scheme && !/^[a-z]$/i.test(scheme[1])) {
    if (scheme[1].toLowerCase() !== 'sqlite') {
      throw new CliUsageError(`Unknown store "${scheme[1]}:"; use sqlite:<directory> (e.g. sqlite:.mloop).`);
    }
    path = scheme[2];
  }
  if (!path) throw new CliUsageError('The store needs a directory: sqlite:<directory>.');
  return { kind: 'sqlite', dir: isAbsolute(path) ? path : resolve(cwd, path) };
}

/** Opens the store as an mloop facade that can load every model class of `@mloop/models`. */
export function openStore(location: StoreLocation): Mloop {
  return createMloop({ backend: createSqliteBackend({ dir: location.dir }), models: modelKinds() });
}

/**
 * A change probe for the SQLite store: the modification times and sizes of `mloop.db` and its
 * WAL. Every committed write touches one of them (also from other processes), and a `stat` costs
 * microseconds, where asking the tracker costs a search. A checkpoint may change them without a
 * logical change; that only causes a harmless refresh.
 */
export function sqliteChangeProbe(location: StoreLocation): () => string {
  const files = ['mloop.db', 'mloop.db-wal'].map((name) => join(location.dir, name));
  return () =>
    files
      .map((file) => {
        const info = statSync(file, { throwIfNoEntry: false });
        return info ? `${info.mtimeMs}:${info.size}` : '-';
      })
      .join('|');
}
