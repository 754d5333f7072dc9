import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  encodePageToken,
  pageRuns,
  runQueryFingerprint,
  runSortKey,
  type TrackerV1Run,
  type TrackerV1RunFilter,
  type TrackerV1RunQuery,
  type TrackerV1RunStatus,
} from '@mloop/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteBackend } from '../src/index';

const root = mkdtempSync(join(tmpdir(), 'mloop-search-writes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const PIECES = [
  '',
  ' ',
  '1',
  '1.0',
  '01',
  '-0',
  '0',
  '1e309',
  '-1e309',
  '\t2\n',
  '\0',
  'a\0b',
  'é',
  '\uE000',
  '😀',
  '\uFFFF',
  'Infinity',
  '-Infinity',
  'NaN',
  'abc',
  'ABC',
  '0x1F',
  '0b1',
  '1_000',
  '.5',
  '5.',
  '+1',
  '10',
  '9',
  'a',
];
const text = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 2 }).map((p) => p.join(''));
const mval = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1, 2, -1, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.double(),
);
const STATUSES: TrackerV1RunStatus[] = ['running', 'finished', 'failed', 'killed'];
const KEYS = ['a', 'b'];
const filter: fc.Arbitrary<TrackerV1RunFilter> = fc.oneof(
  fc.record({
    kind: fc.constant('metric' as const),
    key: fc.constantFrom(...KEYS),
    op: fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const),
    value: fc.oneof(mval, fc.constantFrom('NaN', 'Infinity', ' 2 ', '0x1', '-0')),
  }),
  fc.record({
    kind: fc.constantFrom('param' as const, 'tag' as const),
    key: fc.constantFrom(...KEYS),
    op: fc.constantFrom('=', '!=', '<', '<=', '>', '>=', 'contains' as const),
    value: fc.oneof(text, mval),
  }),
);
const order = fc.option(
  fc.oneof(
    fc.record(
      {
        kind: fc.constant('attribute' as const),
        key: fc.constantFrom('startTime', 'endTime', 'name', 'status'),
        direction: fc.constantFrom('asc' as const, 'desc' as const),
      },
      { requiredKeys: ['kind', 'key'] },
    ),
    fc.record(
      {
        kind: fc.constantFrom('metric' as const, 'param' as const),
        key: fc.constantFrom(...KEYS),
        direction: fc.constantFrom('asc' as const, 'desc' as const),
      },
      { requiredKeys: ['kind', 'key'] },
    ),
  ),
  { nil: undefined },
);
const queryArb = fc.record({
  statuses: fc.option(fc.subarray(STATUSES, { minLength: 2 }), { nil: undefined, freq: 1 }),
  filters: fc.oneof(
    fc.constant([]),
    fc.constant([]),
    fc.array(filter, { maxLength: 1 }),
    fc.array(filter, { maxLength: 2 }),
  ),
  orderBy: order,
  pageSize: fc.integer({ min: 1, max: 8 }),
});
const runArb = fc.record({
  startTime: fc.constantFrom(0, 1, 2, -5, 1e15, 1.5),
  name: text,
  params: fc.dictionary(fc.constantFrom(...KEYS), text),
  tags: fc.dictionary(fc.constantFrom(...KEYS), text),
  metrics: fc.array(
    fc.record({
      key: fc.constantFrom(...KEYS),
      value: mval,
      step: fc.integer({ min: 0, max: 2 }),
      timestamp: fc.integer({ min: 0, max: 2 }),
    }),
    { maxLength: 4 },
  ),
  status: fc.constantFrom(...STATUSES, 'running' as const),
  endTime: fc.option(fc.constantFrom(0, 5, 9), { nil: undefined }),
});
const mutation = fc.record({
  kind: fc.constantFrom('metric', 'delete', 'tag', 'rename', 'create', 'finish'),
  target: fc.nat(),
  key: fc.constantFrom(...KEYS),
  value: mval,
  step: fc.integer({ min: 0, max: 3 }),
  timestamp: fc.integer({ min: 0, max: 3 }),
  text,
  startTime: fc.constantFrom(0, 1, 2),
});

