/** Every error code mloop throws. Callers branch on `code`, never on the message. */
export type MloopErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'CONFLICT'
  | 'NOT_FITTED'
  | 'UNSUPPORTED'
  | 'UNSUPPORTED_SPEC_VERSION'
  | 'SERIALIZATION'
  | 'BACKEND';

/** Every code in one array, in the order of `docs/errors.md`. */
export const MLOOP_ERROR_CODES: readonly MloopErrorCode[] = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'CONFLICT',
  'NOT_FITTED',
  'UNSUPPORTED',
  'UNSUPPORTED_SPEC_VERSION',
  'SERIALIZATION',
  'BACKEND',
];

const baseMarker = 'mloop.error';
const baseSymbol = Symbol.for(baseMarker);

/** What every error constructor takes. */
export interface MloopErrorOptions {
  /** A sentence that says what went wrong and, when there is one, what to do about it. */
  message: string;
  /** The underlying failure, kept for debugging (a zod error, a SQLite error, a fetch failure). */
  cause?: unknown;
}

/** The plain-object form of an error, as `toJSON()` returns it and an HTTP service sends it. */
export interface MloopErrorJSON {
  /** The stable error code. */
  code: MloopErrorCode;
  /** The class name, e.g. `'NotFoundError'`. */
  name: string;
  /** The human-readable message. */
  message: string;
  /** Structured details of the subclass (the entity and id, the field, the zod issues …). */
  [detail: string]: unknown;
}

/**
 * The base class of every error mloop throws.
 *
 * Each subclass sets a stable `code` and carries structured details. `isInstance` checks a
 * `Symbol.for` marker instead of the prototype chain, so it still works when an application
 * ends up with two installed copies of `@mloop/core`.
 */
export class MloopError extends Error {
  /** The stable code of this error; see `docs/errors.md`. */
  readonly code: MloopErrorCode;

  constructor(code: MloopErrorCode, options: MloopErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    // A non-enumerable marker instead of a class field: isInstance reads it across package copies.
    Object.defineProperty(this, baseSymbol, { value: true });
    this.code = code;
    this.name = 'MloopError';
  }

  /** True for any mloop error, from any installed copy of the package. */
  static isInstance(error: unknown): error is MloopError {
    return hasMarker(error, baseSymbol);
  }

  /** Structured details of the subclass; the base has none. */
  protected details(): Record<string, unknown> {
    return {};
  }

  /** `{ code, name, message, …details }`, safe to send over HTTP (no stack, no cause). */
  toJSON(): MloopErrorJSON {
    return { ...this.details(), code: this.code, name: this.name, message: this.message };
  }
}

/**
 * True when `error` carries the marker `symbol`; used by each subclass's `isInstance`.
 * @internal
 */
export function hasMarker(error: unknown, symbol: symbol): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[symbol] === true;
}
