import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/**
 * The offline journal: append-only JSON lines, one record per line, each line
 * `{"c":"<crc32 hex>","r":<record>}` where the CRC-32 (IEEE, zlib's) covers the exact bytes of
 * `<record>`. Lines are written in batches and fsynced per batch, so a crash loses at most the
 * last unsynced batch and a torn last line is detected, never half-applied.
 */

const PREFIX_LENGTH = '{"c":"00000000","r":'.length;

/** Encodes one record as a journal line (with the trailing newline). @internal */
export function encodeJournalLine(record: unknown): string {
  const json = JSON.stringify(record);
  const checksum = crc32(Buffer.from(json, 'utf8')).toString(16).padStart(8, '0');
  return `{"c":"${checksum}","r":${json}}\n`;
}

/** Why reading stopped before the end of a journal. */
export interface JournalDamage {
  /** Byte offset where the first unreadable line starts. */
  readonly byteOffset: number;
  /** 1-based line number of that line. */
  readonly line: number;
  /** Bytes from there to the end of the file, not replayed. */
  readonly unreadBytes: number;
  /** What is wrong: a torn last line, a checksum mismatch, or malformed JSON. */
  readonly reason: string;
}

/** What {@link readJournal} returns. */
export interface JournalContents<Record> {
  /** Every record before the first damaged line, in order. */
  readonly records: Record[];
  /** The damage, when the journal does not end cleanly. */
  readonly damage?: JournalDamage;
  /** Size of the file, bytes. */
  readonly size: number;
}

/**
 * Reads a journal up to its first damaged line (torn write, bit flip, truncation): every record
 * before it is returned, the rest is described in `damage`. Records after a damaged one are not
 * trusted: they may depend on it. @internal
 */
export function readJournal<Record>(path: string): JournalContents<Record> {
  const bytes = readFileSync(path);
  const records: Record[] = [];
  let start = 0;
  let line = 0;
  while (start < bytes.length) {
    line++;
    const end = bytes.indexOf(0x0a, start);
    const damage = (reason: string): JournalContents<Record> => ({
      records,
      size: bytes.length,
      damage: { byteOffset: start, line, unreadBytes: bytes.length - start, reason },
    });
    if (end === -1) return damage('the last line is incomplete (the journal was cut while being written)');
    const text = bytes.subarray(start, end).toString('utf8');
    const checksum = /^\{"c":"([0-9a-f]{8})","r":/.exec(text)?.[1];
    if (checksum === undefined || !text.endsWith('}')) return damage('the line is not a journal record');
    const json = text.slice(PREFIX_LENGTH, -1);
    const actual = crc32(Buffer.from(json, 'utf8')).toString(16).padStart(8, '0');
    if (actual !== checksum) return damage(`checksum mismatch (stored ${checksum}, computed ${actual})`);
    try {
      records.push(JSON.parse(json) as Record);
    } catch {
      return damage('the record is not valid JSON');
    }
    start = end + 1;
  }
  return { records, size: bytes.length };
}

/**
 * Appends records to a journal file: buffered in memory, written and fsynced by `flush()` (the
 * owner calls it on a timer, at run end and on close). @internal
 */
export class JournalWriter {
  readonly path: string;
  #fd: number | undefined;
  #pending: string[] = [];
  #pendingBytes = 0;

  constructor(path: string) {
    this.path = path;
    this.#fd = openSync(path, 'a');
  }

  /** Bytes buffered and not yet written. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Buffers one record. */
  append(record: unknown): void {
    const line = encodeJournalLine(record);
    this.#pending.push(line);
    this.#pendingBytes += line.length;
  }

  /** Writes and fsyncs what is buffered. */
  flush(): void {
    if (this.#fd === undefined || this.#pending.length === 0) return;
    const chunk = Buffer.from(this.#pending.join(''), 'utf8');
    this.#pending = [];
    this.#pendingBytes = 0;
    let written = 0;
    while (written < chunk.length) written += writeSync(this.#fd, chunk, written, chunk.length - written);
    fsyncSync(this.#fd);
  }

  /** Flushes and closes the file. Idempotent. */
  close(): void {
    if (this.#fd === undefined) return;
    this.flush();
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}
