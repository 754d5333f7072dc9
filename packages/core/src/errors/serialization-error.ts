import { hasMarker, MloopError, type MloopErrorOptions } from './mloop-error';

const marker = Symbol.for('mloop.error.SerializationError');

/** Options of {@link SerializationError}. */
export interface SerializationErrorOptions extends MloopErrorOptions {
  /** The model or document kind being read, when known. */
  kind?: string;
}

/** Thrown when a serialized document (model JSON, profile, journal record) cannot be read: wrong kind, malformed, or corrupted. Code `SERIALIZATION`. */
export class SerializationError extends MloopError {
  /** The model or document kind being read, when known. */
  readonly kind: string | undefined;

  constructor(options: SerializationErrorOptions) {
    super('SERIALIZATION', options);
    Object.defineProperty(this, marker, { value: true });
    this.name = 'SerializationError';
    this.kind = options.kind;
  }

  /** True for a `SerializationError` from any installed copy of `@mloop/core`. */
  static override isInstance(error: unknown): error is SerializationError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return { kind: this.kind };
  }
}
