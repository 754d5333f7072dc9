import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Label, MatrixLike } from '../spec/shared/v1/matrix';
import { type BinaryTarget, flagPositive } from './binary-clf-curve';
import { checkLabelOption, checkLabels, checkPosLabel, formatLabel, formatLabels, uniqueLabels } from './labels';
import { rocCurveOf, trapezoid } from './roc-curve';
import { isTwoDimensional, readScoreMatrix, readScores } from './scores';

/** Options of {@link rocAucScore}. */
export interface RocAucScoreOptions {
  /** How to reduce a multiclass problem: `'ovr'` (one-vs-rest, the only one supported). Default `'ovr'`. */
  multiClass?: 'ovr';
  /** How to combine the one-vs-rest scores: unweighted (`'macro'`, default) or weighted by support. */
  average?: 'macro' | 'weighted';
  /**
   * The class of each column of a score matrix, in column order. Defaults to the sorted unique
   * labels of `yTrue`. Unlike scikit-learn, which requires them sorted, any order is accepted.
   */
  labels?: readonly Label[];
  /**
   * The positive class for a one-dimensional `yScore`. Defaults to the greater of the two labels,
   * as scikit-learn.
   */
  posLabel?: Label;
}

const RTOL = 1e-5;
const ATOL = 1e-8;

/**
 * Area under the ROC curve, as scikit-learn's `roc_auc_score`. With one score per sample, the
 * binary AUC of the greater label (or `posLabel`); with one probability column per class, the
 * one-vs-rest AUC averaged over classes (two columns give the binary AUC of the second column).
 * Tied scores count one half, as on the ROC curve.
 * @param yTrue True labels, all strings or all numbers.
 * @param yScore One finite score per sample, or one row of class probabilities per sample (rows of
 * numbers or a `Matrix`) whose rows sum to 1.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when inputs are empty or differ in length; when a
 * score is not finite; when `yTrue` holds a single class, or a class has no samples in the
 * one-vs-rest case; when the columns do not match the classes or a row of probabilities does not
 * sum to 1; when `labels` or `posLabel` are invalid.
 * @example
 * ```ts
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * rocAucScore(['a', 'b', 'c'], [[0.8, 0.1, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6]], { average: 'macro' }); // 1
 * ```
 */
export function rocAucScore(
  yTrue: readonly Label[],
  yScore: ArrayLike<number> | MatrixLike,
  options: RocAucScoreOptions = {},
): number {
  const kind = checkLabels(yTrue, 'yTrue');
  const multiClass = options.multiClass ?? 'ovr';
  if (multiClass !== 'ovr') {
    throw new InvalidArgumentError({
      message: `multiClass is ${JSON.stringify(multiClass)}; only 'ovr' (one-vs-rest) is supported.`,
      field: 'multiClass',
    });
  }
  const average = options.average ?? 'macro';
  if (average !== 'macro' && average !== 'weighted') {
    throw new InvalidArgumentError({
      message: `average is ${JSON.stringify(average)}; use 'macro' or 'weighted'.`,
      field: 'average',
    });
  }
  const present = uniqueLabels(yTrue);

  if (!isTwoDimensional(yScore)) {
    const scores = readScores(yScore as ArrayLike<number>, yTrue.length, 'yScore');
    if (present.length !== 2) {
      throw new InvalidArgumentError({
        message:
          present.length === 1
            ? `yTrue holds a single class (${formatLabel(present[0])}); ROC AUC needs samples of two classes.`
            : `yTrue holds ${present.length} classes; pass one probability column per class as yScore for a multiclass ROC AUC.`,
        field: 'yTrue',
      });
    }
    let posLabel = present[1];
    if (options.posLabel !== undefined) {
      checkPosLabel(options.posLabel, present, kind, true, true);
      posLabel = options.posLabel;
    }
    return binaryAuc({ positive: flagPositive(yTrue, posLabel), scores });
  }

  let classes: readonly Label[] = present;
  if (options.labels !== undefined) {
    checkLabelOption(options.labels, kind);
    classes = options.labels;
    const known = new Set<Label>(classes);
    const unknown = present.filter((label) => !known.has(label));
    if (unknown.length > 0) {
      throw new InvalidArgumentError({
        message: `yTrue holds ${formatLabels(unknown)}, which labels does not list; labels must name every class.`,
        field: 'labels',
      });
    }
  }
  const meaning =
    options.labels !== undefined ? `labels: ${formatLabels(classes)}` : `in yTrue: ${formatLabels(classes)}`;
  const matrix = readScoreMatrix(yScore, yTrue.length, classes.length, 'yScore', meaning, false);
  if (present.length < 2) {
    throw new InvalidArgumentError({
      message: `yTrue holds a single class (${formatLabel(present[0])}); ROC AUC needs samples of two classes.`,
      field: 'yTrue',
    });
  }
  const { rows, cols, data } = matrix;
  const column = (j: number) => {
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) out[i] = data[i * cols + j];
    return out;
  };
  if (cols === 2) {
    return binaryAuc({ positive: flagPositive(yTrue, classes[1]), scores: column(1) });
  }
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += data[i * cols + j];
    // np.allclose(1, sum), as scikit-learn checks before a multiclass AUC.
    if (!(Math.abs(1 - sum) <= ATOL + RTOL * Math.abs(sum))) {
      throw new InvalidArgumentError({
        message: `yScore row ${i} sums to ${sum}; multiclass ROC AUC needs class probabilities that sum to 1 in each row.`,
        field: `yScore[${i}]`,
      });
    }
  }
  let total = 0;
  let weightTotal = 0;
  for (let j = 0; j < cols; j++) {
    const positive = flagPositive(yTrue, classes[j]);
    let support = 0;
    for (let i = 0; i < rows; i++) support += positive[i];
    if (support === 0) {
      throw new InvalidArgumentError({
        message: `Class ${formatLabel(classes[j])} has no samples in yTrue, so its one-vs-rest ROC AUC is undefined; drop it from labels and yScore.`,
        field: 'yTrue',
      });
    }
    const auc = binaryAuc({ positive, scores: column(j) });
    const weight = average === 'weighted' ? support : 1;
    total += auc * weight;
    weightTotal += weight;
  }
  return total / weightTotal;
}

function binaryAuc(target: BinaryTarget): number {
  const { fpr, tpr } = rocCurveOf(target, true);
  return trapezoid(fpr, tpr);
}
