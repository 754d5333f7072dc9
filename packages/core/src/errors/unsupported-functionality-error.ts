import { hasMarker, MloopError, type MloopErrorOptions } from './mloop-error';

const marker = Symbol.for('mloop.error.UnsupportedFunctionalityError');

/** Options of {@link UnsupportedFunctionalityError}. */
export interface UnsupportedFunctionalityErrorOptions extends MloopErrorOptions {
  /** What was asked for, e.g. `tracker.searchRuns`. */
  functionality: string;
}

/** Thrown when a backend or estimator is asked for something it does not declare in its capabilities or tags. Code `UNSUPPORTED`. */
export class UnsupportedFunctionalityError extends MloopError {
  /** What was asked for, e.g. `tracker.searchRuns`. */
  readonly functionality: string;

  constructor(options: UnsupportedFunctionalityErrorOptions) {
    super('UNSUPPORTED', options);
    Object.defineProperty(this, marker, { value: true });
    this.name = 'UnsupportedFunctionalityError';
    this.functionality = options.functionality;
  }

  /** True for a `UnsupportedFunctionalityError` from any installed copy of `@mloop/core`. */
  static override isInstance(error: unknown): error is UnsupportedFunctionalityError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return { functionality: this.functionality };
  }
}
