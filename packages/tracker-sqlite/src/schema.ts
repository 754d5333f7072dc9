import { orderColumns } from './order-columns';
import type { SqliteConnection } from './sqlite-database';

/** One forward migration: SQL, or a step that also computes columns in JavaScript. */
export type Migration = string | ((db: SqliteConnection) => void);

/** Adds the columns searches compare and order by; the next migration fills and indexes them. */
function addSearchColumns(db: SqliteConnection): void {
  db.exec(`
  ALTER TABLE runs ADD COLUMN name_order BLOB;
  ALTER TABLE params ADD COLUMN number REAL;
  ALTER TABLE params ADD COLUMN text_order BLOB;
  ALTER TABLE params ADD COLUMN start_time INTEGER;
  ALTER TABLE tags ADD COLUMN number REAL;
  ALTER TABLE tags ADD COLUMN text_order BLOB;
  ALTER TABLE latest_metrics ADD COLUMN start_time INTEGER;
  -- The latest value as one comparable number: ±Infinity as themselves, NaN as NULL (kind 1).
  ALTER TABLE latest_metrics ADD COLUMN number REAL
    GENERATED ALWAYS AS (CASE kind WHEN 0 THEN value WHEN 2 THEN 9e999 WHEN 3 THEN -9e999 END) VIRTUAL;
  `);
}

const sameBytes = (a: unknown, b: Uint8Array): boolean => a instanceof Uint8Array && Buffer.compare(a, b) === 0;

/**
 * Fills the search columns wherever they are missing or stale, computing the numeric reading
 * and UTF-16 order bytes in JavaScript exactly as the tracker does on write: every row after
 * migration 2, and the rows that a process still running schema-1 code (which never
 * re-reads `user_version`) wrote or renamed after another process had migrated the file.
 */
function fillSearchColumns(db: SqliteConnection): void {
  db.exec(`
  UPDATE params SET start_time = (SELECT start_time FROM runs WHERE runs.id = params.run_id) WHERE start_time IS NULL;
  UPDATE latest_metrics SET start_time = (SELECT start_time FROM runs WHERE runs.id = latest_metrics.run_id)
    WHERE start_time IS NULL;
  `);
  const name = db.prepare('UPDATE runs SET name_order = ? WHERE id = ?');
  for (const row of db.prepare('SELECT id, name, name_order FROM runs').all() as {
    id: string;
    name: string;
    name_order: unknown;
  }[]) {
    const order = orderColumns(row.name)[1];
    if (!sameBytes(row.name_order, order)) name.run(order, row.id);
  }
  for (const table of ['params', 'tags']) {
    const update = db.prepare(`UPDATE ${table} SET number = ?, text_order = ? WHERE run_id = ? AND key = ?`);
    for (const row of db.prepare(`SELECT run_id, key, value, text_order FROM ${table}`).all() as {
      run_id: string;
      key: string;
      value: string;
      text_order: unknown;
    }[]) {
      // The order bytes spell the whole value, so they are stale exactly when the number may be.
      const columns = orderColumns(row.value);
      if (!sameBytes(row.text_order, columns[1])) update.run(...columns, row.run_id, row.key);
    }
  }
}

const OLDER_WRITER =
  "RAISE(ABORT, 'This process runs an @mloop/tracker-sqlite older than the database schema (another process upgraded it): upgrade @mloop/tracker-sqlite and restart this process.')";

/**
 * Migration 3: fills and indexes the search columns, repairing what older writers left (see
 * {@link fillSearchColumns}), then makes their writes that would leave a run unsearchable fail
 * loudly. Writes that SQL can complete go on: a latest metric gets its run's start time from a
 * trigger, so an older training job can still log metrics and end its runs; creating runs,
 * renaming them, params and tags are refused.
 */
function guardSearchColumns(db: SqliteConnection): void {
  fillSearchColumns(db);
  // Indexed after filling, which is faster; a file migrated to schema 2 already has them.
  db.exec(`
  CREATE INDEX IF NOT EXISTS runs_by_start_time ON runs (start_time DESC, id);
  CREATE INDEX IF NOT EXISTS runs_by_end_time ON runs (end_time, start_time DESC, id);
  CREATE INDEX IF NOT EXISTS runs_by_name ON runs (name_order, start_time DESC, id);
  CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status, start_time DESC, id);
  CREATE INDEX IF NOT EXISTS latest_metrics_ascending ON latest_metrics (key, number, start_time DESC, run_id);
  CREATE INDEX IF NOT EXISTS latest_metrics_descending ON latest_metrics (key, number DESC, start_time DESC, run_id);
  CREATE INDEX IF NOT EXISTS params_by_number ON params (key, number, start_time DESC, run_id) WHERE number IS NOT NULL;
  CREATE INDEX IF NOT EXISTS params_by_text ON params (key, text_order, start_time DESC, run_id) WHERE number IS NULL;
  CREATE TRIGGER runs_insert_needs_name_order BEFORE INSERT ON runs WHEN NEW.name_order IS NULL
  BEGIN SELECT ${OLDER_WRITER}; END;
  CREATE TRIGGER runs_rename_needs_name_order BEFORE UPDATE OF name ON runs
    WHEN NEW.name IS NOT OLD.name AND NEW.name_order IS OLD.name_order
  BEGIN SELECT ${OLDER_WRITER}; END;
  CREATE TRIGGER params_insert_needs_order BEFORE INSERT ON params
    WHEN NEW.text_order IS NULL OR NEW.start_time IS NULL
  BEGIN SELECT ${OLDER_WRITER}; END;
  CREATE TRIGGER tags_insert_needs_order BEFORE INSERT ON tags WHEN NEW.text_order IS NULL
  BEGIN SELECT ${OLDER_WRITER}; END;
  CREATE TRIGGER tags_update_needs_order BEFORE UPDATE OF value ON tags
    WHEN NEW.value IS NOT OLD.value AND NEW.text_order IS OLD.text_order
  BEGIN SELECT ${OLDER_WRITER}; END;
  CREATE TRIGGER latest_metrics_start_time AFTER INSERT ON latest_metrics WHEN NEW.start_time IS NULL
  BEGIN
    UPDATE latest_metrics SET start_time = (SELECT start_time FROM runs WHERE runs.id = NEW.run_id)
      WHERE run_id = NEW.run_id AND key = NEW.key;
  END;
  `);
}

