import { type EstimatorV1Tags, type MatrixLike, type OutlierDetectorV1, parseOrThrow, SeededRandom } from '@mloop/core';
import { z } from 'zod';
import { checkMatrix } from '../shared/check-matrix';
import { contaminationOffset } from '../shared/contamination-offset';
import { FittedEstimator } from '../shared/fitted-estimator';
import { corruptState, finiteFloat64ArraySchema, int32ArraySchema, readModelDocument } from '../shared/model-json';
import { outlierLabels, subtractOffset } from '../shared/outlier-labels';
import {
  type IsolationForestParams,
  type IsolationForestResolvedParams,
  isolationForestParamsSchema,
} from './isolation-forest-params';
import { averagePathLength, finishTree, growIsolationTree, type IsolationTree } from './isolation-tree';

interface FittedState {
  nFeatures: number;
  maxSamples: number;
  offset: number;
  trees: IsolationTree[];
}

const treeSchema = z
  .object({
    feature: int32ArraySchema,
    threshold: finiteFloat64ArraySchema,
    left: int32ArraySchema,
    right: int32ArraySchema,
    nSamples: int32ArraySchema,
  })
  .strict();

const stateSchema = z
  .object({
    nFeatures: z.number().int().min(1),
    maxSamples: z.number().int().min(1),
    offset: z.number(),
    trees: z.array(treeSchema).min(1),
  })
  .strict();

/** The JSON form of one fitted isolation tree (flat arrays, node 0 the root). */
export interface IsolationTreeJSON {
  /** Split feature per node, −1 for leaves. */
  feature: number[];
  /** Split threshold per node (`x <= threshold` goes left). */
  threshold: number[];
  /** Left child per node, −1 for leaves. */
  left: number[];
  /** Right child per node, −1 for leaves. */
  right: number[];
  /** Training rows that reached each node. */
  nSamples: number[];
}

/** The JSON form of a fitted {@link IsolationForest}'s state. */
export interface IsolationForestStateJSON {
  /** Feature count of the training data. */
  nFeatures: number;
  /** Rows drawn per tree (sklearn `max_samples_`). */
  maxSamples: number;
  /** The decision threshold. */
  offset: number;
  /** The trees. */
  trees: IsolationTreeJSON[];
}

/**
 * Isolation Forest (Liu, Ting & Zhou 2008), as scikit-learn's `IsolationForest`: random trees on
 * sub-samples of `maxSamples` rows, depth limited to ⌈log₂ maxSamples⌉, leaves credited with the
 * average path length c(n) of the rows they still hold, and the score 2^(−E[h(x)]/c(maxSamples)).
 *
 * Sign convention (sklearn's): **lower `scoreSamples` is more abnormal** (it is minus the paper's
 * anomaly score, in [−1, 0]); `decisionFunction = scoreSamples − offset` with `offset` −0.5 for
 * contamination `'auto'`; `predict` gives −1 for outliers. The trees come from `seed`, so runs are
 * reproducible; they differ from sklearn's own random draws, so compare distributions (e.g. mean
 * ROC AUC over seeds), not single trees.
 *
 * @example
 * ```ts
 * import { IsolationForest } from '@mloop/models';
 *
 * const rows = Array.from({ length: 200 }, (_, i) => [Math.sin(i), Math.cos(i)]);
 * const forest = new IsolationForest({ nEstimators: 50, seed: 7 }).fit(rows);
 * forest.predict([[0.1, 0.9], [6, -6]]); // Int8Array [1, -1]
 * forest.scoreSamples([[6, -6]]); // lower = more abnormal
 * ```
 */
