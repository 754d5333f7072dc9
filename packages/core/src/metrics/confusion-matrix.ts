import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Label } from '../spec/shared/v1/matrix';
import { checkLabelOption, checkLabelPair, labelIndex, uniqueLabels } from './labels';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /**
   * The labels, in the order of the rows and columns. Samples whose true or predicted label is not
   * listed are left out. Defaults to the sorted unique labels of `yTrue` and `yPred`.
   */
  labels?: readonly Label[];
}

/**
 * Counts samples by true and predicted label, as scikit-learn's `confusion_matrix`: entry `[i][j]`
 * is the number of samples of true label `labels[i]` predicted as `labels[j]`. For binary 0/1
 * labels this is `[[tn, fp], [fn, tp]]`.
 * @param yTrue True labels, all strings or all numbers.
 * @param yPred Predicted labels, one per sample, of the same kind.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the arrays are empty, differ in length or
 * mix strings and numbers, when `labels` is empty, repeats a label or is of the wrong kind, or when
 * none of `labels` occurs in `yTrue`.
 * @example
 * ```ts
 * confusionMatrix([0, 1, 1, 0], [0, 1, 0, 0]); // [[2, 0], [1, 1]]
 * ```
 */
export function confusionMatrix(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ConfusionMatrixOptions = {},
): number[][] {
  const kind = checkLabelPair(yTrue, yPred);
  let labels: readonly Label[];
  if (options.labels !== undefined) {
    checkLabelOption(options.labels, kind);
    labels = options.labels;
    const trueLabels = new Set<Label>(yTrue);
    if (!labels.some((label) => trueLabels.has(label))) {
      throw new InvalidArgumentError({
        message: 'None of labels occurs in yTrue; list at least one true label.',
        field: 'labels',
      });
    }
  } else {
    labels = uniqueLabels(yTrue, yPred);
  }
  return countMatrix(yTrue, yPred, labels);
}

/** The confusion matrix over already-checked inputs and labels. */
export function countMatrix(yTrue: readonly Label[], yPred: readonly Label[], labels: readonly Label[]): number[][] {
  const index = labelIndex(labels);
  const k = labels.length;
  const matrix: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const row = index.get(yTrue[i]);
    const col = index.get(yPred[i]);
    if (row !== undefined && col !== undefined) matrix[row][col]++;
  }
  return matrix;
}
