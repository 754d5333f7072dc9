import { Matrix as MlMatrix } from 'ml-matrix';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Matrix, MatrixLike } from '../spec/shared/v1/matrix';

/**
 * Makes a matrix. With `data`, checks its length is `rows * cols` (the array is used, not copied);
 * without, allocates zeros.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for negative or non-integer sizes or a wrong data length.
 */
export function createMatrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new InvalidArgumentError({
      message: `Matrix size must be non-negative integers, got ${rows} × ${cols}.`,
      field: 'shape',
    });
  }
  if (data && data.length !== rows * cols) {
    throw new InvalidArgumentError({
      message: `Matrix data has ${data.length} values but ${rows} × ${cols} needs ${rows * cols}.`,
      field: 'data',
    });
  }
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/** True when `value` has the shape of a {@link Matrix} (a duck-typed check, safe across copies). */
export function isMatrix(value: unknown): value is Matrix {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Matrix>;
  return (
    candidate.data instanceof Float64Array &&
    Number.isInteger(candidate.rows) &&
    Number.isInteger(candidate.cols) &&
    candidate.data.length === (candidate.rows as number) * (candidate.cols as number)
  );
}

/**
 * Converts rows or a matrix into a {@link Matrix}, once, at an API boundary. A `Matrix` is returned
 * as is (not copied).
 * @param name The argument name used in error messages, e.g. `'x'`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for ragged rows or non-number values.
 */
export function toMatrix(input: MatrixLike, name = 'x'): Matrix {
  if (isMatrix(input)) return input;
  if (!Array.isArray(input)) {
    throw new InvalidArgumentError({ message: `${name} must be a Matrix or an array of rows.`, field: name });
  }
  const rows = input.length;
  if (rows === 0) return { rows: 0, cols: 0, data: new Float64Array(0) };
  const cols = input[0].length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = input[i];
    if (row == null || row.length !== cols) {
      throw new InvalidArgumentError({
        message: `${name} row ${i} has ${row == null ? 'no' : row.length} values; row 0 has ${cols}. Rows must all have the same length.`,
        field: `${name}[${i}]`,
      });
    }
    for (let j = 0; j < cols; j++) {
      const value = row[j];
      if (typeof value !== 'number') {
        throw new InvalidArgumentError({
          message: `${name}[${i}][${j}] is ${typeof value}, expected a number.`,
          field: `${name}[${i}][${j}]`,
        });
      }
      data[i * cols + j] = value;
    }
  }
  return { rows, cols, data };
}

/** Row `i` as a view (no copy). */
export function matrixRow(matrix: Matrix, i: number): Float64Array {
  return matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols);
}

/** The matrix as an array of plain number arrays (for JSON and tests). */
export function matrixToArrays(matrix: Matrix): number[][] {
  const out: number[][] = new Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) out[i] = Array.from(matrixRow(matrix, i));
  return out;
}

/** A new matrix holding the given rows, in the given order. */
export function selectRows(matrix: Matrix, indices: ArrayLike<number>): Matrix {
  const { cols } = matrix;
  const data = new Float64Array(indices.length * cols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    data.set(matrix.data.subarray(i * cols, (i + 1) * cols), k * cols);
  }
  return { rows: indices.length, cols, data };
}

/** Column `j` as a new array. */
export function matrixColumn(matrix: Matrix, j: number): Float64Array {
  const out = new Float64Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) out[i] = matrix.data[i * matrix.cols + j];
  return out;
}

/** Converts to an `ml-matrix` Matrix (copies), for decompositions. */
export function toMlMatrix(matrix: Matrix): MlMatrix {
  const out = new MlMatrix(matrix.rows, matrix.cols);
  for (let i = 0; i < matrix.rows; i++) {
    for (let j = 0; j < matrix.cols; j++) out.set(i, j, matrix.data[i * matrix.cols + j]);
  }
  return out;
}

/** Converts from an `ml-matrix` Matrix (copies). */
export function fromMlMatrix(matrix: MlMatrix): Matrix {
  const rows = matrix.rows;
  const cols = matrix.columns;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[i * cols + j] = matrix.get(i, j);
  }
  return { rows, cols, data };
}
