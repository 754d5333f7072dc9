import { hasMarker, MloopError, type MloopErrorOptions } from './mloop-error';

const marker = Symbol.for('mloop.error.ConflictError');

/** Options of {@link ConflictError}. */
export interface ConflictErrorOptions extends MloopErrorOptions {
  /** The kind of thing the write conflicts with: `param`, `run`, `alias` … */
  entity: string;
  /** The key or id of the conflicting item. */
  id: string;
}

/** Thrown when a write contradicts stored state: a param re-logged with a different value, a write to a run that is no longer running. Code `CONFLICT`. */
export class ConflictError extends MloopError {
  /** The kind of thing the write conflicts with: `param`, `run`, `alias` … */
  readonly entity: string;
  /** The key or id of the conflicting item. */
  readonly id: string;

  constructor(options: ConflictErrorOptions) {
    super('CONFLICT', options);
    Object.defineProperty(this, marker, { value: true });
    this.name = 'ConflictError';
    this.entity = options.entity;
    this.id = options.id;
  }

  /** True for a `ConflictError` from any installed copy of `@mloop/core`. */
  static override isInstance(error: unknown): error is ConflictError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return { entity: this.entity, id: this.id };
  }
}
