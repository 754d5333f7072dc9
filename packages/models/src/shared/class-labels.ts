import { accuracyScore, InvalidArgumentError, type Label } from '@mloop/core';
import { z } from 'zod';
import { compareCodePoints } from '../text/vectorizer-core';

/** Training labels encoded as positions in the sorted class list. */
export interface EncodedLabels {
  /** The distinct labels, sorted: numbers ascending, strings by code point (numpy's `unique`). */
  readonly classes: Label[];
  /** The class position of each label. */
  readonly encoded: Int32Array;
}

/**
 * Checks labels: an array of strings or of finite numbers (not both), one per row.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for a wrong length, a missing or mixed-type label.
 */
export function checkLabels(y: unknown, rows: number, estimator: string, name = 'y'): readonly Label[] {
  if (!Array.isArray(y)) {
    throw new InvalidArgumentError({ message: `${estimator}: ${name} must be an array of labels.`, field: name });
  }
  if (y.length !== rows) {
    throw new InvalidArgumentError({
      message: `${estimator}: ${name} has ${y.length} labels for ${rows} rows; they must match.`,
      field: name,
    });
  }
  let kind: 'string' | 'number' | undefined;
  for (let i = 0; i < y.length; i++) {
    const label = y[i];
    const labelKind = typeof label;
    if ((labelKind !== 'string' && labelKind !== 'number') || (labelKind === 'number' && !Number.isFinite(label))) {
      throw new InvalidArgumentError({
        message: `${estimator}: ${name}[${i}] is ${label === null ? 'null' : String(label)}; labels must be strings or finite numbers.`,
        field: `${name}[${i}]`,
      });
    }
    kind ??= labelKind as 'string' | 'number';
    if (labelKind !== kind) {
      throw new InvalidArgumentError({
        message: `${estimator}: ${name} mixes ${kind} and ${labelKind} labels; use one type.`,
        field: `${name}[${i}]`,
      });
    }
  }
  return y as readonly Label[];
}

/** Sorts labels as numpy's `unique` does: numbers ascending, strings by code point. */
export function sortLabels(labels: Iterable<Label>): Label[] {
  return [...new Set(labels)].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : compareCodePoints(String(a), String(b)),
  );
}

/**
 * Encodes checked labels against their own sorted classes, or against `classes` when given
 * (then every label must be one of them).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for a label outside `classes`.
 */
export function encodeLabels(y: readonly Label[], estimator: string, classes?: readonly Label[]): EncodedLabels {
  const sorted = classes ? [...classes] : sortLabels(y);
  const position = new Map<Label, number>();
  for (let i = 0; i < sorted.length; i++) position.set(sorted[i], i);
  const encoded = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const index = position.get(y[i]);
    if (index === undefined) {
      throw new InvalidArgumentError({
        message: `${estimator}: y[${i}] = ${JSON.stringify(y[i])} is not one of the classes ${JSON.stringify(sorted)}.`,
        field: `y[${i}]`,
      });
    }
    encoded[i] = index;
  }
  return { classes: sorted, encoded };
}

/**
 * Requires at least two classes, for models that cannot learn from one.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the single class.
 */
export function requireTwoClasses(classes: readonly Label[], estimator: string): void {
  if (classes.length < 2) {
    throw new InvalidArgumentError({
      message: `${estimator} needs samples of at least 2 classes in y; got only class ${JSON.stringify(classes[0])}.`,
      field: 'y',
    });
  }
}

/**
 * The share of `predicted` equal to `y` (a classifier's `score`), after checking `y`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when `y` is not one label per prediction.
 */
export function labelAccuracy(y: readonly Label[], predicted: readonly Label[], estimator: string): number {
  return accuracyScore(checkLabels(y, predicted.length, estimator), predicted);
}

/** Classes in a model document: all strings or all numbers, distinct and sorted. */
export const classesSchema = z.union([z.array(z.string()).min(1), z.array(z.number()).min(1)]).refine((classes) => {
  const sorted = sortLabels(classes as Label[]);
  return sorted.length === classes.length && sorted.every((label, i) => label === classes[i]);
}, 'classes must be distinct and sorted');