/**
 * The database schema, as forward migrations. `PRAGMA user_version` records how many have run;
 * a database whose version is newer than `SCHEMA_VERSION` is refused, never downgraded.
 */
export const MIGRATIONS: readonly Migration[] = [
  // 1: tracker, registry and change feed.
  `
  CREATE TABLE experiments (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    tags TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
  );
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    experiment_id TEXT NOT NULL REFERENCES experiments(id),
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'killed')),
    start_time INTEGER NOT NULL,
    end_time INTEGER
  );
  CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time);
  CREATE TABLE params (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
  ) WITHOUT ROWID;
  CREATE TABLE tags (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
  ) WITHOUT ROWID;
  -- Metric points are stored in blocks: one row per key per logged batch, holding the points as
  -- packed little-endian doubles (count values, then count steps, then count timestamps). Doubles
  -- keep NaN and ±Infinity exactly, and reading 100k points is a handful of rows, not 100k.
  CREATE TABLE metric_blocks (
    seq INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    count INTEGER NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX metric_blocks_by_key ON metric_blocks (run_id, key, seq);
  -- kind: 0 finite (value holds it), 1 NaN, 2 +Infinity, 3 -Infinity. SQLite turns NaN into NULL,
  -- so the kind column is what keeps non-finite values exact.
  CREATE TABLE latest_metrics (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value REAL,
    kind INTEGER NOT NULL,
    step INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    PRIMARY KEY (run_id, key)
  ) WITHOUT ROWID;
  CREATE TABLE run_inputs (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    digest TEXT NOT NULL,
    context TEXT NOT NULL,
    document TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (run_id, digest, context)
  ) WITHOUT ROWID;
  CREATE TABLE run_artifacts (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
  ) WITHOUT ROWID;
  CREATE TABLE models (
    name TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    tags TEXT NOT NULL,
    latest_version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE versions (
    model TEXT NOT NULL REFERENCES models(name) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    tags TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (model, version)
  );
  CREATE TABLE aliases (
    model TEXT NOT NULL REFERENCES models(name) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (model, alias),
    FOREIGN KEY (model, version) REFERENCES versions(model, version) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE TABLE alias_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    model TEXT NOT NULL REFERENCES models(name) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    version INTEGER,
    previous_version INTEGER,
    action TEXT NOT NULL,
    reason TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX alias_events_by_model ON alias_events (model, alias, id);
  -- The change feed that watchers in other processes poll (no foreign keys: it outlives models).
  CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    model TEXT NOT NULL,
    version INTEGER,
    event_id INTEGER
  );
  `,
  // 2: searchRuns filters, orders and pages in SQL. Params and latest metrics carry their run's
  // start time (it never changes), so one index walk yields runs in the order the spec defines:
  // value, then start time descending, then id. Params and tags carry their numeric reading and
  // UTF-16 order bytes, so comparisons agree exactly with core's rules.
  addSearchColumns,
  // 3: fills those columns, repairing what a writer still running schema-1 code wrote after
  // another process migrated the file, and refuses such writes from then on.
  guardSearchColumns,
  // 4: descending twins of the order indexes (latest metrics have had theirs since 2): an index
  // read backwards gives ties by start time ascending and id descending, the reverse of the
  // spec's tie order, which SQLite then sorts group by group. The ascending start-time order
  // needs ties by id ascending, which the descending index read backwards does not give either.
  `
  CREATE INDEX IF NOT EXISTS runs_by_start_time_ascending ON runs (start_time, id);
  CREATE INDEX IF NOT EXISTS runs_by_end_time_descending ON runs (end_time DESC, start_time DESC, id);
  CREATE INDEX IF NOT EXISTS runs_by_name_descending ON runs (name_order DESC, start_time DESC, id);
  CREATE INDEX IF NOT EXISTS runs_by_status_descending ON runs (status DESC, start_time DESC, id);
  CREATE INDEX IF NOT EXISTS params_by_number_descending ON params (key, number DESC, start_time DESC, run_id)
    WHERE number IS NOT NULL;
  CREATE INDEX IF NOT EXISTS params_by_text_descending ON params (key, text_order DESC, start_time DESC, run_id)
    WHERE number IS NULL;
  `,
];

/** The schema version this code writes: the number of migrations. */
export const SCHEMA_VERSION = MIGRATIONS.length;
