import { InvalidArgumentError, type InvalidArgumentErrorOptions } from '@mloop/core';

const marker = Symbol.for('mloop.error.EmptyColumnError');

/**
 * Thrown when a column has no value left after dropping missing values (`null`, `undefined`, `NaN`,
 * ±Infinity) on the reference or the current side, so no drift test can run. Code `INVALID_ARGUMENT`;
 * `field` names the column and side.
 */
export class EmptyColumnError extends InvalidArgumentError {
  /** `'reference'` or `'current'`. */
  readonly side: 'reference' | 'current';

  constructor(options: InvalidArgumentErrorOptions & { side: 'reference' | 'current' }) {
    super(options);
    Object.defineProperty(this, marker, { value: true });
    this.name = 'EmptyColumnError';
    this.side = options.side;
  }

  /** True for an `EmptyColumnError` from any installed copy of `@mloop/drift`. */
  static override isInstance(error: unknown): error is EmptyColumnError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
