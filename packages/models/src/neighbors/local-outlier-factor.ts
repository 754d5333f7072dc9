import {
  type EstimatorV1Tags,
  type Matrix,
  type MatrixLike,
  type OutlierDetectorV1,
  parseOrThrow,
  UnsupportedFunctionalityError,
} from '@mloop/core';
import { z } from 'zod';
import { checkMatrix } from '../shared/check-matrix';
import { contaminationOffset } from '../shared/contamination-offset';
import { FittedEstimator } from '../shared/fitted-estimator';
import { corruptState, encodeNumbers, finiteFloat64ArraySchema, readModelDocument } from '../shared/model-json';
import { outlierLabels, subtractOffset } from '../shared/outlier-labels';
import {
  type LocalOutlierFactorParams,
  type LocalOutlierFactorResolvedParams,
  localOutlierFactorParamsSchema,
} from './local-outlier-factor-params';
import { createNeighborIndex, type NeighborIndex } from './nearest-neighbors';
import type { KNeighbors } from './neighbors-result';

/** sklearn adds this to the mean reachability distance so duplicates (distance 0) do not divide by zero. */
const REACHABILITY_EPSILON = 1e-10;

interface FittedState {
  nFeatures: number;
  nNeighbors: number;
  negativeOutlierFactor: Float64Array;
  offset: number;
  /** Novelty mode only: the training rows, their k-distances and local reachability densities. */
  novelty?: { train: Matrix; kDistance: Float64Array; lrd: Float64Array; index: NeighborIndex };
}

const stateSchema = z
  .object({
    nFeatures: z.number().int().min(1),
    nSamples: z.number().int().min(2),
    nNeighbors: z.number().int().min(1),
    negativeOutlierFactor: finiteFloat64ArraySchema,
    offset: z.number(),
    novelty: z
      .object({
        train: finiteFloat64ArraySchema,
        kDistance: finiteFloat64ArraySchema,
        lrd: finiteFloat64ArraySchema,
      })
      .strict()
      .optional(),
  })
  .strict();

/** The JSON form of a fitted {@link LocalOutlierFactor}'s state. */
export interface LocalOutlierFactorStateJSON {
  /** Feature count of the training data. */
  nFeatures: number;
  /** Training row count. */
  nSamples: number;
  /** The neighbour count actually used (sklearn `n_neighbors_`). */
  nNeighbors: number;
  /** The training rows' negated LOF. */
  negativeOutlierFactor: number[];
  /** The decision threshold. */
  offset: number;
  /** Novelty mode only: what scoring new rows needs (the KD-tree is rebuilt from `train`). */
  novelty?: {
    /** Training rows, row-major. */
    train: number[];
    /** Distance of each training row to its k-th neighbour. */
    kDistance: number[];
    /** Local reachability density of each training row. */
    lrd: number[];
  };
}

/**
 * Local Outlier Factor (Breunig et al. 2000), faithful to scikit-learn's `LocalOutlierFactor`:
 * the same reachability distances, the same `1e-10` guard for duplicate points, the same
 * self-exclusion rule for training neighbours and the same offsets (−1.5 for contamination
 * `'auto'`, the contamination percentile of the training scores otherwise).
 *
 * Sign convention (sklearn's): **lower scores are more abnormal**; `negativeOutlierFactor` and
 * `scoreSamples` are −LOF, `predict` gives −1 for outliers and 1 for inliers.
 *
 * Two modes, as in sklearn: with `novelty: false` (default) the model describes its training rows
 * (`fitPredict`, `negativeOutlierFactor`); with `novelty: true` it scores new rows
 * (`scoreSamples`, `decisionFunction`, `predict`). Neighbours come from a KD-tree for up to 15
 * features and from a blocked brute force otherwise (sklearn's `algorithm='auto'`).
 *
 * @example
 * ```ts
 * import { LocalOutlierFactor } from '@mloop/models';
 *
 * const normal = [[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5], [0.2, 0.8]];
 * const lof = new LocalOutlierFactor({ nNeighbors: 3, novelty: true }).fit(normal);
 * lof.predict([[0.5, 0.4], [8, 8]]); // Int8Array [1, -1]
 *
 * const labels = new LocalOutlierFactor({ nNeighbors: 3 }).fitPredict([...normal, [8, 8]]);
 * // labels[6] === -1
 * ```
 */
