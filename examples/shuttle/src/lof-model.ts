import { f1Score, type Matrix, precisionScore, recallScore, rocAucScore } from '@mloop/core';
import { LocalOutlierFactor, MinMaxScaler, Pipeline, type PipelineStep, StandardScaler } from '@mloop/models';

/** The searched LOF settings (the sweep's parameter names). */
export interface LofSettings {
  /** Neighbours per point. */
  readonly nNeighbors: number;
  /** Distance metric. */
  readonly metric: 'euclidean' | 'manhattan' | 'chebyshev';
  /** `'auto'` (sklearn's offset −1.5) or the share of training rows flagged, which sets the threshold. */
  readonly contamination: 'auto' | number;
  /** Feature scaling before LOF. */
  readonly scaling: 'none' | 'standard' | 'minmax';
}

/** Outlier-detection quality with outliers as the positive class. */
export interface DetectionMetrics {
  /** F1 of the outlier class. */
  readonly f1: number;
  /** Precision of the outlier class. */
  readonly precision: number;
  /** Recall of the outlier class. */
  readonly recall: number;
  /** ROC AUC of the anomaly score (−scoreSamples). */
  readonly rocAuc: number;
}

/** The model the example registers: optional scaling, then LOF in novelty mode, as one Pipeline. */
export function buildLof(settings: LofSettings): Pipeline {
  const steps: [string, PipelineStep[1]][] = [];
  if (settings.scaling === 'standard') steps.push(['scale', new StandardScaler()]);
  if (settings.scaling === 'minmax') steps.push(['scale', new MinMaxScaler()]);
  steps.push([
    'lof',
    new LocalOutlierFactor({
      nNeighbors: settings.nNeighbors,
      metric: settings.metric,
      contamination: settings.contamination,
      novelty: true,
    }),
  ]);
  return new Pipeline({ steps });
}

/** A fitted detector as the example uses it: sklearn's conventions (−1 outlier, lower score = more abnormal). */
export interface FittedDetector {
  /** −1 for outliers, 1 for inliers. */
  predict(x: Matrix): unknown;
  /** Lower is more abnormal. */
  scoreSamples(x: Matrix): unknown;
}

/** Turns −1/1 predictions into 1 = outlier, 0 = normal. */
export function outlierFlags(predictions: ArrayLike<number>): number[] {
  return Array.from(predictions, (value) => (value === -1 ? 1 : 0));
}

/** Scores flags against 0/1 labels (outlier = positive); zero_division 0, as sklearn's default warns and returns. */
export function detectionMetrics(y: readonly number[], flags: readonly number[], anomaly?: ArrayLike<number>) {
  const options = { posLabel: 1, zeroDivision: 0 } as const;
  const metrics: DetectionMetrics = {
    f1: f1Score(y, flags, options) as number,
    precision: precisionScore(y, flags, options) as number,
    recall: recallScore(y, flags, options) as number,
    rocAuc: anomaly && new Set(y).size === 2 ? rocAucScore(y, Array.from(anomaly)) : Number.NaN,
  };
  return metrics;
}

/** Evaluates a fitted detector on a labelled matrix. */
export function evaluateDetector(model: FittedDetector, x: Matrix, y: readonly number[]): DetectionMetrics {
  const flags = outlierFlags(model.predict(x) as Int8Array);
  const anomaly = Float64Array.from(model.scoreSamples(x) as Float64Array, (value) => -value);
  return detectionMetrics(y, flags, anomaly);
}
