import type { Matrix } from '@mloop/core';
import { BruteForce } from './brute-force';
import { MetricCode, type MetricName, resolveMetric } from './distance-metric';
import { KDTree } from './kd-tree';
import { excludeSelf, type KNeighbors } from './neighbors-result';

/** The search algorithms, as sklearn names them. */
export type NeighborsAlgorithm = 'auto' | 'kd_tree' | 'brute';

/** What a neighbour index is built from. */
export interface NeighborIndexOptions {
  /** The metric name. */
  readonly metric: MetricName;
  /** Minkowski power. */
  readonly p: number;
  /** The requested algorithm; `'auto'` chooses as sklearn does. */
  readonly algorithm: NeighborsAlgorithm;
  /** Leaf size of the KD-tree. */
  readonly leafSize: number;
  /** The estimator's `nNeighbors`, which `'auto'` takes into account. */
  readonly nNeighbors: number;
}

/** An exact k-NN index over training rows. */
export interface NeighborIndex {
  /** The algorithm actually used. */
  readonly algorithm: 'kd_tree' | 'brute';
  /** Neighbours of new rows. */
  query(queries: Matrix, k: number): KNeighbors;
  /** Neighbours of every training row among the others (the row itself excluded, sklearn's rule). */
  queryTraining(k: number): KNeighbors;
}

/**
 * sklearn's `algorithm='auto'` rule (`NeighborsBase._fit`): brute force when the features exceed
 * 15, when k ≥ n/2, or when the metric has no tree (cosine); a KD-tree otherwise.
 */
export function chooseAlgorithm(options: NeighborIndexOptions, rows: number, cols: number): 'kd_tree' | 'brute' {
  const metric = resolveMetric(options.metric, options.p);
  if (metric.code === MetricCode.Cosine) return 'brute';
  if (options.algorithm !== 'auto') return options.algorithm;
  if (cols > 15 || options.nNeighbors >= Math.floor(rows / 2)) return 'brute';
  return 'kd_tree';
}

/** Builds the index chosen by {@link chooseAlgorithm}. */
export function createNeighborIndex(train: Matrix, options: NeighborIndexOptions): NeighborIndex {
  const metric = resolveMetric(options.metric, options.p);
  const algorithm = chooseAlgorithm(options, train.rows, train.cols);
  const search = algorithm === 'kd_tree' ? new KDTree(train, metric, options.leafSize) : new BruteForce(train, metric);
  return {
    algorithm,
    query: (queries, k) => search.query(queries, k),
    queryTraining: (k) => excludeSelf(search.query(train, k + 1)),
  };
}
