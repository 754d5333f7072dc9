import { randomUUID } from 'node:crypto';
import { AlreadyExistsError } from '../errors/already-exists-error';
import { BackendError } from '../errors/backend-error';
import { ConflictError } from '../errors/conflict-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { NotFoundError } from '../errors/not-found-error';
import { metricColumnsInHistoryOrder, sortMetricHistory } from '../shared/metric-history';
import { pageRuns } from '../shared/run-query';
import type { DatasetV1Ref } from '../spec/dataset/v1/dataset-v1';
import type { PageV1 } from '../spec/shared/v1/page';
import type { TrackerV1 } from '../spec/tracker/v1/tracker-v1';
import type { TrackerV1Batch } from '../spec/tracker/v1/tracker-v1-batch';
import type { TrackerV1Capabilities } from '../spec/tracker/v1/tracker-v1-capabilities';
import type { TrackerV1CreateExperimentInput, TrackerV1Experiment } from '../spec/tracker/v1/tracker-v1-experiment';
import type { TrackerV1Metric, TrackerV1MetricColumns } from '../spec/tracker/v1/tracker-v1-metric';
import type { TrackerV1RunQuery } from '../spec/tracker/v1/tracker-v1-query';
import type {
  TrackerV1ArtifactRef,
  TrackerV1CreateRunInput,
  TrackerV1Run,
  TrackerV1RunPatch,
  TrackerV1RunStatus,
} from '../spec/tracker/v1/tracker-v1-run';

/** Options of {@link createMemoryTracker}. */
export interface MemoryTrackerOptions {
  /** Clock in Unix ms; inject a fake one for deterministic tests. Default `Date.now`. */
  readonly now?: () => number;
  /** Largest batch accepted by `logBatch`; default 10,000. */
  readonly maxBatchSize?: number;
}

/** One metric's points, column-wise: no object per point on the hot path. */
interface MetricSeries {
  readonly values: number[];
  readonly steps: number[];
  readonly timestamps: number[];
  /** Index of the latest point by the spec's rule. */
  latest: number;
}

/** {@link isLaterMetric} against a stored point, without building an object for it. */
function isLater(candidate: TrackerV1Metric, series: MetricSeries, index: number): boolean {
  const step = series.steps[index];
  if (candidate.step !== step) return candidate.step > step;
  const timestamp = series.timestamps[index];
  if (candidate.timestamp !== timestamp) return candidate.timestamp > timestamp;
  const value = series.values[index];
  if (Number.isNaN(candidate.value)) return !Number.isNaN(value);
  if (Number.isNaN(value)) return false;
  return candidate.value > value;
}

function pointAt(key: string, series: MetricSeries, index: number): TrackerV1Metric {
  return { key, value: series.values[index], timestamp: series.timestamps[index], step: series.steps[index] };
}

interface RunRecord {
  readonly id: string;
  readonly experimentId: string;
  name: string;
  status: TrackerV1RunStatus;
  readonly startTime: number;
  endTime?: number;
  readonly params: Map<string, string>;
  readonly tags: Map<string, string>;
  readonly metrics: Map<string, MetricSeries>;
  readonly inputs: DatasetV1Ref[];
  readonly artifacts: Map<string, TrackerV1ArtifactRef>;
}

const TERMINAL: ReadonlySet<TrackerV1RunStatus> = new Set(['finished', 'failed', 'killed']);

/**
 * The "latest" rule of the spec: larger `(step, timestamp)` wins; on a tie the larger value wins,
 * NaN counting as larger than every number.
 */
