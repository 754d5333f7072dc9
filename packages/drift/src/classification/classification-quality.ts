import {
  accuracyScore,
  confusionMatrix,
  type DriftResultV1,
  f1Score,
  InvalidArgumentError,
  type Label,
  precisionScore,
  recallScore,
  rocAucScore,
} from '@mloop/core';
import { ColumnDriftDetector } from '../column/column-drift-detector';
import { compareCodePoints } from '../stats/compare-code-points';

/** One batch of labelled predictions. */
export interface ClassificationBatch {
  /** True labels. */
  readonly yTrue: readonly Label[];
  /** Predicted labels. */
  readonly yPred: readonly Label[];
  /** Score of the positive class per row (binary problems), for ROC AUC and score drift. */
  readonly yScore?: ArrayLike<number>;
}

/** Options of {@link classificationQuality}. */
export interface ClassificationQualityOptions {
  /** The positive class of a binary problem. Default: `1` when present, else the greater label. */
  readonly positiveLabel?: Label;
}

/** Quality metrics of one batch. */
export interface ClassificationMetrics {
  /** Rows in the batch. */
  readonly rows: number;
  /** Accuracy. */
  readonly accuracy: number;
  /** Precision (of the positive class for binary problems, macro average otherwise). */
  readonly precision: number;
  /** Recall (same averaging). */
  readonly recall: number;
  /** F1 (same averaging). */
  readonly f1: number;
  /** ROC AUC of `yScore`, or null without scores or with one class only. */
  readonly rocAuc: number | null;
  /** Confusion matrix, rows = true labels, columns = predicted, in `labels` order. */
  readonly confusionMatrix: number[][];
  /** Share of each true label, in `labels` order. */
  readonly targetShares: number[];
  /** Share of each predicted label, in `labels` order. */
  readonly predictionShares: number[];
}

/** Evidently's ClassificationPreset content: metrics on both batches, their change, and drift of targets and predictions. */
export interface ClassificationQuality {
  /** Every label seen, sorted (numbers numerically, strings by code point). */
  readonly labels: Label[];
  /** The positive class (binary problems), else null. */
  readonly positiveLabel: Label | null;
  /** `'binary'` or `'macro'`. */
  readonly average: 'binary' | 'macro';
  /** Metrics on the reference batch. */
  readonly reference: ClassificationMetrics;
  /** Metrics on the current batch. */
  readonly current: ClassificationMetrics;
  /** current − reference for each scalar metric (null when either is null). */
  readonly change: {
    readonly accuracy: number;
    readonly precision: number;
    readonly recall: number;
    readonly f1: number;
    readonly rocAuc: number | null;
  };
  /** Drift of the predicted labels (categorical test, Evidently's automatic choice). */
  readonly predictionDrift: DriftResultV1;
  /** Drift of the true labels. */
  readonly targetDrift: DriftResultV1;
  /** Drift of the scores (numeric test), when both batches have them. */
  readonly scoreDrift: DriftResultV1 | null;
}

function compare(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return compareCodePoints(sa, sb);
}

function checkBatch(batch: ClassificationBatch, side: string): void {
  if (!batch || !Array.isArray(batch.yTrue) || !Array.isArray(batch.yPred)) {
    throw new InvalidArgumentError({ message: `${side} needs yTrue and yPred arrays.`, field: side });
  }
  if (batch.yTrue.length === 0)
    throw new InvalidArgumentError({ message: `${side} is empty.`, field: `${side}.yTrue` });
  if (batch.yTrue.length !== batch.yPred.length) {
    throw new InvalidArgumentError({
      message: `${side}.yTrue has ${batch.yTrue.length} labels but ${side}.yPred has ${batch.yPred.length}.`,
      field: `${side}.yPred`,
    });
  }
  if (batch.yScore && batch.yScore.length !== batch.yTrue.length) {
    throw new InvalidArgumentError({
      message: `${side}.yScore has ${batch.yScore.length} values for ${batch.yTrue.length} rows.`,
      field: `${side}.yScore`,
    });
  }
}

function shares(values: readonly Label[], labels: readonly Label[]): number[] {
  const counts = new Map<Label, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return labels.map((label) => (counts.get(label) ?? 0) / values.length);
}

