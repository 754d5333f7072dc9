import { type ClassifierV1, type EstimatorV1Tags, type Label, type Matrix, parseOrThrow } from '@mloop/core';
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
import { minimizeLbfgs } from './lbfgs';
import { binaryLogisticObjective, expit, multinomialLogisticObjective } from './logistic-loss';
import {
  type LogisticRegressionParams,
  logisticRegressionParamsSchema,
  type ResolvedLogisticRegressionParams,
} from './logistic-regression-params';

/** The fitted state of a {@link LogisticRegression} as stored in its model document. */
export interface LogisticRegressionStateJSON {
  /** The classes, sorted. */
  readonly classes: Label[];
  /** Feature count at fit time. */
  readonly nFeatures: number;
  /** Whether the model is a softmax (multinomial) model rather than one-vs-rest. */
  readonly multinomial: boolean;
  /** Coefficients, `rows × nFeatures` row-major; one row for two classes, else one per class. */
  readonly coef: number[];
  /** Intercept of each row. */
  readonly intercept: number[];
  /** Solver iterations of each fitted problem. */
  readonly nIter: number[];
}

const stateSchema = z.object({ ...linearClassifierStateShape, multinomial: z.boolean() }).strict();

interface FittedLogistic extends LinearClassifierState {
  readonly multinomial: boolean;
}

/**
 * L2-regularised logistic regression, as scikit-learn's `LogisticRegression(solver='lbfgs')`:
 * the same objective (weighted log-loss summed over samples plus `‖w‖² / (2C)`, intercept
 * unpenalised), minimised by L-BFGS with scipy's Moré–Thuente line search and stopping rules as
 * scikit-learn 1.2 calls them, so it stops where scikit-learn stops (the WDBC reference
 * coefficients are reproduced to 1e-10).
 * Binary problems fit one coefficient row for `classes[1]`; more classes fit a softmax
 * (multinomial) model by default, or one-vs-rest. Dense or CSR input (TF-IDF output).
 *
 * @example
 * ```ts
 * import { LogisticRegression } from '@mloop/models';
 *
 * const x = [[0.1, 1.2], [0.4, 0.9], [2.2, 0.1], [1.9, 0.3]];
 * const model = new LogisticRegression({ C: 10, classWeight: 'balanced' }).fit(x, ['ham', 'ham', 'spam', 'spam']);
 * model.predict([[2, 0]]); // ['spam']
 * model.predictProba([[2, 0]]); // 1 × 2: [P(ham), P(spam)]
 * model.coef; // 1 × 2 Matrix; model.intercept: Float64Array [b]
 * ```
 */
