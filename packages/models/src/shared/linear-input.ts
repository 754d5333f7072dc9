import {
  type CsrMatrix,
  InvalidArgumentError,
  isCsrMatrix,
  type Matrix,
  type MatrixLike,
  validateCsr,
} from '@mloop/core';
import { checkMatrix } from './check-matrix';

/** A numeric input of the linear and naive Bayes models: dense rows, a Matrix, or a CSR matrix. */
export type DenseOrSparse = MatrixLike | CsrMatrix;

/** A checked input: a CSR matrix or a dense Matrix. */
export type CheckedInput =
  | { readonly sparse: true; readonly matrix: CsrMatrix }
  | { readonly sparse: false; readonly matrix: Matrix };

/** Options of {@link checkDenseOrSparse}. */
export interface CheckDenseOrSparseOptions {
  /** The estimator class, for messages. */
  readonly estimator: string;
  /** The argument name (default `x`). */
  readonly name?: string;
  /** The training feature count, when predicting. */
  readonly nFeatures?: number;
  /** Reject negative values (count models: multinomial and complement naive Bayes). */
  readonly nonNegative?: boolean;
}

/**
 * Validates a dense or CSR input once, at the API boundary: well-formed, not empty, the fitted
 * feature count, only finite values (and none negative when asked).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the first problem.
 */
export function checkDenseOrSparse(x: DenseOrSparse, options: CheckDenseOrSparseOptions): CheckedInput {
  const name = options.name ?? 'x';
  const { estimator } = options;
  let checked: CheckedInput;
  if (isCsrMatrix(x)) {
    validateCsr(x, name);
    if (x.rows === 0 || x.cols === 0) {
      throw new InvalidArgumentError({
        message: `${estimator}: ${name} is empty (${x.rows} × ${x.cols}); at least 1 row(s) with at least one feature are needed.`,
        field: name,
      });
    }
    if (options.nFeatures !== undefined && x.cols !== options.nFeatures) {
      throw new InvalidArgumentError({
        message: `${estimator}: ${name} has ${x.cols} feature(s) but the model was fitted on ${options.nFeatures}.`,
        field: name,
      });
    }
    const { data } = x;
    for (let k = 0; k < data.length; k++) {
      if (data[k] - data[k] !== 0) {
        throw new InvalidArgumentError({
          message: `${estimator}: ${name} holds ${data[k]} (stored entry ${k}); NaN and infinite values are not accepted.`,
          field: name,
        });
      }
    }
    checked = { sparse: true, matrix: x };
  } else {
    checked = { sparse: false, matrix: checkMatrix(x, { estimator, name, nFeatures: options.nFeatures }) };
  }
  if (options.nonNegative) {
    const { data } = checked.matrix;
    for (let k = 0; k < data.length; k++) {
      if (data[k] < 0) {
        throw new InvalidArgumentError({
          message: `${estimator}: ${name} holds a negative value (${data[k]}); this model needs non-negative features such as counts or TF-IDF weights.`,
          field: name,
        });
      }
    }
  }
  return checked;
}

/**
 * Linear scores `X · Wᵀ + b` for `k` weight rows of length `d` (row-major), into a new `n × k`
 * Matrix. Sparse rows touch only their stored entries.
 */
export function linearScores(input: CheckedInput, weights: Float64Array, intercepts: Float64Array): Matrix {
  const k = intercepts.length;
  const d = weights.length / k;
  const n = input.matrix.rows;
  const out = new Float64Array(n * k);
  if (input.sparse) {
    const { indptr, indices, data } = input.matrix;
    for (let i = 0; i < n; i++) {
      const start = indptr[i];
      const end = indptr[i + 1];
      for (let c = 0; c < k; c++) {
        const offset = c * d;
        let sum = 0;
        for (let p = start; p < end; p++) sum += data[p] * weights[offset + indices[p]];
        out[i * k + c] = sum + intercepts[c];
      }
    }
  } else {
    const { data } = input.matrix;
    for (let i = 0; i < n; i++) {
      const row = i * d;
      for (let c = 0; c < k; c++) {
        const offset = c * d;
        let sum = 0;
        for (let j = 0; j < d; j++) sum += data[row + j] * weights[offset + j];
        out[i * k + c] = sum + intercepts[c];
      }
    }
  }
  return { rows: n, cols: k, data: out };
}

/** Row-wise log-sum-exp of an `n × k` matrix, computed as scipy's `logsumexp` (shift by the row max). */
export function rowLogSumExp(scores: Matrix): Float64Array {
  const { rows, cols, data } = scores;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < cols; c++) if (data[offset + c] > max) max = data[offset + c];
    if (!Number.isFinite(max)) {
      out[i] = max;
      continue;
    }
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(data[offset + c] - max);
    out[i] = Math.log(sum) + max;
  }
  return out;
}

/** The column of the largest value of each row (the first on ties, as numpy's `argmax`). */
export function rowArgmax(scores: Matrix): Int32Array {
  const { rows, cols, data } = scores;
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    let best = 0;
    for (let c = 1; c < cols; c++) if (data[offset + c] > data[offset + best]) best = c;
    out[i] = best;
  }
  return out;
}
