import type { Label } from '../spec/shared/v1/matrix';
import { countMatrix } from './confusion-matrix';
import { checkLabelPair, uniqueLabels } from './labels';

/**
 * The Matthews correlation coefficient, as scikit-learn's `matthews_corrcoef`, with the multiclass
 * form (Gorodkin's R_K) for more than two labels. It is 0 when either labelling is constant.
 * @param yTrue True labels, all strings or all numbers.
 * @param yPred Predicted labels, one per sample, of the same kind.
 * @returns A number in [−1, 1].
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the arrays are empty, differ in length, or
 * mix strings and numbers.
 * @example
 * ```ts
 * matthewsCorrcoef([1, 1, 0, 0], [1, 0, 0, 0]); // 0.577…
 * ```
 */
export function matthewsCorrcoef(yTrue: readonly Label[], yPred: readonly Label[]): number {
  checkLabelPair(yTrue, yPred);
  const matrix = countMatrix(yTrue, yPred, uniqueLabels(yTrue, yPred));
  const k = matrix.length;
  const trueSums = new Float64Array(k);
  const predSums = new Float64Array(k);
  let correct = 0;
  for (let i = 0; i < k; i++) {
    correct += matrix[i][i];
    for (let j = 0; j < k; j++) {
      trueSums[i] += matrix[i][j];
      predSums[j] += matrix[i][j];
    }
  }
  const n = yTrue.length;
  let truePred = 0;
  let predPred = 0;
  let trueTrue = 0;
  for (let i = 0; i < k; i++) {
    truePred += trueSums[i] * predSums[i];
    predPred += predSums[i] * predSums[i];
    trueTrue += trueSums[i] * trueSums[i];
  }
  const covTruePred = correct * n - truePred;
  const covPredPred = n * n - predPred;
  const covTrueTrue = n * n - trueTrue;
  if (covPredPred * covTrueTrue === 0) return 0;
  return covTruePred / Math.sqrt(covTrueTrue * covPredPred);
}
