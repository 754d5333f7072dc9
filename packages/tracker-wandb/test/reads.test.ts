import {
  BackendError,
  createMemoryTracker,
  NotFoundError,
  type TrackerV1,
  type TrackerV1Batch,
  type TrackerV1Run,
  type TrackerV1RunQuery,
  type TrackerV1RunStatus,
} from '@mloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWandbBackend } from '../src/index';
import { backendFor, FAST, fakeServer, wandbIdOf } from './helpers';

const T0 = 1_700_000_000_000;

/** A run without the ids that differ between two stores (its experiment is compared by name). */
async function comparable(tracker: TrackerV1, run: TrackerV1Run): Promise<unknown> {
  const { id: _id, experimentId, ...rest } = run;
  return { ...rest, experiment: (await tracker.getExperiment(experimentId)).name };
}

describe('reading runs another process wrote', () => {
  it('a fresh backend reads run, params, tags, status, times, latest metrics and every history point exactly', async () => {
    const server = await fakeServer();
    const writer = backendFor(server).tracker;
    const experiment = await writer.createExperiment({ name: 'churn' });
    const run = await writer.createRun({
      experimentId: experiment.id,
      name: 'baseline',
      startTime: T0,
      tags: { team: 'ml', notes: 'first try', 'a:b': 'c:d', long: 'x'.repeat(100), empty: '' },
    });
    const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    const batch: TrackerV1Batch = {
      params: [
        { key: 'lr', value: '0.01' },
        { key: 'flag', value: 'true' },
        { key: 'layers', value: '64,64' },
        { key: 'big', value: '1e21' },
        { key: 'padded', value: '1.50' },
      ],
      metrics: [
        ...Array.from({ length: 300 }, (_, step) => ({
          key: 'loss',
          value: step >= 100 && step < 103 ? (special[step - 100] as number) : 1 / (step + 1),
          step,
          timestamp: T0 + step * 7,
        })),
        // Same step and timestamp twice: two rows; the larger value is the latest.
        { key: 'acc', value: 0.5, step: 3, timestamp: T0 + 1 },
        { key: 'acc', value: 0.25, step: 3, timestamp: T0 + 1 },
        { key: 'acc', value: 0.75, step: 1, timestamp: T0 + 2 },
        { key: 'last', value: Number.NaN, step: 9, timestamp: T0 + 9 },
        // Times whose ms / 1000 * 1000 is not the integer again, and a fractional one.
        { key: 'early', value: 1, step: 0, timestamp: 1001 },
        { key: 'early', value: 2, step: 1, timestamp: 1003 },
        { key: 'early', value: 3, step: 2, timestamp: 1004.5 },
      ],
      artifacts: [
        {
          name: 'model.json',
          digest: 'a'.repeat(64),
          size: 12,
          mediaType: 'application/json',
          metadata: { framework: 'mloop' },
        },
      ],
      inputs: [
        {
          name: 'train.csv',
          digest: 'b'.repeat(64),
          nRows: 10,
          schema: { x: { type: 'numeric', nullable: true } },
          context: 'train',
        },
      ],
    };
    await writer.logBatch(run.id, batch);
    await writer.logBatch(run.id, { tags: [{ key: 'stage', value: 'done' }] });
    await writer.updateRun(run.id, { status: 'killed', endTime: T0 + 999_000 });
    const open = await writer.createRun({ experimentId: experiment.id, startTime: T0 + 5 });
    const expected = await writer.getRun(run.id);
    const history = await writer.getMetricHistory(run.id, 'loss');
    const accHistory = await writer.getMetricHistory(run.id, 'acc');
    const columns = await writer.getMetricColumns(run.id, 'acc');
    const expectedView = await comparable(writer, expected);
    const closing = Date.now();
    await writer.close(); // ends `open` as W&B's client does at exit (exit code 0)
    const closed = Date.now();

    const reader = backendFor(server).tracker;
    expect(reader.capabilities.persistent).toBe(true);
    const got = await reader.getRun(run.id);
    expect(await comparable(reader, got)).toEqual(expectedView);
    expect(got.metrics.loss).toEqual({ key: 'loss', value: 1 / 300, step: 299, timestamp: T0 + 299 * 7 });
    expect(got.metrics.acc?.value).toBe(0.5);
    expect(got.metrics.last?.value).toBeNaN();
    expect(got.params).toEqual({ lr: '0.01', flag: 'true', layers: '64,64', big: '1e21', padded: '1.50' });
    expect(got.tags.long).toBe('x'.repeat(100));
    const readHistory = await reader.getMetricHistory(run.id, 'loss');
    expect(readHistory).toEqual(history);
    expect(readHistory.length).toBe(300);
    expect(readHistory[100]?.value).toBeNaN();
    expect(readHistory[101]?.value).toBe(Number.POSITIVE_INFINITY);
    expect(readHistory[102]?.value).toBe(Number.NEGATIVE_INFINITY);
    expect(await reader.getMetricHistory(run.id, 'acc')).toEqual(accHistory);
    expect((await reader.getMetricHistory(run.id, 'early')).map((point) => point.timestamp)).toEqual([
      1001, 1003, 1004.5,
    ]);
    expect(await reader.getMetricColumns(run.id, 'acc')).toEqual(columns);
    expect(await reader.getMetricHistory(run.id, 'never-logged')).toEqual([]);
    // A run its process left open was ended by close(): finished, at the time close() ended it
    // (not W&B's heartbeatAt, which has whole seconds).
    const ended = await reader.getRun(open.id);
    expect(ended.status).toBe('finished');
    expect(ended.endTime).toBeGreaterThanOrEqual(closing);
    expect(ended.endTime).toBeLessThanOrEqual(closed);
    expect(ended.startTime).toBe(T0 + 5);
    // Experiments are found by name: the run's experiment now exists in the reader's process.
    expect((await reader.findExperimentByName('churn'))?.id).toBe(got.experimentId);
    const page = await reader.searchRuns({ experimentIds: [got.experimentId] });
    expect(page.items.map((item) => item.id)).toEqual([open.id, run.id]);
  });

  it('a run that exists nowhere is NOT_FOUND; deleting another process’s run deletes it on W&B', async () => {
    const server = await fakeServer();
    const writer = backendFor(server).tracker;
    const experiment = await writer.createExperiment({ name: 'e' });
    const run = await writer.createRun({ experimentId: experiment.id });
    await writer.updateRun(run.id, { status: 'finished' });
    await writer.close();
    const reader = backendFor(server).tracker;
    const missing = await reader.getRun('0123456789abcdef0123456789abcdef').catch((caught: unknown) => caught);
    expect(NotFoundError.isInstance(missing)).toBe(true);
    await expect(reader.getMetricHistory('nope', 'loss')).rejects.toSatisfy(NotFoundError.isInstance);
    await reader.deleteRun(run.id);
    expect(server.run(wandbIdOf(server, run.id)).deleted).toBe(true);
    await expect(reader.getRun(run.id)).rejects.toSatisfy(NotFoundError.isInstance);
    const third = backendFor(server).tracker;
    await expect(third.getRun(run.id)).rejects.toSatisfy(NotFoundError.isInstance);
    expect((await third.searchRuns({})).items).toEqual([]);
  });

  it('getRun asks W&B with the documented nested config filter, and still finds the run on a server that answers it with nothing', async () => {
    for (const nestedConfigFilters of [true, false]) {
      const server = await fakeServer({ nestedConfigFilters });
      const writer = backendFor(server).tracker;
      const experiment = await writer.createExperiment({ name: 'e' });
      const run = await writer.createRun({ experimentId: experiment.id, name: 'wanted' });
      const other = await writer.createRun({ experimentId: experiment.id, name: 'other' });
      await writer.close();
      const before = server.requests.length;
      const reader = backendFor(server).tracker;
      expect((await reader.getRun(run.id)).name).toBe('wanted');
      const runsQueries = server.requests.slice(before).filter((request) => request.operation === 'Runs');
      // The fake reads only the documented form (`config._mloop.runId`, not `config._mloop.value.runId`):
      // one filtered query finds the run; on a server that answers nothing, one unfiltered listing follows.
      expect(runsQueries.length).toBe(nestedConfigFilters ? 1 : 2);
      expect((await reader.getRun(other.id)).name).toBe('other');
    }
  });

  it('W&B unreachable → a retryable BackendError without the key', async () => {
    const server = await fakeServer();
    const url = server.url;
    await server.close();
    const apiKey = 'secret_key_0123456789abcdefghijklmnopqrstuvwxyz';
    const backend = createWandbBackend({
      project: 'p',
      apiKey,
      baseUrl: url,
      warn: () => {},
      ...FAST,
      retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 2 },
    });
    try {
      for (const read of [() => backend.tracker.getRun('x'), () => backend.tracker.searchRuns({})]) {
        const error = await read().catch((caught: unknown) => caught);
        expect(BackendError.isInstance(error)).toBe(true);
        expect((error as BackendError).retryable).toBe(true);
        expect(JSON.stringify((error as BackendError).toJSON()) + String(error)).not.toContain(apiKey);
      }
    } finally {
      await backend.close();
    }
  });
});

