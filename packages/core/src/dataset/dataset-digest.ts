import type { Hash } from 'node:crypto';
import { createSha256 } from '../numeric/digest';
import type { DatasetV1Column, DatasetV1ColumnType, DatasetV1Schema } from '../spec/dataset/v1/dataset-v1';

/** The format tag at the start of the canonical encoding; a new encoding gets a new tag. */
export const DATASET_DIGEST_FORMAT = 'mloop.dataset.v1';

/** One byte per column type in the encoding. */
const TYPE_CODES: Record<DatasetV1ColumnType, number> = {
  numeric: 1,
  categorical: 2,
  text: 3,
  boolean: 4,
  label: 5,
};

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const CHUNK = 1 << 16;

/**
 * Streams little-endian primitives into a hash through one reusable buffer, so no value is
 * encoded in a fresh allocation. DataView writes are little-endian on every host.
 */
class CanonicalWriter {
  readonly #hash: Hash;
  readonly #buffer = new Uint8Array(CHUNK);
  readonly #view = new DataView(this.#buffer.buffer);
  readonly #encoder = new TextEncoder();
  #length = 0;

  constructor(hash: Hash) {
    this.#hash = hash;
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes > CHUNK) this.flush();
  }

  flush(): void {
    if (this.#length > 0) this.#hash.update(this.#buffer.subarray(0, this.#length));
    this.#length = 0;
  }

  u8(value: number): void {
    this.#reserve(1);
    this.#buffer[this.#length++] = value;
  }

  u32(value: number): void {
    this.#reserve(4);
    this.#view.setUint32(this.#length, value, true);
    this.#length += 4;
  }

  /** A float64 with NaN canonicalised to 0x7ff8000000000000 and -0 to +0. */
  f64(value: number): void {
    this.#reserve(8);
    if (Number.isNaN(value)) {
      // Written as bits: engines may pick any NaN payload when a DataView stores NaN.
      this.#view.setUint32(this.#length, 0, true);
      this.#view.setUint32(this.#length + 4, 0x7ff80000, true);
    } else {
      this.#view.setFloat64(this.#length, value === 0 ? 0 : value, true);
    }
    this.#length += 8;
  }

  /** A uint32 LE byte length, then the UTF-8 bytes. */
  string(value: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const maxBytes = value.length * 3;
    if (maxBytes + 4 <= CHUNK) {
      this.#reserve(maxBytes + 4);
      const { written } = this.#encoder.encodeInto(value, this.#buffer.subarray(this.#length + 4));
      this.#view.setUint32(this.#length, written, true);
      this.#length += 4 + written;
      return;
    }
    const bytes = this.#encoder.encode(value);
    this.u32(bytes.length);
    this.bytes(bytes);
  }

  bytes(bytes: Uint8Array): void {
    this.flush();
    this.#hash.update(bytes);
  }
}

/** True when a column holds a NaN or a -0, whose stored bits are not the canonical ones. */
function needsCanonicalising(values: Float64Array): boolean {
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (Number.isNaN(value) || (value === 0 && 1 / value < 0)) return true;
  }
  return false;
}

function writeNumeric(writer: CanonicalWriter, values: Float64Array, fast: boolean): void {
  if (fast && !needsCanonicalising(values)) {
    // On a little-endian host the stored bytes already are the encoding.
    writer.bytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    return;
  }
  for (let index = 0; index < values.length; index++) writer.f64(values[index]);
}

/**
 * The dataset digest: SHA-256 (lowercase hex) over this canonical encoding, where every integer is
 * little-endian and every string is a uint32 byte length followed by its UTF-8 bytes:
 *
 * 1. the format tag `mloop.dataset.v1` (as a string);
 * 2. the column count (uint32);
 * 3. per column, in order: its name (string), its type (uint8: numeric 1, categorical 2, text 3,
 *    boolean 4, label 5) and its nullable flag (uint8 0/1);
 * 4. the row count (uint32 low word, then uint32 high word);
 * 5. per column, in order, every value:
 *    - numeric: float64, with every NaN written as 0x7ff8000000000000 and -0 as +0;
 *    - categorical and text: uint8 0 for missing, or uint8 1 then the string;
 *    - boolean: uint8 0 false, 1 true, 2 missing;
 *    - label: uint8 0 for missing, uint8 1 then the string, or uint8 2 then the float64.
 *
 * Strings are encoded with `TextEncoder`, so a lone surrogate is hashed as U+FFFD. The name of
 * the dataset is not encoded. The encoding is the same on every platform: on
 * little-endian hosts a numeric column's buffer is hashed as is (after checking it holds no NaN
 * or -0), elsewhere each value goes through a little-endian DataView.
 *
 * @param littleEndianFastPath Hash numeric buffers directly when the host is little-endian (tests turn it off to check both paths agree).
 */
export function computeDatasetDigest(
  schema: DatasetV1Schema,
  columnNames: readonly string[],
  columns: readonly DatasetV1Column[],
  nRows: number,
  littleEndianFastPath = HOST_IS_LITTLE_ENDIAN,
): string {
  const hash = createSha256();
  const writer = new CanonicalWriter(hash);
  writer.string(DATASET_DIGEST_FORMAT);
  writer.u32(columnNames.length);
  for (const name of columnNames) {
    const spec = schema[name];
    writer.string(name);
    writer.u8(TYPE_CODES[spec.type]);
    writer.u8(spec.nullable ? 1 : 0);
  }
  writer.u32(nRows >>> 0);
  writer.u32(Math.floor(nRows / 4294967296));
  for (let column = 0; column < columnNames.length; column++) {
    const type = schema[columnNames[column]].type;
    const values = columns[column];
    switch (type) {
      case 'numeric':
        writeNumeric(writer, values as Float64Array, littleEndianFastPath && HOST_IS_LITTLE_ENDIAN);
        break;
      case 'boolean':
        for (const value of values as readonly (boolean | null)[]) writer.u8(value === null ? 2 : value ? 1 : 0);
        break;
      case 'label':
        for (const value of values as readonly (string | number | null)[]) {
          if (value === null) {
            writer.u8(0);
          } else if (typeof value === 'string') {
            writer.u8(1);
            writer.string(value);
          } else {
            writer.u8(2);
            writer.f64(value);
          }
        }
        break;
      default:
        for (const value of values as readonly (string | null)[]) {
          if (value === null) {
            writer.u8(0);
          } else {
            writer.u8(1);
            writer.string(value);
          }
        }
    }
  }
  writer.flush();
  return hash.digest('hex');
}