export class LocalOutlierFactor
  extends FittedEstimator<'LocalOutlierFactor', LocalOutlierFactorParams, FittedState, LocalOutlierFactorStateJSON>
  implements OutlierDetectorV1<LocalOutlierFactorParams>
{
  /** The kind written in model documents. */
  static readonly kind = 'LocalOutlierFactor';
  /** The params schema (zod). */
  static readonly paramsSchema = localOutlierFactorParamsSchema;
  /** What the estimator is and accepts. */
  static readonly tags: EstimatorV1Tags = {
    estimatorType: 'outlier-detector',
    requiresY: false,
    nonDeterministic: false,
    allowNaN: false,
    inputKind: 'matrix',
  };
  /** Small params for the common checks. */
  static readonly testParams: readonly LocalOutlierFactorParams[] = [
    { nNeighbors: 5, novelty: true },
    { nNeighbors: 3, novelty: true, contamination: 0.1, metric: 'manhattan' },
    { nNeighbors: 4, novelty: true, algorithm: 'brute', metric: 'cosine' },
    { nNeighbors: 5, contamination: 0.1 },
  ];

  /** The kind written in model documents. */
  readonly kind = LocalOutlierFactor.kind;
  /** The validated params, defaults filled in; frozen. */
  readonly params: Readonly<LocalOutlierFactorResolvedParams>;

  /**
   * @param params See {@link localOutlierFactorParamsSchema}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the bad param.
   */
  constructor(params: LocalOutlierFactorParams = {}) {
    super();
    this.params = Object.freeze(
      parseOrThrow(localOutlierFactorParamsSchema, params, 'LocalOutlierFactor params', ['params']),
    );
  }

  /**
   * Finds each training row's neighbours and computes its local outlier factor.
   * @param x At least 2 rows of finite numbers.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for fewer than 2 rows, NaN/∞ or ragged rows.
   */
  fit(x: MatrixLike): this {
    const { params } = this;
    const checked = checkMatrix(x, { estimator: 'LocalOutlierFactor', minRows: 2 });
    // Novelty mode keeps the rows for scoring, so it owns a copy the caller cannot change.
    const train = params.novelty ? copyMatrix(checked) : checked;
    const n = train.rows;
    const k = Math.max(1, Math.min(params.nNeighbors, n - 1));
    const index = createNeighborIndex(train, params);
    const neighbors = index.queryTraining(k);
    const kDistance = new Float64Array(n);
    for (let i = 0; i < n; i++) kDistance[i] = neighbors.distances[i * k + k - 1];
    const lrd = reachabilityDensity(neighbors, kDistance);
    const negativeOutlierFactor = negatedFactor(neighbors, lrd, lrd);
    const offset =
      params.contamination === 'auto' ? -1.5 : contaminationOffset(negativeOutlierFactor, params.contamination);
    this.setState({
      nFeatures: train.cols,
      nNeighbors: k,
      negativeOutlierFactor,
      offset,
      novelty: params.novelty ? { train, kDistance, lrd, index } : undefined,
    });
    return this;
  }

  /**
   * Fits on `x` and labels its rows: −1 for outliers (`negativeOutlierFactor < offset`), 1 for inliers.
   * Outlier-detection mode only (`novelty: false`), as in sklearn.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED in novelty mode (use `fit` then `predict`).
   * @throws {InvalidArgumentError} INVALID_ARGUMENT as `fit`.
   */
  fitPredict(x: MatrixLike): Int8Array {
    if (this.params.novelty) {
      throw new UnsupportedFunctionalityError({
        message:
          'LocalOutlierFactor.fitPredict() is for outlier detection (novelty: false). With novelty: true, call fit(train) and then predict(newRows).',
        functionality: 'LocalOutlierFactor.fitPredict',
      });
    }
    const state = this.fit(x).fitted('fitPredict');
    return outlierLabels(state.negativeOutlierFactor, state.offset);
  }

  /**
   * −LOF of each training row (sklearn `negative_outlier_factor_`): about −1 for inliers, lower
   * for outliers. A copy.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get negativeOutlierFactor(): Float64Array {
    return this.fitted('negativeOutlierFactor').negativeOutlierFactor.slice();
  }

  /**
   * The threshold on scores: −1.5 for contamination `'auto'`, else the contamination percentile
   * of `negativeOutlierFactor`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get offset(): number {
    return this.fitted('offset').offset;
  }

  /**
   * The neighbour count actually used: `nNeighbors`, capped at n − 1 (sklearn `n_neighbors_`).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get nNeighborsFitted(): number {
    return this.fitted('nNeighborsFitted').nNeighbors;
  }

  /**
   * −LOF of new rows relative to the training data; lower is more abnormal. Novelty mode only.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when `novelty` is false (sklearn forbids scoring the training rows this way).
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a wrong feature count, NaN/∞ or empty input.
   */
  scoreSamples(x: MatrixLike): Float64Array {
    const novelty = this.#novelty('scoreSamples');
    const state = this.fitted('scoreSamples');
    const queries = checkMatrix(x, { estimator: 'LocalOutlierFactor', nFeatures: state.nFeatures });
    const neighbors = novelty.index.query(queries, state.nNeighbors);
    const queryLrd = reachabilityDensity(neighbors, novelty.kDistance);
    return negatedFactor(neighbors, novelty.lrd, queryLrd);
  }

  /**
   * `scoreSamples(x) − offset`: negative for outliers. Novelty mode only.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when `novelty` is false.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT as `scoreSamples`.
   */
  decisionFunction(x: MatrixLike): Float64Array {
    this.#novelty('decisionFunction');
    const scores = this.scoreSamples(x);
    return subtractOffset(scores, this.fitted('decisionFunction').offset);
  }

  /**
   * 1 for inliers, −1 for outliers (`decisionFunction < 0`). Novelty mode only.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when `novelty` is false (use `fitPredict`).
   * @throws {InvalidArgumentError} INVALID_ARGUMENT as `scoreSamples`.
   */
  predict(x: MatrixLike): Int8Array {
    this.#novelty('predict');
    return outlierLabels(this.decisionFunction(x));
  }

  /**
   * A new, unfitted estimator with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<LocalOutlierFactorParams> = {}): LocalOutlierFactor {
    return new LocalOutlierFactor({ ...this.params, ...overrides });
  }

  protected stateJSON(state: FittedState): LocalOutlierFactorStateJSON {
    return {
      nFeatures: state.nFeatures,
      nSamples: state.negativeOutlierFactor.length,
      nNeighbors: state.nNeighbors,
      negativeOutlierFactor: encodeNumbers(state.negativeOutlierFactor) as number[],
      offset: state.offset,
      novelty: state.novelty
        ? {
            train: Array.from(state.novelty.train.data),
            kDistance: Array.from(state.novelty.kDistance),
            lrd: Array.from(state.novelty.lrd),
          }
        : undefined,
    };
  }

  /**
   * Rebuilds a model from {@link LocalOutlierFactor.toJSON} output (the KD-tree is rebuilt from
   * the stored training rows, deterministically).
   * @throws {SerializationError} SERIALIZATION for a wrong kind or format version, bad params, or a truncated or inconsistent state.
   */
  static fromJSON(json: unknown): LocalOutlierFactor {
    const kind = LocalOutlierFactor.kind;
    const { params, state } = readModelDocument(json, {
      kind,
      paramsSchema: localOutlierFactorParamsSchema,
      stateSchema,
    });
    const model = new LocalOutlierFactor(params);
    if (state === null) return model;
    const n = state.nSamples;
    if (state.negativeOutlierFactor.length !== n)
      corruptState(kind, 'negativeOutlierFactor length differs from nSamples');
    if (state.nNeighbors > Math.max(1, n - 1)) corruptState(kind, 'nNeighbors exceeds nSamples − 1');
    if (params.novelty !== (state.novelty !== undefined))
      corruptState(kind, 'novelty data does not match the novelty param');
    let novelty: FittedState['novelty'];
    if (state.novelty) {
      const { train, kDistance, lrd } = state.novelty;
      if (train.length !== n * state.nFeatures) corruptState(kind, 'train has the wrong length');
      if (kDistance.length !== n || lrd.length !== n) corruptState(kind, 'kDistance or lrd has the wrong length');
      if (!lrd.every((value) => value > 0) || !kDistance.every((value) => value >= 0)) {
        corruptState(kind, 'lrd must be positive and kDistance non-negative');
      }
      const matrix: Matrix = { rows: n, cols: state.nFeatures, data: train };
      novelty = { train: matrix, kDistance, lrd, index: createNeighborIndex(matrix, params) };
    }
    model.setState({
      nFeatures: state.nFeatures,
      nNeighbors: state.nNeighbors,
      negativeOutlierFactor: state.negativeOutlierFactor,
      offset: state.offset,
      novelty,
    });
    return model;
  }

  #novelty(method: string): NonNullable<FittedState['novelty']> {
    const state = this.fitted(method);
    if (!state.novelty) {
      throw new UnsupportedFunctionalityError({
        message: `LocalOutlierFactor.${method}() scores new data and needs novelty: true. For outlier detection on the training rows use fitPredict(x) or negativeOutlierFactor.`,
        functionality: `LocalOutlierFactor.${method}`,
      });
    }
    return state.novelty;
  }
}

/** lrd = 1 / (mean reachability distance + 1e-10), reach(a, b) = max(d(a, b), k-distance(b)). */
function reachabilityDensity(neighbors: KNeighbors, kDistance: Float64Array): Float64Array {
  const { k, distances, indices } = neighbors;
  const n = distances.length / k;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = i * k; j < (i + 1) * k; j++) sum += Math.max(distances[j], kDistance[indices[j]]);
    out[i] = 1 / (sum / k + REACHABILITY_EPSILON);
  }
  return out;
}

/** −mean(lrd(neighbour) / lrd(row)): sklearn divides each ratio before averaging, and so do we. */
function negatedFactor(neighbors: KNeighbors, trainLrd: Float64Array, rowLrd: Float64Array): Float64Array {
  const { k, indices } = neighbors;
  const n = rowLrd.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    const own = rowLrd[i];
    for (let j = i * k; j < (i + 1) * k; j++) sum += trainLrd[indices[j]] / own;
    out[i] = -(sum / k);
  }
  return out;
}

function copyMatrix(matrix: Matrix): Matrix {
  return { rows: matrix.rows, cols: matrix.cols, data: matrix.data.slice() };
}
