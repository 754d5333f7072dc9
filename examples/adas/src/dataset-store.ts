import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ArtifactStoreV1 } from '@mloop/core';
import { Dataset } from '@mloop/core';
import Database from 'better-sqlite3';
import { CATEGORICAL_COLUMNS, NUMERIC_COLUMNS, type TelemetryRow } from './simulator';

/** A dataset version the store keeps: a name, a timestamp and the content digest. */
export interface DatasetVersion {
  /** Dataset name. */
  readonly name: string;
  /** 1, 2, 3 … per name. */
  readonly version: number;
  /** The version's timestamp (ISO 8601, from the simulation clock). */
  readonly createdAt: string;
  /** `name@createdAt`: how reports and runs refer to it. */
  readonly id: string;
  /** The Dataset's content digest (SHA-256). */
  readonly digest: string;
  /** Rows. */
  readonly rows: number;
  /** The CSV artifact holding the rows (content-addressed in the artifact store). */
  readonly artifactDigest: string;
}

const COLUMNS = [
  'trip_id',
  'recorded_at',
  ...NUMERIC_COLUMNS,
  ...CATEGORICAL_COLUMNS,
  'risk',
] as const satisfies readonly (keyof TelemetryRow)[];

/** The Dataset schema of telemetry: categoricals may be missing, `risk` is the label. */
export const TELEMETRY_SCHEMA = Object.fromEntries([
  ['trip_id', { type: 'categorical' }],
  ...CATEGORICAL_COLUMNS.map((column) => [column, { type: 'categorical', nullable: true }]),
]) as Record<string, { type: 'categorical'; nullable?: boolean }>;

/**
 * The ingest side of the example: raw telemetry batches land in a SQLite table as they arrive
 * (duplicates and missing values included), and cleaned training sets are kept as timestamped
 * dataset versions whose rows live in the artifact store as CSV.
 */
export class TelemetryStore {
  readonly #db: Database.Database;
  readonly #artifacts: ArtifactStoreV1;

  /** Opens (or creates) the store at `path`. */
  constructor(path: string, artifacts: ArtifactStoreV1) {
    mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#artifacts = artifacts;
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS telemetry_raw (
        batch TEXT NOT NULL, ingested_at INTEGER NOT NULL,
        ${COLUMNS.map((column) => `${column} ${column === 'trip_id' || column === 'risk' || (CATEGORICAL_COLUMNS as readonly string[]).includes(column) ? 'TEXT' : 'REAL'}`).join(', ')}
      );
      CREATE INDEX IF NOT EXISTS telemetry_raw_batch ON telemetry_raw (batch);
      CREATE TABLE IF NOT EXISTS dataset_versions (
        name TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL, digest TEXT NOT NULL,
        rows INTEGER NOT NULL, artifact_digest TEXT NOT NULL, PRIMARY KEY (name, version)
      );
    `);
  }

  /** Appends a raw batch in one transaction; returns the rows written. */
  ingest(batch: string, rows: readonly TelemetryRow[], at: number): number {
    const insert = this.#db.prepare(
      `INSERT INTO telemetry_raw (batch, ingested_at, ${COLUMNS.join(', ')}) VALUES (?, ?, ${COLUMNS.map(() => '?').join(', ')})`,
    );
    this.#db.transaction(() => {
      for (const row of rows) insert.run(batch, at, ...COLUMNS.map((column) => row[column]));
    })();
    return rows.length;
  }

  /** A raw batch as a Dataset (SQL NULL → missing). */
  batch(batch: string): Dataset {
    const rows = this.#db
      .prepare(`SELECT ${COLUMNS.join(', ')} FROM telemetry_raw WHERE batch = ? ORDER BY rowid`)
      .all(batch) as Record<string, unknown>[];
    return Dataset.fromObjects(rows, { name: `telemetry-raw-${batch}`, schema: TELEMETRY_SCHEMA, label: 'risk' });
  }

  /** Raw rows of the batches whose id starts with `prefix`. */
  rawRowsOf(prefix: string): number {
    return (
      this.#db
        .prepare('SELECT count(*) AS n FROM telemetry_raw WHERE substr(batch, 1, ?) = ?')
        .get(prefix.length, prefix) as {
        n: number;
      }
    ).n;
  }

  /** Raw rows stored so far. */
  get rawRows(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM telemetry_raw').get() as { n: number }).n;
  }

  /** Saves `dataset` as the next timestamped version of `name`. */
  async saveVersion(name: string, dataset: Dataset, at: number): Promise<DatasetVersion> {
    const info = await this.#artifacts.put(dataset.toCsv());
    const createdAt = new Date(at).toISOString();
    const next = (
      this.#db.prepare('SELECT coalesce(max(version), 0) + 1 AS v FROM dataset_versions WHERE name = ?').get(name) as {
        v: number;
      }
    ).v;
    this.#db
      .prepare('INSERT INTO dataset_versions VALUES (?, ?, ?, ?, ?, ?)')
      .run(name, next, createdAt, dataset.digest, dataset.nRows, info.digest);
    return {
      name,
      version: next,
      createdAt,
      id: `${name}@${createdAt}`,
      digest: dataset.digest,
      rows: dataset.nRows,
      artifactDigest: info.digest,
    };
  }

  /** Every saved version, oldest first. */
  versions(name?: string): DatasetVersion[] {
    const rows = this.#db
      .prepare(
        `SELECT name, version, created_at, digest, rows, artifact_digest FROM dataset_versions ${name ? 'WHERE name = ?' : ''} ORDER BY created_at, version`,
      )
      .all(...(name ? [name] : [])) as {
      name: string;
      version: number;
      created_at: string;
      digest: string;
      rows: number;
      artifact_digest: string;
    }[];
    return rows.map((row) => ({
      name: row.name,
      version: row.version,
      createdAt: row.created_at,
      id: `${row.name}@${row.created_at}`,
      digest: row.digest,
      rows: row.rows,
      artifactDigest: row.artifact_digest,
    }));
  }

  /** Closes the database. */
  close(): void {
    this.#db.close();
  }
}
