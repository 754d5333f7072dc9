/**
 * The serialized form of a fitted (or unfitted) estimator: what `toJSON()` returns and what
 * `fromJSON()` reads back. Plain JSON: typed arrays are number arrays; non-finite numbers are the
 * strings `"NaN"`, `"Infinity"`, `"-Infinity"`. The registry stores it with long number arrays
 * packed as base64 (`encodeModelDocument` in `@mloop/core`), which is still JSON and reads back to
 * the same document.
 */
export interface ModelJSONV1<Kind extends string = string, Params = unknown, State = unknown> {
  /** Always `'mloop.model'`; anything else → `SERIALIZATION` on read. */
  readonly format: 'mloop.model';
  /** Version of this document format; readers accept `1` and throw `SERIALIZATION` (naming both versions) otherwise. */
  readonly formatVersion: 1;
  /** The estimator kind (its class's `kind`), e.g. `'IsolationForest'`; a mismatch → `SERIALIZATION`. */
  readonly kind: Kind;
  /** Who wrote it: `'@mloop/models@0.1.0'`. Informational. */
  readonly producer: string;
  /** The estimator's params, in the input shape of its params schema (defaults filled in). */
  readonly params: Params;
  /** The learned state; `null` when the estimator was not fitted. */
  readonly state: State | null;
}

/** The model-document format tag. */
export const MODEL_JSON_FORMAT = 'mloop.model' as const;
/** The model-document format version this copy of mloop writes and reads. */
export const MODEL_JSON_FORMAT_VERSION = 1 as const;
