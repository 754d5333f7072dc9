import { InvalidArgumentError, type Matrix, type MatrixLike, toMatrix } from '@mloop/core';

/** Options of {@link checkMatrix}. */
export interface CheckMatrixOptions {
  /** The estimator class, for messages. */
  readonly estimator: string;
  /** The argument name, for messages and `field`. */
  readonly name?: string;
  /** When set, the column count the input must have (the training feature count). */
  readonly nFeatures?: number;
  /** Whether NaN is accepted (±Infinity never is). */
  readonly allowNaN?: boolean;
  /** Smallest row count accepted (default 1). */
  readonly minRows?: number;
}

/**
 * Converts and validates a numeric input once, at the API boundary: not empty, the expected
 * feature count, only finite values (NaN only when allowed).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the row and column of the first problem.
 */
export function checkMatrix(input: MatrixLike, options: CheckMatrixOptions): Matrix {
  const name = options.name ?? 'x';
  const matrix = toMatrix(input, name);
  const minRows = options.minRows ?? 1;
  if (matrix.rows < minRows || matrix.cols === 0) {
    throw new InvalidArgumentError({
      message:
        matrix.rows === 0 || matrix.cols === 0
          ? `${options.estimator}: ${name} is empty (${matrix.rows} × ${matrix.cols}); at least ${minRows} row(s) with at least one feature are needed.`
          : `${options.estimator}: ${name} has ${matrix.rows} row(s); at least ${minRows} are needed.`,
      field: name,
    });
  }
  if (options.nFeatures !== undefined && matrix.cols !== options.nFeatures) {
    throw new InvalidArgumentError({
      message: `${options.estimator}: ${name} has ${matrix.cols} feature(s) but the model was fitted on ${options.nFeatures}.`,
      field: name,
    });
  }
  const { data, cols } = matrix;
  for (let index = 0; index < data.length; index++) {
    const value = data[index];
    // One comparison covers the common case: finite numbers minus themselves are 0.
    if (value - value !== 0 && !(options.allowNaN && Number.isNaN(value))) {
      const row = Math.floor(index / cols);
      const col = index % cols;
      throw new InvalidArgumentError({
        message: `${options.estimator}: ${name}[${row}][${col}] is ${value}; ${options.allowNaN ? 'infinite values are' : 'NaN and infinite values are'} not accepted.`,
        field: `${name}[${row}][${col}]`,
      });
    }
  }
  return matrix;
}
