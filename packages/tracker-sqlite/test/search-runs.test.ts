import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMemoryBackend,
  encodePageToken,
  runQueryFingerprint,
  type TrackerV1,
  type TrackerV1Metric,
  type TrackerV1RunFilter,
  type TrackerV1RunQuery,
  type TrackerV1RunStatus,
} from '@mloop/core';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createSqliteBackend } from '../src/index';
import { encodeMetricBlock } from '../src/metric-block';
import { MIGRATIONS, SCHEMA_VERSION } from '../src/schema';
import { encodeNumber } from '../src/sqlite-database';

// Both backends draw ids from randomUUID; a shared, resettable sequence gives the same run the
// same id in both, so ties broken by id must come out the same. The ids are scrambled so that
// id order is not creation order.
const uuids = vi.hoisted(() => ({ next: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    randomUUID: () => {
      const index = uuids.next++;
      const scrambled = (Math.imul(index + 1, 2654435761) >>> 0).toString(16).padStart(8, '0');
      return `${scrambled}-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
    },
  };
});

const root = mkdtempSync(join(tmpdir(), 'mloop-search-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let stores = 0;

// Strings where numeric reading, trimming and UTF-16 versus UTF-8 order all matter.
const PIECES = ['', 'a', 'B', '0', '00', '1', '-1', ' 1 ', '1e3', '0x10', '10', '9', '2.5', 'NaN', 'Infinity'];
const PIECES_WIDE = ['-0', '\u00A0', 'é', '\uE000', '\uFFFD', '😀', 'a😀'];
const text = fc.oneof(
  fc.array(fc.constantFrom(...PIECES, ...PIECES_WIDE), { minLength: 1, maxLength: 2 }).map((parts) => parts.join('')),
  // Numbers whose string order is not their numeric order.
  fc.integer({ min: -20, max: 20 }).map(String),
);
const special = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 0.5, 1, 2);
const metricValue = fc.oneof(special, special, fc.double());
const STATUSES: TrackerV1RunStatus[] = ['running', 'finished', 'failed', 'killed'];
const METRIC_KEYS = ['m', 'n', 'x'];
const KV_KEYS = ['a', 'b', 'x'];

const point = (key: string) =>
  fc.record({
    key: fc.constant(key),
    value: metricValue,
    step: fc.integer({ min: 0, max: 2 }),
    timestamp: fc.integer({ min: 0, max: 2 }),
  });
const metricBatch = fc
  .array(fc.constantFrom('m', 'n'), { maxLength: 3 })
  .chain((keys) => fc.tuple(...keys.map(point)))
  .map((points): TrackerV1Metric[] => points);

const runSpec = fc.record({
  experiment: fc.integer({ min: 0, max: 2 }),
  // Few distinct start and end times, so ties reach the id.
  startTime: fc.integer({ min: 0, max: 3 }),
  name: text,
  rename: fc.option(text, { nil: undefined }),
  params: fc.dictionary(fc.constantFrom('a', 'b'), text),
  tags: fc.dictionary(fc.constantFrom('a', 'b'), text),
  retag: fc.dictionary(fc.constantFrom('a', 'b'), text),
  metrics: fc.array(metricBatch, { maxLength: 2 }),
  status: fc.constantFrom('running', 'running', ...STATUSES),
  endTime: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
});
type RunSpec = typeof runSpec extends fc.Arbitrary<infer T> ? T : never;

const filter: fc.Arbitrary<TrackerV1RunFilter> = fc.oneof(
  fc.record({
    kind: fc.constant('metric' as const),
    key: fc.constantFrom(...METRIC_KEYS),
    op: fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const),
    value: fc.oneof(metricValue, fc.constantFrom('NaN', 'Infinity', '-Infinity', '0.5', ' 1 ', '0x1')),
  }),
  fc.record({
    kind: fc.constantFrom('param' as const, 'tag' as const),
    key: fc.constantFrom(...KV_KEYS),
    op: fc.constantFrom('=', '!=', '<', '<=', '>', '>=', 'contains' as const),
    value: fc.oneof(text, special, fc.integer({ min: -2, max: 12 })),
  }),
);

const query = (experiments: number) =>
  fc.record(
    {
      // Mostly wide restrictions, so most queries have several matches to order and page.
      experimentIds: fc.oneof(
        fc.subarray(
          Array.from({ length: experiments }, (_, index) => index),
          { minLength: 2 },
        ),
        fc.subarray(Array.from({ length: experiments }, (_, index) => index)),
      ),
      statuses: fc.subarray(STATUSES, { minLength: 2 }),
      filters: fc.array(filter, { maxLength: 2 }),
      orderBy: fc.oneof(
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
            kind: fc.constant('metric' as const),
            key: fc.constantFrom(...METRIC_KEYS),
            direction: fc.constantFrom('asc' as const, 'desc' as const),
          },
          { requiredKeys: ['kind', 'key'] },
        ),
        fc.record(
          {
            kind: fc.constant('param' as const),
            key: fc.constantFrom(...KV_KEYS),
            direction: fc.constantFrom('asc' as const, 'desc' as const),
          },
          { requiredKeys: ['kind', 'key'] },
        ),
      ),
      pageSize: fc.integer({ min: 1, max: 6 }),
    },
    { requiredKeys: ['pageSize'] },
  );

/** Builds the same runs, with the same ids, in `tracker`; returns the experiment ids. */
async function populate(tracker: TrackerV1, runs: readonly RunSpec[]): Promise<string[]> {
  uuids.next = 0;
  const experiments: string[] = [];
  for (let index = 0; index < 3; index++) experiments.push((await tracker.createExperiment({ name: `e${index}` })).id);
  for (const spec of runs) {
    const run = await tracker.createRun({
      experimentId: experiments[spec.experiment],
      name: spec.name,
      startTime: spec.startTime,
      tags: spec.tags,
    });
    await tracker.logBatch(run.id, {
      params: Object.entries(spec.params).map(([key, value]) => ({ key, value })),
      tags: Object.entries(spec.retag).map(([key, value]) => ({ key, value })),
    });
    for (const metrics of spec.metrics) await tracker.logBatch(run.id, { metrics });
    if (spec.rename !== undefined) await tracker.updateRun(run.id, { name: spec.rename });
    if (spec.status !== 'running' || spec.endTime !== undefined)
      await tracker.updateRun(run.id, { status: spec.status, endTime: spec.endTime ?? 7 });
  }
  return experiments;
}

/** A generated query with experiment indexes replaced by ids. */
function withExperiments(
  generated: Omit<TrackerV1RunQuery, 'experimentIds'> & { experimentIds?: number[] },
  experiments: readonly string[],
): TrackerV1RunQuery {
  return { ...generated, experimentIds: generated.experimentIds?.map((index) => experiments[index]) };
}

/** Every page of `search`, following tokens; the ids of each. */
async function pages(tracker: TrackerV1, search: TrackerV1RunQuery): Promise<string[][]> {
  const out: string[][] = [];
  let pageToken: string | undefined;
  do {
    const page = await tracker.searchRuns!({ ...search, pageToken });
    out.push(page.items.map((run) => run.id));
    pageToken = page.nextPageToken;
    expect(out.length).toBeLessThan(100);
  } while (pageToken !== undefined);
  return out;
}

/** The runs of `tracker` written with schema version 1's tables and statements, as the previous release stored them. */
async function writeVersionOne(tracker: TrackerV1, path: string): Promise<void> {
  const db = new Database(path);
  db.exec(MIGRATIONS[0] as string);
  db.pragma('user_version = 1');
  const insert = {
    experiment: db.prepare('INSERT INTO experiments (id, name, tags, created_at) VALUES (?, ?, ?, ?)'),
    run: db.prepare(
      'INSERT INTO runs (id, experiment_id, name, status, start_time, end_time) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    param: db.prepare('INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)'),
    tag: db.prepare('INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?)'),
    block: db.prepare('INSERT INTO metric_blocks (run_id, key, count, data) VALUES (?, ?, ?, ?)'),
    latest: db.prepare(
      'INSERT INTO latest_metrics (run_id, key, value, kind, step, timestamp) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  };
  for (const experiment of await tracker.listExperiments())
    insert.experiment.run(experiment.id, experiment.name, JSON.stringify(experiment.tags), experiment.createdAt);
  for (const run of (await tracker.searchRuns!({ pageSize: 10_000 })).items) {
    insert.run.run(run.id, run.experimentId, run.name, run.status, run.startTime, run.endTime ?? null);
    for (const [key, value] of Object.entries(run.params)) insert.param.run(run.id, key, value);
    for (const [key, value] of Object.entries(run.tags)) insert.tag.run(run.id, key, value);
    for (const [key, metric] of Object.entries(run.metrics)) {
      const history = await tracker.getMetricHistory(run.id, key);
      insert.block.run(run.id, key, history.length, encodeMetricBlock(history));
      insert.latest.run(run.id, key, ...encodeNumber(metric.value), metric.step, metric.timestamp);
    }
  }
  db.close();
}

describe('searchRuns in SQL agrees with core rules (memory backend)', () => {
  it('returns exactly the memory backend results, page by page, for random runs and queries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(runSpec, { minLength: 4, maxLength: 20 }),
        fc.array(query(3), { minLength: 1, maxLength: 6 }),
        async (runs, queries) => {
          const memory = createMemoryBackend();
          const sqlite = createSqliteBackend({ dir: join(root, String(stores++)), synchronous: 'normal' });
          try {
            const experiments = await populate(memory.tracker, runs);
            expect(await populate(sqlite.tracker, runs)).toEqual(experiments);
            for (const generated of queries) {
              const search = withExperiments(generated, experiments);
              // The memory backend's whole answer in one page is the reference order.
              const all = await memory.tracker.searchRuns({ ...search, pageSize: 10_000 });
              const expected = all.items.map((run) => run.id);
              const got = await pages(sqlite.tracker, search);
              const size = search.pageSize ?? 100;
              const slices = [];
              for (let start = 0; start < Math.max(expected.length, 1); start += size)
                slices.push(expected.slice(start, start + size));
              expect(got).toEqual(slices);
            }
          } finally {
            await sqlite.close();
            await memory.close?.();
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});

describe('migration from schema version 1', () => {
  it('keeps every run searchable, with the same results as the memory backend', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(runSpec, { minLength: 6, maxLength: 24 }),
        fc.array(query(3), { minLength: 1, maxLength: 6 }),
        async (runs, queries) => {
          const memory = createMemoryBackend();
          const experiments = await populate(memory.tracker, runs);
          const dir = join(root, String(stores++));
          mkdirSync(dir);
          await writeVersionOne(memory.tracker, join(dir, 'mloop.db'));
          const sqlite = createSqliteBackend({ dir, synchronous: 'normal' });
          try {
            expect(sqlite.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
            for (const generated of queries) {
              const search = withExperiments(generated, experiments);
              const expected = (await memory.tracker.searchRuns({ ...search, pageSize: 10_000 })).items.map(
                (run) => run.id,
              );
              expect((await pages(sqlite.tracker, search)).flat()).toEqual(expected);
            }
            // Runs that were running keep accepting writes, and searches see them.
            const running = (await sqlite.tracker.searchRuns({ statuses: ['running'], pageSize: 10_000 })).items;
            for (const [index, run] of running.entries())
              await sqlite.tracker.logBatch(run.id, {
                params: [{ key: 'late', value: String(index) }],
                metrics: [{ key: 'late', value: -index, step: 99, timestamp: 99 }],
              });
            const byMetric = await sqlite.tracker.searchRuns({
              orderBy: { kind: 'metric', key: 'late', direction: 'asc' },
              filters: [{ kind: 'param', key: 'late', op: '>=', value: 0 }],
              pageSize: 10_000,
            });
            expect(byMetric.items.map((run) => run.id)).toEqual(running.map((run) => run.id).reverse());
          } finally {
            await sqlite.close();
          }
        },
      ),
      { numRuns: 20 },
    );
  }, 120_000);
});

describe('page tokens', () => {
  it('refuses a token whose position does not fit the query, and one from the previous release', async () => {
    const sqlite = createSqliteBackend({ dir: join(root, String(stores++)), synchronous: 'normal' });
    try {
      const { id: experimentId } = await sqlite.tracker.createExperiment({ name: 'tokens' });
      for (let index = 0; index < 3; index++) await sqlite.tracker.createRun({ experimentId, startTime: index });
      const search: TrackerV1RunQuery = { orderBy: { kind: 'metric', key: 'm' }, pageSize: 1 };
      const fingerprint = runQueryFingerprint(search);
      for (const position of [
        [3, null, 0, 'x'], // no fourth segment
        [0, null, 0, 'x'], // the numeric segment needs a number
        [2, 'text', 0, 'x'], // the missing-key segment has no value
        [0, 0, 0, 0, 'x'], // a sort key as the previous release encoded it
      ])
        await expect(
          sqlite.tracker.searchRuns({ ...search, pageToken: encodePageToken(fingerprint, position) }),
        ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'pageToken' });
      const first = await sqlite.tracker.searchRuns(search);
      const second = await sqlite.tracker.searchRuns({ ...search, pageToken: first.nextPageToken });
      expect(second.items).toHaveLength(1);
    } finally {
      await sqlite.close();
    }
  });
});

describe('searches narrowed to a few runs', () => {
  it('read those runs and sort them instead of walking the order index of the whole store', async () => {
    const sqlite = createSqliteBackend({ dir: join(root, String(stores++)), synchronous: 'normal' });
    try {
      const tracker = sqlite.tracker;
      const big = await tracker.createExperiment({ name: 'big' });
      const small = await tracker.createExperiment({ name: 'small' });
      // More runs than the smallest bound for sorting (1,000), so the big experiment is walked.
      for (let index = 0; index < 1_100; index++) {
        const experimentId = index % 100 === 0 ? small.id : big.id;
        const run = await tracker.createRun({ experimentId, name: `run ${index}`, startTime: index });
        await tracker.logBatch(run.id, {
          params: [{ key: 'lr', value: String(index % 7) }],
          metrics: [{ key: 'loss', value: (index * 37) % 101, step: 0, timestamp: 0 }],
        });
        if (index % 300 === 0) await tracker.updateRun(run.id, { status: 'failed' });
      }
      const plans: string[] = [];
      const prepare = sqlite.db.prepare.bind(sqlite.db);
      const spy = vi.spyOn(sqlite.db, 'prepare').mockImplementation((sql: string) => {
        if (sql.endsWith('LIMIT ?'))
          plans.push(
            (
              prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.match(/\?/g) ?? []).map(() => 'x')) as {
                detail: string;
              }[]
            )
              .map((row) => row.detail)
              .join(' / '),
          );
        return prepare(sql);
      });
      // The outer loop of every query a search prepares (each query shape here is new, so none is cached).
      const firstLoops = async (query: TrackerV1RunQuery, pageSize: number) => {
        plans.length = 0;
        const whole = (await tracker.searchRuns({ ...query, pageSize: 10_000 })).items.map((run) => run.id);
        expect((await pages(tracker, { ...query, pageSize })).flat()).toEqual(whole);
        expect(whole.length).toBeGreaterThan(0);
        return plans.map((plan) => plan.split(' / ')[0]);
      };
      for (const orderBy of [
        { kind: 'metric', key: 'loss', direction: 'asc' },
        { kind: 'param', key: 'lr', direction: 'desc' },
      ] as const) {
        for (const narrow of [{ experimentIds: [small.id] }, { statuses: ['failed' as const] }]) {
          const loops = await firstLoops({ ...narrow, orderBy }, 4);
          expect(loops.length).toBeGreaterThan(0);
          for (const loop of loops) expect(loop).toMatch(/^(SEARCH|SCAN) r\b/);
        }
        for (const wide of [{}, { experimentIds: [big.id] }]) {
          const loops = await firstLoops({ ...wide, orderBy }, 50);
          expect(loops[0]).toMatch(/^(SEARCH|SCAN) o USING INDEX/);
        }
      }
      spy.mockRestore();
    } finally {
      await sqlite.close();
    }
  }, 60_000);
});

describe('contains with a lone surrogate in the needle', () => {
  it('matches half of a character beyond U+FFFF as core does, and never the replacement character', async () => {
    const memory = createMemoryBackend();
    const sqlite = createSqliteBackend({ dir: join(root, String(stores++)), synchronous: 'normal' });
    try {
      const found: string[][][] = [];
      for (const { tracker } of [memory, sqlite]) {
        const { id: experimentId } = await tracker.createExperiment({ name: 'surrogates' });
        for (const [name, value] of [
          ['emoji', 'a😀b'],
          ['other-emoji', '🙂'],
          ['replacement', 'x\uFFFDy'],
          ['plain', 'ab'],
        ]) {
          const run = await tracker.createRun({ experimentId, name, tags: { label: value } });
          await tracker.logBatch(run.id, { params: [{ key: 'label', value }] });
        }
        const byNeedle: string[][] = [];
        for (const kind of ['param', 'tag'] as const)
          for (const value of [
            '\uD83D',
            '\uDE00b',
            '\uDE42',
            'a\uD83D',
            '\uD83D\uD83D',
            '\uDE00\uD83D',
            '😀',
            '\uFFFD',
          ])
            byNeedle.push(
              (
                await tracker.searchRuns!({
                  filters: [{ kind, key: 'label', op: 'contains', value }],
                  orderBy: { kind: 'attribute', key: 'name', direction: 'asc' },
                })
              ).items.map((run) => run.name),
            );
        found.push(byNeedle);
      }
      expect(found[1]).toEqual(found[0]);
      expect(found[0].slice(0, 3)).toEqual([['emoji', 'other-emoji'], ['emoji'], ['other-emoji']]);
    } finally {
      await sqlite.close();
      await memory.close?.();
    }
  });
});

describe('pages through many equal values', () => {
  it('seek to the page in the index in both directions, with no sorting', async () => {
    const sqlite = createSqliteBackend({ dir: join(root, String(stores++)), synchronous: 'normal' });
    try {
      const tracker = sqlite.tracker;
      const { id: experimentId } = await tracker.createExperiment({ name: 'ties' });
      for (let index = 0; index < 60; index++) {
        const run = await tracker.createRun({ experimentId, name: 'same', startTime: index % 3 });
        await tracker.logBatch(run.id, {
          params: [
            { key: 'optimizer', value: 'adam' },
            { key: 'layers', value: '4' },
          ],
          metrics: [{ key: 'loss', value: 0.5, step: 0, timestamp: 0 }],
        });
        await tracker.updateRun(run.id, { status: 'finished', endTime: 9 });
      }
      const prepared: string[] = [];
      const prepare = sqlite.db.prepare.bind(sqlite.db);
      const spy = vi.spyOn(sqlite.db, 'prepare').mockImplementation((sql: string) => {
        if (sql.endsWith('LIMIT ?')) prepared.push(sql);
        return prepare(sql);
      });
      const planOf = (sql: string) =>
        (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.match(/\?/g) ?? []).map(() => 'x')) as { detail: string }[])
          .map((row) => row.detail)
          .join(' / ');
      const orders = [
        ...['startTime', 'endTime', 'name', 'status'].map((key) => ({ kind: 'attribute' as const, key })),
        { kind: 'param' as const, key: 'optimizer' },
        { kind: 'param' as const, key: 'layers' },
        { kind: 'metric' as const, key: 'loss' },
      ];
      for (const order of orders)
        for (const direction of ['asc', 'desc'] as const) {
          const search: TrackerV1RunQuery = { orderBy: { ...order, direction }, pageSize: 7 };
          prepared.length = 0;
          const whole = (await tracker.searchRuns({ ...search, pageSize: 1_000 })).items.map((run) => run.id);
          expect((await pages(tracker, search)).flat()).toEqual(whole);
          expect(prepared.length).toBeGreaterThan(1);
          for (const sql of prepared) {
            const plan = planOf(sql);
            expect(plan, sql).not.toContain('TEMP B-TREE');
            // Inside the position's run of equal value and start time, the index seeks to the id.
            if (sql.includes('start_time = ?')) expect(plan).toMatch(/start_time=\? AND (run_)?id>\?/);
          }
        }
      spy.mockRestore();
    } finally {
      await sqlite.close();
    }
  });
});