// ---- differential: searchRuns read back from W&B agrees with the memory backend -------------

interface RunSpec {
  readonly experiment: 'a' | 'b';
  readonly name: string;
  readonly startTime: number;
  readonly status: Exclude<TrackerV1RunStatus, 'running'>;
  readonly endOffset: number;
  readonly params: Record<string, string>;
  readonly tags: Record<string, string>;
  readonly metrics: { key: string; value: number; step: number }[];
}

const VALUES = ['1', '1.0', '10', '-3', 'x', 'abc', ''];
const EXAMPLE_RUN: RunSpec = {
  experiment: 'a',
  name: 'r1',
  startTime: T0,
  status: 'finished',
  endOffset: 1,
  params: {},
  tags: {},
  metrics: [],
};
const METRIC_VALUES = [-1, 0, 0.5, 2, 10, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

const runSpec = (startTime: number): fc.Arbitrary<RunSpec> =>
  fc.record({
    experiment: fc.constantFrom('a' as const, 'b' as const),
    name: fc.constantFrom('r1', 'r2', 'r3'),
    startTime: fc.constant(startTime),
    status: fc.constantFrom('finished' as const, 'failed' as const, 'killed' as const),
    endOffset: fc.integer({ min: 1, max: 5 }),
    params: fc.dictionary(fc.constantFrom('p', 'q'), fc.constantFrom(...VALUES)),
    tags: fc.dictionary(fc.constantFrom('t', 'u'), fc.constantFrom(...VALUES)),
    metrics: fc.array(
      fc.record({
        key: fc.constantFrom('m', 'n'),
        value: fc.constantFrom(...METRIC_VALUES),
        step: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: 4 },
    ),
  });

const specs = fc
  .uniqueArray(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 7 })
  .chain((offsets) => fc.tuple(...offsets.map((offset) => runSpec(T0 + offset * 1000))));

const filter = fc.oneof(
  fc.record({
    kind: fc.constant('metric' as const),
    key: fc.constantFrom('m', 'n'),
    op: fc.constantFrom('=' as const, '!=' as const, '<' as const, '<=' as const, '>' as const, '>=' as const),
    value: fc.constantFrom(0, 0.5, 2, 'NaN'),
  }),
  fc.record({
    kind: fc.constant('param' as const),
    key: fc.constantFrom('p', 'q'),
    op: fc.constantFrom('=' as const, '!=' as const, '<' as const, '>=' as const, 'contains' as const),
    value: fc.constantFrom(...VALUES, 1, 2),
  }),
  // Tag equality is what W&B is asked to narrow server-side: drawn often.
  fc.record({
    kind: fc.constant('tag' as const),
    key: fc.constantFrom('t', 'u'),
    op: fc.constantFrom('=' as const, '=' as const, '!=' as const, '>' as const, 'contains' as const),
    value: fc.constantFrom(...VALUES, 1),
  }),
);

const query = fc.record(
  {
    experiments: fc.subarray(['a', 'b']),
    statuses: fc.subarray(['finished', 'failed', 'killed'] as TrackerV1RunStatus[]),
    filters: fc.array(filter, { maxLength: 2 }),
    orderBy: fc.oneof(
      fc.record({
        kind: fc.constantFrom('metric' as const, 'param' as const),
        key: fc.constantFrom('m', 'n', 'p', 'q'),
        direction: fc.constantFrom('asc' as const, 'desc' as const),
      }),
      fc.record({
        kind: fc.constant('attribute' as const),
        key: fc.constantFrom('startTime', 'endTime', 'name', 'status'),
        direction: fc.constantFrom('asc' as const, 'desc' as const),
      }),
    ),
    pageSize: fc.integer({ min: 1, max: 4 }),
  },
  { requiredKeys: ['pageSize'] },
);

async function write(tracker: TrackerV1, runs: readonly RunSpec[]): Promise<string[]> {
  const experiments = new Map<string, string>();
  for (const name of ['a', 'b']) experiments.set(name, (await tracker.createExperiment({ name })).id);
  const ids: string[] = [];
  for (const spec of runs) {
    const run = await tracker.createRun({
      experimentId: experiments.get(spec.experiment) as string,
      name: spec.name,
      startTime: spec.startTime,
      tags: spec.tags,
    });
    await tracker.logBatch(run.id, {
      params: Object.entries(spec.params).map(([key, value]) => ({ key, value })),
      metrics: spec.metrics.map((metric, index) => ({ ...metric, timestamp: spec.startTime + index })),
    });
    await tracker.updateRun(run.id, { status: spec.status, endTime: spec.startTime + spec.endOffset * 100 });
    ids.push(run.id);
  }
  return ids;
}

/** Every page of a query, as ids, following the page tokens. */
async function allPages(tracker: TrackerV1, request: TrackerV1RunQuery): Promise<TrackerV1Run[][]> {
  const pages: TrackerV1Run[][] = [];
  let token: string | undefined;
  do {
    const page = await (tracker.searchRuns as NonNullable<TrackerV1['searchRuns']>)({
      ...request,
      ...(token ? { pageToken: token } : {}),
    });
    pages.push([...page.items]);
    token = page.nextPageToken;
  } while (token && pages.length < 20);
  return pages;
}

describe('searchRuns read back from W&B', () => {
  it('agrees with the memory backend on the same runs: filters, order, statuses, experiments, paging', async () => {
    const server = await fakeServer({ lifetimeMs: 600_000 });
    let project = 0;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(specs, fc.array(query, { minLength: 1, maxLength: 8 }), async (runs, queries) => {
        const options = { project: `diff-${project++}` };
        const memory = createMemoryTracker();
        const memoryIds = await write(memory, runs);
        const writer = backendFor(server, options);
        const wandbIds = await write(writer.tracker, runs);
        await writer.close();
        const reader = backendFor(server, options).tracker;
        const readerExperiments = new Map<string, string>();
        for (const name of ['a', 'b']) readerExperiments.set(name, (await reader.createExperiment({ name })).id);
        const memoryExperiments = new Map((await memory.listExperiments()).map((e) => [e.name, e.id]));
        const toWandb = new Map(memoryIds.map((id, index) => [id, wandbIds[index] as string]));
        for (const { experiments, ...rest } of queries) {
          const scoped = (ids: Map<string, string>) =>
            experiments ? { experimentIds: experiments.map((name) => ids.get(name) as string) } : {};
          const expected = await allPages(memory, { ...rest, ...scoped(memoryExperiments) });
          const got = await allPages(reader, { ...rest, ...scoped(readerExperiments) });
          expect(got.map((page) => page.map((run) => run.id))).toEqual(
            expected.map((page) => page.map((run) => toWandb.get(run.id))),
          );
          for (let index = 0; index < got.length; index++) {
            const gotPage = got[index] as TrackerV1Run[];
            const expectedPage = expected[index] as TrackerV1Run[];
            for (let item = 0; item < gotPage.length; item++) {
              expect(await comparable(reader, gotPage[item] as TrackerV1Run)).toEqual(
                await comparable(memory, expectedPage[item] as TrackerV1Run),
              );
              compared++;
            }
          }
        }
      }),
      {
        numRuns: 40,
        seed: 20261201,
        // The cases where W&B's answer would differ if it were asked: "1.0" = "1" (numeric in
        // mloop, not in W&B's filter), and a plain tag that W&B is asked to match.
        examples: [
          [
            [
              { ...EXAMPLE_RUN, tags: { t: '1.0' } },
              { ...EXAMPLE_RUN, startTime: T0 + 1000, tags: { t: 'x', u: '' } },
            ],
            [
              { filters: [{ kind: 'tag', key: 't', op: '=', value: '1' }], pageSize: 2 },
              { filters: [{ kind: 'tag', key: 't', op: '=', value: 'x' }], pageSize: 2 },
              { filters: [{ kind: 'tag', key: 'u', op: '=', value: '' }], pageSize: 2 },
            ],
          ],
        ],
      },
    );
    // The property compared runs, not only empty pages.
    expect(compared).toBeGreaterThan(20);
  }, 120_000);
});
