import { hasMarker, MloopError, type MloopErrorOptions } from './mloop-error';

const marker = Symbol.for('mloop.error.NotFoundError');

/** Options of {@link NotFoundError}. */
export interface NotFoundErrorOptions extends MloopErrorOptions {
  /** The kind of thing that was looked up: `experiment`, `run`, `model`, `version`, `alias`, `artifact` … */
  entity: string;
  /** The id, name or digest that was not found. */
  id: string;
}

/** Thrown when an experiment, run, model, version, alias or artifact does not exist. Code `NOT_FOUND`. */
export class NotFoundError extends MloopError {
  /** The kind of thing that was looked up: `experiment`, `run`, `model`, `version`, `alias`, `artifact` … */
  readonly entity: string;
  /** The id, name or digest that was not found. */
  readonly id: string;

  constructor(options: NotFoundErrorOptions) {
    super('NOT_FOUND', options);
    Object.defineProperty(this, marker, { value: true });
    this.name = 'NotFoundError';
    this.entity = options.entity;
    this.id = options.id;
  }

  /** True for a `NotFoundError` from any installed copy of `@mloop/core`. */
  static override isInstance(error: unknown): error is NotFoundError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return { entity: this.entity, id: this.id };
  }
}
