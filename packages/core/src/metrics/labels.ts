import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Label } from '../spec/shared/v1/matrix';

/** Whether a set of labels holds strings or numbers (never both). */
export type LabelKind = 'string' | 'number';

/**
 * Orders two labels of the same kind as `np.unique` does: numbers ascending, strings by Unicode
 * code point.
 */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number') return a - (b as number);
  return compareCodePoints(a, b as string);
}

function compareCodePoints(a: string, b: string): number {
  // `<` on JS strings compares UTF-16 code units, which puts characters above U+FFFF before
  // U+E000–U+FFFF; NumPy compares code points.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return (a.codePointAt(i) as number) - (b.codePointAt(i) as number);
  }
  return a.length - b.length;
}

/** A label as it appears in messages: strings quoted, numbers bare. */
export function formatLabel(label: Label): string {
  return typeof label === 'string' ? JSON.stringify(label) : String(label);
}

/** Labels as a comma-separated list for messages, shortened after 10. */
export function formatLabels(labels: readonly Label[]): string {
  const shown = labels.slice(0, 10).map(formatLabel).join(', ');
  return labels.length > 10 ? `${shown}, … (${labels.length} in all)` : shown;
}

/**
 * Checks that `values` is a non-empty array of labels that are all strings or all finite numbers,
 * and returns which.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT otherwise, naming `name`.
 */
export function checkLabels(values: readonly Label[], name: string): LabelKind {
  if (!Array.isArray(values)) {
    throw new InvalidArgumentError({
      message: `${name} must be an array of labels (strings or numbers).`,
      field: name,
    });
  }
  if (values.length === 0) {
    throw new InvalidArgumentError({ message: `${name} is empty; pass at least one sample.`, field: name });
  }
  const kind = labelKindOf(values[0], name, 0);
  for (let i = 1; i < values.length; i++) {
    if (labelKindOf(values[i], name, i) !== kind) {
      throw new InvalidArgumentError({
        message: `${name} mixes strings and numbers (${name}[0] is ${formatLabel(values[0])}, ${name}[${i}] is ${formatLabel(values[i])}); labels must be all strings or all numbers.`,
        field: `${name}[${i}]`,
      });
    }
  }
  return kind;
}

function labelKindOf(value: unknown, name: string, i: number): LabelKind {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' && Number.isFinite(value)) return 'number';
  const shown = typeof value === 'number' ? String(value) : typeof value;
  throw new InvalidArgumentError({
    message: `${name}[${i}] is ${shown}; labels must be strings or finite numbers.`,
    field: `${name}[${i}]`,
  });
}

/**
 * Checks a pair of label arrays (`yTrue`, `yPred`): both valid, equally long, of the same kind.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT otherwise.
 */
export function checkLabelPair(yTrue: readonly Label[], yPred: readonly Label[], predName = 'yPred'): LabelKind {
  const kind = checkLabels(yTrue, 'yTrue');
  const predKind = checkLabels(yPred, predName);
  checkSameLength(yTrue.length, yPred.length, predName);
  if (kind !== predKind) {
    throw new InvalidArgumentError({
      message: `yTrue holds ${kind}s but ${predName} holds ${predKind}s; both must use the same kind of label.`,
      field: predName,
    });
  }
  return kind;
}

/**
 * Checks that an argument has one value per sample.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT otherwise, naming `name`.
 */
export function checkSameLength(expected: number, actual: number, name: string): void {
  if (expected !== actual) {
    throw new InvalidArgumentError({
      message: `yTrue has ${expected} values but ${name} has ${actual}; they must have one value per sample.`,
      field: name,
    });
  }
}

/**
 * Checks a caller-given list of labels: non-empty, unique, and of the same kind as the data.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT otherwise, naming `labels`.
 */
export function checkLabelOption(labels: readonly Label[], kind: LabelKind, name = 'labels'): void {
  if (!Array.isArray(labels) || labels.length === 0) {
    throw new InvalidArgumentError({ message: `${name} must list at least one label.`, field: name });
  }
  const seen = new Set<Label>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (labelKindOf(label, name, i) !== kind) {
      throw new InvalidArgumentError({
        message: `${name}[${i}] is ${formatLabel(label)} but the data holds ${kind}s; labels must be of the same kind.`,
        field: `${name}[${i}]`,
      });
    }
    if (seen.has(label)) {
      throw new InvalidArgumentError({
        message: `${name} lists ${formatLabel(label)} twice; each label must appear once.`,
        field: name,
      });
    }
    seen.add(label);
  }
}

/**
 * The sorted unique labels of one or more label arrays, as `np.unique` of their union. The arrays
 * are assumed already checked to be of one kind.
 */
export function uniqueLabels(...arrays: readonly (readonly Label[])[]): Label[] {
  const seen = new Set<Label>();
  for (const values of arrays) for (const value of values) seen.add(value);
  return Array.from(seen).sort(compareLabels);
}

/** A map from each label to its position in `labels`. */
export function labelIndex(labels: readonly Label[]): Map<Label, number> {
  const index = new Map<Label, number>();
  for (let i = 0; i < labels.length; i++) index.set(labels[i], i);
  return index;
}

/**
 * Checks a caller-given positive label against the labels present and the data's kind.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when its kind differs from the data's or, with
 * `mustBePresent`, when it is not among `present`.
 */
export function checkPosLabel(
  posLabel: Label,
  present: readonly Label[],
  kind: LabelKind,
  mustBePresent: boolean,
  given: boolean,
): void {
  const typeMatches = typeof posLabel === kind;
  if (typeMatches && (!mustBePresent || present.includes(posLabel))) return;
  const hint = given ? '' : ' (the default)';
  throw new InvalidArgumentError({
    message: `posLabel ${formatLabel(posLabel)}${hint} is not a label of yTrue; pass posLabel as one of ${formatLabels(present)}.`,
    field: 'posLabel',
  });
}
