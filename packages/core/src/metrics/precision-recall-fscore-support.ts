import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Label } from '../spec/shared/v1/matrix';
import { checkLabelOption, checkLabelPair, checkPosLabel, formatLabels, labelIndex, uniqueLabels } from './labels';

/**
 * How per-class scores are combined: `'binary'` reports the class `posLabel` only; `'micro'` pools
 * the counts of every class; `'macro'` is the unweighted mean over classes; `'weighted'` weights
 * each class by its support (its number of true samples).
 */
export type MetricAverage = 'binary' | 'micro' | 'macro' | 'weighted';

/** Options of {@link precisionRecallFscoreSupport} and the scores built on it. */
export interface PrecisionRecallFscoreSupportOptions {
  /** Weight of recall in the F-score: `Fβ = (1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp)`. Default 1. */
  beta?: number;
  /** How to combine per-class scores, or `null` for one score per class. Default `'binary'`. */
  average?: MetricAverage | null;
  /**
   * The classes to score, in the order of per-class results; may include classes absent from the
   * data. Ignored when `average` is `'binary'`. Defaults to the sorted unique labels of `yTrue` and
   * `yPred`.
   */
  labels?: readonly Label[];
  /** The class scored when `average` is `'binary'`. Default `1`, as in scikit-learn. */
  posLabel?: Label;
  /**
   * The score given when its denominator is 0 (no predicted samples for precision, no true
   * samples for recall): `0` (default, scikit-learn's `"warn"` without the warning), `1` or `NaN`
   * (`NaN` scores are then left out of averages).
   */
  zeroDivision?: number;
}

/** Per-class result of {@link precisionRecallFscoreSupport} (with `average: null`). */
export interface PerClassScores {
  /** The classes, in the order of the other arrays. */
  labels: Label[];
  /** Precision of each class: `tp / (tp + fp)`. */
  precision: number[];
  /** Recall of each class: `tp / (tp + fn)`. */
  recall: number[];
  /** F-beta score of each class. */
  fscore: number[];
  /** Number of true samples of each class. */
  support: number[];
}

/** Averaged result of {@link precisionRecallFscoreSupport}. */
export interface AveragedScores {
  /** Averaged precision. */
  precision: number;
  /** Averaged recall. */
  recall: number;
  /** Averaged F-beta score. */
  fscore: number;
  /**
   * Number of true samples of the classes scored (scikit-learn returns `None` here; the total is
   * given because it costs nothing and the classification report needs it).
   */
  support: number;
}

const AVERAGES: readonly (MetricAverage | null)[] = ['binary', 'micro', 'macro', 'weighted', null];

/**
 * Precision, recall, F-beta score and support, as scikit-learn's `precision_recall_fscore_support`.
 * @param yTrue True labels, all strings or all numbers.
 * @param yPred Predicted labels, one per sample, of the same kind.
 * @param options `average: null` gives one score per class.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the arrays are empty, differ in length or
 * mix strings and numbers; when `average` is `'binary'` but there are more than two labels, or
 * `posLabel` is not one of the two labels (string labels need an explicit `posLabel`); when
 * `beta` is negative, `zeroDivision` is not 0, 1 or NaN, or `labels` is invalid.
 * @example
 * ```ts
 * const { precision, recall, fscore } = precisionRecallFscoreSupport(
 *   ['a', 'b', 'c', 'a'],
 *   ['a', 'b', 'b', 'a'],
 *   { average: 'macro' },
 * );
 * ```
 */
export function precisionRecallFscoreSupport(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: PrecisionRecallFscoreSupportOptions & { average: null },
): PerClassScores;
/**
 * Precision, recall, F-beta score and support combined over classes (`average` other than `null`).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT as described on the per-class signature.
 */
export function precisionRecallFscoreSupport(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options?: PrecisionRecallFscoreSupportOptions & { average?: MetricAverage },
): AveragedScores;
/**
 * Precision, recall, F-beta score and support, per class or averaged depending on `average`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT as described on the per-class signature.
 */
