import { hasMarker, MloopError, type MloopErrorOptions } from './mloop-error';

const marker = Symbol.for('mloop.error.UnsupportedSpecVersionError');

/** Options of {@link UnsupportedSpecVersionError}. */
export interface UnsupportedSpecVersionErrorOptions extends MloopErrorOptions {
  /** The `specificationVersion` (or model `formatVersion`) that was found. */
  version: string;
  /** The versions this copy of mloop accepts. */
  accepted: readonly string[];
}

/** Thrown when a backend, model document or profile declares a spec version this copy of mloop does not know. Code `UNSUPPORTED_SPEC_VERSION`. */
export class UnsupportedSpecVersionError extends MloopError {
  /** The `specificationVersion` (or model `formatVersion`) that was found. */
  readonly version: string;
  /** The versions this copy of mloop accepts. */
  readonly accepted: readonly string[];

  constructor(options: UnsupportedSpecVersionErrorOptions) {
    super('UNSUPPORTED_SPEC_VERSION', options);
    Object.defineProperty(this, marker, { value: true });
    this.name = 'UnsupportedSpecVersionError';
    this.version = options.version;
    this.accepted = options.accepted;
  }

  /** True for a `UnsupportedSpecVersionError` from any installed copy of `@mloop/core`. */
  static override isInstance(error: unknown): error is UnsupportedSpecVersionError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return { version: this.version, accepted: this.accepted };
  }
}
