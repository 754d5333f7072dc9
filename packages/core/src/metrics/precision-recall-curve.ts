import type { Label } from '../spec/shared/v1/matrix';
import { type BinaryTarget, binaryClfCurve, readBinaryTarget } from './binary-clf-curve';

/** Options of {@link precisionRecallCurve}. */
export interface PrecisionRecallCurveOptions {
  /**
   * The positive class. Default `1`, allowed only when `yTrue` takes values in {0, 1} or
   * {−1, 1}; string labels need it.
   */
  posLabel?: Label;
  /**
   * Keep only the first and last threshold of each run with the same recall (a vertical segment
   * of the plot), as scikit-learn's `drop_intermediate`. Default false.
   */
  dropIntermediate?: boolean;
}

/** A precision-recall curve, ordered by increasing threshold. */
export interface PrecisionRecallCurve {
  /** Precision at each threshold, then a final 1 with no threshold. */
  precision: Float64Array;
  /**
   * Recall at each threshold (decreasing), then a final 0 with no threshold. All 1 when `yTrue`
   * holds no positive sample, as in scikit-learn.
   */
  recall: Float64Array;
  /** The distinct scores, increasing; one fewer than `precision` and `recall`. */
  thresholds: Float64Array;
}

/**
 * Precision and recall at every distinct score, as scikit-learn's `precision_recall_curve`: a
 * sample is predicted positive when its score is ≥ the threshold.
 * @param yTrue True labels, all strings or all numbers.
 * @param yScore One finite score per sample; higher means more likely positive.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the inputs are empty or differ in length,
 * when a score is not a finite number, or when `posLabel` is not a label of `yTrue` (or is missing
 * for labels other than 0/1 or −1/1).
 * @example
 * ```ts
 * const { precision, recall, thresholds } = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // precision [0.5, 0.667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
 * ```
 */
export function precisionRecallCurve(
  yTrue: readonly Label[],
  yScore: ArrayLike<number>,
  options: PrecisionRecallCurveOptions = {},
): PrecisionRecallCurve {
  const target = readBinaryTarget(yTrue, yScore, options.posLabel);
  return precisionRecallCurveOf(target, options.dropIntermediate ?? false);
}

/** The precision-recall curve of an already-checked binary target. */
export function precisionRecallCurveOf(target: BinaryTarget, dropIntermediate: boolean): PrecisionRecallCurve {
  const curve = binaryClfCurve(target);
  let indices: number[] | undefined;
  const m0 = curve.tps.length;
  if (dropIntermediate && m0 > 2) {
    const { tps } = curve;
    indices = [0];
    for (let i = 1; i < m0 - 1; i++) if (tps[i] !== tps[i - 1] || tps[i + 1] !== tps[i]) indices.push(i);
    indices.push(m0 - 1);
  }
  const m = indices ? indices.length : m0;
  const at = (k: number) => (indices ? indices[k] : k);
  const positives = curve.tps[m0 - 1];
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thresholds = new Float64Array(m);
  // Reversed so that thresholds increase and recall decreases, as scikit-learn returns them.
  for (let k = 0; k < m; k++) {
    const source = at(m - 1 - k);
    const tp = curve.tps[source];
    const predicted = tp + curve.fps[source];
    precision[k] = predicted === 0 ? 0 : tp / predicted;
    recall[k] = positives === 0 ? 1 : tp / positives;
    thresholds[k] = curve.thresholds[source];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds };
}
