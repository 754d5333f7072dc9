import {
  type ClassifierV1,
  type EstimatorV1Tags,
  type Label,
  type Matrix,
  parseOrThrow,
  SeededRandom,
  UnsupportedFunctionalityError,
} from '@mloop/core';
import { z } from 'zod';
import { computeClassWeights } from '../shared/class-weights';
import { deepFreeze } from '../shared/deep-freeze';
import {
  checkLinearClassifierTraining,
  coefficientRows,
  LinearClassifier,
  type LinearClassifierState,
  linearClassifierStateShape,
} from '../shared/linear-classifier';
import type { DenseOrSparse } from '../shared/linear-input';
import { readModelDocument } from '../shared/model-json';
import { solveSvcDual } from './dual-coordinate-descent';
import { type LinearSVCParams, linearSVCParamsSchema, type ResolvedLinearSVCParams } from './linear-svc-params';

/** The fitted state of a {@link LinearSVC} as stored in its model document. */
export interface LinearSVCStateJSON {
  /** The classes, sorted. */
  readonly classes: Label[];
  /** Feature count at fit time. */
  readonly nFeatures: number;
  /** Coefficients, `rows × nFeatures` row-major; one row for two classes, else one per class. */
  readonly coef: number[];
  /** Intercept of each row. */
  readonly intercept: number[];
  /** Passes over the data of each fitted problem. */
  readonly nIter: number[];
}

const stateSchema = z.object(linearClassifierStateShape).strict();

/**
 * Linear support vector classifier, as scikit-learn's `LinearSVC` (liblinear): L2-regularised
 * squared hinge (or hinge) loss solved in the dual by coordinate descent with shrinking, one
 * problem per class for more than two classes (one-vs-rest, where liblinear weighs only the
 * positive class by `classWeight`). The intercept is a regularised constant feature, as in
 * liblinear. The coordinate order is shuffled from `seed`; scikit-learn's default draws it from
 * global randomness, so both land within `tol` of the same optimum rather than on identical bits.
 * There are no probabilities: use {@link LinearSVC.decisionFunction} as a score.
 *
 * @example
 * ```ts
 * import { LinearSVC, TfidfVectorizer } from '@mloop/models';
 *
 * const tfidf = new TfidfVectorizer({ sublinearTf: true });
 * const x = tfidf.fitTransform(['win a free prize now', 'lunch at noon?', 'free cash, call now', 'see you at noon']);
 * const svc = new LinearSVC({ C: 0.5 }).fit(x, ['spam', 'ham', 'spam', 'ham']);
 * svc.predict(tfidf.transform(['free prize'])); // ['spam']
 * svc.decisionFunction(tfidf.transform(['free prize'])).data; // [margin > 0 means 'spam']
 * ```
 */
export class LinearSVC
  extends LinearClassifier<'LinearSVC', LinearSVCParams, LinearClassifierState, LinearSVCStateJSON>
  implements ClassifierV1<LinearSVCParams, DenseOrSparse>
{
  /** The kind written in model documents. */
  static readonly kind = 'LinearSVC';
  /** The params schema (zod). */
  static readonly paramsSchema = linearSVCParamsSchema;
  /** What the common checks need to know. */
  static readonly tags: EstimatorV1Tags = {
    estimatorType: 'classifier',
    requiresY: true,
    nonDeterministic: false,
    allowNaN: false,
    inputKind: 'sparse',
  };
  /** Fast params for the common checks. */
  static readonly testParams: readonly LinearSVCParams[] = [
    {},
    { loss: 'hinge', C: 0.5, classWeight: 'balanced', seed: 3 },
    { fitIntercept: false, maxIter: 50 },
  ];

  /** The estimator kind. */
  readonly kind = LinearSVC.kind;
  /** The validated params with defaults; frozen. */
  readonly params: Readonly<ResolvedLinearSVCParams>;

  /**
   * @param params See {@link LinearSVCParams}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the first invalid param.
   */
  constructor(params: LinearSVCParams = {}) {
    super();
    this.params = deepFreeze(parseOrThrow(linearSVCParamsSchema, params, 'LinearSVC params', ['params']));
  }

  /**
   * Fits the model.
   * @param x Features, dense or CSR.
   * @param y One label per row; at least two classes.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty input, NaN, mismatched or single-class labels, or a `classWeight` that does not match the classes.
   */
  fit(x: DenseOrSparse, y: readonly Label[]): this {
    const kind = LinearSVC.kind;
    const { input, classes, encoded } = checkLinearClassifierTraining(x, y, kind);
    const { params } = this;
    const n = input.matrix.rows;
    const d = input.matrix.cols;
    const k = classes.length;
    const weights = computeClassWeights(params.classWeight, classes, encoded, kind);
    const bias = params.fitIntercept ? params.interceptScaling : 0;
    const random = new SeededRandom(params.seed);
    const rows = coefficientRows(k);
    const coef = new Float64Array(rows * d);
    const intercept = new Float64Array(rows);
    const nIter: number[] = [];
    for (let r = 0; r < rows; r++) {
      const positive = k === 2 ? 1 : r;
      const signs = new Int8Array(n);
      for (let i = 0; i < n; i++) signs[i] = encoded[i] === positive ? 1 : -1;
      const { w, iterations } = solveSvcDual(
        {
          input,
          y: signs,
          positiveC: params.C * weights[positive],
          // liblinear weighs only the positive class of a one-vs-rest problem.
          negativeC: k === 2 ? params.C * weights[0] : params.C,
          loss: params.loss,
          tol: params.tol,
          maxIter: params.maxIter,
          bias,
        },
        random,
      );
      coef.set(w.subarray(0, d), r * d);
      intercept[r] = params.fitIntercept ? params.interceptScaling * w[d] : 0;
      nIter.push(iterations);
    }
    this.setState({ classes, nFeatures: d, coef, intercept, nIter });
    return this;
  }

  /**
   * Not available: a linear SVM has no calibrated probabilities (scikit-learn's `LinearSVC` has
   * no `predict_proba` either). Use {@link LinearSVC.decisionFunction} as a ranking score.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED always.
   */
  predictProba(_x: DenseOrSparse): Matrix {
    throw new UnsupportedFunctionalityError({
      message:
        'LinearSVC has no predictProba (as in scikit-learn): use decisionFunction as a score, or LogisticRegression for probabilities.',
      functionality: 'LinearSVC.predictProba',
    });
  }

  /**
   * A new, unfitted model with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<LinearSVCParams> = {}): LinearSVC {
    return new LinearSVC({ ...this.getParams(), ...overrides });
  }

  protected stateJSON(state: LinearClassifierState): LinearSVCStateJSON {
    return this.linearStateJSON(state, {});
  }

  /**
   * Rebuilds a model from {@link LinearSVC.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a wrong format, kind or formatVersion, or a malformed, truncated or inconsistent document.
   */
  static fromJSON(json: unknown): LinearSVC {
    const kind = LinearSVC.kind;
    const { params, state } = readModelDocument(json, { kind, paramsSchema: linearSVCParamsSchema, stateSchema });
    const model = new LinearSVC(params);
    return state ? model.restoreState({ ...state, classes: state.classes as Label[] }, params.fitIntercept) : model;
  }
}
