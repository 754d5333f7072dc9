import type { TrackerV1Experiment, TrackerV1Run } from '@mloop/core';

/** A run as the CLI's `--json` and the dashboard's table show it. */
export interface RunSummary {
  /** Run id. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** Experiment id. */
  readonly experimentId: string;
  /** Experiment name (empty when the experiment is unknown). */
  readonly experiment: string;
  /** Status. */
  readonly status: TrackerV1Run['status'];
  /** Start, Unix ms. */
  readonly startTime: number;
  /** End, Unix ms, when ended. */
  readonly endTime?: number;
  /** `endTime − startTime`, when ended. */
  readonly durationMs?: number;
  /** Params as strings. */
  readonly params: Readonly<Record<string, string>>;
  /** Latest value of each metric. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Flattens a run for listings. */
export function summarizeRun(run: TrackerV1Run, experiments: ReadonlyMap<string, TrackerV1Experiment>): RunSummary {
  const metrics: Record<string, number> = {};
  for (const [key, metric] of Object.entries(run.metrics)) metrics[key] = metric.value;
  return {
    id: run.id,
    name: run.name,
    experimentId: run.experimentId,
    experiment: experiments.get(run.experimentId)?.name ?? '',
    status: run.status,
    startTime: run.startTime,
    ...(run.endTime === undefined ? {} : { endTime: run.endTime, durationMs: run.endTime - run.startTime }),
    params: { ...run.params },
    metrics,
    tags: { ...run.tags },
  };
}

/** The keys that differ between runs (a key missing from some runs counts as different). */
export function differingKeys(records: readonly Readonly<Record<string, string | number>>[]): string[] {
  const keys = new Set(records.flatMap((record) => Object.keys(record)));
  return [...keys].sort().filter((key) => {
    const values = records.map((record) => (key in record ? String(record[key]) : undefined));
    return values.some((value) => value !== values[0]);
  });
}