function metricsOf(batch: ClassificationBatch, labels: Label[], positive: Label | null): ClassificationMetrics {
  const options =
    positive === null
      ? { average: 'macro' as const, labels, zeroDivision: 0 }
      : { average: 'binary' as const, posLabel: positive, zeroDivision: 0 };
  let rocAuc: number | null = null;
  if (batch.yScore && positive !== null && new Set(batch.yTrue).size === 2) {
    rocAuc = rocAucScore(batch.yTrue, batch.yScore, { posLabel: positive });
  }
  return {
    rows: batch.yTrue.length,
    accuracy: accuracyScore(batch.yTrue, batch.yPred),
    precision: precisionScore(batch.yTrue, batch.yPred, options) as number,
    recall: recallScore(batch.yTrue, batch.yPred, options) as number,
    f1: f1Score(batch.yTrue, batch.yPred, options) as number,
    rocAuc,
    confusionMatrix: confusionMatrix(batch.yTrue, batch.yPred, { labels }),
    targetShares: shares(batch.yTrue, labels),
    predictionShares: shares(batch.yPred, labels),
  };
}

function labelDrift(reference: readonly Label[], current: readonly Label[], column: string): DriftResultV1 {
  const asKeys = (values: readonly Label[]) => values.map((v) => String(v));
  return new ColumnDriftDetector({ type: 'categorical', column }).fit(asKeys(reference)).test(asKeys(current));
}

/**
 * Classification quality on a reference and a current batch with the change of every metric, and
 * drift of the targets, the predictions and (with scores) the scores — the content of Evidently's
 * `ClassificationPreset`, computed with `@mloop/core` metrics (scikit-learn semantics).
 *
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty batches, length mismatches or mixed label types.
 * @example
 * ```ts
 * const quality = classificationQuality(
 *   { yTrue: ['ham', 'spam', 'ham'], yPred: ['ham', 'spam', 'spam'] },
 *   { yTrue: ['spam', 'spam', 'ham'], yPred: ['ham', 'spam', 'ham'] },
 * );
 * quality.change.f1; // current F1 − reference F1 for the positive class 'spam'
 * ```
 */
export function classificationQuality(
  reference: ClassificationBatch,
  current: ClassificationBatch,
  options: ClassificationQualityOptions = {},
): ClassificationQuality {
  checkBatch(reference, 'reference');
  checkBatch(current, 'current');
  const labels = [...new Set<Label>([...reference.yTrue, ...reference.yPred, ...current.yTrue, ...current.yPred])].sort(
    compare,
  );
  if (new Set(labels.map((label) => typeof label)).size > 1) {
    throw new InvalidArgumentError({ message: 'Labels mix strings and numbers; use one type.', field: 'yTrue' });
  }
  let positive: Label | null = null;
  if (labels.length <= 2) {
    positive = options.positiveLabel ?? (labels.includes(1) ? 1 : (labels[labels.length - 1] as Label));
    if (!labels.includes(positive) && labels.length === 2) {
      throw new InvalidArgumentError({
        message: `positiveLabel ${String(positive)} is not one of the labels ${labels.join(', ')}.`,
        field: 'options.positiveLabel',
      });
    }
  }
  const ref = metricsOf(reference, labels, positive);
  const cur = metricsOf(current, labels, positive);
  const scoreDrift =
    reference.yScore && current.yScore
      ? new ColumnDriftDetector({ type: 'numeric', column: 'score' }).fit(reference.yScore).test(current.yScore)
      : null;
  return {
    labels,
    positiveLabel: positive,
    average: positive === null ? 'macro' : 'binary',
    reference: ref,
    current: cur,
    change: {
      accuracy: cur.accuracy - ref.accuracy,
      precision: cur.precision - ref.precision,
      recall: cur.recall - ref.recall,
      f1: cur.f1 - ref.f1,
      rocAuc: ref.rocAuc === null || cur.rocAuc === null ? null : cur.rocAuc - ref.rocAuc,
    },
    predictionDrift: labelDrift(reference.yPred, current.yPred, 'prediction'),
    targetDrift: labelDrift(reference.yTrue, current.yTrue, 'target'),
    scoreDrift,
  };
}
