import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Label } from '../spec/shared/v1/matrix';
import { checkLabels, checkPosLabel, formatLabels, type LabelKind, uniqueLabels } from './labels';
import { readScores } from './scores';

/**
 * Cumulative counts at each distinct score, highest first, as scikit-learn's `_binary_clf_curve`:
 * entry `k` counts the samples scored `≥ thresholds[k]`.
 */
export interface BinaryClfCurve {
  /** False positives at each threshold. */
  fps: Float64Array;
  /** True positives at each threshold. */
  tps: Float64Array;
  /** The distinct scores, decreasing. */
  thresholds: Float64Array;
}

/** A binary target: a 0/1 flag and a finite score per sample. */
export interface BinaryTarget {
  /** 1 for a sample of the positive class. */
  positive: Uint8Array;
  /** The score of each sample. */
  scores: Float64Array;
}

/**
 * Counts true and false positives at every distinct score, O(n log n).
 */
export function binaryClfCurve(target: BinaryTarget): BinaryClfCurve {
  const { positive, scores } = target;
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += positive[i];
  // Sorting the scores of each class on its own uses the native numeric sort of Float64Array,
  // several times faster than sorting an index array with a comparator; walking both from the top
  // then visits the distinct scores in decreasing order. Ties across classes fall on the same
  // threshold, as in scikit-learn.
  const pos = new Float64Array(positives);
  const neg = new Float64Array(n - positives);
  for (let i = 0, p = 0, q = 0; i < n; i++) {
    if (positive[i]) pos[p++] = scores[i];
    else neg[q++] = scores[i];
  }
  pos.sort();
  neg.sort();
  const fps = new Float64Array(n);
  const tps = new Float64Array(n);
  const thresholds = new Float64Array(n);
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  let m = 0;
  while (i >= 0 || j >= 0) {
    const threshold = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    while (i >= 0 && pos[i] === threshold) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === threshold) {
      fp++;
      j--;
    }
    tps[m] = tp;
    fps[m] = fp;
    thresholds[m] = threshold;
    m++;
  }
  return { fps: fps.slice(0, m), tps: tps.slice(0, m), thresholds: thresholds.slice(0, m) };
}

/**
 * Picks the positive class of a curve as scikit-learn's `_check_pos_label_consistency`: the given
 * `posLabel` (which must occur in `yTrue`), else `1` when the labels are a subset of {0, 1} or
 * {−1, 1}.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming `posLabel` otherwise.
 */
export function resolvePosLabel(classes: readonly Label[], kind: LabelKind, posLabel: Label | undefined): Label {
  if (posLabel !== undefined) {
    checkPosLabel(posLabel, classes, kind, true, true);
    return posLabel;
  }
  if (
    kind === 'number' &&
    (classes.every((label) => label === 0 || label === 1) || classes.every((label) => label === -1 || label === 1))
  ) {
    return 1;
  }
  throw new InvalidArgumentError({
    message: `yTrue takes the values ${formatLabels(classes)} and posLabel is not given; pass posLabel as one of them, or use labels 0/1 or -1/1.`,
    field: 'posLabel',
  });
}

/**
 * Checks `yTrue` and one score per sample, and flags the samples of the positive class.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty or mismatched inputs, non-finite
 * scores, or a `posLabel` that cannot be resolved.
 */
export function readBinaryTarget(
  yTrue: readonly Label[],
  yScore: ArrayLike<number>,
  posLabel: Label | undefined,
  scoreName = 'yScore',
  probability = false,
): BinaryTarget & { posLabel: Label; classes: Label[] } {
  const kind = checkLabels(yTrue, 'yTrue');
  const scores = readScores(yScore, yTrue.length, scoreName, probability);
  const classes = uniqueLabels(yTrue);
  const resolved = resolvePosLabel(classes, kind, posLabel);
  return { positive: flagPositive(yTrue, resolved), scores, posLabel: resolved, classes };
}

/** 1 where `yTrue` equals `posLabel`. */
export function flagPositive(yTrue: readonly Label[], posLabel: Label): Uint8Array {
  const positive = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) positive[i] = yTrue[i] === posLabel ? 1 : 0;
  return positive;
}
