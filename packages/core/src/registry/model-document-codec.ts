import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { SerializationError } from '../errors/serialization-error';
import { MODEL_JSON_FORMAT, type ModelJSONV1 } from '../spec/model/v1/model-json-v1';

/**
 * The value of the top-level `encoding` member of a packed model document. A document without
 * it is plain JSON (what mloop wrote before packing existed) and is read as is.
 */
export const PACKED_MODEL_ENCODING = 'mloop.packed/1' as const;

/** Number arrays shorter than this stay plain JSON: packing them saves nothing worth the unreadability. */
const MIN_PACKED_LENGTH = 64;

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Writes a model document as the registry stores it: JSON in which every number array of 64 or
 * more elements (and every typed array) is replaced by `{"$f64": base64}` (little-endian IEEE-754
 * doubles) or, when each element is an int32, `{"$i32": base64}`, and which carries
 * `"encoding": "mloop.packed/1"`.
 *
 * Why: formatting and parsing decimal doubles dominates the cost of storing a model
 * (`JSON.stringify` of 55,000 doubles takes about 3.5 ms, base64 of their bytes 0.3 ms), and
 * the bytes are exact where JSON is not (`NaN` and ±`Infinity` would become `null`, `-0` would
 * become `0`). The result is still JSON, so tools that only move the file (the W&B upload,
 * `jq`) keep working. An object whose only key starts with `$` is escaped as `{"$": object}`, so
 * no user value can be mistaken for a packed array. Members that `JSON.stringify` drops
 * (`undefined`, functions, symbols) are dropped, and `toJSON()` methods are honoured.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT (field `model`) for a value JSON cannot hold (a BigInt, a cycle).
 */
export function encodeModelDocument(document: ModelJSONV1): string {
  try {
    // Base64 needs no escaping, so the blobs are spliced into the JSON text instead of going
    // through JSON.stringify, which would scan and copy them again (half the cost of encoding).
    const blobs: string[] = [];
    const token = `mloop-packed-${Math.random().toString(36).slice(2)}-`;
    const skeleton = JSON.stringify({
      ...(pack(document, { ancestors: new Set(), blobs, token }) as object),
      encoding: PACKED_MODEL_ENCODING,
    });
    return (
      splice(skeleton, token, blobs) ??
      JSON.stringify({
        ...(pack(document, { ancestors: new Set(), blobs: [] }) as object),
        encoding: PACKED_MODEL_ENCODING,
      })
    );
  } catch (error) {
    throw new InvalidArgumentError({
      message: `model (${document.kind}) cannot be serialized: ${(error as Error).message}`,
      field: 'model',
      cause: error,
    });
  }
}

/** Where a packed array's base64 goes: inline, or (with a token) as a placeholder spliced in later. */
interface PackContext {
  readonly ancestors: Set<object>;
  readonly blobs: string[];
  readonly token?: string;
}

/**
 * Replaces the placeholders `"<token><index>"` by the blobs, or gives `undefined` when a document
 * string happens to look like a placeholder (the caller then encodes without placeholders).
 */
function splice(skeleton: string, token: string, blobs: readonly string[]): string | undefined {
  const pieces = skeleton.split(new RegExp(`"${token}(\\d+)"`));
  if (pieces.length !== 2 * blobs.length + 1) return undefined;
  for (let index = 0; index < blobs.length; index++) {
    if (pieces[2 * index + 1] !== String(index)) return undefined;
    pieces[2 * index + 1] = `"${blobs[index]}"`;
  }
  return pieces.join('');
}

/**
 * Reads a stored model document, packed ({@link encodeModelDocument}) or plain JSON. Packed arrays
 * come back as plain `number[]`, so `fromJSON` sees exactly what `toJSON` gave (typed arrays
 * become number arrays, as in plain JSON).
 * @throws {SerializationError} SERIALIZATION for invalid JSON, an unknown `encoding`, a malformed packed array, or a document that is not an `mloop.model`.
 */
