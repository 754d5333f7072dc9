import type { Label } from '../spec/shared/v1/matrix';
import { type BinaryTarget, binaryClfCurve, readBinaryTarget } from './binary-clf-curve';

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /**
   * The positive class. Default `1`, allowed only when `yTrue` takes values in {0, 1} or
   * {−1, 1}; string labels need it.
   */
  posLabel?: Label;
  /**
   * Drop thresholds whose point is collinear with its neighbours (they add nothing to the plot or
   * the area), as scikit-learn does by default. Default true.
   */
  dropIntermediate?: boolean;
}

/** A receiver operating characteristic curve, from (0, 0) to (1, 1). */
export interface RocCurve {
  /** False positive rate at each threshold, increasing. `NaN` everywhere when `yTrue` has no negatives. */
  fpr: Float64Array;
  /** True positive rate at each threshold, increasing. `NaN` everywhere when `yTrue` has no positives. */
  tpr: Float64Array;
  /**
   * Decreasing thresholds: a sample is predicted positive when its score is ≥ the threshold. The
   * first is `Infinity` (no sample predicted positive), as in scikit-learn ≥ 1.3.
   */
  thresholds: Float64Array;
}

/**
 * The ROC curve of scores against binary labels, as scikit-learn's `roc_curve`: one point per
 * distinct score (tied scores move the curve diagonally), collinear points dropped by default.
 * @param yTrue True labels, all strings or all numbers.
 * @param yScore One finite score per sample; higher means more likely positive.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the inputs are empty or differ in length,
 * when a score is not a finite number, or when `posLabel` is not a label of `yTrue` (or is missing
 * for labels other than 0/1 or −1/1).
 * @example
 * ```ts
 * const { fpr, tpr, thresholds } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [Infinity, 0.8, 0.4, 0.35, 0.1]
 * ```
 */
export function rocCurve(yTrue: readonly Label[], yScore: ArrayLike<number>, options: RocCurveOptions = {}): RocCurve {
  const target = readBinaryTarget(yTrue, yScore, options.posLabel);
  return rocCurveOf(target, options.dropIntermediate ?? true);
}

/** The ROC curve of an already-checked binary target. */
export function rocCurveOf(target: BinaryTarget, dropIntermediate: boolean): RocCurve {
  let { fps, tps, thresholds } = binaryClfCurve(target);
  if (dropIntermediate && fps.length > 2) {
    // scikit-learn keeps a point when the second difference of fps or tps is non-zero there, i.e.
    // where the curve changes direction.
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      if (fps[i - 1] - 2 * fps[i] + fps[i + 1] !== 0 || tps[i - 1] - 2 * tps[i] + tps[i + 1] !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = pick(fps, keep);
    tps = pick(tps, keep);
    thresholds = pick(thresholds, keep);
  }
  const m = fps.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const withStart = new Float64Array(m);
  withStart[0] = Number.POSITIVE_INFINITY;
  withStart.set(thresholds, 1);
  const negatives = fps[fps.length - 1];
  const positives = tps[tps.length - 1];
  for (let k = 1; k < m; k++) {
    fpr[k] = negatives > 0 ? fps[k - 1] / negatives : Number.NaN;
    tpr[k] = positives > 0 ? tps[k - 1] / positives : Number.NaN;
  }
  if (negatives <= 0) fpr[0] = Number.NaN;
  if (positives <= 0) tpr[0] = Number.NaN;
  return { fpr, tpr, thresholds: withStart };
}

function pick(values: Float64Array, indices: readonly number[]): Float64Array {
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = values[indices[k]];
  return out;
}

/** Area under a curve by the trapezoidal rule, as `np.trapz(y, x)`. */
export function trapezoid(x: Float64Array, y: Float64Array): number {
  let area = 0;
  for (let k = 1; k < x.length; k++) area += ((x[k] - x[k - 1]) * (y[k] + y[k - 1])) / 2;
  return area;
}