// Core's pageRuns over this store's own snapshots is the reference; between pages, runs are
// written, renamed, ended, created and deleted, and the page after a token must still be core's
// page after the last run returned.
describe('searchRuns with writes between pages', () => {
  it('agrees page by page with core pageRuns over the current snapshots', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(runArb, { minLength: 1, maxLength: 25 }),
        fc.array(queryArb, { minLength: 1, maxLength: 4 }),
        fc.array(mutation, { maxLength: 6 }),
        async (runs, queries, mutations) => {
          const b = createSqliteBackend({ dir: join(root, String(n++)), synchronous: 'normal' });
          const t = b.tracker;
          try {
            const exp = await t.createExperiment({ name: 'e' });
            for (const r of runs) {
              const run = await t.createRun({
                experimentId: exp.id,
                name: r.name,
                startTime: r.startTime,
                tags: r.tags,
              });
              await t.logBatch(run.id, {
                params: Object.entries(r.params).map(([key, value]) => ({ key, value })),
                metrics: r.metrics,
              });
              if (r.status !== 'running' || r.endTime !== undefined)
                await t.updateRun(run.id, { status: r.status, endTime: r.endTime });
            }
            const all = async (): Promise<TrackerV1Run[]> => {
              const ids = (b.db.prepare('SELECT id FROM runs').all() as { id: string }[]).map((r) => r.id);
              return Promise.all(ids.map((id) => t.getRun(id)));
            };
            let mi = 0;
            for (const q of queries) {
              const query: TrackerV1RunQuery = { ...q };
              let token: string | undefined;
              let coreToken: string | undefined;
              let guard = 0;
              do {
                const snaps = await all();
                const expected = pageRuns(snaps, { ...query, pageToken: coreToken });
                const got = await t.searchRuns({ ...query, pageToken: token });
                expect({ q: query, ids: got.items.map((r) => r.id) }).toEqual({
                  q: query,
                  ids: expected.items.map((r) => r.id),
                });
                expect(got.nextPageToken === undefined).toBe(expected.nextPageToken === undefined);
                token = got.nextPageToken;
                const last = got.items[got.items.length - 1];
                if (last) coreToken = encodePageToken(runQueryFingerprint(query), runSortKey(last, query.orderBy));
                const m = mutations[mi++];
                if (m && token) {
                  const ids = snaps.map((s) => s.id);
                  const id = ids[m.target % ids.length];
                  const run = snaps.find((s) => s.id === id)!;
                  if (m.kind === 'metric' && run.status === 'running')
                    await t.logBatch(id, {
                      metrics: [{ key: m.key, value: m.value, step: m.step, timestamp: m.timestamp }],
                    });
                  else if (m.kind === 'delete') await t.deleteRun(id);
                  else if (m.kind === 'tag' && run.status === 'running')
                    await t.logBatch(id, { tags: [{ key: m.key, value: m.text }] });
                  else if (m.kind === 'rename') await t.updateRun(id, { name: m.text });
                  else if (m.kind === 'create') {
                    const r2 = await t.createRun({ experimentId: exp.id, name: m.text, startTime: m.startTime });
                    await t.logBatch(r2.id, {
                      params: [{ key: m.key, value: m.text }],
                      metrics: [{ key: m.key, value: m.value, step: 0, timestamp: 0 }],
                    });
                  } else if (m.kind === 'finish' && run.status === 'running')
                    await t.updateRun(id, { status: 'finished', endTime: m.startTime });
                }
                expect(++guard).toBeLessThan(200);
              } while (token);
            }
          } finally {
            await b.close();
          }
        },
      ),
      { numRuns: 400 },
    );
  }, 300_000);
});
