import { hasMarker, MloopError, type MloopErrorOptions } from './mloop-error';

const marker = Symbol.for('mloop.error.NotFittedError');

/** Options of {@link NotFittedError}. */
export interface NotFittedErrorOptions extends Partial<MloopErrorOptions> {
  /** The estimator class, e.g. `IsolationForest`. */
  estimator: string;
  /** The method that was called before `fit`, e.g. `predict`. */
  method: string;
}

/** Thrown when a predict-like method of an estimator is called before `fit()`. Code `NOT_FITTED`. */
export class NotFittedError extends MloopError {
  /** The estimator class, e.g. `IsolationForest`. */
  readonly estimator: string;
  /** The method that was called before `fit`, e.g. `predict`. */
  readonly method: string;

  constructor(options: NotFittedErrorOptions) {
    super('NOT_FITTED', {
      ...options,
      message:
        options.message ??
        `${options.estimator}.${options.method}() was called before fit(). Call fit() first, or restore a fitted model with ${options.estimator}.fromJSON(json).`,
    });
    Object.defineProperty(this, marker, { value: true });
    this.name = 'NotFittedError';
    this.estimator = options.estimator;
    this.method = options.method;
  }

  /** True for a `NotFittedError` from any installed copy of `@mloop/core`. */
  static override isInstance(error: unknown): error is NotFittedError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return { estimator: this.estimator, method: this.method };
  }
}
