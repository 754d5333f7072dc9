import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Label, MatrixLike } from '../spec/shared/v1/matrix';
import { checkLabelOption, checkLabels, formatLabel, formatLabels, labelIndex, uniqueLabels } from './labels';
import { isTwoDimensional, readScoreMatrix, readScores } from './scores';

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /**
   * The class of each probability column, in column order. Defaults to the sorted unique labels of
   * `yTrue`. Unlike scikit-learn, which always reads the columns in sorted label order, the order
   * given here is the column order.
   */
  labels?: readonly Label[];
  /** Probabilities are clipped to `[eps, 1 − eps]` before the logarithm. Default `1e-15`. */
  eps?: number;
  /** Return the mean loss per sample (default) rather than the sum. */
  normalize?: boolean;
}

/**
 * Cross-entropy loss of predicted probabilities, as scikit-learn's `log_loss`: each probability is
 * clipped to `[eps, 1 − eps]` and each row renormalised to sum 1 before taking `−log p(true class)`.
 * For two classes `yPred` may hold the probability of the second class only.
 * @param yTrue True labels, all strings or all numbers.
 * @param yPred One row of class probabilities per sample (rows of numbers or a `Matrix`), or,
 * for two classes, one probability of the second class per sample.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the inputs are empty or differ in length;
 * when a probability is outside [0, 1] or not finite; when the columns do not match the classes;
 * when there is a single class and no `labels`; when `yTrue` holds a label missing from `labels`;
 * when `eps` is outside [0, 0.5).
 * @example
 * ```ts
 * logLoss(['ham', 'spam', 'spam'], [0.1, 0.9, 0.8]); // 0.1446…
 * ```
 */
export function logLoss(
  yTrue: readonly Label[],
  yPred: ArrayLike<number> | MatrixLike,
  options: LogLossOptions = {},
): number {
  const kind = checkLabels(yTrue, 'yTrue');
  const eps = options.eps ?? 1e-15;
  if (typeof eps !== 'number' || !(eps >= 0 && eps < 0.5)) {
    throw new InvalidArgumentError({ message: `eps is ${eps}; it must be in [0, 0.5).`, field: 'eps' });
  }
  let classes: readonly Label[];
  if (options.labels !== undefined) {
    checkLabelOption(options.labels, kind);
    classes = options.labels;
    const known = new Set<Label>(classes);
    const unknown = uniqueLabels(yTrue).filter((label) => !known.has(label));
    if (unknown.length > 0) {
      throw new InvalidArgumentError({
        message: `yTrue holds ${formatLabels(unknown)}, which labels does not list; labels must name every class.`,
        field: 'labels',
      });
    }
    if (classes.length < 2) {
      throw new InvalidArgumentError({
        message: `labels lists a single class (${formatLabel(classes[0])}); log loss needs at least two.`,
        field: 'labels',
      });
    }
  } else {
    classes = uniqueLabels(yTrue);
    if (classes.length < 2) {
      throw new InvalidArgumentError({
        message: `yTrue holds a single class (${formatLabel(classes[0])}); pass labels to name every class the probabilities refer to.`,
        field: 'labels',
      });
    }
  }

  const n = yTrue.length;
  const k = classes.length;
  const index = labelIndex(classes);
  let total = 0;
  if (!isTwoDimensional(yPred)) {
    if (k !== 2) {
      throw new InvalidArgumentError({
        message: `yPred holds one probability per sample, which only describes two classes, but there are ${k} (${formatLabels(classes)}); pass one column per class.`,
        field: 'yPred',
      });
    }
    const positive = readScores(yPred as ArrayLike<number>, n, 'yPred', true);
    for (let i = 0; i < n; i++) {
      // Same order as scikit-learn: clip p, build [1 − p, p], renormalise.
      const p = clip(positive[i], eps);
      const q = 1 - p;
      const chosen = index.get(yTrue[i]) === 1 ? p : q;
      total -= Math.log(chosen / (q + p));
    }
  } else {
    const meaning =
      options.labels !== undefined ? `labels: ${formatLabels(classes)}` : `in yTrue: ${formatLabels(classes)}`;
    const matrix = readScoreMatrix(yPred, n, k, 'yPred', meaning, true);
    const { data } = matrix;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += clip(data[i * k + j], eps);
      const chosen = clip(data[i * k + (index.get(yTrue[i]) as number)], eps);
      total -= Math.log(chosen / sum);
    }
  }
  return options.normalize === false ? total : total / n;
}

function clip(p: number, eps: number): number {
  return Math.min(Math.max(p, eps), 1 - eps);
}
