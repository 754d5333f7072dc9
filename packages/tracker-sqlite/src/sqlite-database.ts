import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BackendError, MloopError, UnsupportedSpecVersionError } from '@mloop/core';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './schema';

/** A better-sqlite3 connection. */
export type SqliteConnection = Database.Database;

function sqliteCode(error: unknown): string {
  return typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
}

/** True when `error` is a SQLite UNIQUE / PRIMARY KEY violation. */
export function isUniqueViolation(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Translates a native failure into a `BackendError` at the edge (conventions B5). mloop errors
 * pass through unchanged.
 */
export function translateError(error: unknown, path: string, action: string): MloopError {
  if (MloopError.isInstance(error)) return error;
  const code = sqliteCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new BackendError({
      message: `${action}: the database ${path} stayed locked by another process (${detail}).`,
      backend: 'sqlite',
      retryable: true,
      cause: error,
    });
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new BackendError({
      message: `${action}: ${path} is not a readable mloop database (${detail}). Restore it from a backup or move it away to start fresh.`,
      backend: 'sqlite',
      retryable: false,
      cause: error,
    });
  }
  return new BackendError({
    message: `${action} failed on ${path}: ${detail}`,
    backend: 'sqlite',
    retryable: false,
    cause: error,
  });
}

/**
 * Runs one synchronous action of the tracker or registry as a promise: `BackendError` once the
 * backend is closed, and native failures translated at the edge (conventions B5).
 */
export function runAction<T>(
  context: { readonly path: string; readonly isClosed: () => boolean },
  action: string,
  body: () => T,
): Promise<T> {
  if (context.isClosed()) {
    return Promise.reject(
      new BackendError({
        message: `The SQLite backend at ${context.path} is closed.`,
        backend: 'sqlite',
        retryable: false,
      }),
    );
  }
  try {
    return Promise.resolve(body());
  } catch (error) {
    return Promise.reject(translateError(error, context.path, action));
  }
}

/**
 * Opens (creating when missing) the database at `path` in WAL mode with foreign keys and a busy
 * timeout, and runs the forward migrations in one transaction.
 * @throws {BackendError} BACKEND when the file is not a database or cannot be opened.
 * @throws {UnsupportedSpecVersionError} UNSUPPORTED_SPEC_VERSION when the schema is newer than this code.
 */
export function openDatabase(
  path: string,
  options: { busyTimeoutMs: number; synchronous: 'full' | 'normal' },
): SqliteConnection {
  let db: SqliteConnection | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: options.busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous.toUpperCase()}`);
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return db;
  } catch (error) {
    db?.close();
    throw translateError(error, path, 'Opening the mloop database');
  }
}

function migrate(db: SqliteConnection, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new UnsupportedSpecVersionError({
      message: `${path} has schema version ${current}, newer than this @mloop/tracker-sqlite understands (${SCHEMA_VERSION}). Upgrade @mloop/tracker-sqlite; the database is left untouched.`,
      version: String(current),
      accepted: Array.from({ length: SCHEMA_VERSION + 1 }, (_, index) => String(index)),
    });
  }
  if (current === SCHEMA_VERSION) return;
  // Immediate, so two processes opening a fresh file do not both migrate it.
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    for (let index = version; index < SCHEMA_VERSION; index++) {
      const migration = MIGRATIONS[index];
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** Encodes a double for the (value, kind) column pair; kind keeps NaN and ±Infinity exact. */
export function encodeNumber(value: number): [number | null, number] {
  if (Number.isNaN(value)) return [null, 1];
  if (value === Number.POSITIVE_INFINITY) return [null, 2];
  if (value === Number.NEGATIVE_INFINITY) return [null, 3];
  return [value, 0];
}

/** Decodes a (value, kind) column pair. */
export function decodeNumber(value: number | null, kind: number): number {
  if (kind === 1) return Number.NaN;
  if (kind === 2) return Number.POSITIVE_INFINITY;
  if (kind === 3) return Number.NEGATIVE_INFINITY;
  return value as number;
}

/** JSON that keeps NaN and ±Infinity (as `"NaN"`, `"Infinity"`, `"-Infinity"` inside number records). */
export function encodeNumberRecord(record: Readonly<Record<string, number>>): string {
  const out: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(record)) out[key] = Number.isFinite(value) ? value : String(value);
  return JSON.stringify(out);
}

/** Reverse of {@link encodeNumberRecord}. */
export function decodeNumberRecord(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(JSON.parse(text) as Record<string, number | string>))
    out[key] = Number(value);
  return out;
}
