import { InvalidArgumentError } from '../errors/invalid-argument-error';

/** A field that was not quoted. */
export const FIELD_PLAIN = 0;
/** A quoted field without `""` escapes: its text is the slice. */
export const FIELD_QUOTED = 1;
/** A quoted field with `""` escapes to undo. */
export const FIELD_ESCAPED = 2;

/**
 * A tokenized CSV text: the header and, for every data field, where its text is. Field `j` of row
 * `r` is at index `r * header.length + j` of `starts`, `ends` and `kinds`. Nothing is sliced yet,
 * so numeric columns never allocate a string per field.
 */
export interface CsvTable {
  /** The CSV text (without a byte-order mark). */
  readonly text: string;
  /** Column names from the header row. */
  readonly header: readonly string[];
  /** Number of data rows (blank lines are not rows). */
  readonly nRows: number;
  /** Start offset of each field's text (after an opening quote). */
  readonly starts: Int32Array;
  /** End offset (exclusive) of each field's text (before a closing quote). */
  readonly ends: Int32Array;
  /** `FIELD_PLAIN`, `FIELD_QUOTED` or `FIELD_ESCAPED` per field. */
  readonly kinds: Uint8Array;
  /** The 1-based line on which each data row starts. */
  readonly lines: Int32Array;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The text of field `index` of `table`, with quotes undone. */
export function fieldText(table: CsvTable, index: number): string {
  const text = table.text.slice(table.starts[index], table.ends[index]);
  return table.kinds[index] === FIELD_ESCAPED ? text.replaceAll('""', '"') : text;
}

function grow<T extends Int32Array | Uint8Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array);
  return next;
}

/**
 * Splits RFC 4180 CSV text into fields in one pass over its character codes: quoted fields, `""`
 * escapes, line breaks inside quotes, CRLF / LF / CR line endings, a trailing line break and blank
 * lines (skipped) are handled. A byte-order mark must already be removed.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the header is missing or has a duplicate name,
 *   a row has the wrong number of fields, a quote is not closed, or text follows a closing quote.
 */
export function tokenizeCsv(text: string, delimiter = ','): CsvTable {
  const separator = delimiter.charCodeAt(0);
  const length = text.length;
  let nCols = 0;
  let position = 0;
  let line = 1;
  let capacity = 1024;
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let kinds = new Uint8Array(capacity);
  let lines = new Int32Array(256);
  let nFields = 0;
  let nRecords = 0;
  let header: string[] | undefined;

  while (position < length) {
    let code = text.charCodeAt(position);
    if (code === LF || code === CR) {
      // A blank line is not a record.
      position += code === CR && text.charCodeAt(position + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    const recordLine = line;
    let count = 0;
    for (;;) {
      let start: number;
      let end: number;
      let kind = FIELD_PLAIN;
      if (position < length && text.charCodeAt(position) === QUOTE) {
        const quoteLine = line;
        start = position + 1;
        let search = start;
        for (;;) {
          const quote = text.indexOf('"', search);
          if (quote === -1) {
            throw new InvalidArgumentError({
              message: `line ${quoteLine}: ${describeField(header, count)} opens a quote that is never closed. Close it with ", and write a quote inside a quoted field as "".`,
              field: `line ${quoteLine}`,
            });
          }
          if (text.charCodeAt(quote + 1) === QUOTE) {
            kind = FIELD_ESCAPED;
            search = quote + 2;
            continue;
          }
          end = quote;
          break;
        }
        if (kind === FIELD_PLAIN) kind = FIELD_QUOTED;
        line += countLineBreaks(text, start, end);
        position = end + 1;
        if (position < length) {
          code = text.charCodeAt(position);
          if (code !== separator && code !== LF && code !== CR) {
            throw new InvalidArgumentError({
              message: `line ${line}: ${describeField(header, count)} has text after its closing quote. Quote the whole field, and write a quote inside it as "".`,
              field: `line ${line}`,
            });
          }
        }
      } else {
        start = position;
        while (position < length) {
          code = text.charCodeAt(position);
          if (code === separator || code === LF || code === CR) break;
          position++;
        }
        end = position;
      }
      if (nFields === capacity) {
        capacity *= 2;
        starts = grow(starts, capacity);
        ends = grow(ends, capacity);
        kinds = grow(kinds, capacity);
      }
      starts[nFields] = start;
      ends[nFields] = end;
      kinds[nFields] = kind;
      nFields++;
      count++;
      if (position >= length) break;
      code = text.charCodeAt(position);
      position++;
      if (code === separator) continue;
      // A line break ends the record.
      if (code === CR && text.charCodeAt(position) === LF) position++;
      line++;
      break;
    }
    if (header === undefined) {
      header = [];
      const seen = new Set<string>();
      for (let index = 0; index < count; index++) {
        const name = fieldTextAt(text, starts[index], ends[index], kinds[index]);
        if (seen.has(name)) {
          throw new InvalidArgumentError({
            message: `line ${recordLine}: the header names column "${name}" twice. Column names must be unique.`,
            field: `line ${recordLine}`,
          });
        }
        seen.add(name);
        header.push(name);
      }
      nCols = count;
      nFields = 0;
      // Guess the row count from the header's width, so the arrays rarely need to grow.
      capacity = Math.max(1024, Math.min(Math.ceil((length / position) * 1.1) * Math.max(1, nCols), 1 << 26));
      starts = new Int32Array(capacity);
      ends = new Int32Array(capacity);
      kinds = new Uint8Array(capacity);
      lines = new Int32Array(Math.max(256, Math.ceil(capacity / Math.max(1, nCols))));
      continue;
    }
    if (count !== nCols) {
      throw new InvalidArgumentError({
        message: `line ${recordLine}: expected ${nCols} fields, got ${count}. Every row needs one field per header column; quote fields that contain "${delimiter}".`,
        field: `line ${recordLine}`,
      });
    }
    if (nRecords === lines.length) lines = grow(lines, lines.length * 2);
    lines[nRecords] = recordLine;
    nRecords++;
  }
  if (header === undefined) {
    throw new InvalidArgumentError({
      message: 'The CSV text is empty: a header row naming the columns is required.',
      field: 'line 1',
    });
  }
  return {
    text,
    header,
    nRows: nRecords,
    starts: starts.subarray(0, nFields),
    ends: ends.subarray(0, nFields),
    kinds: kinds.subarray(0, nFields),
    lines: lines.subarray(0, nRecords),
  };
}

function fieldTextAt(text: string, start: number, end: number, kind: number): string {
  const slice = text.slice(start, end);
  return kind === FIELD_ESCAPED ? slice.replaceAll('""', '"') : slice;
}

function describeField(header: readonly string[] | undefined, index: number): string {
  return header === undefined ? `header field ${index + 1}` : `column "${header[index] ?? `#${index + 1}`}"`;
}

function countLineBreaks(text: string, start: number, end: number): number {
  let breaks = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === LF) breaks++;
    else if (code === CR) {
      breaks++;
      if (text.charCodeAt(index + 1) === LF) index++;
    }
  }
  return breaks;
}
