import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWandbBackend, parseExtended, readJournal, type WandbRunJournalRecord } from '../src/index';
import { tempDir } from './helpers';

const RESERVED = new Set(['_step', '_runtime', '_timestamp', 'mloop/step']);

describe('history rows', () => {
  it('carry every point exactly once, per key in logging order, with its step and timestamp; _step is contiguous; the summary holds the latest values', async () => {
    const metric = fc.record({
      key: fc.constantFrom('loss', 'acc', 'val/f1', 'a b', '0', 'x:y', 'ünï'),
      value: fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY)),
      step: fc.integer({ min: 0, max: 3 }),
      timestamp: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_003 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(metric, { maxLength: 30 }), { minLength: 1, maxLength: 4 }),
        async (batches) => {
          const dir = tempDir();
          const backend = createWandbBackend({ project: 'p', mode: 'offline', dir, flushOnExit: false });
          const experiment = await backend.tracker.createExperiment({ name: 'e' });
          const run = await backend.tracker.createRun({ experimentId: experiment.id, startTime: 1_700_000_000_000 });
          for (const metrics of batches) await backend.tracker.logBatch(run.id, { metrics });
          const latest = (await backend.tracker.getRun(run.id)).metrics;
          await backend.close();
          const runDir = readdirSync(dir).find((entry) => entry.startsWith('offline-run-')) as string;
          const journal = readdirSync(join(dir, runDir)).find((file) => file.endsWith('.jsonl')) as string;
          const records = readJournal<WandbRunJournalRecord>(join(dir, runDir, journal)).records;
          const rows: Record<string, number>[] = [];
          for (const record of records) {
            if (record.t !== 'history') continue;
            expect(record.offset).toBe(rows.length);
            for (const line of record.rows) rows.push(parseExtended(line) as Record<string, number>);
          }
          expect(rows.map((row) => row._step)).toEqual(rows.map((_, index) => index));
          const received = new Map<string, [number, number, number][]>();
          for (const row of rows) {
            for (const [key, value] of Object.entries(row)) {
              if (RESERVED.has(key)) continue;
              const list = received.get(key) ?? [];
              list.push([value, row['mloop/step'] as number, Math.round((row._timestamp as number) * 1000)]);
              received.set(key, list);
            }
          }
          const sent = new Map<string, [number, number, number][]>();
          for (const point of batches.flat()) {
            const list = sent.get(point.key) ?? [];
            list.push([Object.is(point.value, -0) ? 0 : point.value, point.step, point.timestamp]);
            sent.set(point.key, list);
          }
          expect(received).toEqual(sent);
          // The summary holds the latest value of each metric by the spec's rule (step, timestamp, value).
          const summaries = records.filter((record) => record.t === 'summary');
          const summary = parseExtended(
            summaries.at(-1)?.t === 'summary' ? (summaries.at(-1) as { line: string }).line : '{}',
          ) as Record<string, number>;
          for (const [key, point] of Object.entries(latest))
            expect(summary[key]).toEqual(Object.is(point.value, -0) ? 0 : point.value);
        },
      ),
      { numRuns: 40 },
    );
  });
});
