import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsError,
  ConflictError,
  type DatasetV1Ref,
  InvalidArgumentError,
  isLaterMetric,
  NotFoundError,
  type PageV1,
  type TrackerV1,
  type TrackerV1ArtifactRef,
  type TrackerV1Batch,
  type TrackerV1Capabilities,
  type TrackerV1CreateExperimentInput,
  type TrackerV1CreateRunInput,
  type TrackerV1Experiment,
  type TrackerV1Metric,
  type TrackerV1MetricColumns,
  type TrackerV1Run,
  type TrackerV1RunPatch,
  type TrackerV1RunQuery,
  type TrackerV1RunStatus,
  validateRunQuery,
} from '@mloop/core';
import { decodeMetricColumns, decodeMetricHistory, encodeMetricBlock } from './metric-block';
import { isWellFormed, orderColumns, textOrder } from './order-columns';
import { RunSearch } from './run-search';
import { decodeNumber, encodeNumber, isUniqueViolation, runAction, type SqliteConnection } from './sqlite-database';

const TERMINAL: ReadonlySet<TrackerV1RunStatus> = new Set(['finished', 'failed', 'killed']);

interface ExperimentRow {
  id: string;
  name: string;
  tags: string;
  created_at: number;
}

interface RunRow {
  id: string;
  experiment_id: string;
  name: string;
  status: TrackerV1RunStatus;
  start_time: number;
  end_time: number | null;
}

/**
 * Rejects strings SQLite would silently mangle (lone UTF-16 surrogates are not valid UTF-8).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the field.
 */
export function checkText(value: string, field: string): void {
  if (!isWellFormed(value)) {
    throw new InvalidArgumentError({
      message: `${field} contains a lone surrogate and is not valid UTF-8 text.`,
      field,
    });
  }
}

function batchSize(batch: TrackerV1Batch): number {
  return (
    (batch.metrics?.length ?? 0) +
    (batch.params?.length ?? 0) +
    (batch.tags?.length ?? 0) +
    (batch.inputs?.length ?? 0) +
    (batch.artifacts?.length ?? 0)
  );
}

/** What the tracker shares with the rest of the backend. @internal */
export interface SqliteTrackerContext {
  readonly db: SqliteConnection;
  readonly path: string;
  readonly now: () => number;
  readonly maxBatchSize: number;
  readonly isClosed: () => boolean;
}

/** A row of `latest_metrics`. */
interface LatestMetricRow {
  key: string;
  value: number | null;
  kind: number;
  step: number;
  timestamp: number;
}

/** A `key, value` row of `params` or `tags`. */
interface KeyValueRow {
  key: string;
  value: string;
}

function latestMetric(row: LatestMetricRow): TrackerV1Metric {
  return { key: row.key, value: decodeNumber(row.value, row.kind), step: row.step, timestamp: row.timestamp };
}

/** A run with params, tags and latest metrics only (no inputs, no artifacts): what filters and ordering read. */
function lightRun(
  row: RunRow,
  params: Record<string, string>,
  metrics: Record<string, TrackerV1Metric>,
  tags: Record<string, string>,
): TrackerV1Run {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    name: row.name,
    status: row.status,
    startTime: row.start_time,
    ...(row.end_time === null ? {} : { endTime: row.end_time }),
    params,
    metrics,
    tags,
    inputs: [],
    artifacts: [],
  };
}

/**
 * `TrackerV1` on SQLite: one immediate transaction per `logBatch`, so a batch is all-or-nothing
 * and acknowledged batches survive a crash; the latest value of each metric is maintained in
 * `latest_metrics` inside the same transaction.
 */
export class SqliteTracker implements TrackerV1 {
  readonly specificationVersion = 'v1' as const;
  readonly backend = 'sqlite';
  readonly capabilities: TrackerV1Capabilities;
  readonly #context: SqliteTrackerContext;
  readonly #statements;
  readonly #search: RunSearch;

