import type { Label, Matrix } from '@mloop/core';
import { z } from 'zod';
import { checkLabels, classesSchema, encodeLabels, requireTwoClasses } from './class-labels';
import { type CheckedInput, checkDenseOrSparse, type DenseOrSparse, rowArgmax } from './linear-input';
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

/** The coefficients as a `rows × nFeatures` Matrix (a copy), scikit-learn's `coef_`. */
export function coefficientMatrix(state: LinearClassifierState): Matrix {
  return { rows: state.intercept.length, cols: state.nFeatures, data: state.coef.slice() };
}

/**
 * The predicted class of each row from decision scores: by sign for a single column (positive
 * means `classes[1]`), otherwise the largest score.
 */
export function labelsFromScores(scores: Matrix, classes: readonly Label[]): Label[] {
  if (scores.cols === 1) return Array.from(scores.data, (z) => classes[z > 0 ? 1 : 0]);
  return Array.from(rowArgmax(scores), (c) => classes[c]);
}

/**
 * Checks a restored state against itself and the params: at least two classes, one intercept per
 * coefficient row, `rows × nFeatures` coefficients, and zero intercepts without `fitIntercept`.
 * @throws {SerializationError} SERIALIZATION naming the inconsistency.
 */
export function checkLinearClassifierState(kind: string, state: LinearClassifierState, fitIntercept: boolean): void {
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
}
