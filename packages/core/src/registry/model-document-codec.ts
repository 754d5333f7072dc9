import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { SerializationError } from '../errors/serialization-error';
import { MODEL_JSON_FORMAT, type ModelJSONV1 } from '../spec/model/v1/model-json-v1';

/**
 * The value of the top-level `encoding` member of a packed model document. A document without
 * it is plain JSON (what mloop wrote before packing existed) and is read as is.
 */
export const PACKED_MODEL_ENCODING = 'mloop.packed/1' as const;

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type NumberArrayConstructor =
  | Int8ArrayConstructor
  | Int16ArrayConstructor
  | Int32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

/** How a packed array is stored: its member name, its element type and that type's quiet NaN. */
interface PackedType {
  readonly tag: '$i8' | '$i16' | '$i32' | '$f32' | '$f64';
  readonly array: NumberArrayConstructor;
  /** The NaN bit pattern written for every NaN (float types), as the high 32-bit word. */
  readonly nan?: number;
}

const I8: PackedType = { tag: '$i8', array: Int8Array };
const I16: PackedType = { tag: '$i16', array: Int16Array };
const I32: PackedType = { tag: '$i32', array: Int32Array };
const F32: PackedType = { tag: '$f32', array: Float32Array, nan: 0x7fc00000 };
const F64: PackedType = { tag: '$f64', array: Float64Array, nan: 0x7ff80000 };
const PACKED_TYPES = new Map<string, PackedType>([I8, I16, I32, F32, F64].map((type) => [type.tag, type]));

/** When a number array is packed. */
interface PackPolicy {
  /** Arrays shorter than this stay plain JSON unless they hold a value JSON cannot (NaN, ±Infinity, -0). */
  readonly minLength: number;
  /** Keep arrays whose decimal text is shorter than their base64 (small decimals such as 0.1) as JSON. */
  readonly compact: boolean;
}

const REGISTRY_POLICY: PackPolicy = { minLength: 64, compact: true };

/**
 * Writes a model document as the registry stores it: JSON in which a number array (or typed
 * array) is replaced by the base64 of its little-endian elements, `{"$f64": …}` for doubles and the
 * narrowest exact type otherwise (`$f32`, `$i8`, `$i16`, `$i32`), when it has 64 or more elements
 * and its base64 is estimated (from a sample of its elements) to be shorter than its decimal
 * text, or whenever it holds a value JSON cannot (NaN, ±Infinity, -0). The document carries `"encoding": "mloop.packed/1"`.
 *
 * Why: formatting and parsing decimal doubles dominates the cost of storing a model
 * (`JSON.stringify` of 55,000 doubles takes about 3.5 ms, base64 of their bytes 0.3 ms), and the
 * bytes are exact where JSON is not. The result is still JSON, so tools that only move the file
 * (the W&B upload, `jq`) keep working. The choice depends on the values only, so a decoded
 * document encodes to the same bytes (and the same artifact digest) again.
 *
 * Otherwise it follows `JSON.stringify`: `toJSON(key)` is honoured, `Number` / `String` /
 * `Boolean` objects are unwrapped, members that are `undefined`, functions or symbols are dropped
 * (`null` in arrays). Typed arrays without a `toJSON` of their own are written as number arrays
 * (JSON would write `{"0": …}`). An object whose only member starts with `$` is escaped as
 * `{"$": object}`, so no user value can be mistaken for a packed array.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT (field `model`) for a value JSON cannot hold (a BigInt, a cycle) or a document with its own `encoding` member.
 */
export function encodeModelDocument(document: ModelJSONV1): string {
  return encodeModelDocumentWith(document, REGISTRY_POLICY);
}

/**
 * {@link encodeModelDocument} with another packing policy: the estimator kit packs every number
 * array (`{ minLength: 1, compact: false }`) so packing is exercised on small fixtures too.
 * @internal
 */
export function encodeModelDocumentWith(document: ModelJSONV1, policy: PackPolicy): string {
  const { texts, blobs } = encodePieces(document, policy);
  return texts.map((text, index) => (index < blobs.length ? `${text}"${blobs[index]}"` : text)).join('');
}

