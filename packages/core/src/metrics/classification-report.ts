import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Label } from '../spec/shared/v1/matrix';
import { accuracyScore } from './accuracy-score';
import { checkLabelOption, checkLabelPair, uniqueLabels } from './labels';
import { type MetricAverage, precisionRecallFscoreSupport } from './precision-recall-fscore-support';

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /** The classes to report, in row order. Defaults to the sorted unique labels of `yTrue` and `yPred`. */
  labels?: readonly Label[];
  /** Display names of the classes, one per label, used as row names and `perClass` keys. */
  targetNames?: readonly string[];
  /** Decimal places in `text`. Default 2. */
  digits?: number;
  /** The score given when its denominator is 0: 0 (default), 1 or NaN. */
  zeroDivision?: number;
}

/** One row of a {@link ClassificationReport}. */
export interface ClassificationReportRow {
  /** Precision. */
  precision: number;
  /** Recall. */
  recall: number;
  /** F1 score. */
  f1: number;
  /** Number of true samples. */
  support: number;
}

/** The result of {@link classificationReport}. */
export interface ClassificationReport {
  /** Scores of each class, keyed by its label (as a string) or its target name. */
  perClass: Record<string, ClassificationReportRow>;
  /** Share of correctly predicted samples, over all samples. */
  accuracy: number;
  /**
   * Micro-averaged scores, given only when `labels` leaves out some label of the data (otherwise
   * they all equal `accuracy`, which the report shows instead).
   */
  microAvg?: ClassificationReportRow;
  /** Unweighted mean over classes. */
  macroAvg: ClassificationReportRow;
  /** Mean over classes weighted by support. */
  weightedAvg: ClassificationReportRow;
  /** The report as scikit-learn's `classification_report` prints it. */
  text: string;
}

/**
 * Precision, recall, F1 and support per class with their averages, as scikit-learn's
 * `classification_report`, both as numbers and as its text table.
 * @param yTrue True labels, all strings or all numbers.
 * @param yPred Predicted labels, one per sample, of the same kind.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the arrays are empty, differ in length or
 * mix strings and numbers; when `labels` is invalid; when `targetNames` does not have one name
 * per label; when `digits` is not a whole number in [0, 20].
 * @example
 * ```ts
 * const report = classificationReport(['ham', 'spam', 'ham'], ['ham', 'spam', 'spam']);
 * console.log(report.text);
 * report.perClass.spam.precision; // 0.5
 * ```
 */
export function classificationReport(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const kind = checkLabelPair(yTrue, yPred);
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new InvalidArgumentError({
      message: `digits is ${digits}; it must be a whole number in [0, 20].`,
      field: 'digits',
    });
  }
  const present = uniqueLabels(yTrue, yPred);
  let labels: readonly Label[] = present;
  if (options.labels !== undefined) {
    checkLabelOption(options.labels, kind);
    labels = options.labels;
  }
  const names = options.targetNames ?? labels.map(String);
  if (!Array.isArray(names) || names.length !== labels.length) {
    throw new InvalidArgumentError({
      message: `targetNames has ${Array.isArray(names) ? names.length : 'no'} names but there are ${labels.length} labels; give one name per label.`,
      field: 'targetNames',
    });
  }
  const zeroDivision = options.zeroDivision ?? 0;
  const perClassScores = precisionRecallFscoreSupport(yTrue, yPred, { labels, average: null, zeroDivision });
  const rowOf = (average: Exclude<MetricAverage, 'binary'>): ClassificationReportRow => {
    const scores = precisionRecallFscoreSupport(yTrue, yPred, { labels, average, zeroDivision });
    return { precision: scores.precision, recall: scores.recall, f1: scores.fscore, support: scores.support };
  };
  const listed = new Set<Label>(labels);
  const microIsAccuracy = present.every((label) => listed.has(label));

  const rows = names.map(
    (_, j): ClassificationReportRow => ({
      precision: perClassScores.precision[j],
      recall: perClassScores.recall[j],
      f1: perClassScores.fscore[j],
      support: perClassScores.support[j],
    }),
  );
  // fromEntries defines own properties, so a label such as "__proto__" is kept as data.
  const perClass: Record<string, ClassificationReportRow> = Object.fromEntries(names.map((name, j) => [name, rows[j]]));
  const microAvg = rowOf('micro');
  const macroAvg = rowOf('macro');
  const weightedAvg = rowOf('weighted');

  // Layout of scikit-learn's text report: right-aligned columns 9 wide, names as wide as the
  // longest of them and "weighted avg".
  const width = Math.max(...names.map(codePointLength), 'weighted avg'.length, digits);
  const cell = (value: string) => ` ${padStart(value, 9)}`;
  const line = (name: string, row: ClassificationReportRow) =>
    `${padStart(name, width)} ${cell(formatFixed(row.precision, digits))}${cell(formatFixed(row.recall, digits))}${cell(formatFixed(row.f1, digits))}${cell(String(row.support))}\n`;
  let text = `${' '.repeat(width)} ${['precision', 'recall', 'f1-score', 'support'].map(cell).join('')}\n\n`;
  names.forEach((name, j) => {
    text += line(name, rows[j]);
  });
  text += '\n';
  if (microIsAccuracy) {
    text += `${padStart('accuracy', width)} ${cell('')}${cell('')}${cell(formatFixed(microAvg.f1, digits))}${cell(String(microAvg.support))}\n`;
  } else {
    text += line('micro avg', microAvg);
  }
  text += line('macro avg', macroAvg);
  text += line('weighted avg', weightedAvg);

  return {
    perClass,
    accuracy: accuracyScore(yTrue, yPred),
    ...(microIsAccuracy ? {} : { microAvg }),
    macroAvg,
    weightedAvg,
    text,
  };
}

function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

// Python's str.format pads by code points, not UTF-16 units.
function padStart(text: string, width: number): string {
  const missing = width - codePointLength(text);
  return missing > 0 ? ' '.repeat(missing) + text : text;
}

/**
 * `value` with `digits` decimals as Python's `'{:.{digits}f}'` prints it. `toFixed` already uses
 * the exact binary value; the two differ only on exact halves, which Python rounds to even and
 * `toFixed` away from zero.
 */
export function formatFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const magnitude = Math.abs(value);
  // An exact half at `digits` decimals is an odd multiple of 2^−(digits+1); the scaling is exact.
  const scaled = magnitude * 2 ** (digits + 1);
  if (Number.isInteger(scaled) && scaled % 2 === 1) {
    // magnitude · 10^digits = scaled · 5^digits / 2 exactly; keep the even neighbour.
    const twice = BigInt(scaled) * 5n ** BigInt(digits);
    let units = (twice - 1n) / 2n;
    if (units % 2n === 1n) units += 1n;
    const text = units.toString().padStart(digits + 1, '0');
    const point = text.length - digits;
    return sign + text.slice(0, point) + (digits > 0 ? `.${text.slice(point)}` : '');
  }
  return sign + magnitude.toFixed(digits);
}
