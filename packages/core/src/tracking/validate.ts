import { InvalidArgumentError } from '../errors/invalid-argument-error';

const KEY_PATTERN = /^[A-Za-z0-9_\-./: ]{1,250}$/;
/** Longest param value, as MLflow allows. */
export const MAX_PARAM_VALUE_LENGTH = 6000;
/** Longest tag value. */
export const MAX_TAG_VALUE_LENGTH = 8000;

/**
 * Checks a metric, param or tag name: 1–250 characters of letters, digits, `_ - . / : space`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT otherwise.
 */
export function validateKey(key: unknown, what: 'metric' | 'param' | 'tag'): string {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new InvalidArgumentError({
      message: `Invalid ${what} name ${JSON.stringify(key)}: use 1–250 letters, digits, spaces or _ - . / :.`,
      field: `${what}.key`,
    });
  }
  return key;
}

/** Values accepted as params and tags; numbers and booleans are stored as their string form. */
export type ScalarValue = string | number | boolean;

/**
 * Converts a param or tag value to the stored string.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for other types or over-long strings.
 */
export function toStoredString(key: string, value: unknown, what: 'param' | 'tag'): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else {
    throw new InvalidArgumentError({
      message: `${what} "${key}" must be a string, number or boolean, got ${value === null ? 'null' : typeof value}.`,
      field: `${what}s.${key}`,
    });
  }
  const limit = what === 'param' ? MAX_PARAM_VALUE_LENGTH : MAX_TAG_VALUE_LENGTH;
  if (text.length > limit) {
    throw new InvalidArgumentError({
      message: `${what} "${key}" is ${text.length} characters; the limit is ${limit}.`,
      field: `${what}s.${key}`,
    });
  }
  return text;
}

/**
 * Converts a record of params or tags to the batch form, validating every key and value first.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the first bad entry.
 */
export function toKeyValues(
  record: Readonly<Record<string, unknown>>,
  what: 'param' | 'tag',
): { key: string; value: string }[] {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new InvalidArgumentError({ message: `${what}s must be an object of name → value.`, field: `${what}s` });
  }
  return Object.entries(record).map(([key, value]) => ({
    key: validateKey(key, what),
    value: toStoredString(key, value, what),
  }));
}