/**
 * {@link encodeModelDocument} straight to UTF-8 bytes, what the registry stores: the base64 blobs
 * are copied in as Latin-1 instead of being joined into one string and encoded again (for a
 * megabyte of weights that saves two megabyte-sized copies).
 * @internal
 */
export function encodeModelDocumentBytes(document: ModelJSONV1): Uint8Array {
  const { texts, blobs } = encodePieces(document, REGISTRY_POLICY);
  let size = 0;
  for (const text of texts) size += Buffer.byteLength(text, 'utf8');
  for (const blob of blobs) size += blob.length + 2;
  // Buffer.alloc, not allocUnsafe: a pooled slice would share its ArrayBuffer with unrelated data,
  // which a store that uploads `body.buffer` would send along.
  const bytes = Buffer.alloc(size);
  let offset = 0;
  texts.forEach((text, index) => {
    offset += bytes.write(text, offset, 'utf8');
    if (index < blobs.length) offset += bytes.write(`"${blobs[index]}"`, offset, 'latin1');
  });
  return bytes;
}

/**
 * The encoded document as JSON texts with the base64 blobs between them (`texts[i]`, then
 * `"blobs[i]"`, …, then the last text). Base64 needs no escaping, so the blobs never go through
 * JSON.stringify, which would scan and copy them again (half the cost of encoding).
 */
function encodePieces(document: ModelJSONV1, policy: PackPolicy): { texts: string[]; blobs: string[] } {
  if (
    document !== null &&
    typeof document === 'object' &&
    (document as { encoding?: unknown }).encoding !== undefined
  ) {
    throw new InvalidArgumentError({
      message: `model (${document.kind}) has its own "encoding" member, which is reserved for the stored form.`,
      field: 'model',
    });
  }
  try {
    const blobs: string[] = [];
    const token = `mloop-packed-${Math.random().toString(36).slice(2)}-`;
    const packed = (context: PackContext) =>
      JSON.stringify({ ...(pack(document, context, '') as object), encoding: PACKED_MODEL_ENCODING });
    const skeleton = packed({ ancestors: new Set(), blobs, token, policy });
    const texts = splitAtPlaceholders(skeleton, token, blobs.length);
    // A document string that looks like a placeholder: encode again with the blobs inline.
    return texts ? { texts, blobs } : { texts: [packed({ ancestors: new Set(), blobs: [], policy })], blobs: [] };
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
  readonly policy: PackPolicy;
}

/**
 * The texts between the placeholders `"<token><index>"`, or `undefined` when they are not exactly
 * the `count` placeholders in order (a document string happens to look like one).
 */
function splitAtPlaceholders(skeleton: string, token: string, count: number): string[] | undefined {
  const pieces = skeleton.split(new RegExp(`"${token}(\\d+)"`));
  if (pieces.length !== 2 * count + 1) return undefined;
  const texts: string[] = [];
  for (let index = 0; index < pieces.length; index += 2) {
    if (index > 0 && pieces[index - 1] !== String(index / 2 - 1)) return undefined;
    texts.push(pieces[index]);
  }
  return texts;
}

/**
 * Reads a stored model document, packed ({@link encodeModelDocument}) or plain JSON. Packed arrays
 * come back as plain `number[]`, so `fromJSON` sees what `toJSON` gave (typed arrays as number
 * arrays).
 * @throws {SerializationError} SERIALIZATION for invalid JSON, an unknown `encoding`, a malformed packed array, or a document that is not an `mloop.model`.
 */
export function decodeModelDocument(stored: Uint8Array | string): ModelJSONV1 {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof stored === 'string' ? stored : new TextDecoder('utf-8', { fatal: true }).decode(stored));
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

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const isOmitted = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** One value as JSON.stringify would see it (after `toJSON(key)`), with number arrays packed. */
function pack(input: unknown, context: PackContext, key: string): unknown {
  let value = input;
  if (
    (typeof value === 'object' || typeof value === 'bigint') &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Number) return Number(value);
  if (value instanceof String) return String(value);
  if (value instanceof Boolean) return value.valueOf();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    if (value instanceof BigInt64Array || value instanceof BigUint64Array) {
      throw new TypeError('BigInt arrays cannot be stored');
    }
    const numbers = value as unknown as ArrayLike<number>;
    return packNumbers(numbers, context) ?? Array.from(numbers);
  }
  const { ancestors } = context;
  if (ancestors.has(value)) throw new TypeError('the document contains a cycle');
  ancestors.add(value);
  let result: unknown;
  if (Array.isArray(value)) {
    if (isNumberArray(value)) {
      // Plain numbers need no per-element pass: packed, or written by JSON.stringify as they are.
      result = packNumbers(value, context) ?? value;
    } else {
      const items = Array.from(value, (item, index) => {
        const packedItem = pack(item, context, String(index));
        return isOmitted(packedItem) ? null : packedItem;
      });
      // Elements that became numbers (Number objects, toJSON) are packed as a decoded copy would be.
      result = (isNumberArray(items) ? packNumbers(items, context) : undefined) ?? items;
    }
  } else {
    const members: Record<string, unknown> = {};
    for (const name of Object.keys(value)) {
      const packed = pack((value as Record<string, unknown>)[name], context, name);
      if (isOmitted(packed)) continue;
      // defineProperty, not assignment: a "__proto__" key (JSON.parse makes it an own property)
      // would otherwise set the prototype and vanish from the output.
      Object.defineProperty(members, name, { value: packed, enumerable: true, writable: true, configurable: true });
    }
    const names = Object.keys(members);
    result = names.length === 1 && names[0].startsWith('$') ? { $: members } : members;
  }
  ancestors.delete(value);
  return result;
}

