import type { Label } from '../spec/shared/v1/matrix';
import { checkLabelPair } from './labels';

/**
 * The share of samples whose predicted label equals the true label, as scikit-learn's
 * `accuracy_score`.
 * @param yTrue True labels, all strings or all numbers.
 * @param yPred Predicted labels, one per sample, of the same kind.
 * @returns A number in [0, 1].
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the arrays are empty, differ in length, or
 * mix strings and numbers.
 * @example
 * ```ts
 * accuracyScore(['cat', 'dog', 'dog'], ['cat', 'dog', 'cat']); // 0.666…
 * ```
 */
export function accuracyScore(yTrue: readonly Label[], yPred: readonly Label[]): number {
  checkLabelPair(yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}