export class LogisticRegression
  extends LinearClassifier<'LogisticRegression', LogisticRegressionParams, FittedLogistic, LogisticRegressionStateJSON>
  implements ClassifierV1<LogisticRegressionParams, DenseOrSparse>
{
  /** The kind written in model documents. */
  static readonly kind = 'LogisticRegression';
  /** The params schema (zod). */
  static readonly paramsSchema = logisticRegressionParamsSchema;
  /** What the common checks need to know. */
  static readonly tags: EstimatorV1Tags = {
    estimatorType: 'classifier',
    requiresY: true,
    nonDeterministic: false,
    allowNaN: false,
    inputKind: 'matrix',
  };
  /** Fast params for the common checks. */
  static readonly testParams: readonly LogisticRegressionParams[] = [
    {},
    { C: 0.1, classWeight: 'balanced', multiClass: 'ovr' },
    { penalty: null, fitIntercept: false, maxIter: 20 },
  ];

  /** The estimator kind. */
  readonly kind = LogisticRegression.kind;
  /** The validated params with defaults; frozen. */
  readonly params: Readonly<ResolvedLogisticRegressionParams>;

  /**
   * @param params See {@link LogisticRegressionParams}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the first invalid param.
   */
  constructor(params: LogisticRegressionParams = {}) {
    super();
    this.params = deepFreeze(
      parseOrThrow(logisticRegressionParamsSchema, params, 'LogisticRegression params', ['params']),
    );
  }

  /**
   * Whether the fitted model is a softmax (multinomial) model rather than one-vs-rest. A
   * two-class softmax model keeps one coefficient row whose log-odds are `2 · (x·w + b)`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get isMultinomial(): boolean {
    return this.fitted('isMultinomial').multinomial;
  }

  /**
   * Fits the model.
   * @param x Features, dense or CSR.
   * @param y One label per row; at least two classes.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty input, NaN, mismatched or single-class labels, or a `classWeight` that does not match the classes.
   */
  fit(x: DenseOrSparse, y: readonly Label[]): this {
    const kind = LogisticRegression.kind;
    const { input, classes, encoded } = checkLinearClassifierTraining(x, y, kind);
    const { params } = this;
    const n = input.matrix.rows;
    const d = input.matrix.cols;
    const k = classes.length;
    const multinomial = params.multiClass === 'multinomial' || (params.multiClass === 'auto' && k > 2);
    const block = d + (params.fitIntercept ? 1 : 0);
    // scipy's L-BFGS-B defaults (ftol = 1e7·ε, 20 evaluations per line search), as scikit-learn
    // 1.2 calls it; the reference solutions are reproduced to 1e-10 with these.
    const options = { maxIter: params.maxIter, gtol: params.tol };

    // Dict weights (and every weighting of a multinomial model) apply to the original labels.
    const sampleWeight = new Float64Array(n).fill(1);
    if ((params.classWeight !== null && params.classWeight !== 'balanced') || multinomial) {
      const weights = computeClassWeights(params.classWeight, classes, encoded, kind);
      for (let i = 0; i < n; i++) sampleWeight[i] = weights[encoded[i]];
    }
    const l2 = params.penalty === null ? 0 : 1 / params.C;

    const rows = coefficientRows(k);
    const coef = new Float64Array(rows * d);
    const intercept = new Float64Array(rows);
    const nIter: number[] = [];
    if (multinomial) {
      const data = { input, sampleWeight, fitIntercept: params.fitIntercept, l2 };
      const w = new Float64Array(k * block);
      const result = minimizeLbfgs(multinomialLogisticObjective(data, encoded, k), w, options);
      nIter.push(result.iterations);
      // Two classes: scikit-learn keeps the second row of the symmetric solution.
      const first = k === 2 ? 1 : 0;
      for (let r = 0; r < rows; r++) {
        coef.set(w.subarray((first + r) * block, (first + r) * block + d), r * d);
        if (params.fitIntercept) intercept[r] = w[(first + r) * block + d];
      }
    } else {
      for (let r = 0; r < rows; r++) {
        const positive = k === 2 ? 1 : r;
        const target = new Float64Array(n);
        for (let i = 0; i < n; i++) target[i] = encoded[i] === positive ? 1 : 0;
        let weights = sampleWeight;
        if (params.classWeight === 'balanced') {
          // One-vs-rest 'balanced' weighs the binary problem's own two classes.
          let positives = 0;
          for (let i = 0; i < n; i++) positives += target[i];
          const positiveWeight = n / (2 * positives);
          const negativeWeight = n / (2 * (n - positives));
          weights = Float64Array.from(target, (t, i) => sampleWeight[i] * (t === 1 ? positiveWeight : negativeWeight));
        }
        const data = { input, sampleWeight: weights, fitIntercept: params.fitIntercept, l2 };
        const w = new Float64Array(block);
        const result = minimizeLbfgs(binaryLogisticObjective(data, target), w, options);
        nIter.push(result.iterations);
        coef.set(w.subarray(0, d), r * d);
        if (params.fitIntercept) intercept[r] = w[d];
      }
    }
    this.setState({ classes, nFeatures: d, multinomial, coef, intercept, nIter });
    return this;
  }

  /**
   * Class probabilities, `n × classes` in `classes` order: the logistic function of the score for
   * two classes, softmax for a multinomial model, normalised one-vs-rest logistics otherwise.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  predictProba(x: DenseOrSparse): Matrix {
    const scores = this.decisionFunction(x);
    const state = this.fitted('predictProba');
    const n = scores.rows;
    const k = state.classes.length;
    const out = new Float64Array(n * k);
    if (scores.cols === 1) {
      for (let i = 0; i < n; i++) {
        // A two-class softmax model is softmax([−z, z]), i.e. the logistic of 2z.
        const p = expit(state.multinomial ? 2 * scores.data[i] : scores.data[i]);
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
      }
      return { rows: n, cols: 2, data: out };
    }
    for (let i = 0; i < n; i++) {
      const offset = i * k;
      let sum = 0;
      if (state.multinomial) {
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < k; c++) max = Math.max(max, scores.data[offset + c]);
        for (let c = 0; c < k; c++) {
          out[offset + c] = Math.exp(scores.data[offset + c] - max);
          sum += out[offset + c];
        }
      } else {
        for (let c = 0; c < k; c++) {
          out[offset + c] = expit(scores.data[offset + c]);
          sum += out[offset + c];
        }
      }
      for (let c = 0; c < k; c++) out[offset + c] /= sum;
    }
    return { rows: n, cols: k, data: out };
  }

  /**
   * Natural logarithm of {@link LogisticRegression.predictProba}.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  predictLogProba(x: DenseOrSparse): Matrix {
    const proba = this.predictProba(x);
    const { data } = proba;
    for (let k = 0; k < data.length; k++) data[k] = Math.log(data[k]);
    return proba;
  }

  /**
   * A new, unfitted model with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<LogisticRegressionParams> = {}): LogisticRegression {
    return new LogisticRegression({ ...this.getParams(), ...overrides });
  }

  protected stateJSON(state: FittedLogistic): LogisticRegressionStateJSON {
    return this.linearStateJSON(state, { multinomial: state.multinomial });
  }

  /**
   * Rebuilds a model from {@link LogisticRegression.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a wrong format, kind or formatVersion, or a malformed, truncated or inconsistent document.
   */
  static fromJSON(json: unknown): LogisticRegression {
    const kind = LogisticRegression.kind;
    const { params, state } = readModelDocument(json, {
      kind,
      paramsSchema: logisticRegressionParamsSchema,
      stateSchema,
    });
    const model = new LogisticRegression(params);
    return state ? model.restoreState({ ...state, classes: state.classes as Label[] }, params.fitIntercept) : model;
  }
}