export function isLaterMetric(candidate: TrackerV1Metric, current: TrackerV1Metric): boolean {
  if (candidate.step !== current.step) return candidate.step > current.step;
  if (candidate.timestamp !== current.timestamp) return candidate.timestamp > current.timestamp;
  if (Number.isNaN(candidate.value)) return !Number.isNaN(current.value);
  if (Number.isNaN(current.value)) return false;
  return candidate.value > current.value;
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

/**
 * The in-memory reference tracker: it passes the whole tracker kit and defines by example what
 * the spec means. Data lives as long as the object.
 */
export class MemoryTracker implements TrackerV1 {
  readonly specificationVersion = 'v1' as const;
  readonly backend = 'memory';
  readonly capabilities: TrackerV1Capabilities;
  readonly #now: () => number;
  readonly #experiments = new Map<string, TrackerV1Experiment>();
  readonly #runs = new Map<string, RunRecord>();
  #closed = false;

  /** @param options Clock and batch limit. */
  constructor(options: MemoryTrackerOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.capabilities = {
      search: true,
      deleteRuns: true,
      maxBatchSize: options.maxBatchSize ?? 10_000,
      nonFiniteMetrics: true,
      persistent: false,
    };
  }

  #open(): void {
    if (this.#closed)
      throw new BackendError({ message: 'The memory tracker is closed.', backend: 'memory', retryable: false });
  }

  #run(id: string): RunRecord {
    this.#open();
    const run = this.#runs.get(id);
    if (!run) throw new NotFoundError({ message: `Run ${id} does not exist.`, entity: 'run', id });
    return run;
  }

  async createExperiment(input: TrackerV1CreateExperimentInput): Promise<TrackerV1Experiment> {
    this.#open();
    for (const experiment of this.#experiments.values()) {
      if (experiment.name === input.name) {
        throw new AlreadyExistsError({
          message: `Experiment "${input.name}" already exists.`,
          entity: 'experiment',
          id: input.name,
        });
      }
    }
    const experiment: TrackerV1Experiment = {
      id: randomUUID(),
      name: input.name,
      tags: { ...input.tags },
      createdAt: this.#now(),
    };
    this.#experiments.set(experiment.id, experiment);
    return { ...experiment, tags: { ...experiment.tags } };
  }

  async getExperiment(id: string): Promise<TrackerV1Experiment> {
    this.#open();
    const experiment = this.#experiments.get(id);
    if (!experiment) throw new NotFoundError({ message: `Experiment ${id} does not exist.`, entity: 'experiment', id });
    return { ...experiment, tags: { ...experiment.tags } };
  }

  async findExperimentByName(name: string): Promise<TrackerV1Experiment | undefined> {
    this.#open();
    for (const experiment of this.#experiments.values()) {
      if (experiment.name === name) return { ...experiment, tags: { ...experiment.tags } };
    }
    return undefined;
  }

  async listExperiments(): Promise<TrackerV1Experiment[]> {
    this.#open();
    return [...this.#experiments.values()]
      .map((experiment) => ({ ...experiment, tags: { ...experiment.tags } }))
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  }

  async createRun(input: TrackerV1CreateRunInput): Promise<TrackerV1Run> {
    await this.getExperiment(input.experimentId);
    const id = randomUUID().replaceAll('-', '');
    const record: RunRecord = {
      id,
      experimentId: input.experimentId,
      name: input.name ?? `run-${id.slice(0, 8)}`,
      status: 'running',
      startTime: input.startTime ?? this.#now(),
      params: new Map(),
      tags: new Map(Object.entries(input.tags ?? {})),
      metrics: new Map(),
      inputs: [],
      artifacts: new Map(),
    };
    this.#runs.set(id, record);
    return this.#snapshot(record);
  }

  async getRun(id: string): Promise<TrackerV1Run> {
    return this.#snapshot(this.#run(id));
  }

  async updateRun(id: string, patch: TrackerV1RunPatch): Promise<TrackerV1Run> {
    const run = this.#run(id);
    if (patch.status !== undefined && patch.status !== run.status) {
      if (TERMINAL.has(run.status)) {
        throw new ConflictError({
          message: `Run ${id} already ended as ${run.status}; it cannot become ${patch.status}.`,
          entity: 'run',
          id,
        });
      }
      run.status = patch.status;
      if (TERMINAL.has(patch.status)) run.endTime = patch.endTime ?? this.#now();
    } else if (patch.endTime !== undefined) {
      run.endTime = patch.endTime;
    }
    if (patch.name !== undefined) run.name = patch.name;
    return this.#snapshot(run);
  }

  async logBatch(runId: string, batch: TrackerV1Batch): Promise<void> {
    const run = this.#run(runId);
    if (run.status !== 'running') {
      throw new ConflictError({
        message: `Run ${runId} is ${run.status}; only running runs accept writes.`,
        entity: 'run',
        id: runId,
      });
    }
    const size = batchSize(batch);
    if (size > this.capabilities.maxBatchSize) {
      throw new InvalidArgumentError({
        message: `Batch has ${size} items; the memory tracker accepts at most ${this.capabilities.maxBatchSize}.`,
        field: 'batch',
      });
    }
    // Validate everything first so a rejected batch changes nothing.
    const newParams = new Map<string, string>();
    for (const { key, value } of batch.params ?? []) {
      const existing = run.params.get(key) ?? newParams.get(key);
      if (existing !== undefined && existing !== value) {
        throw new ConflictError({
          message: `Param "${key}" of run ${runId} is already "${existing}"; it cannot change to "${value}". Params are immutable; log a new run instead.`,
          entity: 'param',
          id: key,
        });
      }
      newParams.set(key, value);
    }
    for (const [key, value] of newParams) run.params.set(key, value);
    for (const { key, value } of batch.tags ?? []) run.tags.set(key, value);
    let lastKey = '';
    let series: MetricSeries | undefined;
    for (const metric of batch.metrics ?? []) {
      if (metric.key !== lastKey || !series) {
        lastKey = metric.key;
        series = run.metrics.get(lastKey);
        if (!series) {
          series = { values: [], steps: [], timestamps: [], latest: 0 };
          run.metrics.set(lastKey, series);
        }
      }
      const index = series.values.push(metric.value) - 1;
      series.steps.push(metric.step);
      series.timestamps.push(metric.timestamp);
      if (index > 0 && isLater(metric, series, series.latest)) series.latest = index;
    }
    for (const input of batch.inputs ?? []) {
      if (!run.inputs.some((known) => known.digest === input.digest && known.context === input.context)) {
        run.inputs.push(structuredClone(input));
      }
    }
    for (const artifact of batch.artifacts ?? []) run.artifacts.set(artifact.name, structuredClone(artifact));
  }

  async getMetricHistory(runId: string, key: string): Promise<TrackerV1Metric[]> {
    const series = this.#run(runId).metrics.get(key);
    if (!series) return [];
    const points: TrackerV1Metric[] = new Array(series.values.length);
    for (let index = 0; index < points.length; index++) points[index] = pointAt(key, series, index);
    return sortMetricHistory(points);
  }

  async getMetricColumns(runId: string, key: string): Promise<TrackerV1MetricColumns> {
    const series = this.#run(runId).metrics.get(key);
    if (!series)
      return { key, values: new Float64Array(0), steps: new Float64Array(0), timestamps: new Float64Array(0) };
    return metricColumnsInHistoryOrder(
      key,
      Float64Array.from(series.values),
      Float64Array.from(series.steps),
      Float64Array.from(series.timestamps),
    );
  }

  async searchRuns(query: TrackerV1RunQuery = {}): Promise<PageV1<TrackerV1Run>> {
    this.#open();
    return pageRuns(
      Array.from(this.#runs.values(), (record) => this.#snapshot(record)),
      query,
    );
  }

  async deleteRun(id: string): Promise<void> {
    this.#run(id);
    this.#runs.delete(id);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #snapshot(run: RunRecord): TrackerV1Run {
    const metrics: Record<string, TrackerV1Metric> = {};
    for (const [key, series] of run.metrics) metrics[key] = pointAt(key, series, series.latest);
    return {
      id: run.id,
      experimentId: run.experimentId,
      name: run.name,
      status: run.status,
      startTime: run.startTime,
      ...(run.endTime === undefined ? {} : { endTime: run.endTime }),
      params: Object.fromEntries(run.params),
      metrics,
      tags: Object.fromEntries(run.tags),
      inputs: run.inputs.map((input) => structuredClone(input)),
      artifacts: [...run.artifacts.values()].map((artifact) => structuredClone(artifact)),
    };
  }
}

/** Creates an in-memory tracker (the reference implementation of `TrackerV1`). */
export function createMemoryTracker(options: MemoryTrackerOptions = {}): MemoryTracker {
  return new MemoryTracker(options);
}
