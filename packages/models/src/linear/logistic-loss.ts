import type { CheckedInput } from '../shared/linear-input';
import type { Objective } from './lbfgs';

/** The data and weighting of a penalised logistic loss. */
export interface LogisticLossData {
  /** Features, `n × d`. */
  readonly input: CheckedInput;
  /** Per-sample weights (class weights folded in). */
  readonly sampleWeight: Float64Array;
  /** Whether the last parameter of each class block is an unpenalised intercept. */
  readonly fitIntercept: boolean;
  /** L2 strength: `1 / C`, or 0 without penalty. */
  readonly l2: number;
}

/** The logistic function `1 / (1 + e⁻ᶻ)` without overflow. */
export function expit(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** `out = X·w` (first `d` entries of `w`), plus `w[d]` as intercept when `intercept`. */
function multiply(input: CheckedInput, w: Float64Array, offset: number, intercept: boolean, out: Float64Array): void {
  const n = input.matrix.rows;
  const d = input.matrix.cols;
  const b = intercept ? w[offset + d] : 0;
  if (input.sparse) {
    const { indptr, indices, data } = input.matrix;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) sum += data[p] * w[offset + indices[p]];
      out[i] = sum + b;
    }
  } else {
    const { data } = input.matrix;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      const row = i * d;
      for (let j = 0; j < d; j++) sum += data[row + j] * w[offset + j];
      out[i] = sum + b;
    }
  }
}

/** A CSR matrix's transpose (CSC of the original), so that `Xᵀ·g` is a gather, not a scatter. */
interface Transposed {
  readonly colptr: Int32Array;
  readonly rowIndices: Int32Array;
  readonly values: Float64Array;
}

function transpose(input: CheckedInput): Transposed | undefined {
  if (!input.sparse) return undefined;
  const { rows, cols, indptr, indices, data } = input.matrix;
  const colptr = new Int32Array(cols + 1);
  for (let p = 0; p < indices.length; p++) colptr[indices[p] + 1]++;
  for (let j = 0; j < cols; j++) colptr[j + 1] += colptr[j];
  const next = colptr.slice(0, cols);
  const rowIndices = new Int32Array(indices.length);
  const values = new Float64Array(indices.length);
  for (let i = 0; i < rows; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const slot = next[indices[p]]++;
      rowIndices[slot] = i;
      values[slot] = data[p];
    }
  }
  return { colptr, rowIndices, values };
}

/** `grad[offset …] += Xᵀ·g` (and the intercept slot `Σ g`). */
function multiplyTransposed(
  input: CheckedInput,
  transposed: Transposed | undefined,
  g: Float64Array,
  grad: Float64Array,
  offset: number,
  intercept: boolean,
): void {
  const n = input.matrix.rows;
  const d = input.matrix.cols;
  let total = 0;
  for (let i = 0; i < n; i++) total += g[i];
  if (transposed) {
    const { colptr, rowIndices, values } = transposed;
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let p = colptr[j]; p < colptr[j + 1]; p++) sum += values[p] * g[rowIndices[p]];
      grad[offset + j] += sum;
    }
  } else {
    const { data } = input.matrix;
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      if (gi === 0) continue;
      const row = i * d;
      for (let j = 0; j < d; j++) grad[offset + j] += data[row + j] * gi;
    }
  }
  if (intercept) grad[offset + d] += total;
}

/**
 * scikit-learn 1.2's binary objective: the weighted sum over samples of `ln(1 + e^{z}) − y·z`,
 * `z = x·w + b`, `y ∈ {0, 1}`, plus `‖w‖² / (2C)` (the intercept is not penalised). Later
 * releases divide it all by `Σ weights`, which has the same minimiser but shifts where L-BFGS
 * stops. Parameters: `[w (d), b]`.
 */
export function binaryLogisticObjective(data: LogisticLossData, target: Float64Array): Objective {
  const { input, sampleWeight, fitIntercept, l2 } = data;
  const n = input.matrix.rows;
  const d = input.matrix.cols;
  const transposed = transpose(input);
  const raw = new Float64Array(n);
  const g = new Float64Array(n);
  return (w, grad) => {
    multiply(input, w, 0, fitIntercept, raw);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const z = raw[i];
      const weight = sampleWeight[i];
      // One exponential serves both ln(1 + eᶻ) and the logistic function.
      const e = Math.exp(-Math.abs(z));
      const probability = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      loss += weight * (Math.max(z, 0) + Math.log1p(e) - target[i] * z);
      g[i] = weight * (probability - target[i]);
    }
    let norm = 0;
    if (transposed) {
      // One pass: Xᵀ·g (a gather over the transpose), the penalty's gradient and ‖w‖².
      const { colptr, rowIndices, values } = transposed;
      for (let j = 0; j < d; j++) {
        let sum = 0;
        for (let p = colptr[j]; p < colptr[j + 1]; p++) sum += values[p] * g[rowIndices[p]];
        norm += w[j] * w[j];
        grad[j] = sum + l2 * w[j];
      }
      if (fitIntercept) {
        let total = 0;
        for (let i = 0; i < n; i++) total += g[i];
        grad[d] = total;
      }
      return loss + 0.5 * l2 * norm;
    }
    grad.fill(0);
    multiplyTransposed(input, transposed, g, grad, 0, fitIntercept);
    for (let j = 0; j < d; j++) {
      norm += w[j] * w[j];
      grad[j] += l2 * w[j];
    }
    return loss + 0.5 * l2 * norm;
  };
}

/**
 * scikit-learn 1.2's multinomial objective: the weighted sum over samples of `logsumexp(z) − z_y`,
 * `z_c = x·w_c + b_c`, plus `‖W‖²_F / (2C)`. Parameters are `k` blocks of `[w_c (d), b_c]`.
 */
export function multinomialLogisticObjective(data: LogisticLossData, encoded: Int32Array, k: number): Objective {
  const { input, sampleWeight, fitIntercept, l2 } = data;
  const n = input.matrix.rows;
  const d = input.matrix.cols;
  const block = d + (fitIntercept ? 1 : 0);
  const transposed = transpose(input);
  const raw = new Float64Array(n * k);
  const column = new Float64Array(n);
  const g = new Float64Array(n * k);
  const gColumn = new Float64Array(n);
  return (w, grad) => {
    for (let c = 0; c < k; c++) {
      multiply(input, w, c * block, fitIntercept, column);
      for (let i = 0; i < n; i++) raw[i * k + c] = column[i];
    }
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const offset = i * k;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) if (raw[offset + c] > max) max = raw[offset + c];
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp(raw[offset + c] - max);
        g[offset + c] = e;
        sum += e;
      }
      const weight = sampleWeight[i];
      loss += weight * (Math.log(sum) + max - raw[offset + encoded[i]]);
      for (let c = 0; c < k; c++) g[offset + c] = weight * (g[offset + c] / sum - (c === encoded[i] ? 1 : 0));
    }
    grad.fill(0);
    let norm = 0;
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < n; i++) gColumn[i] = g[i * k + c];
      multiplyTransposed(input, transposed, gColumn, grad, c * block, fitIntercept);
      for (let j = 0; j < d; j++) {
        const value = w[c * block + j];
        norm += value * value;
        grad[c * block + j] += l2 * value;
      }
    }
    return loss + 0.5 * l2 * norm;
  };
}
