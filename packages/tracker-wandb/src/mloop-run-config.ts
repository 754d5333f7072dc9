import type { DatasetV1Ref, TrackerV1ArtifactRef, TrackerV1Run, TrackerV1RunStatus } from '@mloop/core';

/**
 * What the W&B config key `_mloop` holds: everything of an mloop run that W&B's own fields
 * cannot give back exactly. W&B tags are cut at 64 characters and `key:value` is ambiguous when
 * a key holds `:`; `createdAt` is the server's clock, not the run's start time; W&B knows no
 * `killed` exit and no explicit end time. Another process reads the run back from it.
 */
export interface MloopRunConfig {
  /** mloop's run id. */
  readonly runId: string;
  /** The experiment name (also the W&B group). */
  readonly experiment: string;
  /** Start time, Unix ms. */
  readonly startTime: number;
  /** The status mloop last recorded (`running` until the run ends through mloop). */
  readonly status: TrackerV1RunStatus;
  /** End time, Unix ms, once ended. */
  readonly endTime?: number;
  /** mloop's tags, exactly. */
  readonly tags: Readonly<Record<string, string>>;
  /** Artifacts recorded on the run, when there are any. */
  readonly artifacts?: readonly TrackerV1ArtifactRef[];
  /** Datasets the run used, when there are any. */
  readonly inputs?: readonly DatasetV1Ref[];
}

/** The `_mloop` config value of a run, from the mirror's snapshot of it. */
export function mloopRunConfig(run: TrackerV1Run, experiment: string): MloopRunConfig {
  return {
    runId: run.id,
    experiment,
    startTime: run.startTime,
    status: run.status,
    ...(run.endTime === undefined ? {} : { endTime: run.endTime }),
    tags: { ...run.tags },
    ...(run.artifacts.length > 0 ? { artifacts: run.artifacts } : {}),
    ...(run.inputs.length > 0 ? { inputs: run.inputs } : {}),
  };
}

/**
 * The `_mloop` value of a W&B config read back, or undefined when the run was not written by
 * mloop. `createdAt` (Unix ms) stands in for a start time that is missing.
 */
export function readMloopRunConfig(value: unknown, createdAt: number): MloopRunConfig | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const config = value as Partial<MloopRunConfig>;
  if (typeof config.runId !== 'string' || typeof config.experiment !== 'string') return undefined;
  return {
    runId: config.runId,
    experiment: config.experiment,
    startTime: typeof config.startTime === 'number' ? config.startTime : createdAt,
    status: config.status ?? 'running',
    ...(typeof config.endTime === 'number' ? { endTime: config.endTime } : {}),
    tags: typeof config.tags === 'object' && config.tags !== null ? config.tags : {},
    ...(Array.isArray(config.artifacts) ? { artifacts: config.artifacts } : {}),
    ...(Array.isArray(config.inputs) ? { inputs: config.inputs } : {}),
  };
}
