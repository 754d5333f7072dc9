import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createWandbBackend, exportWandbTransactionLog } from '../src/index';
import { frameWandbRecords } from '../src/wandb-transaction-log';
import { tempDir } from './helpers';

/** Reads a LevelDB-framed .wandb file back into record payloads, checking every CRC. */
function readFrames(bytes: Uint8Array): Uint8Array[] {
  expect([...bytes.subarray(0, 7)]).toEqual([0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00]);
  const buffer = Buffer.from(bytes);
  const records: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let position = 7;
  while (position < buffer.length) {
    const leftover = 32_768 - (position % 32_768);
    if (leftover < 7) {
      expect([...buffer.subarray(position, position + leftover)].every((byte) => byte === 0)).toBe(true);
      position += leftover;
      continue;
    }
    const checksum = buffer.readUInt32LE(position);
    const length = buffer.readUInt16LE(position + 4);
    const type = buffer.readUInt8(position + 6);
    const fragment = buffer.subarray(position + 7, position + 7 + length);
    expect(crc32(Buffer.concat([Uint8Array.of(type), fragment])) >>> 0).toBe(checksum);
    expect((position % 32_768) + 7 + length).toBeLessThanOrEqual(32_768);
    pending.push(fragment);
    if (type === 1 || type === 4) {
      records.push(Buffer.concat(pending));
      pending = [];
    }
    position += 7 + length;
  }
  expect(pending).toEqual([]);
  return records;
}

function varint(bytes: Uint8Array, start: number): [number, number] {
  let value = 0;
  let shift = 0;
  let index = start;
  for (;;) {
    const byte = bytes[index++] as number;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, index];
    shift += 7;
  }
}

/** Top-level fields of a protobuf message: field number → raw bytes (length-delimited) or number. */
function fields(bytes: Uint8Array): [number, Uint8Array | number][] {
  const out: [number, Uint8Array | number][] = [];
  let index = 0;
  while (index < bytes.length) {
    const [tag, next] = varint(bytes, index);
    const field = Math.floor(tag / 8);
    if ((tag & 7) === 0) {
      const [value, after] = varint(bytes, next);
      out.push([field, value]);
      index = after;
    } else {
      const [length, after] = varint(bytes, next);
      out.push([field, bytes.subarray(after, after + length)]);
      index = after + length;
    }
  }
  return out;
}

const text = (value: Uint8Array | number | undefined) => Buffer.from(value as Uint8Array).toString('utf8');