export function precisionRecallFscoreSupport(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options?: PrecisionRecallFscoreSupportOptions,
): PerClassScores | AveragedScores;
export function precisionRecallFscoreSupport(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: PrecisionRecallFscoreSupportOptions = {},
): PerClassScores | AveragedScores {
  const kind = checkLabelPair(yTrue, yPred);
  const average = options.average === undefined ? 'binary' : options.average;
  if (!AVERAGES.includes(average)) {
    throw new InvalidArgumentError({
      message: `average is ${JSON.stringify(average)}; use 'binary', 'micro', 'macro', 'weighted' or null.`,
      field: 'average',
    });
  }
  const beta = options.beta ?? 1;
  if (typeof beta !== 'number' || !(beta >= 0)) {
    throw new InvalidArgumentError({ message: `beta is ${beta}; it must be a number ≥ 0.`, field: 'beta' });
  }
  const zeroDivision = options.zeroDivision ?? 0;
  if (!(zeroDivision === 0 || zeroDivision === 1 || Number.isNaN(zeroDivision))) {
    throw new InvalidArgumentError({
      message: `zeroDivision is ${zeroDivision}; use 0, 1 or NaN.`,
      field: 'zeroDivision',
    });
  }

  const present = uniqueLabels(yTrue, yPred);
  let labels: readonly Label[];
  if (average === 'binary') {
    if (present.length > 2) {
      throw new InvalidArgumentError({
        message: `yTrue and yPred hold ${present.length} labels (${formatLabels(present)}) but average is 'binary'; choose average 'macro', 'micro', 'weighted' or null.`,
        field: 'average',
      });
    }
    const posLabel = options.posLabel ?? 1;
    // As scikit-learn: an absent posLabel is only an error when two labels are present, otherwise
    // the data simply holds no positive samples.
    checkPosLabel(posLabel, present, kind, present.length === 2, options.posLabel !== undefined);
    labels = [posLabel];
  } else if (options.labels !== undefined) {
    checkLabelOption(options.labels, kind);
    labels = options.labels;
  } else {
    labels = present;
  }

  const counts = countPerClass(yTrue, yPred, labels);
  if (average === 'micro') {
    const total = (values: Float64Array) => values.reduce((sum, value) => sum + value, 0);
    const scores = scoreCounts(
      Float64Array.of(total(counts.tp)),
      Float64Array.of(total(counts.predicted)),
      Float64Array.of(total(counts.actual)),
      beta,
      zeroDivision,
    );
    return {
      precision: scores.precision[0],
      recall: scores.recall[0],
      fscore: scores.fscore[0],
      support: total(counts.actual),
    };
  }
  const scores = scoreCounts(counts.tp, counts.predicted, counts.actual, beta, zeroDivision);
  if (average === null) {
    return {
      labels: [...labels],
      precision: Array.from(scores.precision),
      recall: Array.from(scores.recall),
      fscore: Array.from(scores.fscore),
      support: Array.from(counts.actual),
    };
  }
  const weights = average === 'weighted' ? counts.actual : undefined;
  return {
    precision: nanAverage(scores.precision, weights),
    recall: nanAverage(scores.recall, weights),
    fscore: nanAverage(scores.fscore, weights),
    support: counts.actual.reduce((sum, value) => sum + value, 0),
  };
}

interface ClassCounts {
  tp: Float64Array;
  predicted: Float64Array;
  actual: Float64Array;
}

function countPerClass(yTrue: readonly Label[], yPred: readonly Label[], labels: readonly Label[]): ClassCounts {
  const index = labelIndex(labels);
  const tp = new Float64Array(labels.length);
  const predicted = new Float64Array(labels.length);
  const actual = new Float64Array(labels.length);
  for (let i = 0; i < yTrue.length; i++) {
    const trueIndex = index.get(yTrue[i]);
    const predIndex = index.get(yPred[i]);
    if (trueIndex !== undefined) {
      actual[trueIndex]++;
      if (trueIndex === predIndex) tp[trueIndex]++;
    }
    if (predIndex !== undefined) predicted[predIndex]++;
  }
  return { tp, predicted, actual };
}

function scoreCounts(
  tp: Float64Array,
  predicted: Float64Array,
  actual: Float64Array,
  beta: number,
  zeroDivision: number,
) {
  const k = tp.length;
  const precision = new Float64Array(k);
  const recall = new Float64Array(k);
  const fscore = new Float64Array(k);
  const beta2 = beta * beta;
  for (let j = 0; j < k; j++) {
    precision[j] = predicted[j] === 0 ? zeroDivision : tp[j] / predicted[j];
    recall[j] = actual[j] === 0 ? zeroDivision : tp[j] / actual[j];
    if (beta === Number.POSITIVE_INFINITY) {
      fscore[j] = recall[j];
    } else {
      // scikit-learn ≥ 1.3 computes F from the counts, so F is 0 (not zeroDivision) when only
      // one of precision and recall is undefined.
      const denominator = beta2 * actual[j] + predicted[j];
      fscore[j] = denominator === 0 ? zeroDivision : ((1 + beta2) * tp[j]) / denominator;
    }
  }
  return { precision, recall, fscore };
}

