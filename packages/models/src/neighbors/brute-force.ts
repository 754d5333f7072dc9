import type { Matrix } from '@mloop/core';
import { MetricCode, type ResolvedMetric, reducedDistance, reducedToDistance } from './distance-metric';
import { heapReplaceRoot, sortHeapRow } from './neighbor-heap';
import type { KNeighbors } from './neighbors-result';

/** Query rows per block: their heaps and rows stay in cache while a block of training rows streams past. */
const QUERY_BLOCK = 64;
/** Training rows per block. */
const TRAIN_BLOCK = 512;

/**
 * Exact k-nearest neighbours by blocked brute force: every query is compared with every
 * training row, in query × training tiles so both stay in cache. Used for high dimensions, for
 * cosine distance and when k is a large share of the data, as sklearn's `algorithm='auto'` does.
 */
export class BruteForce {
  readonly #train: Matrix;
  readonly #metric: ResolvedMetric;
  readonly #inverseNorms: Float64Array | undefined;

  /**
   * @param matrix The training rows (not copied; must not change afterwards).
   * @param metric Any supported metric, cosine included.
   */
  constructor(matrix: Matrix, metric: ResolvedMetric) {
    this.#train = matrix;
    this.#metric = metric;
    this.#inverseNorms = metric.code === MetricCode.Cosine ? inverseNorms(matrix) : undefined;
  }

  /** The `k` nearest training rows of every query row, ascending by distance, ties by index. */
  query(queries: Matrix, k: number): KNeighbors {
    const { code, p } = this.#metric;
    const train = this.#train;
    const n = queries.rows;
    const d = train.cols;
    const m = train.rows;
    const distances = new Float64Array(n * k).fill(Number.POSITIVE_INFINITY);
    const indices = new Int32Array(n * k).fill(-1);
    const x = queries.data;
    const y = train.data;
    const queryNorms = code === MetricCode.Cosine ? inverseNorms(queries) : undefined;
    const trainNorms = this.#inverseNorms;
    for (let q0 = 0; q0 < n; q0 += QUERY_BLOCK) {
      const q1 = Math.min(n, q0 + QUERY_BLOCK);
      for (let t0 = 0; t0 < m; t0 += TRAIN_BLOCK) {
        const t1 = Math.min(m, t0 + TRAIN_BLOCK);
        for (let i = q0; i < q1; i++) {
          const offset = i * k;
          const a = i * d;
          for (let t = t0; t < t1; t++) {
            let value: number;
            if (queryNorms && trainNorms) {
              let dot = 0;
              const b = t * d;
              for (let j = 0; j < d; j++) dot += x[a + j] * y[b + j];
              // sklearn's cosine_distances: 1 − cos, clipped to [0, 2]; zero rows count as cos 0.
              value = Math.min(2, Math.max(0, 1 - dot * queryNorms[i] * trainNorms[t]));
            } else {
              value = reducedDistance(code, p, x, a, y, t * d, d);
            }
            if (value < distances[offset]) heapReplaceRoot(distances, indices, offset, k, value, t);
          }
        }
      }
    }
    for (let i = 0; i < n; i++) {
      const offset = i * k;
      if (code !== MetricCode.Cosine) {
        for (let j = 0; j < k; j++) distances[offset + j] = reducedToDistance(code, p, distances[offset + j]);
      }
      sortHeapRow(distances, indices, offset, k);
    }
    return { k, distances, indices };
  }
}

function inverseNorms(matrix: Matrix): Float64Array {
  const { rows, cols, data } = matrix;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += data[i * cols + j] ** 2;
    out[i] = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  }
  return out;
}