  /** @internal Use `createSqliteBackend()`. */
  constructor(context: SqliteTrackerContext) {
    this.#context = context;
    this.capabilities = {
      search: true,
      deleteRuns: true,
      maxBatchSize: context.maxBatchSize,
      nonFiniteMetrics: true,
      persistent: true,
    };
    const db = context.db;
    this.#statements = {
      insertExperiment: db.prepare('INSERT INTO experiments (id, name, tags, created_at) VALUES (?, ?, ?, ?)'),
      experimentById: db.prepare('SELECT id, name, tags, created_at FROM experiments WHERE id = ?'),
      experimentByName: db.prepare('SELECT id, name, tags, created_at FROM experiments WHERE name = ?'),
      experiments: db.prepare('SELECT id, name, tags, created_at FROM experiments ORDER BY created_at, id'),
      insertRun: db.prepare(
        'INSERT INTO runs (id, experiment_id, name, name_order, status, start_time) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      run: db.prepare('SELECT id, experiment_id, name, status, start_time, end_time FROM runs WHERE id = ?'),
      updateRun: db.prepare('UPDATE runs SET name = ?, name_order = ?, status = ?, end_time = ? WHERE id = ?'),
      deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
      params: db.prepare('SELECT key, value FROM params WHERE run_id = ?'),
      param: db.prepare('SELECT value FROM params WHERE run_id = ? AND key = ?'),
      insertParam: db.prepare(
        'INSERT OR IGNORE INTO params (run_id, key, value, number, text_order, start_time) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      tags: db.prepare('SELECT key, value FROM tags WHERE run_id = ?'),
      upsertTag: db.prepare(
        'INSERT INTO tags (run_id, key, value, number, text_order) VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, number = excluded.number, text_order = excluded.text_order',
      ),
      insertBlock: db.prepare('INSERT INTO metric_blocks (run_id, key, count, data) VALUES (?, ?, ?, ?)'),
      latest: db.prepare('SELECT key, value, kind, step, timestamp FROM latest_metrics WHERE run_id = ?'),
      latestOne: db.prepare('SELECT value, kind, step, timestamp FROM latest_metrics WHERE run_id = ? AND key = ?'),
      upsertLatest: db.prepare(
        'INSERT INTO latest_metrics (run_id, key, value, kind, step, timestamp, start_time) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, kind = excluded.kind, step = excluded.step, timestamp = excluded.timestamp',
      ),
      history: db.prepare('SELECT count, data FROM metric_blocks WHERE run_id = ? AND key = ? ORDER BY seq').raw(true),
      inputs: db.prepare('SELECT document FROM run_inputs WHERE run_id = ? ORDER BY seq'),
      insertInput: db.prepare(
        'INSERT OR IGNORE INTO run_inputs (run_id, digest, context, document, seq) VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM run_inputs WHERE run_id = ?))',
      ),
      artifacts: db.prepare('SELECT document FROM run_artifacts WHERE run_id = ? ORDER BY name'),
      upsertArtifact: db.prepare(
        'INSERT INTO run_artifacts (run_id, name, document) VALUES (?, ?, ?) ON CONFLICT (run_id, name) DO UPDATE SET document = excluded.document',
      ),
    };
    this.#search = new RunSearch(db);
  }

  #do<T>(action: string, body: () => T): Promise<T> {
    return runAction(this.#context, action, body);
  }

  #runRow(id: string): RunRow {
    const row = this.#statements.run.get(id) as RunRow | undefined;
    if (!row) throw new NotFoundError({ message: `Run ${id} does not exist.`, entity: 'run', id });
    return row;
  }