/** scikit-learn's `_nanaverage`: NaN entries are left out, and all-zero weights fall back to the plain mean. */
function nanAverage(values: Float64Array, weights: Float64Array | undefined): number {
  let sum = 0;
  let weightedSum = 0;
  let weightTotal = 0;
  let count = 0;
  for (let j = 0; j < values.length; j++) {
    if (Number.isNaN(values[j])) continue;
    sum += values[j];
    count++;
    if (weights) {
      weightedSum += values[j] * weights[j];
      weightTotal += weights[j];
    }
  }
  if (count === 0) return Number.NaN;
  if (weights && weightTotal > 0) return weightedSum / weightTotal;
  return sum / count;
}

/** Options of {@link precisionScore}, {@link recallScore} and {@link f1Score}. */
export type ScoreOptions = Omit<PrecisionRecallFscoreSupportOptions, 'beta'>;

/**
 * Precision `tp / (tp + fp)`, as scikit-learn's `precision_score`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link precisionRecallFscoreSupport}.
 * @example
 * ```ts
 * precisionScore([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 * ```
 */
export function precisionScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ScoreOptions & { average: null },
): number[];
/** Precision combined over classes. @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link precisionRecallFscoreSupport}. */
export function precisionScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options?: ScoreOptions & { average?: MetricAverage },
): number;
/** Precision per class or combined. @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link precisionRecallFscoreSupport}. */
export function precisionScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options?: ScoreOptions,
): number | number[];
export function precisionScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ScoreOptions = {},
): number | number[] {
  return precisionRecallFscoreSupport(yTrue, yPred, { ...options, beta: 1 }).precision;
}

/**
 * Recall `tp / (tp + fn)`, as scikit-learn's `recall_score`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link precisionRecallFscoreSupport}.
 * @example
 * ```ts
 * recallScore([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 * ```
 */
export function recallScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ScoreOptions & { average: null },
): number[];
/** Recall combined over classes. @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link precisionRecallFscoreSupport}. */
export function recallScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options?: ScoreOptions & { average?: MetricAverage },
): number;
/** Recall per class or combined. @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link precisionRecallFscoreSupport}. */
export function recallScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options?: ScoreOptions,
): number | number[];
export function recallScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ScoreOptions = {},
): number | number[] {
  return precisionRecallFscoreSupport(yTrue, yPred, { ...options, beta: 1 }).recall;
}

/**
 * F1 score, the harmonic mean of precision and recall, as scikit-learn's `f1_score`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link precisionRecallFscoreSupport}.
 * @example
 * ```ts
 * f1Score(['a', 'b', 'a'], ['a', 'b', 'b'], { average: 'macro' }); // 0.666…
 * ```
 */
export function f1Score(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ScoreOptions & { average: null },
): number[];
/** F1 combined over classes. @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link precisionRecallFscoreSupport}. */
export function f1Score(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options?: ScoreOptions & { average?: MetricAverage },
): number;
/** F1 per class or combined. @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link precisionRecallFscoreSupport}. */
export function f1Score(yTrue: readonly Label[], yPred: readonly Label[], options?: ScoreOptions): number | number[];
export function f1Score(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ScoreOptions = {},
): number | number[] {
  return precisionRecallFscoreSupport(yTrue, yPred, { ...options, beta: 1 }).fscore;
}

/** Options of {@link fbetaScore}: those of {@link precisionScore} plus the required `beta`. */
export type FbetaScoreOptions = ScoreOptions & {
  /** Weight of recall, ≥ 0: `beta > 1` favours recall, `beta < 1` precision (`Infinity` gives recall, `0` precision). */
  beta: number;
};

/**
 * F-beta score, as scikit-learn's `fbeta_score`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link precisionRecallFscoreSupport}.
 * @example
 * ```ts
 * fbetaScore([0, 1, 1, 1], [1, 1, 1, 0], { beta: 2 }); // 0.666…
 * ```
 */
export function fbetaScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: FbetaScoreOptions & { average: null },
): number[];
/** F-beta combined over classes. @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link precisionRecallFscoreSupport}. */
export function fbetaScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: FbetaScoreOptions & { average?: MetricAverage },
): number;
/** F-beta per class or combined. @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link precisionRecallFscoreSupport}. */
export function fbetaScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: FbetaScoreOptions,
): number | number[];
export function fbetaScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: FbetaScoreOptions,
): number | number[] {
  if (options == null || options.beta === undefined) {
    throw new InvalidArgumentError({ message: 'beta is required; pass options.beta (≥ 0).', field: 'beta' });
  }
  return precisionRecallFscoreSupport(yTrue, yPred, options).fscore;
}
