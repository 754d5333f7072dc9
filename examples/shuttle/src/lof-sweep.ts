import {
  type Dataset,
  type Mloop,
  runSweep,
  type SweepConfig,
  type SweepResult,
  type SweepTrial,
  type SweepValue,
} from '@mloop/core';
import { buildLof, evaluateDetector, type LofSettings } from './lof-model';
import { featuresAndLabels } from './shuttle-data';

/** The searched space: neighbours, distance, threshold and scaling (contamination on a log scale). */
export const LOF_PARAMETERS = {
  nNeighbors: { min: 5, max: 60 },
  metric: { values: ['euclidean', 'manhattan', 'chebyshev'] },
  contamination: { distribution: 'log_uniform_values', min: 0.0005, max: 0.05 },
  scaling: { values: ['none', 'standard', 'minmax'] },
} as const satisfies SweepConfig['parameters'];

/** What one LOF sweep trains on and how many trials it runs. */
export interface LofSweepOptions {
  /** Where trials are tracked. */
  readonly mloop: Mloop;
  /** Sweep name (also the experiment `sweep-<name>`). */
  readonly name: string;
  /** Sweep id: a new id starts a new sweep, the same id resumes it. */
  readonly id: string;
  /** `bayes` for the searches, `grid` for the sklearn baseline. */
  readonly method: 'bayes' | 'grid';
  /** Searched parameters (default {@link LOF_PARAMETERS}). */
  readonly parameters?: SweepConfig['parameters'];
  /** Trials (Bayes). */
  readonly runCap?: number;
  /** Normal rows LOF is fitted on. */
  readonly fit: Dataset;
  /** Labelled rows the trial is scored on (F1 of the outlier class is the sweep metric). */
  readonly validation: Dataset;
  /** Seed of the Bayes suggestions. */
  readonly seed?: number;
  /** Progress callback after each trial. */
  readonly onTrial?: (trial: SweepTrial, metrics: Readonly<Record<string, number>>) => void;
}

/**
 * Runs one LOF sweep. Each trial fits scaling + LOF (novelty) on the normal rows, logs F1,
 * precision, recall and ROC AUC on the validation rows, and records both datasets as run inputs.
 * Only a trial that matches or beats the best F1 so far stores its model (a fitted novelty LOF
 * keeps its training rows, about 1 MB of JSON): trials run one at a time, so the final best trial
 * always stored one and `registerBest` finds it.
 */
export async function runLofSweep(options: LofSweepOptions): Promise<SweepResult> {
  const fit = featuresAndLabels(options.fit);
  const validation = featuresAndLabels(options.validation);
  let bestSoFar = Number.NEGATIVE_INFINITY;
  const metricsByIndex = new Map<number, Record<string, number>>();
  return runSweep({
    mloop: options.mloop,
    id: options.id,
    seed: options.seed ?? 0,
    config: {
      name: options.name,
      method: options.method,
      metric: { name: 'f1', goal: 'maximize' },
      ...(options.runCap === undefined ? {} : { runCap: options.runCap }),
      parameters: options.parameters ?? LOF_PARAMETERS,
    },
    async train(params: Record<string, SweepValue>, trial) {
      await trial.run.logDataset(options.fit, 'train');
      await trial.run.logDataset(options.validation, 'validation');
      const started = performance.now();
      const model = buildLof(params as unknown as LofSettings).fit(fit.x);
      const scored = evaluateDetector(model, validation.x, validation.y);
      const metrics = { ...scored, trainSeconds: (performance.now() - started) / 1000 };
      metricsByIndex.set(trial.index, metrics);
      const keep = metrics.f1 >= bestSoFar;
      bestSoFar = Math.max(bestSoFar, metrics.f1);
      return keep ? { metrics, model } : { metrics };
    },
    onTrial(trial) {
      options.onTrial?.(trial, metricsByIndex.get(trial.index) ?? {});
    },
  });
}
