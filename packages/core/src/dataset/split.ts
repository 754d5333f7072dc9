import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkLabels, compareLabels, formatLabel } from '../metrics/labels';
import { SeededRandom } from '../numeric/random';
import type { Label } from '../spec/shared/v1/matrix';

/** Options of {@link splitIndices} and {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /**
   * The test share: a fraction in (0, 1) or a row count (integer ≥ 1). Default: the complement of
   * `trainSize`, or 0.25 when neither is given (sklearn's default).
   */
  readonly testSize?: number;
  /** The train share, as a fraction in (0, 1) or a row count; default: every row not in test. */
  readonly trainSize?: number;
  /** Seed of the shuffle; the same seed gives the same split on every machine. Default 0. */
  readonly seed?: number;
  /** Whether to shuffle before splitting (default `true`); stratification needs it. */
  readonly shuffle?: boolean;
}

/** Row indices of a train/test split. */
export interface SplitIndices {
  /** Train row indices, in shuffled order (in row order without shuffle). */
  readonly train: Int32Array;
  /** Test row indices, in shuffled order (in row order without shuffle). */
  readonly test: Int32Array;
}

function sizeOf(value: number | undefined, n: number, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new InvalidArgumentError({
      message: `${field} must be a fraction in (0, 1) or a row count ≥ 1, got ${value}.`,
      field,
    });
  }
  if (value < 1) return value;
  if (!Number.isInteger(value) || value >= n) {
    throw new InvalidArgumentError({
      message: `${field} = ${value} must be a whole number of rows below the ${n} available, or a fraction in (0, 1).`,
      field,
    });
  }
  return value;
}

/** Train and test counts with sklearn's rounding: test rounds up, train rounds down. */
function splitCounts(n: number, options: TrainTestSplitOptions): { nTrain: number; nTest: number } {
  const testSize = sizeOf(options.testSize, n, 'testSize');
  const trainSize = sizeOf(options.trainSize, n, 'trainSize');
  const count = (size: number, round: (x: number) => number): number => (size < 1 ? round(size * n) : size);
  const requestedTrain = trainSize === undefined ? undefined : count(trainSize, Math.floor);
  const nTest =
    testSize !== undefined
      ? count(testSize, Math.ceil)
      : requestedTrain !== undefined
        ? n - requestedTrain
        : Math.ceil(0.25 * n);
  const nTrain = requestedTrain ?? n - nTest;
  if (nTrain + nTest > n) {
    throw new InvalidArgumentError({
      message: `trainSize + testSize asks for ${nTrain} + ${nTest} rows but there are only ${n}.`,
      field: 'trainSize',
    });
  }
  if (nTrain < 1 || nTest < 1) {
    throw new InvalidArgumentError({
      message: `With ${n} rows this split leaves ${nTrain} train and ${nTest} test rows; each side needs at least one. Adjust testSize or trainSize.`,
      field: 'testSize',
    });
  }
  return { nTrain, nTest };
}

/**
 * Distinct labels and, for each row, its class index: classes in np.unique order, or in order of
 * first appearance (`sorted: false`, what StratifiedKFold's allocation depends on).
 */
function encodeClasses(
  labels: readonly Label[],
  field: string,
  sorted = true,
): { classes: Label[]; codes: Int32Array; counts: number[] } {
  checkLabels(labels, field);
  const classes = [...new Set(labels)];
  if (sorted) classes.sort(compareLabels);
  const index = new Map(classes.map((label, i) => [label, i]));
  const codes = new Int32Array(labels.length);
  const counts = new Array<number>(classes.length).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const code = index.get(labels[i]) as number;
    codes[i] = code;
    counts[code]++;
  }
  return { classes, codes, counts };
}

/**
 * sklearn's `_approximate_mode`: the per-class draw counts closest to the class proportions that sum
 * to `nDraws`; leftover draws go to the largest remainders, ties broken at random.
 */
function approximateMode(counts: readonly number[], nDraws: number, rng: SeededRandom): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let need = nDraws - floored.reduce((a, b) => a + b, 0);
  const remainders = continuous.map((c, i) => c - floored[i]);
  const distinct = [...new Set(remainders)].sort((a, b) => b - a);
  for (const value of distinct) {
    if (need <= 0) break;
    const tied = remainders.flatMap((r, i) => (r === value ? [i] : []));
    const take = Math.min(tied.length, need);
    for (const k of rng.sampleWithoutReplacement(tied.length, take)) floored[tied[k]]++;
    need -= take;
  }
  return floored;
}

/**
 * Row indices of a seeded train/test split of `n` rows, stratified when `stratify` (one label per
 * row) is given: each class keeps its share on both sides, as sklearn's `StratifiedShuffleSplit`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for sizes that leave a side empty, stratifying
 *   without shuffling, a class with fewer than 2 rows, or fewer rows on a side than classes.
 * @example
 * const { train, test } = splitIndices(100, { testSize: 0.2, seed: 7 });
 */
