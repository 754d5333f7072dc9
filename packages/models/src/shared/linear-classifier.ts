import type { Label, Matrix } from '@mloop/core';
import { z } from 'zod';
import { checkLabels, classesSchema, encodeLabels, labelAccuracy, requireTwoClasses } from './class-labels';
import { FittedEstimator } from './fitted-estimator';
import { type CheckedInput, checkDenseOrSparse, type DenseOrSparse, linearScores, rowArgmax } from './linear-input';
import { corruptState, finiteFloat64ArraySchema } from './model-json';

/**
 * The fitted state LogisticRegression and LinearSVC share: one coefficient row for two classes
 * (for `classes[1]`), otherwise one per class.
 */
export interface LinearClassifierState {
  /** The classes, sorted. */
  readonly classes: Label[];
  /** Feature count at fit time. */
  readonly nFeatures: number;
  /** Coefficients, `rows × nFeatures` row-major. */
  readonly coef: Float64Array;
  /** Intercept of each row. */
  readonly intercept: Float64Array;
  /** Solver iterations (or passes) of each fitted problem. */
  readonly nIter: number[];
}

/** The document fields of {@link LinearClassifierState}, for each class's own strict state schema. */
export const linearClassifierStateShape = {
  classes: classesSchema,
  nFeatures: z.number().int().min(1),
  coef: finiteFloat64ArraySchema,
  intercept: finiteFloat64ArraySchema,
  nIter: z.array(z.number().int().min(0)),
};

/** Training data of a linear classifier, checked and encoded. */
export interface LinearClassifierTraining {
  /** The checked features. */
  readonly input: CheckedInput;
  /** The classes, sorted. */
  readonly classes: Label[];
  /** The class position of each row. */
  readonly encoded: Int32Array;
}

/**
 * Checks the features and labels a linear classifier is fitted on and encodes the labels.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty input, NaN, mismatched or single-class labels.
 */
export function checkLinearClassifierTraining(
  x: DenseOrSparse,
  y: readonly Label[],
  kind: string,
): LinearClassifierTraining {
  const input = checkDenseOrSparse(x, { estimator: kind });
  const labels = checkLabels(y, input.matrix.rows, kind);
  const { classes, encoded } = encodeLabels(labels, kind);
  requireTwoClasses(classes, kind);
  return { input, classes, encoded };
}

/** Coefficient rows of a linear classifier: one for two classes, otherwise one per class. */
export function coefficientRows(classCount: number): number {
  return classCount === 2 ? 1 : classCount;
}

/**
 * What LogisticRegression and LinearSVC share once fitted: scikit-learn's `classes_`, `coef_`,
 * `intercept_` and `n_iter_`, the decision function `X · coefᵀ + intercept`, prediction from it
 * and accuracy. Subclasses fit, and say what else they offer (probabilities).
 */
export abstract class LinearClassifier<
  Kind extends string,
  Params,
  State extends LinearClassifierState,
  StateJSON,
> extends FittedEstimator<Kind, Params, State, StateJSON> {
  /**
   * The training classes, sorted.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get classes(): readonly Label[] {
    return [...this.fitted('classes').classes];
  }

  /**
   * Coefficients (scikit-learn's `coef_`): `1 × features` for two classes (for `classes[1]`),
   * otherwise `classes × features`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get coef(): Matrix {
    const state = this.fitted('coef');
    return { rows: state.intercept.length, cols: state.nFeatures, data: state.coef.slice() };
  }

  /**
   * Intercepts (scikit-learn's `intercept_`), one per coefficient row; zeros without
   * `fitIntercept`. For LinearSVC, `interceptScaling ×` the weight of liblinear's constant feature.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get intercept(): Float64Array {
    return this.fitted('intercept').intercept.slice();
  }

  /**
   * Solver iterations (LinearSVC: passes over the data) per fitted problem; scikit-learn's
   * `n_iter_` (for LinearSVC, their maximum).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get nIter(): number[] {
    return [...this.fitted('nIter').nIter];
  }

  /**
   * Signed distances to the decision boundary, `X · coefᵀ + intercept` (scikit-learn's
   * `decision_function`): `n × 1` for two classes (positive means `classes[1]`), else `n × classes`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a different feature count or NaN.
   */
  decisionFunction(x: DenseOrSparse): Matrix {
    const state = this.fitted('decisionFunction');
    const input = checkDenseOrSparse(x, { estimator: this.kind, nFeatures: state.nFeatures });
    return linearScores(input, state.coef, state.intercept);
  }

  /**
   * The predicted class of each row: by the sign of the score for two classes, otherwise the
   * class with the largest score.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  predict(x: DenseOrSparse): Label[] {
    const scores = this.decisionFunction(x);
    const { classes } = this.fitted('predict');
    if (scores.cols === 1) return Array.from(scores.data, (z) => classes[z > 0 ? 1 : 0]);
    return Array.from(rowArgmax(scores), (c) => classes[c]);
  }

  /**
   * The document form of the shared state, with a subclass's own fields (`extra`) after
   * `nFeatures`, where documents have always had them.
   * @hidden
   */
  protected linearStateJSON<Extra extends object>(state: State, extra: Extra) {
    return {
      classes: [...state.classes],
      nFeatures: state.nFeatures,
      ...extra,
      coef: Array.from(state.coef),
      intercept: Array.from(state.intercept),
      nIter: [...state.nIter],
    };
  }

  /**
   * Checks a state read from a model document (at least two classes, one intercept per
   * coefficient row, `rows × nFeatures` coefficients, zero intercepts without `fitIntercept`)
   * and stores it.
   * @throws {SerializationError} SERIALIZATION naming the inconsistency.
   * @hidden
   */
  protected restoreState(state: State, fitIntercept: boolean): this {
    const { kind } = this;
    const k = state.classes.length;
    if (k < 2) corruptState(kind, 'fewer than two classes');
    const rows = coefficientRows(k);
    if (state.intercept.length !== rows) corruptState(kind, `${state.intercept.length} intercepts for ${k} classes`);
    if (state.coef.length !== rows * state.nFeatures) {
      corruptState(kind, `${state.coef.length} coefficients for ${rows} × ${state.nFeatures}`);
    }
    if (!fitIntercept && state.intercept.some((value) => value !== 0)) {
      corruptState(kind, 'a non-zero intercept with fitIntercept false');
    }
    this.setState(state);
    return this;
  }

  /**
   * Accuracy of `predict(x)` against `y`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  score(x: DenseOrSparse, y: readonly Label[]): number {
    return labelAccuracy(y, this.predict(x), this.kind);
  }
}
