import type { Matrix } from '@mloop/core';

/**
 * `(x − shift[j]) / divisor[j]` for every value of column `j`, into a new matrix (StandardScaler's
 * transform, MinMaxScaler's inverse). A `null` part is skipped rather than applied as 0 or 1, so
 * values pass through it bit for bit (−0 stays −0); NaN stays NaN.
 */
export function shiftThenDivide(matrix: Matrix, shift: Float64Array | null, divisor: Float64Array | null): Matrix {
  const { rows, cols, data } = matrix;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let value = data[i * cols + j];
      if (shift !== null) value -= shift[j];
      if (divisor !== null) value /= divisor[j];
      out[i * cols + j] = value;
    }
  }
  return { rows, cols, data: out };
}

/**
 * `x · factor[j] + shift[j]` for every value of column `j`, into a new matrix (MinMaxScaler's
 * transform, StandardScaler's inverse); a `null` part is skipped, as in {@link shiftThenDivide}.
 */
export function multiplyThenShift(matrix: Matrix, factor: Float64Array | null, shift: Float64Array | null): Matrix {
  const { rows, cols, data } = matrix;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let value = data[i * cols + j];
      if (factor !== null) value *= factor[j];
      if (shift !== null) value += shift[j];
      out[i * cols + j] = value;
    }
  }
  return { rows, cols, data: out };
}
