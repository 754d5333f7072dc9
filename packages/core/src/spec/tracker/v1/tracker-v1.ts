import type { PageV1 } from '../../shared/v1/page';
import type { TrackerV1Batch } from './tracker-v1-batch';
import type { TrackerV1Capabilities } from './tracker-v1-capabilities';
import type { TrackerV1CreateExperimentInput, TrackerV1Experiment } from './tracker-v1-experiment';
import type { TrackerV1Metric, TrackerV1MetricColumns } from './tracker-v1-metric';
import type { TrackerV1RunQuery } from './tracker-v1-query';
import type { TrackerV1CreateRunInput, TrackerV1Run, TrackerV1RunPatch } from './tracker-v1-run';

/**
 * Specification for an experiment-tracking backend, version 1. Backends implement these
 * primitives; applications use the facade from `createMloop()` / `createTracker()`, which
 * validates, buffers and splits batches. Every method may also throw `BackendError` (BACKEND)
 * for failures that are not the caller's fault, and after `close()`.
 */
export interface TrackerV1 {
  /** Literal discriminant, so core can accept a union of spec versions. */
  readonly specificationVersion: 'v1';
  /** Backend id for logs and errors, e.g. `'memory'`, `'sqlite'`, `'wandb'`. */
  readonly backend: string;
  /** What this backend supports. */
  readonly capabilities: TrackerV1Capabilities;

  /**
   * Creates an experiment.
   * @throws {AlreadyExistsError} ALREADY_EXISTS when the name is taken.
   */
  createExperiment(input: TrackerV1CreateExperimentInput): Promise<TrackerV1Experiment>;
  /**
   * Reads an experiment.
   * @throws {NotFoundError} NOT_FOUND for an unknown id.
   */
  getExperiment(id: string): Promise<TrackerV1Experiment>;
  /** Finds an experiment by exact name; `undefined` when there is none. */
  findExperimentByName(name: string): Promise<TrackerV1Experiment | undefined>;
  /** Every experiment, ordered by `createdAt` ascending, then `id`. */
  listExperiments(): Promise<TrackerV1Experiment[]>;

  /**
   * Creates a run with status `running`.
   * @throws {NotFoundError} NOT_FOUND when the experiment does not exist.
   */
  createRun(input: TrackerV1CreateRunInput): Promise<TrackerV1Run>;
  /**
   * Reads a run with its params, latest metrics, tags, inputs and artifacts.
   * @throws {NotFoundError} NOT_FOUND for an unknown (or deleted) run.
   */
  getRun(id: string): Promise<TrackerV1Run>;
  /**
   * Changes status, end time or name.
   * @throws {NotFoundError} NOT_FOUND for an unknown run.
   * @throws {ConflictError} CONFLICT when leaving a terminal status.
   */
  updateRun(id: string, patch: TrackerV1RunPatch): Promise<TrackerV1Run>;
  /**
   * The one write primitive, applied atomically (see {@link TrackerV1Batch}). Concurrent calls on
   * one run lose nothing. At most `capabilities.maxBatchSize` items.
   * @throws {NotFoundError} NOT_FOUND for an unknown run.
   * @throws {ConflictError} CONFLICT when the run is not `running`, or a param is re-logged with another value.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the batch is too large or a value is not storable.
   */
  logBatch(runId: string, batch: TrackerV1Batch): Promise<void>;
  /**
   * Every point logged for `key`, ordered by `(step, timestamp)` then insertion order; `[]` for a key never logged.
   * @throws {NotFoundError} NOT_FOUND for an unknown run.
   */
  getMetricHistory(runId: string, key: string): Promise<TrackerV1Metric[]>;
  /**
   * The same points as `getMetricHistory`, column-wise. Optional: the facade builds it from
   * `getMetricHistory` when a backend does not implement it.
   * @throws {NotFoundError} NOT_FOUND for an unknown run.
   */
  getMetricColumns?(runId: string, key: string): Promise<TrackerV1MetricColumns>;
  /**
   * Searches runs; present when `capabilities.search` is true.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a bad page size or a foreign page token.
   */
  searchRuns?(query: TrackerV1RunQuery): Promise<PageV1<TrackerV1Run>>;
  /**
   * Deletes a run and everything logged to it; present when `capabilities.deleteRuns` is true.
   * Later reads → `NOT_FOUND`, later writes → `NOT_FOUND`.
   * @throws {NotFoundError} NOT_FOUND for an unknown run.
   */
  deleteRun?(id: string): Promise<void>;
  /** Releases resources. Idempotent; any other call afterwards → `BackendError`. */
  close?(): Promise<void>;
}
