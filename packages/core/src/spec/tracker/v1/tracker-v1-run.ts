import type { DatasetV1Ref } from '../../dataset/v1/dataset-v1';
import type { TrackerV1Metric } from './tracker-v1-metric';

/**
 * Run status. A run starts `running` and ends once, as `finished`, `failed` or `killed`.
 * Writes to a run that is not `running` → `CONFLICT`.
 */
export type TrackerV1RunStatus = 'running' | 'finished' | 'failed' | 'killed';

/** An artifact recorded on a run: a name pointing at a content-addressed blob. */
export interface TrackerV1ArtifactRef {
  /** Name within the run, e.g. `'model.json'`, `'reports/drift.html'`; unique per run (re-logging replaces). */
  readonly name: string;
  /** SHA-256 of the content (64 hex digits), the key in the artifact store. */
  readonly digest: string;
  /** Size in bytes. */
  readonly size: number;
  /** Media type, e.g. `'application/json'`. */
  readonly mediaType: string;
  /** Free-form metadata. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** A run with everything logged to it. */
export interface TrackerV1Run {
  /** Backend-assigned id, unique within the backend. */
  readonly id: string;
  /** The experiment it belongs to. */
  readonly experimentId: string;
  /** Display name; need not be unique. */
  readonly name: string;
  /** Current status. */
  readonly status: TrackerV1RunStatus;
  /** Unix ms when the run was created. */
  readonly startTime: number;
  /** Unix ms when the run ended; absent while `running`. */
  readonly endTime?: number;
  /** Params, as strings. */
  readonly params: Readonly<Record<string, string>>;
  /**
   * The latest value of each metric: the point with the largest `(step, timestamp)`; on a tie the
   * larger value wins (NaN counts as larger than any number).
   */
  readonly metrics: Readonly<Record<string, TrackerV1Metric>>;
  /** Tags; a tag set again is overwritten. */
  readonly tags: Readonly<Record<string, string>>;
  /** Datasets the run used, by digest (MLflow's run inputs). */
  readonly inputs: readonly DatasetV1Ref[];
  /** Artifacts recorded on the run. */
  readonly artifacts: readonly TrackerV1ArtifactRef[];
}

/** Input of `createRun`. */
export interface TrackerV1CreateRunInput {
  /** The experiment; must exist (`NOT_FOUND` otherwise). */
  readonly experimentId: string;
  /** Display name; the backend may generate one when absent. */
  readonly name?: string;
  /** Start time, Unix ms; defaults to now. */
  readonly startTime?: number;
  /** Initial tags. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Input of `updateRun`. */
export interface TrackerV1RunPatch {
  /** New status. Moving away from a terminal status → `CONFLICT`. */
  readonly status?: TrackerV1RunStatus;
  /** End time, Unix ms; defaults to now when the status becomes terminal. */
  readonly endTime?: number;
  /** New display name. */
  readonly name?: string;
}
