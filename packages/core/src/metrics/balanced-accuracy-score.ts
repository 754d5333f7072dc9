import type { Label } from '../spec/shared/v1/matrix';
import { countMatrix } from './confusion-matrix';
import { checkLabelPair, uniqueLabels } from './labels';

/** Options of {@link balancedAccuracyScore}. */
export interface BalancedAccuracyScoreOptions {
  /** Rescale so that chance scores 0 and perfect scores 1 (scikit-learn's `adjusted`). Default false. */
  adjusted?: boolean;
}

/**
 * The mean of per-class recall over the classes present in `yTrue`, as scikit-learn's
 * `balanced_accuracy_score`. Labels that occur only in `yPred` are left out.
 * @param yTrue True labels, all strings or all numbers.
 * @param yPred Predicted labels, one per sample, of the same kind.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the arrays are empty, differ in length, or
 * mix strings and numbers.
 * @example
 * ```ts
 * balancedAccuracyScore([0, 0, 0, 1], [0, 0, 0, 0]); // 0.5
 * ```
 */
export function balancedAccuracyScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: BalancedAccuracyScoreOptions = {},
): number {
  checkLabelPair(yTrue, yPred);
  const matrix = countMatrix(yTrue, yPred, uniqueLabels(yTrue, yPred));
  let sum = 0;
  let classes = 0;
  for (let i = 0; i < matrix.length; i++) {
    const support = matrix[i].reduce((total, count) => total + count, 0);
    if (support === 0) continue;
    sum += matrix[i][i] / support;
    classes++;
  }
  let score = sum / classes;
  if (options.adjusted) {
    const chance = 1 / classes;
    score = (score - chance) / (1 - chance);
  }
  return score;
}