function isNumberArray(values: readonly unknown[]): values is number[] {
  for (let index = 0; index < values.length; index++) if (typeof values[index] !== 'number') return false;
  return true;
}

/**
 * The packed form of a number array, or `undefined` when it stays plain JSON. Depends only on the
 * values, so encoding is a function of the document's content.
 */
function packNumbers(values: ArrayLike<number>, context: PackContext): Record<string, string> | undefined {
  const scan = scanNumbers(values);
  const type = packedTypeOf(values, scan, context.policy);
  if (type === undefined) return undefined;
  const array = new type.array(values.length);
  for (let index = 0; index < values.length; index++) array[index] = values[index];
  // One bit pattern for NaN, so equal models give equal bytes and equal artifact digests.
  if (scan.hasNaN && type.nan !== undefined) {
    const words = new Uint32Array(array.buffer);
    const perValue = array.BYTES_PER_ELEMENT / 4;
    const high = HOST_IS_LITTLE_ENDIAN ? perValue - 1 : 0;
    for (let index = 0; index < array.length; index++) {
      if (!Number.isNaN(array[index])) continue;
      words[index * perValue + high] = type.nan;
      if (perValue === 2) words[index * perValue + 1 - high] = 0;
    }
  }
  return { [type.tag]: blob(toBase64(array), context) };
}

/** What the choice of a packed type needs to know about an array, found in one pass. */
interface NumberScan {
  /** Every element is an int32 (and none is -0). */
  readonly integers: boolean;
  /** Every element is exact as a float32 (NaN counts as exact). */
  readonly float32: boolean;
  /** Some element is NaN, ±Infinity or -0: values JSON cannot hold. */
  readonly special: boolean;
  readonly hasNaN: boolean;
  /** Range of the elements, meaningful when `integers`. */
  readonly min: number;
  readonly max: number;
}

function scanNumbers(values: ArrayLike<number>): NumberScan {
  let integers = true;
  let float32 = true;
  let special = false;
  let hasNaN = false;
  let min = 0;
  let max = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    // Plain comparisons: this loop runs over every element of every long array.
    if (Number.isNaN(value)) hasNaN = true;
    else if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY || (value === 0 && 1 / value < 0))
      special = true;
    if (integers) {
      if ((value | 0) !== value || (value === 0 && 1 / value < 0)) integers = false;
      else if (value < min) min = value;
      else if (value > max) max = value;
    }
    if (float32 && Math.fround(value) !== value && !Number.isNaN(value)) float32 = false;
  }
  return { integers, float32, special: special || hasNaN, hasNaN, min, max };
}