export class IsolationForest
  extends FittedEstimator<'IsolationForest', IsolationForestParams, FittedState, IsolationForestStateJSON>
  implements OutlierDetectorV1<IsolationForestParams>
{
  /** The kind written in model documents. */
  static readonly kind = 'IsolationForest';
  /** The params schema (zod). */
  static readonly paramsSchema = isolationForestParamsSchema;
  /** What the estimator is and accepts. */
  static readonly tags: EstimatorV1Tags = {
    estimatorType: 'outlier-detector',
    requiresY: false,
    nonDeterministic: false,
    allowNaN: false,
    inputKind: 'matrix',
  };
  /** Small params for the common checks. */
  static readonly testParams: readonly IsolationForestParams[] = [
    { nEstimators: 5, seed: 0 },
    { nEstimators: 4, maxSamples: 0.5, maxFeatures: 0.5, bootstrap: true, contamination: 0.1, seed: 3 },
  ];

  /** The kind written in model documents. */
  readonly kind = IsolationForest.kind;
  /** The validated params, defaults filled in; frozen. */
  readonly params: Readonly<IsolationForestResolvedParams>;

  /**
   * @param params See {@link isolationForestParamsSchema}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the bad param.
   */
  constructor(params: IsolationForestParams = {}) {
    super();
    this.params = Object.freeze(
      parseOrThrow(isolationForestParamsSchema, params, 'IsolationForest params', ['params']),
    );
  }

  /**
   * Grows the trees.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty input, NaN/∞ or ragged rows.
   */
  fit(x: MatrixLike): this {
    const train = checkMatrix(x, { estimator: 'IsolationForest' });
    const { params } = this;
    const n = train.rows;
    const d = train.cols;
    const maxSamples = params.maxSamples === 'auto' ? Math.min(256, n) : resolveSize(params.maxSamples, n);
    const maxFeatures = resolveSize(params.maxFeatures, d);
    const maxDepth = Math.ceil(Math.log2(Math.max(maxSamples, 2)));
    const rng = new SeededRandom(params.seed ?? 0);
    const allFeatures = Int32Array.from({ length: d }, (_, j) => j);
    const trees: IsolationTree[] = [];
    for (let t = 0; t < params.nEstimators; t++) {
      const features =
        maxFeatures === d ? allFeatures : Int32Array.from(rng.sampleWithoutReplacement(d, maxFeatures)).sort();
      let rows: Int32Array;
      if (params.bootstrap) {
        rows = new Int32Array(maxSamples);
        for (let i = 0; i < maxSamples; i++) rows[i] = rng.nextInt(n);
      } else {
        rows = Int32Array.from(rng.sampleWithoutReplacement(n, maxSamples));
      }
      trees.push(growIsolationTree(train, rows, features, maxDepth, rng));
    }
    const state: FittedState = { nFeatures: d, maxSamples, offset: -0.5, trees };
    if (params.contamination !== 'auto') {
      state.offset = contaminationOffset(scoreRows(state, train.data, n), params.contamination);
    }
    this.setState(state);
    return this;
  }

  /**
   * Minus the anomaly score of each row, in [−1, 0]: lower is more abnormal (sklearn's
   * `score_samples`).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a wrong feature count, NaN/∞ or empty input.
   */
  scoreSamples(x: MatrixLike): Float64Array {
    const state = this.fitted('scoreSamples');
    const rows = checkMatrix(x, { estimator: 'IsolationForest', nFeatures: state.nFeatures });
    return scoreRows(state, rows.data, rows.rows);
  }

  /**
   * `scoreSamples(x) − offset`: negative for outliers.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT as `scoreSamples`.
   */
  decisionFunction(x: MatrixLike): Float64Array {
    const offset = this.fitted('decisionFunction').offset;
    return subtractOffset(this.scoreSamples(x), offset);
  }

  /**
   * 1 for inliers, −1 for outliers (`decisionFunction < 0`).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT as `scoreSamples`.
   */
  predict(x: MatrixLike): Int8Array {
    this.fitted('predict');
    return outlierLabels(this.decisionFunction(x));
  }

  /**
   * The threshold on `scoreSamples`: −0.5 for contamination `'auto'`, else the contamination
   * percentile of the training scores.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get offset(): number {
    return this.fitted('offset').offset;
  }

  /**
   * Rows drawn per tree (sklearn `max_samples_`).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get maxSamplesFitted(): number {
    return this.fitted('maxSamplesFitted').maxSamples;
  }

  /**
   * A new, unfitted estimator with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<IsolationForestParams> = {}): IsolationForest {
    return new IsolationForest({ ...this.params, ...overrides });
  }

  protected stateJSON(state: FittedState): IsolationForestStateJSON {
    return {
      nFeatures: state.nFeatures,
      maxSamples: state.maxSamples,
      offset: state.offset,
      trees: state.trees.map((tree) => ({
        feature: Array.from(tree.feature),
        threshold: Array.from(tree.threshold),
        left: Array.from(tree.left),
        right: Array.from(tree.right),
        nSamples: Array.from(tree.nSamples),
      })),
    };
  }

  /**
   * Rebuilds a model from {@link IsolationForest.toJSON} output; every tree's structure is
   * checked before anything is built.
   * @throws {SerializationError} SERIALIZATION for a wrong kind or format version, bad params, or a truncated or inconsistent state.
   */
  static fromJSON(json: unknown): IsolationForest {
    const kind = IsolationForest.kind;
    const { params, state } = readModelDocument(json, { kind, paramsSchema: isolationForestParamsSchema, stateSchema });
    const model = new IsolationForest(params);
    if (state === null) return model;
    if (state.trees.length !== params.nEstimators)
      corruptState(kind, `it holds ${state.trees.length} trees, nEstimators is ${params.nEstimators}`);
    const trees = state.trees.map((tree, t) => {
      const count = tree.feature.length;
      if ([tree.threshold, tree.left, tree.right, tree.nSamples].some((array) => array.length !== count)) {
        corruptState(kind, `tree ${t} has arrays of different lengths`);
      }
      if (count === 0 || tree.nSamples[0] > state.maxSamples) corruptState(kind, `tree ${t} has a bad root`);
      for (let node = 0; node < count; node++) {
        const split = tree.feature[node];
        if (split < 0) {
          if (split !== -1 || tree.left[node] !== -1 || tree.right[node] !== -1)
            corruptState(kind, `tree ${t} node ${node} is a malformed leaf`);
          continue;
        }
        // Children always follow their parent, which rules out cycles and shared nodes.
        const { left, right } = { left: tree.left[node], right: tree.right[node] };
        if (
          split >= state.nFeatures ||
          left <= node ||
          right <= node ||
          left >= count ||
          right >= count ||
          left === right
        ) {
          corruptState(kind, `tree ${t} node ${node} has an invalid feature or children`);
        }
        if (tree.nSamples[left] + tree.nSamples[right] !== tree.nSamples[node]) {
          corruptState(kind, `tree ${t} node ${node} has children whose sample counts do not add up`);
        }
      }
      return finishTree(tree.feature, tree.threshold, tree.left, tree.right, tree.nSamples);
    });
    model.setState({ nFeatures: state.nFeatures, maxSamples: state.maxSamples, offset: state.offset, trees });
    return model;
  }
}

/** A fraction in (0, 1] of `total` (at least 1) or a count capped at `total`, as sklearn. */
function resolveSize(size: number, total: number): number {
  return size <= 1 ? Math.max(1, Math.floor(size * total)) : Math.min(size, total);
}

/** −2^(−mean path length / c(maxSamples)) for each row; trees outermost so each stays in cache. */
function scoreRows(state: FittedState, data: Float64Array, n: number): Float64Array {
  const d = state.nFeatures;
  const depths = new Float64Array(n);
  for (const tree of state.trees) {
    const { feature, threshold, left, right, leafValue } = tree;
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let node = 0;
      let split = feature[0];
      while (split >= 0) {
        node = data[row + split] <= threshold[node] ? left[node] : right[node];
        split = feature[node];
      }
      depths[i] += leafValue[node];
    }
  }
  const denominator = state.trees.length * averagePathLength(state.maxSamples);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // sklearn: with a single training row the denominator is 0 and the score is set to −1.
    scores[i] = -(2 ** (denominator !== 0 ? -depths[i] / denominator : -1));
  }
  return scores;
}
