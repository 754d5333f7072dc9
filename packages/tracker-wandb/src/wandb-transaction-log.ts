import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { parseExtended, stringifyExtended } from './extended-json';
import { type JournalDamage, readJournal } from './journal';
import type { WandbRunJournalRecord, WandbRunRecord } from './wandb-records';

/**
 * W&B's own offline format (`run-<id>.wandb`), so the official `wandb sync` can upload an mloop
 * offline run: a 7-byte header (`:W&B`, magic 0xBEE1 little-endian, version 0), then LevelDB-log
 * blocks of 32 KiB whose chunks carry `crc32(type ++ payload)` (IEEE, unmasked), length and type
 * (FULL, FIRST, MIDDLE, LAST), each payload a protobuf `wandb_internal.Record` encoded by hand
 * with the field numbers of wandb/proto/wandb_internal.proto (see trackers-spec.md A4).
 */

const BLOCK_SIZE = 32_768;
const CHUNK_HEADER = 7;
const FILE_HEADER = Uint8Array.from([0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00]);
const FULL = 1;
const FIRST = 2;
const MIDDLE = 3;
const LAST = 4;

/** A minimal protobuf writer: varints, strings and nested messages. */
class ProtoWriter {
  readonly #parts: Uint8Array[] = [];

  #varint(value: number | bigint): void {
    let rest = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    do {
      let byte = Number(rest & 0x7fn);
      rest >>= 7n;
      if (rest > 0n) byte |= 0x80;
      bytes.push(byte);
    } while (rest > 0n);
    this.#parts.push(Uint8Array.from(bytes));
  }

  #tag(field: number, wireType: number): void {
    this.#varint((field << 3) | wireType);
  }

  /** An int64/int32 field (omitted when 0, as proto3 does). */
  int(field: number, value: number): this {
    if (value === 0) return this;
    this.#tag(field, 0);
    this.#varint(Math.trunc(value));
    return this;
  }

  /** A string field (omitted when empty). */
  string(field: number, value: string | null | undefined): this {
    if (value === null || value === undefined || value === '') return this;
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  /** A length-delimited field. */
  bytes(field: number, value: Uint8Array): this {
    this.#tag(field, 2);
    this.#varint(value.length);
    this.#parts.push(value);
    return this;
  }

  /** A nested message (written even when empty: presence matters for oneofs). */
  message(field: number, build: (writer: ProtoWriter) => void): this {
    const nested = new ProtoWriter();
    build(nested);
    return this.bytes(field, nested.finish());
  }

  finish(): Uint8Array {
    return Buffer.concat(this.#parts);
  }
}

/** `{ key, value_json }` items (ConfigItem, SummaryItem, HistoryItem share field numbers 1 and 16). */
function items(writer: ProtoWriter, field: number, entries: Iterable<[string, unknown]>): void {
  for (const [key, value] of entries) {
    writer.message(field, (item) => item.string(1, key).string(16, stringifyExtended(value)));
  }
}

/** Frames records as a LevelDB log after the W&B file header. @internal */
export function frameWandbRecords(payloads: readonly Uint8Array[]): Uint8Array {
  const out: Uint8Array[] = [FILE_HEADER];
  let position = FILE_HEADER.length;
  for (const payload of payloads) {
    let offset = 0;
    let first = true;
    do {
      const leftover = BLOCK_SIZE - (position % BLOCK_SIZE);
      if (leftover < CHUNK_HEADER) {
        out.push(new Uint8Array(leftover));
        position += leftover;
        continue;
      }
      const size = Math.min(payload.length - offset, leftover - CHUNK_HEADER);
      const last = offset + size === payload.length;
      const type = first && last ? FULL : first ? FIRST : last ? LAST : MIDDLE;
      const fragment = payload.subarray(offset, offset + size);
      const header = Buffer.alloc(CHUNK_HEADER);
      header.writeUInt32LE(crc32(Buffer.concat([Uint8Array.of(type), fragment])) >>> 0, 0);
      header.writeUInt16LE(size, 4);
      header.writeUInt8(type, 6);
      out.push(header, fragment);
      position += CHUNK_HEADER + size;
      offset += size;
      first = false;
    } while (offset < payload.length);
  }
  return Buffer.concat(out);
}

/** What {@link exportWandbTransactionLog} returns. */
export interface WandbTransactionLogExport {
  /** The `.wandb` file written. */
  readonly path: string;
  /** Records written (header, run, config, history, summary, exit, final, footer). */
  readonly records: number;
  /** Whether the run had ended (an exit record was written; without it `wandb sync` marks the run failed). */
  readonly ended: boolean;
  /** Where the journal was damaged, when it was: only what came before is exported. */
  readonly damage?: JournalDamage;
}

/**
 * Writes an offline run's journal as W&B's transaction log, `run-<id>.wandb` next to it, for
 * the official `wandb sync <dir>` (mloop's own `syncOfflineRuns` does not need it). Artifacts
 * and registry changes are not part of it (W&B's artifact records need server-side manifests):
 * sync those with `syncOfflineRuns`. Written from W&B's source, not checked against `wandb
 * sync` itself (no W&B client was available where it was built).
 *
 * @param journal Path of `run-<id>.jsonl`.
 */
export function exportWandbTransactionLog(journal: string): WandbTransactionLogExport {
  const contents = readJournal<WandbRunJournalRecord>(journal);
  const [first, ...rest] = contents.records;
  if (first?.t !== 'run') throw new Error(`${journal} does not start with a run record.`);
  const run: WandbRunRecord = first;
  const payloads: Uint8Array[] = [];
  const record = (build: (writer: ProtoWriter) => void) => {
    const writer = new ProtoWriter();
    build(writer);
    payloads.push(writer.finish());
  };
  // Record.header (21): empty HeaderRecord, the golden first record of every .wandb file.
  record((writer) => writer.message(21, () => {}));
  let config: Record<string, unknown> = { ...(run.fields.config ?? {}) };
  record((writer) =>
    writer.message(17, (runRecord) => {
      runRecord
        .string(1, run.run)
        .string(2, run.entity)
        .string(3, run.project)
        .message(4, (configRecord) => items(configRecord, 1, Object.entries(config)))
        .string(6, run.group)
        .string(7, run.jobType)
        .string(8, run.fields.displayName)
        .string(9, run.fields.notes);
      for (const tag of run.fields.tags ?? []) runRecord.string(10, tag);
      runRecord.string(13, run.host).message(17, (timestamp) => {
        timestamp.int(1, Math.floor(run.startTime / 1000)).int(2, (run.startTime % 1000) * 1_000_000);
      });
    }),
  );
  let lastTimestamp = run.startTime;
  let exitCode: number | undefined;
  for (const entry of rest) {
    if (entry.t === 'upsert' && entry.fields.config) {
      config = { ...entry.fields.config };
      record((writer) => writer.message(5, (configRecord) => items(configRecord, 1, Object.entries(config))));
    } else if (entry.t === 'history') {
      for (const line of entry.rows) {
        const row = parseExtended(line) as Record<string, unknown>;
        if (typeof row._timestamp === 'number') lastTimestamp = row._timestamp * 1000;
        record((writer) =>
          writer.message(2, (history) => {
            items(history, 1, Object.entries(row));
            history.message(2, (step) => step.int(1, Number(row._step ?? 0)));
          }),
        );
      }
    } else if (entry.t === 'summary') {
      const summary = parseExtended(entry.line) as Record<string, unknown>;
      record((writer) => writer.message(3, (summaryRecord) => items(summaryRecord, 1, Object.entries(summary))));
    } else if (entry.t === 'exit') {
      exitCode = entry.exitCode;
    }
  }
  // The exit goes last: a run's config may change after it ended (a patched end time), and W&B's
  // client writes nothing of a run after its exit record.
  const ended = exitCode !== undefined;
  if (exitCode !== undefined) {
    const code = exitCode;
    record((writer) =>
      writer.message(18, (exit) =>
        exit.int(1, code).int(2, Math.max(0, Math.round((lastTimestamp - run.startTime) / 1000))),
      ),
    );
    record((writer) => writer.message(20, () => {}));
    record((writer) => writer.message(22, () => {}));
  }
  const path = join(dirname(journal), `run-${run.run}.wandb`);
  writeFileSync(path, frameWandbRecords(payloads));
  return { path, records: payloads.length, ended, ...(contents.damage ? { damage: contents.damage } : {}) };
}
