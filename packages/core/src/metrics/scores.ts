import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { toMatrix } from '../numeric/matrix';
import type { Matrix, MatrixLike } from '../spec/shared/v1/matrix';

/**
 * Copies one score per sample into a `Float64Array`, checking the count and that each is finite
 * (and, for probabilities, within [0, 1]).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming `name` (and the position) otherwise.
 */
export function readScores(
  values: ArrayLike<number>,
  expected: number,
  name: string,
  probability = false,
): Float64Array {
  if (values == null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new InvalidArgumentError({ message: `${name} must be an array of numbers.`, field: name });
  }
  if (values.length !== expected) {
    throw new InvalidArgumentError({
      message: `yTrue has ${expected} values but ${name} has ${values.length}; they must have one value per sample.`,
      field: name,
    });
  }
  const out = new Float64Array(expected);
  for (let i = 0; i < expected; i++) {
    const value = values[i];
    out[i] = checkScore(value, `${name}[${i}]`, probability);
  }
  return out;
}

function checkScore(value: unknown, field: string, probability: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const shown = typeof value === 'number' ? String(value) : typeof value;
    throw new InvalidArgumentError({ message: `${field} is ${shown}; expected a finite number.`, field });
  }
  if (probability && (value < 0 || value > 1)) {
    throw new InvalidArgumentError({
      message: `${field} is ${value}; probabilities must lie in [0, 1].`,
      field,
    });
  }
  return value;
}

/** True when `value` holds one row per sample (a `Matrix` or an array of arrays). */
export function isTwoDimensional(value: ArrayLike<number> | MatrixLike): value is MatrixLike {
  if (value != null && typeof value === 'object' && 'rows' in value && 'cols' in value) return true;
  return Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && value[0] !== null;
}

/**
 * Converts probability rows to a `Matrix` and checks their shape and values.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for the wrong row or column count, a non-finite
 * value or, with `probability`, a value outside [0, 1].
 */
export function readScoreMatrix(
  values: MatrixLike,
  expectedRows: number,
  expectedCols: number,
  name: string,
  columnsMeaning: string,
  probability = true,
): Matrix {
  const matrix = toMatrix(values, name);
  if (matrix.rows !== expectedRows) {
    throw new InvalidArgumentError({
      message: `yTrue has ${expectedRows} values but ${name} has ${matrix.rows} rows; they must have one row per sample.`,
      field: name,
    });
  }
  if (matrix.cols !== expectedCols) {
    throw new InvalidArgumentError({
      message: `${name} has ${matrix.cols} columns but there are ${expectedCols} classes (${columnsMeaning}); pass one column per class.`,
      field: name,
    });
  }
  const { data, cols } = matrix;
  for (let k = 0; k < data.length; k++) {
    checkScore(data[k], `${name}[${Math.floor(k / cols)}][${k % cols}]`, probability);
  }
  return matrix;
}
