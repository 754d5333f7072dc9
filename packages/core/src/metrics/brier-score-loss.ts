import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Label } from '../spec/shared/v1/matrix';
import { checkLabels, checkPosLabel, formatLabels, uniqueLabels } from './labels';
import { readScores } from './scores';

/** Options of {@link brierScoreLoss}. */
export interface BrierScoreLossOptions {
  /**
   * The positive class. Defaults as scikit-learn: `1` for labels in {0, 1} or {−1, 1}, else the
   * greater of numeric labels; string labels need it.
   */
  posLabel?: Label;
}

/**
 * The Brier score, the mean squared difference between the predicted probability of the positive
 * class and the outcome (1 for positive, 0 otherwise), as scikit-learn's `brier_score_loss`.
 * @param yTrue True binary labels, all strings or all numbers.
 * @param probPos One probability of the positive class per sample, in [0, 1].
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the inputs are empty or differ in length,
 * when a probability is outside [0, 1] or not finite, when `yTrue` holds more than two classes,
 * or when `posLabel` is not a label of `yTrue` (or is missing for string labels).
 * @example
 * ```ts
 * brierScoreLoss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]); // 0.0375
 * ```
 */
export function brierScoreLoss(
  yTrue: readonly Label[],
  probPos: ArrayLike<number>,
  options: BrierScoreLossOptions = {},
): number {
  const kind = checkLabels(yTrue, 'yTrue');
  const probabilities = readScores(probPos, yTrue.length, 'probPos', true);
  const present = uniqueLabels(yTrue);
  if (present.length > 2) {
    throw new InvalidArgumentError({
      message: `yTrue holds ${present.length} classes (${formatLabels(present)}); the Brier score is defined for binary labels only.`,
      field: 'yTrue',
    });
  }
  let posLabel: Label;
  if (options.posLabel !== undefined) {
    checkPosLabel(options.posLabel, present, kind, true, true);
    posLabel = options.posLabel;
  } else if (kind === 'string') {
    throw new InvalidArgumentError({
      message: `yTrue takes the values ${formatLabels(present)} and posLabel is not given; pass posLabel as one of them.`,
      field: 'posLabel',
    });
  } else if (
    present.every((label) => label === 0 || label === 1) ||
    present.every((label) => label === -1 || label === 1)
  ) {
    posLabel = 1;
  } else {
    // scikit-learn's backward-compatible default for other numeric labels.
    posLabel = present[present.length - 1];
  }
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const outcome = yTrue[i] === posLabel ? 1 : 0;
    sum += (outcome - probabilities[i]) ** 2;
  }
  return sum / yTrue.length;
}
