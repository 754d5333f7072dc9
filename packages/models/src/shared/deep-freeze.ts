/**
 * Freezes a params object and every array or plain object inside it, so that nested params
 * (`ngramRange`, `classWeight`, a vocabulary) are as immutable as the top level.
 */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** A deep copy of JSON-like params (arrays and plain objects), for `getParams()`. */
export function copyParams<T>(value: T): T {
  return structuredClone(value);
}