export function decodeModelDocument(stored: Uint8Array | string): ModelJSONV1 {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof stored === 'string' ? stored : new TextDecoder().decode(stored));
  } catch (error) {
    throw new SerializationError({
      message: `The model document is not valid JSON: ${(error as Error).message}`,
      cause: error,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || (parsed as { format?: unknown }).format !== MODEL_JSON_FORMAT) {
    throw new SerializationError({ message: `The stored document is not an "${MODEL_JSON_FORMAT}" document.` });
  }
  const document = parsed as Record<string, unknown>;
  const kind = typeof document.kind === 'string' ? document.kind : undefined;
  if (!('encoding' in document)) return document as unknown as ModelJSONV1;
  if (document.encoding !== PACKED_MODEL_ENCODING) {
    throw new SerializationError({
      message: `The ${kind ?? 'model'} document uses encoding ${JSON.stringify(document.encoding)}; this @mloop/core reads "${PACKED_MODEL_ENCODING}". Upgrade @mloop/core to read it.`,
      kind,
    });
  }
  delete document.encoding;
  try {
    return unpackMembers(document) as unknown as ModelJSONV1;
  } catch (error) {
    throw new SerializationError({
      message: `The ${kind ?? 'model'} document is damaged: ${(error as Error).message}`,
      kind,
      cause: error,
    });
  }
}

function pack(value: unknown, context: PackContext): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    if (typeof (value as unknown as ArrayLike<unknown>)[0] === 'bigint')
      throw new TypeError('BigInt arrays cannot be stored');
    return packNumbers(value as unknown as ArrayLike<number>, context);
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return pack((value as { toJSON: () => unknown }).toJSON(), context);
  }
  const { ancestors } = context;
  if (ancestors.has(value)) throw new TypeError('the document contains a cycle');
  ancestors.add(value);
  let result: unknown;
  if (Array.isArray(value)) {
    result =
      value.length >= MIN_PACKED_LENGTH && isNumberArray(value)
        ? packNumbers(value, context)
        : value.map((item) => pack(item, context) ?? null);
  } else {
    const members: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      // defineProperty, not assignment: a "__proto__" key (JSON.parse makes it an own property)
      // would otherwise set the prototype and vanish from the output.
      Object.defineProperty(members, key, {
        value: pack(item, context),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    const keys = Object.keys(members);
    result = keys.length === 1 && keys[0].startsWith('$') ? { $: members } : members;
  }
  ancestors.delete(value);
  return result;
}

function isNumberArray(values: readonly unknown[]): values is number[] {
  for (let index = 0; index < values.length; index++) if (typeof values[index] !== 'number') return false;
  return true;
}

function isInt32(value: number): boolean {
  return (value | 0) === value && !Object.is(value, -0);
}

function packNumbers(values: ArrayLike<number>, context: PackContext): { $i32: string } | { $f64: string } {
  let integers = true;
  for (let index = 0; index < values.length && integers; index++) integers = isInt32(values[index]);
  if (integers) return { $i32: blob(toBase64(Int32Array.from(values), 4), context) };
  const doubles = new Float64Array(values.length);
  let hasNaN = false;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    doubles[index] = value;
    if (Number.isNaN(value)) hasNaN = true;
  }
  // One bit pattern for NaN, so equal models give equal bytes and equal artifact digests.
  if (hasNaN) {
    const words = new Uint32Array(doubles.buffer);
    const high = HOST_IS_LITTLE_ENDIAN ? 1 : 0;
    for (let index = 0; index < doubles.length; index++) {
      if (Number.isNaN(doubles[index])) {
        words[2 * index + high] = 0x7ff80000;
        words[2 * index + 1 - high] = 0;
      }
    }
  }
  return { $f64: blob(toBase64(doubles, 8), context) };
}

function blob(base64: string, context: PackContext): string {
  if (context.token === undefined) return base64;
  context.blobs.push(base64);
  return `${context.token}${context.blobs.length - 1}`;
}

function toBase64(array: Int32Array | Float64Array, width: number): string {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (!HOST_IS_LITTLE_ENDIAN) swapBytes(bytes, width);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let start = 0; start < bytes.length; start += width) bytes.subarray(start, start + width).reverse();
}

function unpack(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = unpack(value[index]);
    return value;
  }
  const members = value as Record<string, unknown>;
  const keys = Object.keys(members);
  if (keys.length === 1) {
    if (keys[0] === '$f64') return fromBase64(members.$f64, 8);
    if (keys[0] === '$i32') return fromBase64(members.$i32, 4);
    if (keys[0] === '$') {
      const escaped = members.$;
      if (escaped === null || typeof escaped !== 'object' || Array.isArray(escaped)) {
        throw new TypeError('an escaped object ("$") must hold an object');
      }
      return unpackMembers(escaped as Record<string, unknown>);
    }
    if (keys[0].startsWith('$')) throw new TypeError(`unknown packed member "${keys[0]}"`);
  }
  return unpackMembers(members);
}

function unpackMembers(members: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(members)) members[key] = unpack(members[key]);
  return members;
}

function fromBase64(encoded: unknown, width: 4 | 8): number[] {
  if (typeof encoded !== 'string') throw new TypeError(`a packed array must be a base64 string, got ${typeof encoded}`);
  const bytes = Buffer.from(encoded, 'base64');
  // Buffer.from skips characters that are not base64; encoding back is the cheap exact check
  // (a regular expression over a megabyte of base64 costs ten times more).
  if (bytes.toString('base64') !== encoded) throw new TypeError('a packed array is not canonical base64');
  if (bytes.length % width !== 0)
    throw new TypeError(`a packed array of ${bytes.length} bytes is not a whole number of ${width}-byte values`);
  // Copy into a fresh, aligned buffer: Buffer.from may return a slice of a shared pool at any offset.
  const aligned = new Uint8Array(bytes.length);
  aligned.set(bytes);
  if (!HOST_IS_LITTLE_ENDIAN) swapBytes(aligned, width);
  return Array.from(width === 8 ? new Float64Array(aligned.buffer) : new Int32Array(aligned.buffer));
}