describe('W&B transaction log (.wandb)', () => {
  it('starts with the golden bytes of W&B’s own files: header, then Record{header: {}} as one FULL chunk', () => {
    const bytes = frameWandbRecords([Uint8Array.of(0xaa, 0x01, 0x00)]);
    expect(Buffer.from(bytes).toString('hex')).toBe('3a5726 42e1be00 8e510c54 0300 01 aa0100'.replaceAll(' ', ''));
  });

  it('splits records over 32 KiB blocks (FIRST/MIDDLE/LAST) and pads block ends shorter than a chunk header', () => {
    const sizes = [32_768 - 7 - 7 - 3, 5, 100_000, 1, 40_000];
    const payloads = sizes.map((size, index) => Uint8Array.from({ length: size }, (_, at) => (at * 31 + index) & 0xff));
    const framed = frameWandbRecords(payloads);
    const back = readFrames(framed);
    expect(back.map((payload) => payload.length)).toEqual(sizes);
    for (const [index, payload] of back.entries())
      expect(Buffer.compare(payload, payloads[index] as Uint8Array)).toBe(0);
  });

  it('exports an offline run: header, run, history with _step, summary, exit, final, footer', async () => {
    const dir = tempDir();
    const backend = createWandbBackend({ project: 'proj', entity: 'team', mode: 'offline', dir, flushOnExit: false });
    const experiment = await backend.tracker.createExperiment({ name: 'exp' });
    const run = await backend.tracker.createRun({
      experimentId: experiment.id,
      name: 'first',
      startTime: 1_700_000_000_000,
    });
    await backend.tracker.logBatch(run.id, { params: [{ key: 'lr', value: '0.1' }] });
    for (let step = 0; step < 3; step++) {
      await backend.tracker.logBatch(run.id, {
        metrics: [
          { key: 'loss', value: step === 2 ? Number.NaN : 1 / (step + 1), step, timestamp: 1_700_000_001_000 + step },
        ],
      });
    }
    await backend.tracker.updateRun(run.id, { status: 'failed' });
    await backend.close();
    const runDir = join(dir, readdirSync(dir).find((entry) => entry.startsWith('offline-run-')) as string);
    const journal = join(runDir, readdirSync(runDir).find((file) => file.endsWith('.jsonl')) as string);
    const result = exportWandbTransactionLog(journal);
    expect(result.ended).toBe(true);
    const records = readFrames(readFileSync(result.path)).map((payload) => fields(payload)[0] as [number, Uint8Array]);
    // Record oneof field numbers: header 21, run 17, config 5, history 2, summary 3, exit 18, final 20, footer 22.
    const kinds = records.map(([field]) => field);
    expect(kinds[0]).toBe(21);
    expect(kinds[1]).toBe(17);
    expect(kinds.slice(-3)).toEqual([18, 20, 22]);
    expect(kinds.filter((kind) => kind === 2).length).toBe(3);
    const runRecord = new Map(fields(records[1]?.[1] as Uint8Array).map(([field, value]) => [field, value]));
    expect(text(runRecord.get(1))).toBe(backend.tracker.wandbRunId(run.id));
    expect(text(runRecord.get(2))).toBe('team');
    expect(text(runRecord.get(3))).toBe('proj');
    expect(text(runRecord.get(6))).toBe('exp');
    expect(text(runRecord.get(8))).toBe('first');
    const history = records.filter(([field]) => field === 2).map(([, payload]) => fields(payload));
    const lastItems = (history[2] ?? [])
      .filter(([field]) => field === 1)
      .map(([, item]) => Object.fromEntries(fields(item as Uint8Array).map(([field, value]) => [field, text(value)])));
    expect(lastItems).toContainEqual({ 1: 'loss', 16: 'NaN' });
    expect(lastItems).toContainEqual({ 1: '_step', 16: '2' });
    const step = (history[2] ?? []).find(([field]) => field === 2)?.[1] as Uint8Array;
    expect(fields(step)).toEqual([[1, 2]]);
    const exit = fields(records.find(([field]) => field === 18)?.[1] as Uint8Array);
    expect(exit[0]).toEqual([1, 1]);
  });

  it('a config change after the run ended comes before the exit record', async () => {
    const dir = tempDir();
    const backend = createWandbBackend({ project: 'proj', mode: 'offline', dir, flushOnExit: false });
    const experiment = await backend.tracker.createExperiment({ name: 'exp' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id, startTime: 1_700_000_000_000 });
    await backend.tracker.updateRun(run.id, { status: 'finished', endTime: 1_700_000_000_100 });
    await backend.tracker.updateRun(run.id, { endTime: 1_700_000_005_000 });
    await backend.close();
    const runDir = join(dir, readdirSync(dir).find((entry) => entry.startsWith('offline-run-')) as string);
    const journal = join(runDir, readdirSync(runDir).find((file) => file.endsWith('.jsonl')) as string);
    const records = readFrames(readFileSync(exportWandbTransactionLog(journal).path)).map(
      (payload) => fields(payload)[0] as [number, Uint8Array],
    );
    const kinds = records.map(([field]) => field);
    expect(kinds.slice(-3)).toEqual([18, 20, 22]);
    const lastConfig = records.filter(([field]) => field === 5).at(-1)?.[1] as Uint8Array;
    expect(Buffer.from(lastConfig).toString('utf8')).toContain('1700000005000');
  });
});
