import { hasMarker, MloopError, type MloopErrorOptions } from './mloop-error';

const marker = Symbol.for('mloop.error.InvalidArgumentError');

/** One validation problem, in the shape zod reports it (kept free of zod's own types). */
export interface InvalidArgumentIssue {
  /** Where the problem is, from the validated value's root, e.g. `['params', 'nNeighbors']`. */
  path: readonly (string | number)[];
  /** What is wrong, e.g. `Too small: expected number to be >=1`. */
  message: string;
  /** zod's issue code (`too_small`, `invalid_type` …) or mloop's own code for hand-made checks. */
  code: string;
}

/** Options of {@link InvalidArgumentError}. */
export interface InvalidArgumentErrorOptions extends MloopErrorOptions {
  /** The argument, field or column that is wrong, as a dotted path (`params.nNeighbors`, `row 12, column a3`). */
  field?: string;
  /** Every problem found, when a schema validation found several. */
  issues?: readonly InvalidArgumentIssue[];
}

/**
 * Thrown when the caller passed something invalid: a param out of range, a malformed row, a
 * NaN where none is allowed. Code `INVALID_ARGUMENT`. Nothing was changed when it is thrown.
 */
export class InvalidArgumentError extends MloopError {
  /** The argument, field or column that is wrong, when known. */
  readonly field: string | undefined;
  /** Every problem found (at least one when the error comes from a schema). */
  readonly issues: readonly InvalidArgumentIssue[];

  constructor(options: InvalidArgumentErrorOptions) {
    super('INVALID_ARGUMENT', options);
    Object.defineProperty(this, marker, { value: true });
    this.name = 'InvalidArgumentError';
    this.field = options.field;
    this.issues = options.issues ?? [];
  }

  /** True for an `InvalidArgumentError` from any installed copy of `@mloop/core`. */
  static override isInstance(error: unknown): error is InvalidArgumentError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return { field: this.field, issues: this.issues };
  }
}
