import { hasMarker, MloopError, type MloopErrorOptions } from './mloop-error';

const marker = Symbol.for('mloop.error.AlreadyExistsError');

/** Options of {@link AlreadyExistsError}. */
export interface AlreadyExistsErrorOptions extends MloopErrorOptions {
  /** The kind of thing that was created: `experiment`, `model` … */
  entity: string;
  /** The name or id that is already taken. */
  id: string;
}

/** Thrown when creating something whose name or id is already taken. Code `ALREADY_EXISTS`. */
export class AlreadyExistsError extends MloopError {
  /** The kind of thing that was created: `experiment`, `model` … */
  readonly entity: string;
  /** The name or id that is already taken. */
  readonly id: string;

  constructor(options: AlreadyExistsErrorOptions) {
    super('ALREADY_EXISTS', options);
    Object.defineProperty(this, marker, { value: true });
    this.name = 'AlreadyExistsError';
    this.entity = options.entity;
    this.id = options.id;
  }

  /** True for a `AlreadyExistsError` from any installed copy of `@mloop/core`. */
  static override isInstance(error: unknown): error is AlreadyExistsError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return { entity: this.entity, id: this.id };
  }
}