/** Chooses the packed type of a number array (see {@link encodeModelDocument}), or `undefined` for plain JSON. */
function packedTypeOf(values: ArrayLike<number>, scan: NumberScan, policy: PackPolicy): PackedType | undefined {
  if (values.length === 0) return undefined;
  const { integers, float32, special, min, max } = scan;
  if (!special && values.length < policy.minLength) return undefined;
  const type = integers
    ? min >= -128 && max <= 127
      ? I8
      : min >= -32_768 && max <= 32_767
        ? I16
        : I32
    : float32
      ? F32
      : F64;
  // Base64 spends 4/3 characters a byte; small numbers and short decimals (0.1, 2.5) are cheaper as text.
  if (!special && policy.compact && decimalWidth(values) <= (type.array.BYTES_PER_ELEMENT * 4) / 3) return undefined;
  return type;
}

const GOLDEN_RATIO_FRACTION = 0.6180339887498949;

/**
 * The mean length of an element as JSON text (with its comma), estimated from up to 256 elements
 * at golden-ratio positions, which do not line up with the columns of a flattened matrix the way
 * evenly spaced ones can. Formatting every element would cost what packing saves.
 */
function decimalWidth(values: ArrayLike<number>): number {
  const samples = Math.min(256, values.length);
  let characters = 0;
  for (let sample = 0; sample < samples; sample++) {
    const position = ((sample + 1) * GOLDEN_RATIO_FRACTION) % 1;
    characters += String(values[Math.floor(position * values.length)]).length + 1;
  }
  return characters / samples;
}

function blob(base64: string, context: PackContext): string {
  if (context.token === undefined) return base64;
  context.blobs.push(base64);
  return `${context.token}${context.blobs.length - 1}`;
}

function toBase64(array: ArrayBufferView & { readonly BYTES_PER_ELEMENT: number }): string {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (!HOST_IS_LITTLE_ENDIAN) swapBytes(bytes, array.BYTES_PER_ELEMENT);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let start = 0; start < bytes.length; start += width) bytes.subarray(start, start + width).reverse();
}

function unpack(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = unpack(value[index]);
    return value;
  }
  const members = value as Record<string, unknown>;
  const names = Object.keys(members);
  if (names.length === 1 && names[0].startsWith('$')) {
    const [name] = names;
    if (name === '$') {
      const escaped = members.$;
      if (escaped === null || typeof escaped !== 'object' || Array.isArray(escaped)) {
        throw new TypeError('an escaped object ("$") must hold an object');
      }
      return unpackMembers(escaped as Record<string, unknown>);
    }
    const type = PACKED_TYPES.get(name);
    if (type === undefined) throw new TypeError(`unknown packed member "${name}"`);
    return fromBase64(members[name], type);
  }
  return unpackMembers(members);
}

function unpackMembers(members: Record<string, unknown>): Record<string, unknown> {
  for (const name of Object.keys(members)) members[name] = unpack(members[name]);
  return members;
}

function fromBase64(encoded: unknown, type: PackedType): number[] {
  if (typeof encoded !== 'string') throw new TypeError(`a packed array must be a base64 string, got ${typeof encoded}`);
  const bytes = Buffer.from(encoded, 'base64');
  // Buffer.from skips characters that are not base64; encoding back is the cheap exact check
  // (a regular expression over a megabyte of base64 costs ten times more).
  if (bytes.toString('base64') !== encoded) throw new TypeError('a packed array is not canonical base64');
  const width = type.array.BYTES_PER_ELEMENT;
  if (bytes.length % width !== 0) {
    throw new TypeError(
      `a packed ${type.tag} array of ${bytes.length} bytes is not a whole number of ${width}-byte values`,
    );
  }
  // Copy into a fresh, aligned buffer: Buffer.from may return a slice of a shared pool at any offset.
  const aligned = new Uint8Array(bytes.length);
  aligned.set(bytes);
  if (!HOST_IS_LITTLE_ENDIAN) swapBytes(aligned, width);
  return Array.from(new type.array(aligned.buffer));
}
