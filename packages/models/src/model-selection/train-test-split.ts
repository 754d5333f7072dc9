import {
  type TrainTestSplitOptions as CoreSplitOptions,
  type CsrMatrix,
  csrSelectRows,
  InvalidArgumentError,
  isCsrMatrix,
  isMatrix,
  type Label,
  type Matrix,
  selectRows,
  splitIndices,
} from '@mloop/core';

/** What {@link trainTestSplit} and {@link crossValidate} can cut by rows. */
export type RowsInput = Matrix | CsrMatrix | readonly string[] | ReadonlyArray<ArrayLike<number>> | RowTakingDataset;

/** A dataset with `take(indices)` (core's `Dataset`). */
export interface RowTakingDataset {
  /** Row count. */
  readonly nRows: number;
  /** The rows at `indices`, as a new dataset. */
  take(indices: ArrayLike<number>): unknown;
}

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions extends CoreSplitOptions {
  /**
   * Keep class shares equal on both sides: `true` stratifies on `y`, or pass the labels to
   * stratify on (sklearn's `stratify=`).
   */
  readonly stratify?: boolean | readonly Label[];
}

/** The two sides of a split, with the row indices taken. */
export interface TrainTestSplit<Input> {
  /** Training rows. */
  readonly xTrain: Input;
  /** Test rows. */
  readonly xTest: Input;
  /** Training labels (when `y` was given). */
  readonly yTrain: Label[] | undefined;
  /** Test labels (when `y` was given). */
  readonly yTest: Label[] | undefined;
  /** Positions of the training rows in the input. */
  readonly trainIndices: Int32Array;
  /** Positions of the test rows in the input. */
  readonly testIndices: Int32Array;
}

/** The number of rows of any {@link RowsInput}. */
export function rowCountOf(x: RowsInput): number {
  if (isCsrMatrix(x) || isMatrix(x)) return x.rows;
  if (Array.isArray(x)) return x.length;
  const dataset = x as RowTakingDataset;
  if (typeof dataset.take === 'function' && Number.isInteger(dataset.nRows)) return dataset.nRows;
  throw new InvalidArgumentError({
    message: 'x must be a Matrix, a CSR matrix, an array of rows or documents, or a Dataset.',
    field: 'x',
  });
}

/** The rows of `x` at `indices`, in the same representation as `x`. */
export function takeRowsOf<Input extends RowsInput>(x: Input, indices: ArrayLike<number>): Input {
  if (isCsrMatrix(x)) return csrSelectRows(x, indices) as Input;
  if (isMatrix(x)) return selectRows(x, indices) as Input;
  if (Array.isArray(x)) return Array.from(indices, (i) => x[i]) as unknown as Input;
  return (x as RowTakingDataset).take(indices) as Input;
}

/**
 * A seeded train/test split of rows (and labels), stratified on request — scikit-learn's
 * `train_test_split` for matrices, CSR matrices, documents and datasets. Sizes round as sklearn
 * (test up, train down); the shuffle comes from `seed` (default 0), so it is reproducible, though
 * not the same permutation as numpy's. For a `Dataset` split by column name, core's
 * `trainTestSplit(dataset, { stratify: 'label' })` does the same.
 *
 * @example
 * ```ts
 * import { trainTestSplit } from '@mloop/models';
 *
 * const { xTrain, xTest, yTrain, yTest } = trainTestSplit(texts, labels, { testSize: 0.2, stratify: true, seed: 42 });
 * ```
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for sizes that leave a side empty, a label count
 *   that differs from the row count, or a class too small to stratify.
 */
export function trainTestSplit<Input extends RowsInput>(
  x: Input,
  y?: readonly Label[],
  options: TrainTestSplitOptions = {},
): TrainTestSplit<Input> {
  const n = rowCountOf(x);
  if (y !== undefined && y.length !== n) {
    throw new InvalidArgumentError({ message: `y has ${y.length} labels for ${n} rows.`, field: 'y' });
  }
  const { stratify, ...sizes } = options;
  let labels: readonly Label[] | undefined;
  if (stratify === true) {
    if (y === undefined) {
      throw new InvalidArgumentError({ message: 'stratify: true needs y; pass the labels.', field: 'stratify' });
    }
    labels = y;
  } else if (Array.isArray(stratify)) {
    labels = stratify;
  }
  const { train, test } = splitIndices(n, sizes, labels);
  return {
    xTrain: takeRowsOf(x, train),
    xTest: takeRowsOf(x, test),
    yTrain: y ? Array.from(train, (i) => y[i]) : undefined,
    yTest: y ? Array.from(test, (i) => y[i]) : undefined,
    trainIndices: train,
    testIndices: test,
  };
}