  createExperiment(input: TrackerV1CreateExperimentInput): Promise<TrackerV1Experiment> {
    return this.#do('createExperiment', () => {
      checkText(input.name, 'name');
      const experiment: TrackerV1Experiment = {
        id: randomUUID(),
        name: input.name,
        tags: { ...input.tags },
        createdAt: this.#context.now(),
      };
      try {
        this.#statements.insertExperiment.run(
          experiment.id,
          experiment.name,
          JSON.stringify(experiment.tags),
          experiment.createdAt,
        );
      } catch (error) {
        if (isUniqueViolation(error))
          throw new AlreadyExistsError({
            message: `Experiment "${input.name}" already exists.`,
            entity: 'experiment',
            id: input.name,
            cause: error,
          });
        throw error;
      }
      return experiment;
    });
  }

  static #experiment(row: ExperimentRow): TrackerV1Experiment {
    return { id: row.id, name: row.name, tags: JSON.parse(row.tags), createdAt: row.created_at };
  }

  getExperiment(id: string): Promise<TrackerV1Experiment> {
    return this.#do('getExperiment', () => {
      const row = this.#statements.experimentById.get(id) as ExperimentRow | undefined;
      if (!row) throw new NotFoundError({ message: `Experiment ${id} does not exist.`, entity: 'experiment', id });
      return SqliteTracker.#experiment(row);
    });
  }

  findExperimentByName(name: string): Promise<TrackerV1Experiment | undefined> {
    return this.#do('findExperimentByName', () => {
      const row = this.#statements.experimentByName.get(name) as ExperimentRow | undefined;
      return row ? SqliteTracker.#experiment(row) : undefined;
    });
  }

  listExperiments(): Promise<TrackerV1Experiment[]> {
    return this.#do('listExperiments', () =>
      (this.#statements.experiments.all() as ExperimentRow[]).map(SqliteTracker.#experiment),
    );
  }

  createRun(input: TrackerV1CreateRunInput): Promise<TrackerV1Run> {
    return this.#do('createRun', () => {
      if (!this.#statements.experimentById.get(input.experimentId)) {
        throw new NotFoundError({
          message: `Experiment ${input.experimentId} does not exist.`,
          entity: 'experiment',
          id: input.experimentId,
        });
      }
      const id = randomUUID().replaceAll('-', '');
      const name = input.name ?? `run-${id.slice(0, 8)}`;
      checkText(name, 'name');
      const tags = Object.entries(input.tags ?? {});
      for (const [key, value] of tags) {
        checkText(key, 'tags');
        checkText(value, `tags.${key}`);
      }
      this.#context.db
        .transaction(() => {
          this.#statements.insertRun.run(
            id,
            input.experimentId,
            name,
            textOrder(name),
            'running',
            input.startTime ?? this.#context.now(),
          );
          for (const [key, value] of tags) this.#statements.upsertTag.run(id, key, value, ...orderColumns(value));
        })
        .immediate();
      return this.#snapshot(id);
    });
  }

  getRun(id: string): Promise<TrackerV1Run> {
    return this.#do('getRun', () => this.#snapshot(id));
  }

  updateRun(id: string, patch: TrackerV1RunPatch): Promise<TrackerV1Run> {
    return this.#do('updateRun', () => {
      this.#context.db
        .transaction(() => {
          const row = this.#runRow(id);
          let { status, end_time: endTime, name } = row;
          if (patch.status !== undefined && patch.status !== row.status) {
            if (TERMINAL.has(row.status)) {
              throw new ConflictError({
                message: `Run ${id} already ended as ${row.status}; it cannot become ${patch.status}.`,
                entity: 'run',
                id,
              });
            }
            status = patch.status;
            if (TERMINAL.has(patch.status)) endTime = patch.endTime ?? this.#context.now();
          } else if (patch.endTime !== undefined) {
            endTime = patch.endTime;
          }
          if (patch.name !== undefined) {
            checkText(patch.name, 'name');
            name = patch.name;
          }
          this.#statements.updateRun.run(name, textOrder(name), status, endTime, id);
        })
        .immediate();
      return this.#snapshot(id);
    });
  }

  logBatch(runId: string, batch: TrackerV1Batch): Promise<void> {
    return this.#do('logBatch', () => {
      const size = batchSize(batch);
      if (size > this.capabilities.maxBatchSize) {
        throw new InvalidArgumentError({
          message: `Batch has ${size} items; the SQLite tracker accepts at most ${this.capabilities.maxBatchSize}.`,
          field: 'batch',
        });
      }
      for (const { key, value } of [...(batch.params ?? []), ...(batch.tags ?? [])]) {
        checkText(key, 'key');
        checkText(value, `value of ${key}`);
      }
      const statements = this.#statements;
      this.#context.db
        .transaction(() => {
          const run = this.#runRow(runId);
          if (run.status !== 'running') {
            throw new ConflictError({
              message: `Run ${runId} is ${run.status}; only running runs accept writes.`,
              entity: 'run',
              id: runId,
            });
          }
          const pending = new Map<string, string>();
          for (const { key, value } of batch.params ?? []) {
            const stored =
              (statements.param.get(runId, key) as { value: string } | undefined)?.value ?? pending.get(key);
            if (stored !== undefined && stored !== value) {
              throw new ConflictError({
                message: `Param "${key}" of run ${runId} is already "${stored}"; it cannot change to "${value}". Params are immutable; log a new run instead.`,
                entity: 'param',
                id: key,
              });
            }
            pending.set(key, value);
          }
          for (const [key, value] of pending)
            statements.insertParam.run(runId, key, value, ...orderColumns(value), run.start_time);
          for (const { key, value } of batch.tags ?? [])
            statements.upsertTag.run(runId, key, value, ...orderColumns(value));
          if (batch.metrics?.length) this.#insertMetrics(run, batch.metrics);
          for (const input of batch.inputs ?? []) {
            statements.insertInput.run(runId, input.digest, input.context ?? '', JSON.stringify(input), runId);
          }
          for (const artifact of batch.artifacts ?? [])
            statements.upsertArtifact.run(runId, artifact.name, JSON.stringify(artifact));
        })
        .immediate();
    });
  }

  #insertMetrics(run: RunRow, metrics: readonly TrackerV1Metric[]): void {
    const statements = this.#statements;
    const runId = run.id;
    const latest = new Map<string, TrackerV1Metric>();
    const byKey = new Map<string, TrackerV1Metric[]>();
    for (const metric of metrics) {
      const points = byKey.get(metric.key);
      if (points) points.push(metric);
      else byKey.set(metric.key, [metric]);
      const current = latest.get(metric.key);
      if (!current || isLaterMetric(metric, current)) latest.set(metric.key, metric);
    }
    for (const [key, points] of byKey) statements.insertBlock.run(runId, key, points.length, encodeMetricBlock(points));
    for (const [key, candidate] of latest) {
      const row = statements.latestOne.get(runId, key) as
        | { value: number | null; kind: number; step: number; timestamp: number }
        | undefined;
      if (
        row &&
        !isLaterMetric(candidate, {
          key,
          value: decodeNumber(row.value, row.kind),
          step: row.step,
          timestamp: row.timestamp,
        })
      )
        continue;
      const [value, kind] = encodeNumber(candidate.value);
      statements.upsertLatest.run(runId, key, value, kind, candidate.step, candidate.timestamp, run.start_time);
    }
  }

  getMetricHistory(runId: string, key: string): Promise<TrackerV1Metric[]> {
    return this.#do('getMetricHistory', () => {
      this.#runRow(runId);
      return decodeMetricHistory(key, this.#statements.history.all(runId, key) as [number, Uint8Array][]);
    });
  }

  getMetricColumns(runId: string, key: string): Promise<TrackerV1MetricColumns> {
    return this.#do('getMetricColumns', () => {
      this.#runRow(runId);
      return decodeMetricColumns(key, this.#statements.history.all(runId, key) as [number, Uint8Array][]);
    });
  }

  searchRuns(query: TrackerV1RunQuery = {}): Promise<PageV1<TrackerV1Run>> {
    return this.#do('searchRuns', () => {
      validateRunQuery(query);
      // One read transaction: the page and the snapshots of its runs come from one state of the
      // database even while another process writes.
      return this.#context.db.transaction(() => {
        const { ids, nextPageToken } = this.#search.page(query);
        return { items: ids.map((id) => this.#snapshot(id)), nextPageToken };
      })();
    });
  }

  deleteRun(id: string): Promise<void> {
    return this.#do('deleteRun', () => {
      this.#context.db
        .transaction(() => {
          this.#runRow(id);
          this.#statements.deleteRun.run(id);
        })
        .immediate();
    });
  }

  /** A run with params, tags and latest metrics only: what filters and ordering read. */
  #light(row: RunRow): TrackerV1Run {
    const statements = this.#statements;
    const metrics: Record<string, TrackerV1Metric> = {};
    for (const metric of statements.latest.all(row.id) as LatestMetricRow[]) metrics[metric.key] = latestMetric(metric);
    const entries = (rows: unknown[]) =>
      Object.fromEntries((rows as KeyValueRow[]).map((entry) => [entry.key, entry.value]));
    return lightRun(row, entries(statements.params.all(row.id)), metrics, entries(statements.tags.all(row.id)));
  }

  #snapshot(id: string): TrackerV1Run {
    const light = this.#light(this.#runRow(id));
    return {
      ...light,
      inputs: (this.#statements.inputs.all(id) as { document: string }[]).map(
        (row) => JSON.parse(row.document) as DatasetV1Ref,
      ),
      artifacts: (this.#statements.artifacts.all(id) as { document: string }[]).map(
        (row) => JSON.parse(row.document) as TrackerV1ArtifactRef,
      ),
    };
  }
}
