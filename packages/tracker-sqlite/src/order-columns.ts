const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `value` has no lone UTF-16 surrogate, so SQLite stores it as UTF-8 without loss. */
export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/**
 * The finite number a param or tag value reads as, or `undefined`: the same reading as core's
 * run-query rules (blank text is not a number; `Number()` otherwise, finite results only).
 */
export function finiteNumber(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * A string as big-endian UTF-16 bytes. SQLite compares text as UTF-8 bytes (code point order)
 * but JavaScript compares UTF-16 code units; they disagree between U+E000–U+FFFF and astral
 * characters. Blobs compare bytewise, so these bytes order exactly as JavaScript's `<` does.
 */
export function textOrder(value: string): Buffer {
  return Buffer.from(value, 'utf16le').swap16();
}

/**
 * The `(number, text_order)` columns stored next to a param or tag value, which searches
 * compare and order by in SQL: its finite numeric reading (or NULL) and its UTF-16 order bytes.
 */
export function orderColumns(value: string): [number: number | null, textOrder: Buffer] {
  return [finiteNumber(value) ?? null, textOrder(value)];
}
