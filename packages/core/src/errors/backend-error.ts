import { hasMarker, MloopError, type MloopErrorOptions } from './mloop-error';

const marker = Symbol.for('mloop.error.BackendError');

/** Options of {@link BackendError}. */
export interface BackendErrorOptions extends MloopErrorOptions {
  /** The backend id, e.g. `memory`, `sqlite`, `wandb`. */
  backend: string;
  /** Whether retrying the same call may succeed (a busy database, a 503, a network error). */
  retryable: boolean;
}

/** Thrown when a backend fails for a reason that is not the caller's mistake: I/O, a closed backend, a server error. Code `BACKEND`. */
export class BackendError extends MloopError {
  /** The backend id, e.g. `memory`, `sqlite`, `wandb`. */
  readonly backend: string;
  /** Whether retrying the same call may succeed (a busy database, a 503, a network error). */
  readonly retryable: boolean;

  constructor(options: BackendErrorOptions) {
    super('BACKEND', options);
    Object.defineProperty(this, marker, { value: true });
    this.name = 'BackendError';
    this.backend = options.backend;
    this.retryable = options.retryable;
  }

  /** True for a `BackendError` from any installed copy of `@mloop/core`. */
  static override isInstance(error: unknown): error is BackendError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return { backend: this.backend, retryable: this.retryable };
  }
}
