import { extendedNumber } from './extended-json';

/** Longest extended-JSON form of a double (`-1.2345678901234567e-308`), for size bounds without formatting. */
const MAX_NUMBER_CHARS = 24;

/**
 * History rows of one `logBatch`, kept as columns and turned into W&B lines only when sent (or
 * journaled). Row boundaries and offsets are fixed when the block is built, and formatting is
 * deterministic, so a line is the same bytes whenever it is produced: a resent chunk overwrites
 * itself. Logging allocates no string per point, which keeps the training loop's cost and the
 * garbage collector's work low.
 */
export class HistoryBlock {
  /** Offset (line number) of the first row. */
  readonly offset: number;
  readonly #startTime: number;
  /** Per row: mloop step, timestamp (ms) and index of its first point; `rowStart` has one extra entry. */
  readonly #rowStep: number[] = [];
  readonly #rowTimestamp: number[] = [];
  readonly #rowStart: number[] = [0];
  /** Per point: the key as JSON (shared strings) and the value. */
  readonly #keys: string[] = [];
  readonly #values: number[] = [];
  /** Upper bound of the lines' UTF-8 size, bytes. */
  estimatedBytes = 0;

  /**
   * @param offset Line offset of the first row.
   * @param startTime The run's start, Unix ms (for `_runtime`).
   */
  constructor(offset: number, startTime: number) {
    this.offset = offset;
    this.#startTime = startTime;
  }

  /** Rows in the block. */
  get rowCount(): number {
    return this.#rowStep.length;
  }

  /** Starts a row (empty until `push`). */
  openRow(step: number, timestamp: number): void {
    this.#rowStep.push(step);
    this.#rowTimestamp.push(timestamp);
    this.#rowStart.push(this.#keys.length);
    // {"_step":N,"_runtime":X,"_timestamp":Y,"mloop/step":S} with generous number widths.
    this.estimatedBytes += HistoryBlock.rowBound;
  }

  /** Adds a point to the open row. `jsonKey` is the key already JSON-encoded; `keyBytes` its UTF-8 size. */
  push(jsonKey: string, keyBytes: number, value: number): void {
    this.#keys.push(jsonKey);
    this.#values.push(value);
    this.#rowStart[this.#rowStart.length - 1] = this.#keys.length;
    this.estimatedBytes += HistoryBlock.pointBound(keyBytes);
  }

  /** Upper bound of one point's `,key:value` in a line, bytes. */
  static pointBound(keyBytes: number): number {
    return keyBytes + 2 + MAX_NUMBER_CHARS;
  }

  /** Upper bound of a row without points (header and closing brace), bytes. */
  static readonly rowBound = 64 + 4 * MAX_NUMBER_CHARS;

  /** The W&B line of row `index` (0-based within the block). */
  line(index: number): string {
    const timestamp = this.#rowTimestamp[index] ?? 0;
    let line = `{"_step":${this.offset + index},"_runtime":${extendedNumber((timestamp - this.#startTime) / 1000)},"_timestamp":${extendedNumber(timestamp / 1000)},"mloop/step":${this.#rowStep[index]}`;
    const end = this.#rowStart[index + 1] ?? 0;
    for (let point = this.#rowStart[index] ?? 0; point < end; point++) {
      line += `,${this.#keys[point]}:${extendedNumber(this.#values[point] ?? Number.NaN)}`;
    }
    return `${line}}`;
  }

  /** Every line, in order. */
  lines(): string[] {
    const out = new Array<string>(this.rowCount);
    for (let index = 0; index < out.length; index++) out[index] = this.line(index);
    return out;
  }
}
