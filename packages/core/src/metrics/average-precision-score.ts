import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Label } from '../spec/shared/v1/matrix';
import { flagPositive } from './binary-clf-curve';
import { checkLabels, checkPosLabel, formatLabels, uniqueLabels } from './labels';
import { precisionRecallCurveOf } from './precision-recall-curve';
import { readScores } from './scores';

/** Options of {@link averagePrecisionScore}. */
export interface AveragePrecisionScoreOptions {
  /** The positive class. Default `1`, as in scikit-learn; string labels need it. */
  posLabel?: Label;
}

/**
 * Average precision, as scikit-learn's `average_precision_score`: the step-wise sum
 * `Σₙ (Rₙ − Rₙ₋₁)·Pₙ` over the precision-recall curve, without the trapezoid's optimistic
 * interpolation. It is 0 when `yTrue` holds no positive sample.
 * @param yTrue True binary labels, all strings or all numbers.
 * @param yScore One finite score per sample; higher means more likely positive.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the inputs are empty or differ in length,
 * when a score is not a finite number, when `yTrue` holds more than two classes, or when
 * `posLabel` is not one of the two labels.
 * @example
 * ```ts
 * averagePrecisionScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.833…
 * ```
 */
export function averagePrecisionScore(
  yTrue: readonly Label[],
  yScore: ArrayLike<number>,
  options: AveragePrecisionScoreOptions = {},
): number {
  const kind = checkLabels(yTrue, 'yTrue');
  const scores = readScores(yScore, yTrue.length, 'yScore');
  const present = uniqueLabels(yTrue);
  if (present.length > 2) {
    throw new InvalidArgumentError({
      message: `yTrue holds ${present.length} classes (${formatLabels(present)}); average precision is defined here for binary labels only.`,
      field: 'yTrue',
    });
  }
  const posLabel = options.posLabel ?? 1;
  checkPosLabel(posLabel, present, kind, present.length === 2, options.posLabel !== undefined);
  const { precision, recall } = precisionRecallCurveOf({ positive: flagPositive(yTrue, posLabel), scores }, false);
  let sum = 0;
  for (let k = 0; k < recall.length - 1; k++) sum += (recall[k + 1] - recall[k]) * precision[k];
  // max(0, ·) as scikit-learn, which also turns −0 into 0.
  return Math.max(0, -sum);
}