export function splitIndices(
  n: number,
  options: TrainTestSplitOptions = {},
  stratify?: readonly Label[],
): SplitIndices {
  if (!Number.isInteger(n) || n < 2) {
    throw new InvalidArgumentError({ message: `A train/test split needs at least 2 rows, got ${n}.`, field: 'n' });
  }
  const { nTrain, nTest } = splitCounts(n, options);
  const shuffle = options.shuffle ?? true;
  const seed = options.seed ?? 0;
  if (!shuffle) {
    if (stratify) {
      throw new InvalidArgumentError({
        message: 'A stratified split must shuffle; drop shuffle: false.',
        field: 'shuffle',
      });
    }
    return {
      train: Int32Array.from({ length: nTrain }, (_, i) => i),
      test: Int32Array.from({ length: nTest }, (_, i) => nTrain + i),
    };
  }
  const rng = new SeededRandom(seed);
  if (!stratify) {
    const order = rng.permutation(n);
    return { train: order.slice(nTest, nTest + nTrain), test: order.slice(0, nTest) };
  }
  if (stratify.length !== n) {
    throw new InvalidArgumentError({
      message: `stratify has ${stratify.length} labels for ${n} rows.`,
      field: 'stratify',
    });
  }
  const { classes, codes, counts } = encodeClasses(stratify, 'stratify');
  const rare = counts.findIndex((count) => count < 2);
  if (rare >= 0) {
    throw new InvalidArgumentError({
      message: `Class ${formatLabel(classes[rare])} has only ${counts[rare]} row; a stratified split needs at least 2 per class.`,
      field: 'stratify',
    });
  }
  if (nTrain < classes.length || nTest < classes.length) {
    throw new InvalidArgumentError({
      message: `${nTrain} train and ${nTest} test rows cannot hold all ${classes.length} classes; both sides need at least one row per class.`,
      field: 'testSize',
    });
  }
  const trainCounts = approximateMode(counts, nTrain, rng);
  const testCounts = approximateMode(
    counts.map((c, i) => c - trainCounts[i]),
    nTest,
    rng,
  );
  const members: number[][] = classes.map(() => []);
  for (let i = 0; i < n; i++) members[codes[i]].push(i);
  const train: number[] = [];
  const test: number[] = [];
  for (let k = 0; k < classes.length; k++) {
    const order = rng.permutation(members[k].length);
    for (let j = 0; j < trainCounts[k]; j++) train.push(members[k][order[j]]);
    for (let j = trainCounts[k]; j < trainCounts[k] + testCounts[k]; j++) test.push(members[k][order[j]]);
  }
  return { train: rng.shuffle(Int32Array.from(train)), test: rng.shuffle(Int32Array.from(test)) };
}

/** Options of {@link stratifiedKFoldIndices}. */
export interface StratifiedKFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  readonly nSplits?: number;
  /** Whether to shuffle each class before assigning folds (default `false`, as sklearn). */
  readonly shuffle?: boolean;
  /** Seed of the shuffle (default 0); ignored without shuffle. */
  readonly seed?: number;
}

/**
 * Stratified k-fold row indices, as sklearn's `StratifiedKFold`: rows are dealt to folds class by
 * class so every fold holds each class in proportion (sizes differ by at most one per class).
 * Each row is in exactly one test fold.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when `nSplits` is not an integer ≥ 2 or exceeds
 *   the size of every class.
 * @example
 * for (const { train, test } of stratifiedKFoldIndices(labels, { nSplits: 5 })) { … }
 */
export function stratifiedKFoldIndices(labels: readonly Label[], options: StratifiedKFoldOptions = {}): SplitIndices[] {
  const nSplits = options.nSplits ?? 5;
  if (!Number.isInteger(nSplits) || nSplits < 2) {
    throw new InvalidArgumentError({ message: `nSplits must be an integer ≥ 2, got ${nSplits}.`, field: 'nSplits' });
  }
  // sklearn numbers classes in order of first appearance here, which decides the allocation.
  const { classes, codes, counts } = encodeClasses(labels, 'labels', false);
  const n = labels.length;
  if (Math.max(...counts) < nSplits) {
    throw new InvalidArgumentError({
      message: `nSplits = ${nSplits} is more than the number of rows in every class (largest: ${Math.max(...counts)}).`,
      field: 'nSplits',
    });
  }
  // sklearn's allocation: deal the class-sorted labels round-robin to folds, count per fold.
  const sortedCodes = Int32Array.from(codes).sort();
  const allocation = Array.from({ length: nSplits }, () => new Array<number>(classes.length).fill(0));
  for (let i = 0; i < n; i++) allocation[i % nSplits][sortedCodes[i]]++;
  const rng = new SeededRandom(options.seed ?? 0);
  const foldOf = new Int32Array(n);
  const members: number[][] = classes.map(() => []);
  for (let i = 0; i < n; i++) members[codes[i]].push(i);
  for (let k = 0; k < classes.length; k++) {
    const folds: number[] = [];
    for (let f = 0; f < nSplits; f++) for (let c = 0; c < allocation[f][k]; c++) folds.push(f);
    if (options.shuffle) rng.shuffle(folds);
    members[k].forEach((row, j) => {
      foldOf[row] = folds[j];
    });
  }
  return Array.from({ length: nSplits }, (_, f) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? test : train).push(i);
    return { train: Int32Array.from(train), test: Int32Array.from(test) };
  });
}
