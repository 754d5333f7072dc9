/**
 * The database schema, as forward migrations. `PRAGMA user_version` records how many have run;
 * a database whose version is newer than `SCHEMA_VERSION` is refused, never downgraded.
 */
export const MIGRATIONS: readonly string[] = [
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
];

/** The schema version this code writes: the number of migrations. */
export const SCHEMA_VERSION = MIGRATIONS.length;
