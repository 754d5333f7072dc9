import { randomUUID } from 'node:crypto';
import type { TrackerV1 } from '../spec/tracker/v1/tracker-v1';
import type { TrackerV1Capabilities } from '../spec/tracker/v1/tracker-v1-capabilities';
import type { TrackerV1Metric } from '../spec/tracker/v1/tracker-v1-metric';
import type { TrackerV1RunQuery } from '../spec/tracker/v1/tracker-v1-query';
import type { TrackerV1Run } from '../spec/tracker/v1/tracker-v1-run';
import { check, checkEqual, checkThrowsCode } from './assert';
import type { ConformanceCheck } from './check';

/** What the tracker kit runs against. */
export interface TrackerKitSubject {
  /** Returns a fresh (or at least isolated) tracker for each check. */
  readonly create: () => TrackerV1 | Promise<TrackerV1>;
  /** The backend's capabilities, read to skip checks; must equal what `create()` returns. */
  readonly capabilities: TrackerV1Capabilities;
  /** Called after each check with the tracker it used; default `tracker.close?.()`. */
  readonly dispose?: (tracker: TrackerV1) => Promise<void> | void;
}

const unique = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

async function withTracker(subject: TrackerKitSubject, body: (tracker: TrackerV1) => Promise<void>): Promise<void> {
  const tracker = await subject.create();
  try {
    await body(tracker);
  } finally {
    await (subject.dispose ? subject.dispose(tracker) : tracker.close?.());
  }
}

async function newRun(tracker: TrackerV1, startTime?: number): Promise<TrackerV1Run> {
  const experiment = await tracker.createExperiment({ name: unique('kit') });
  return tracker.createRun({ experimentId: experiment.id, ...(startTime === undefined ? {} : { startTime }) });
}

function metric(key: string, value: number, step: number, timestamp: number): TrackerV1Metric {
  return { key, value, step, timestamp };
}

function trackerCheck(
  id: string,
  description: string,
  body: (tracker: TrackerV1, subject: TrackerKitSubject) => Promise<void>,
  skip?: (subject: TrackerKitSubject) => string | undefined,
): ConformanceCheck<TrackerKitSubject> {
  return {
    id: `tracker/${id}`,
    description,
    ...(skip ? { skip } : {}),
    run: (subject) => withTracker(subject, (tracker) => body(tracker, subject)),
  };
}

const needsSearch = (subject: TrackerKitSubject) =>
  subject.capabilities.search ? undefined : 'capabilities.search is false';

/**
 * The tracker conformance kit: every rule of `TrackerV1`'s JSDoc, one check each
 * (conventions B6). Bind it with `describeTrackerConformance` from `@mloop/core/testing/vitest`,
 * or run it with `runChecks`.
 */
export const trackerChecks: readonly ConformanceCheck<TrackerKitSubject>[] = [
  trackerCheck(
    'spec/shape',
    'declares specificationVersion v1, a backend id and complete capabilities',
    async (tracker) => {
      checkEqual(tracker.specificationVersion, 'v1', 'specificationVersion');
      check(typeof tracker.backend === 'string' && tracker.backend.length > 0, 'backend must be a non-empty string');
      const capabilities = tracker.capabilities;
      for (const flag of ['search', 'deleteRuns', 'nonFiniteMetrics', 'persistent'] as const) {
        check(typeof capabilities[flag] === 'boolean', `capabilities.${flag} must be a boolean`);
      }
      check(
        Number.isInteger(capabilities.maxBatchSize) && capabilities.maxBatchSize >= 1,
        'capabilities.maxBatchSize must be an integer ≥ 1',
      );
    },
  ),
  trackerCheck('experiments/create-get', 'create then get round-trips name and tags', async (tracker) => {
    const name = unique('exp');
    const created = await tracker.createExperiment({ name, tags: { team: 'ml', 'a.b': 'c' } });
    const read = await tracker.getExperiment(created.id);
    checkEqual(read.name, name, 'name');
    checkEqual(read.tags, { team: 'ml', 'a.b': 'c' }, 'tags');
    checkEqual((await tracker.findExperimentByName(name))?.id, created.id, 'findExperimentByName');
    check(
      (await tracker.listExperiments()).some((experiment) => experiment.id === created.id),
      'listExperiments includes it',
    );
  }),
  trackerCheck('experiments/duplicate-name', 'a duplicate experiment name → ALREADY_EXISTS', async (tracker) => {
    const name = unique('exp');
    await tracker.createExperiment({ name });
    await checkThrowsCode(() => tracker.createExperiment({ name }), 'ALREADY_EXISTS', 'second createExperiment');
  }),
  trackerCheck(
    'experiments/unknown',
    'an unknown experiment id → NOT_FOUND; an unknown name → undefined',
    async (tracker) => {
      await checkThrowsCode(() => tracker.getExperiment('no-such-experiment'), 'NOT_FOUND', 'getExperiment');
      checkEqual(await tracker.findExperimentByName(unique('missing')), undefined, 'findExperimentByName');
      await checkThrowsCode(() => tracker.createRun({ experimentId: 'no-such-experiment' }), 'NOT_FOUND', 'createRun');
    },
  ),
  trackerCheck('runs/create-running', 'a new run is running, with the given start time and tags', async (tracker) => {
    const experiment = await tracker.createExperiment({ name: unique('exp') });
    const run = await tracker.createRun({
      experimentId: experiment.id,
      name: 'first',
      startTime: 1_700_000_000_000,
      tags: { k: 'v' },
    });
    checkEqual(run.status, 'running', 'status');
    checkEqual(run.startTime, 1_700_000_000_000, 'startTime');
    checkEqual(run.name, 'first', 'name');
    checkEqual(run.tags.k, 'v', 'tag k');
    checkEqual(run.endTime, undefined, 'endTime of a running run');
    const defaulted = await tracker.createRun({ experimentId: experiment.id });
    check(defaulted.startTime <= Date.now() + 1000, 'default startTime is not in the future');
    check(defaulted.name.length > 0, 'a name is generated when none is given');
  }),
  trackerCheck('runs/unknown', 'an unknown run id → NOT_FOUND for every run method', async (tracker) => {
    await checkThrowsCode(() => tracker.getRun('no-such-run'), 'NOT_FOUND', 'getRun');
    await checkThrowsCode(() => tracker.updateRun('no-such-run', { status: 'finished' }), 'NOT_FOUND', 'updateRun');
    await checkThrowsCode(
      () => tracker.logBatch('no-such-run', { metrics: [metric('m', 1, 0, 1)] }),
      'NOT_FOUND',
      'logBatch',
    );
    await checkThrowsCode(() => tracker.getMetricHistory('no-such-run', 'm'), 'NOT_FOUND', 'getMetricHistory');
  }),
  trackerCheck('runs/end', 'updateRun sets the terminal status and the end time', async (tracker) => {
    const run = await newRun(tracker, 1000);
    const ended = await tracker.updateRun(run.id, { status: 'finished', endTime: 5000 });
    checkEqual(ended.status, 'finished', 'status');
    checkEqual(ended.endTime, 5000, 'endTime');
    const failed = await newRun(tracker);
    const read = await tracker.updateRun(failed.id, { status: 'failed' });
    check(typeof read.endTime === 'number', 'endTime is set when a run becomes terminal without one');
  }),
  trackerCheck('runs/terminal-is-final', 'leaving a terminal status → CONFLICT', async (tracker) => {
    const run = await newRun(tracker);
    await tracker.updateRun(run.id, { status: 'finished' });
    await checkThrowsCode(() => tracker.updateRun(run.id, { status: 'running' }), 'CONFLICT', 'finished → running');
    await checkThrowsCode(() => tracker.updateRun(run.id, { status: 'failed' }), 'CONFLICT', 'finished → failed');
  }),
  trackerCheck(
    'runs/write-after-end',
    'logging to a run that is not running → CONFLICT, and nothing is stored',
    async (tracker) => {
      const run = await newRun(tracker);
      await tracker.updateRun(run.id, { status: 'killed' });
      await checkThrowsCode(
        () => tracker.logBatch(run.id, { metrics: [metric('late', 1, 0, 1)] }),
        'CONFLICT',
        'logBatch after end',
      );
      checkEqual(await tracker.getMetricHistory(run.id, 'late'), [], 'history after a rejected write');
    },
  ),
  trackerCheck(
    'metrics/history',
    'getMetricHistory returns every point, ordered by (step, timestamp)',
    async (tracker) => {
      const run = await newRun(tracker);
      const points = [
        metric('loss', 0.5, 2, 30),
        metric('loss', 0.9, 0, 10),
        metric('loss', 0.7, 1, 20),
        metric('loss', 0.7, 1, 20),
        metric('acc', 1, 0, 5),
      ];
      await tracker.logBatch(run.id, { metrics: points });
      const history = await tracker.getMetricHistory(run.id, 'loss');
      checkEqual(
        history.map((point) => [point.step, point.timestamp, point.value, point.key]),
        [
          [0, 10, 0.9, 'loss'],
          [1, 20, 0.7, 'loss'],
          [1, 20, 0.7, 'loss'],
          [2, 30, 0.5, 'loss'],
        ],
        'history',
      );
      checkEqual(await tracker.getMetricHistory(run.id, 'never-logged'), [], 'history of an unknown key');
    },
  ),
  trackerCheck(
    'metrics/latest-rule',
    'the run shows the latest value by (step, timestamp); on a tie the larger value (NaN largest)',
    async (tracker) => {
      const run = await newRun(tracker);
      await tracker.logBatch(run.id, {
        metrics: [
          metric('a', 3, 5, 100),
          metric('a', 1, 7, 50),
          metric('a', 2, 6, 900),
          metric('b', 1, 1, 10),
          metric('b', 9, 1, 20),
          metric('b', 5, 1, 15),
          metric('c', 1, 0, 10),
          metric('c', 4, 0, 10),
          metric('c', 2, 0, 10),
        ],
      });
      await tracker.logBatch(run.id, { metrics: [metric('c', 3, 0, 10)] });
      const read = await tracker.getRun(run.id);
      checkEqual(read.metrics.a?.value, 1, 'latest of a (largest step wins over larger timestamp)');
      checkEqual(read.metrics.b?.value, 9, 'latest of b (same step, larger timestamp)');
      checkEqual(read.metrics.c?.value, 4, 'latest of c (full tie → larger value)');
      if (read.metrics.c)
        checkEqual([read.metrics.c.step, read.metrics.c.timestamp], [0, 10], 'step and timestamp of c');
    },
  ),
  trackerCheck(
    'metrics/non-finite',
    'NaN, +Infinity and −Infinity round-trip exactly (never clamped or zeroed)',
    async (tracker) => {
      const run = await newRun(tracker);
      await tracker.logBatch(run.id, {
        metrics: [
          metric('nan', Number.NaN, 0, 1),
          metric('pos', Number.POSITIVE_INFINITY, 0, 1),
          metric('neg', Number.NEGATIVE_INFINITY, 0, 1),
          metric('zero', -0, 0, 1),
          metric('tiny', 5e-324, 0, 1),
          metric('big', 1.7976931348623157e308, 0, 1),
        ],
      });
      const read = await tracker.getRun(run.id);
      check(Number.isNaN(read.metrics.nan?.value), `NaN came back as ${read.metrics.nan?.value}`);
      checkEqual(read.metrics.pos?.value, Number.POSITIVE_INFINITY, '+Infinity');
      checkEqual(read.metrics.neg?.value, Number.NEGATIVE_INFINITY, '−Infinity');
      checkEqual(read.metrics.tiny?.value, 5e-324, 'smallest subnormal');
      checkEqual(read.metrics.big?.value, 1.7976931348623157e308, 'largest double');
      const history = await tracker.getMetricHistory(run.id, 'nan');
      check(history.length === 1 && Number.isNaN(history[0].value), 'NaN in history');
    },
    (subject) => (subject.capabilities.nonFiniteMetrics ? undefined : 'capabilities.nonFiniteMetrics is false'),
  ),
  trackerCheck(
    'metrics/non-finite-rejected',
    'without nonFiniteMetrics, NaN/±Infinity → INVALID_ARGUMENT and nothing is stored',
    async (tracker) => {
      const run = await newRun(tracker);
      await checkThrowsCode(
        () => tracker.logBatch(run.id, { metrics: [metric('ok', 1, 0, 1), metric('bad', Number.NaN, 0, 1)] }),
        'INVALID_ARGUMENT',
        'NaN metric',
      );
      checkEqual(await tracker.getMetricHistory(run.id, 'ok'), [], 'nothing of the rejected batch stored');
    },
    (subject) => (subject.capabilities.nonFiniteMetrics ? 'capabilities.nonFiniteMetrics is true' : undefined),
  ),
  trackerCheck(
    'metrics/columns',
    'getMetricColumns, when present, holds exactly the points of getMetricHistory in the same order',
    async (tracker) => {
      if (!tracker.getMetricColumns) return;
      const run = await newRun(tracker);
      await tracker.logBatch(run.id, {
        metrics: [metric('m', 2, 1, 20), metric('m', Number.NaN, 0, 10), metric('m', 3, 1, 15)],
      });
      const history = await tracker.getMetricHistory(run.id, 'm');
      const columns = await tracker.getMetricColumns(run.id, 'm');
      checkEqual(columns.key, 'm', 'key');
      checkEqual(
        Array.from(columns.values),
        history.map((point) => point.value),
        'values',
      );
      checkEqual(
        Array.from(columns.steps),
        history.map((point) => point.step),
        'steps',
      );
      checkEqual(
        Array.from(columns.timestamps),
        history.map((point) => point.timestamp),
        'timestamps',
      );
      checkEqual((await tracker.getMetricColumns(run.id, 'none')).values.length, 0, 'an unknown key');
      await checkThrowsCode(() => tracker.getMetricColumns!('no-such-run', 'm'), 'NOT_FOUND', 'unknown run');
    },
  ),
  trackerCheck('params/same-value', 're-logging a param with the same value is a no-op', async (tracker) => {
    const run = await newRun(tracker);
    await tracker.logBatch(run.id, { params: [{ key: 'k', value: '20' }] });
    await tracker.logBatch(run.id, { params: [{ key: 'k', value: '20' }] });
    checkEqual((await tracker.getRun(run.id)).params, { k: '20' }, 'params');
  }),
  trackerCheck(
    'params/conflict',
    'a param re-logged with a different value → CONFLICT, and nothing in that batch is stored',
    async (tracker) => {
      const run = await newRun(tracker);
      await tracker.logBatch(run.id, { params: [{ key: 'k', value: '20' }] });
      await checkThrowsCode(
        () =>
          tracker.logBatch(run.id, {
            params: [
              { key: 'other', value: 'x' },
              { key: 'k', value: '21' },
            ],
            metrics: [metric('m', 1, 0, 1)],
            tags: [{ key: 't', value: 'v' }],
          }),
        'CONFLICT',
        'changing param k',
      );
      const read = await tracker.getRun(run.id);
      checkEqual(read.params, { k: '20' }, 'params after the rejected batch');
      checkEqual(read.tags.t, undefined, 'tag of the rejected batch');
      checkEqual(await tracker.getMetricHistory(run.id, 'm'), [], 'metric of the rejected batch');
    },
  ),
  trackerCheck('tags/overwrite', 'a tag set again is overwritten', async (tracker) => {
    const run = await newRun(tracker);
    await tracker.logBatch(run.id, { tags: [{ key: 'stage', value: 'a' }] });
    await tracker.logBatch(run.id, { tags: [{ key: 'stage', value: 'b' }] });
    checkEqual((await tracker.getRun(run.id)).tags.stage, 'b', 'tag value');
  }),
  trackerCheck(
    'inputs/dedupe',
    'dataset inputs are recorded by digest; the same digest and context twice is stored once',
    async (tracker) => {
      const run = await newRun(tracker);
      const input = {
        name: 'train',
        digest: 'a'.repeat(64),
        nRows: 10,
        schema: { x: { type: 'numeric' as const, nullable: false } },
        context: 'train',
      };
      await tracker.logBatch(run.id, { inputs: [input] });
      await tracker.logBatch(run.id, { inputs: [input, { ...input, context: 'test' }] });
      const read = await tracker.getRun(run.id);
      checkEqual(read.inputs.length, 2, 'number of inputs');
      checkEqual(
        read.inputs.find((item) => item.context === 'train'),
        input,
        'the train input round-trips',
      );
    },
  ),
  trackerCheck(
    'artifacts/replace-by-name',
    'artifact records round-trip; the same name again replaces the record',
    async (tracker) => {
      const run = await newRun(tracker);
      const first = {
        name: 'model.json',
        digest: 'b'.repeat(64),
        size: 10,
        mediaType: 'application/json',
        metadata: { a: '1' },
      };
      await tracker.logBatch(run.id, { artifacts: [first] });
      await tracker.logBatch(run.id, { artifacts: [{ ...first, digest: 'c'.repeat(64), size: 12 }] });
      const read = await tracker.getRun(run.id);
      checkEqual(read.artifacts, [{ ...first, digest: 'c'.repeat(64), size: 12 }], 'artifacts');
    },
  ),
  trackerCheck(
    'batch/too-large',
    'a batch above maxBatchSize → INVALID_ARGUMENT (the facade splits instead)',
    async (tracker, subject) => {
      const run = await newRun(tracker);
      const size = subject.capabilities.maxBatchSize + 1;
      const metrics = Array.from({ length: size }, (_, index) => metric('m', index, index, index));
      await checkThrowsCode(() => tracker.logBatch(run.id, { metrics }), 'INVALID_ARGUMENT', `a batch of ${size}`);
    },
    (subject) => (subject.capabilities.maxBatchSize > 200_000 ? 'maxBatchSize too large to test' : undefined),
  ),
  trackerCheck('batch/concurrent', 'concurrent logBatch calls on one run lose nothing', async (tracker) => {
    const run = await newRun(tracker);
    const writers = 20;
    const perWriter = 50;
    await Promise.all(
      Array.from({ length: writers }, (_, writer) =>
        tracker.logBatch(run.id, {
          metrics: Array.from({ length: perWriter }, (_, index) => metric('m', writer * 1000 + index, index, writer)),
          params: [{ key: `p${writer}`, value: String(writer) }],
        }),
      ),
    );
    const history = await tracker.getMetricHistory(run.id, 'm');
    checkEqual(history.length, writers * perWriter, 'points stored');
    checkEqual(new Set(history.map((point) => point.value)).size, writers * perWriter, 'distinct values stored');
    checkEqual(Object.keys((await tracker.getRun(run.id)).params).length, writers, 'params stored');
  }),
  trackerCheck(
    'search/paging',
    'walking every page returns each run exactly once, in the default order (startTime desc, then id)',
    async (tracker) => {
      const experiment = await tracker.createExperiment({ name: unique('exp') });
      const ids: string[] = [];
      for (let index = 0; index < 23; index++) {
        ids.push((await tracker.createRun({ experimentId: experiment.id, startTime: 1000 + (index % 5) })).id);
      }
      const seen: TrackerV1Run[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const page = await tracker.searchRuns!({
          experimentIds: [experiment.id],
          pageSize: 4,
          ...(pageToken ? { pageToken } : {}),
        });
        check(page.items.length <= 4, 'a page is no larger than pageSize');
        seen.push(...page.items);
        pageToken = page.nextPageToken;
        check(++pages < 50, 'paging terminates');
      } while (pageToken);
      checkEqual(seen.length, 23, 'runs seen');
      checkEqual(new Set(seen.map((run) => run.id)).size, 23, 'distinct runs seen');
      const expected = [...seen].sort((a, b) => b.startTime - a.startTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      checkEqual(
        seen.map((run) => run.id),
        expected.map((run) => run.id),
        'default order',
      );
      checkEqual(new Set(seen.map((run) => run.id)), new Set(ids), 'the runs created');
    },
    needsSearch,
  ),
  trackerCheck(
    'search/order-by-metric',
    'ordering by a metric: numbers in the direction asked, then NaN, then runs without it',
    async (tracker) => {
      const experiment = await tracker.createExperiment({ name: unique('exp') });
      const values = [0.5, Number.NaN, 0.9, undefined, 0.1, 0.7];
      const byValue = new Map<string, number | undefined>();
      for (const value of values) {
        const run = await tracker.createRun({ experimentId: experiment.id });
        if (value !== undefined) await tracker.logBatch(run.id, { metrics: [metric('f1', value, 0, 1)] });
        byValue.set(run.id, value);
      }
      const describe = (runs: readonly TrackerV1Run[]) => runs.map((run) => String(byValue.get(run.id)));
      const desc = await tracker.searchRuns!({
        experimentIds: [experiment.id],
        orderBy: { kind: 'metric', key: 'f1', direction: 'desc' },
      });
      checkEqual(describe(desc.items), ['0.9', '0.7', '0.5', '0.1', 'NaN', 'undefined'], 'descending');
      const asc = await tracker.searchRuns!({
        experimentIds: [experiment.id],
        orderBy: { kind: 'metric', key: 'f1', direction: 'asc' },
        pageSize: 2,
      });
      const all = [...asc.items];
      let token = asc.nextPageToken;
      while (token) {
        const page = await tracker.searchRuns!({
          experimentIds: [experiment.id],
          orderBy: { kind: 'metric', key: 'f1', direction: 'asc' },
          pageSize: 2,
          pageToken: token,
        });
        all.push(...page.items);
        token = page.nextPageToken;
      }
      checkEqual(describe(all), ['0.1', '0.5', '0.7', '0.9', 'NaN', 'undefined'], 'ascending, paged');
    },
    needsSearch,
  ),
  trackerCheck(
    'search/paging-through-infinities',
    'paging one run at a time through ±Infinity and NaN metric values loses and repeats nothing',
    async (tracker) => {
      const experiment = await tracker.createExperiment({ name: unique('exp') });
      const values = [Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY, Number.NaN, undefined, 2];
      const byValue = new Map<string, number | undefined>();
      for (const value of values) {
        const run = await tracker.createRun({ experimentId: experiment.id });
        if (value !== undefined) await tracker.logBatch(run.id, { metrics: [metric('loss', value, 0, 1)] });
        byValue.set(run.id, value);
      }
      for (const [direction, expected] of [
        ['asc', ['-Infinity', '1', '2', 'Infinity', 'NaN', 'undefined']],
        ['desc', ['Infinity', '2', '1', '-Infinity', 'NaN', 'undefined']],
      ] as const) {
        const seen: string[] = [];
        let token: string | undefined;
        do {
          const page = await tracker.searchRuns!({
            experimentIds: [experiment.id],
            orderBy: { kind: 'metric', key: 'loss', direction },
            pageSize: 1,
            ...(token ? { pageToken: token } : {}),
          });
          seen.push(...page.items.map((run) => String(byValue.get(run.id))));
          token = page.nextPageToken;
          check(seen.length <= values.length, 'paging terminates without repeating runs');
        } while (token);
        checkEqual(seen, [...expected], `${direction}, one run per page`);
      }
    },
    (subject) =>
      !subject.capabilities.search
        ? 'capabilities.search is false'
        : subject.capabilities.nonFiniteMetrics
          ? undefined
          : 'capabilities.nonFiniteMetrics is false',
  ),
  trackerCheck(
    'search/filters',
    'filters on metrics, params, tags and status all apply (AND)',
    async (tracker) => {
      const experiment = await tracker.createExperiment({ name: unique('exp') });
      const make = async (f1: number, k: string, team: string, end: boolean) => {
        const run = await tracker.createRun({ experimentId: experiment.id });
        await tracker.logBatch(run.id, {
          metrics: [metric('f1', f1, 0, 1)],
          params: [{ key: 'k', value: k }],
          tags: [{ key: 'team', value: team }],
        });
        if (end) await tracker.updateRun(run.id, { status: 'finished' });
        return run.id;
      };
      const a = await make(0.9, '20', 'vision-core', true);
      const b = await make(0.8, '5', 'nlp', true);
      const c = await make(0.95, '20', 'vision-edge', false);
      const ids = async (query: Parameters<NonNullable<TrackerV1['searchRuns']>>[0]) =>
        new Set((await tracker.searchRuns!({ experimentIds: [experiment.id], ...query })).items.map((run) => run.id));
      checkEqual(
        await ids({ filters: [{ kind: 'metric', key: 'f1', op: '>', value: 0.85 }] }),
        new Set([a, c]),
        'f1 > 0.85',
      );
      checkEqual(
        await ids({ filters: [{ kind: 'param', key: 'k', op: '=', value: '20' }] }),
        new Set([a, c]),
        'param k = 20',
      );
      checkEqual(
        await ids({ filters: [{ kind: 'param', key: 'k', op: '>', value: 10 }] }),
        new Set([a, c]),
        'param k > 10 compares numerically',
      );
      checkEqual(
        await ids({ filters: [{ kind: 'tag', key: 'team', op: 'contains', value: 'vision' }] }),
        new Set([a, c]),
        'tag contains',
      );
      checkEqual(
        await ids({ statuses: ['finished'], filters: [{ kind: 'tag', key: 'team', op: 'contains', value: 'vision' }] }),
        new Set([a]),
        'status AND tag',
      );
      checkEqual(
        await ids({ filters: [{ kind: 'metric', key: 'missing', op: '<', value: 1 }] }),
        new Set(),
        'a missing metric never matches',
      );
      checkEqual(
        await ids({ filters: [{ kind: 'param', key: 'k', op: '!=', value: '20' }] }),
        new Set([b]),
        'param !=',
      );
    },
    needsSearch,
  ),
  trackerCheck(
    'search/bad-paging',
    'a page size out of range or a token from another query → INVALID_ARGUMENT',
    async (tracker) => {
      const experiment = await tracker.createExperiment({ name: unique('exp') });
      for (let index = 0; index < 3; index++) await tracker.createRun({ experimentId: experiment.id });
      await checkThrowsCode(() => tracker.searchRuns!({ pageSize: 0 }), 'INVALID_ARGUMENT', 'pageSize 0');
      const page = await tracker.searchRuns!({ experimentIds: [experiment.id], pageSize: 1 });
      check(page.nextPageToken !== undefined, 'a next page exists');
      await checkThrowsCode(
        () =>
          tracker.searchRuns!({
            experimentIds: [experiment.id],
            statuses: ['failed'],
            pageSize: 1,
            pageToken: page.nextPageToken,
          }),
        'INVALID_ARGUMENT',
        'a token from another query',
      );
      await checkThrowsCode(
        () => tracker.searchRuns!({ pageToken: 'garbage!!' }),
        'INVALID_ARGUMENT',
        'a malformed token',
      );
    },
    needsSearch,
  ),
  trackerCheck(
    'search/malformed-query',
    'experimentIds / statuses of the wrong shape, too many filters, or a token from a query that differs only by ±Infinity → INVALID_ARGUMENT',
    async (tracker) => {
      const experiment = await tracker.createExperiment({ name: unique('exp') });
      for (let index = 0; index < 3; index++) {
        const run = await tracker.createRun({ experimentId: experiment.id });
        await tracker.logBatch(run.id, { metrics: [metric('loss', index, 0, 1)] });
      }
      const search = (query: unknown) => () => tracker.searchRuns!(query as TrackerV1RunQuery);
      await checkThrowsCode(search({ experimentIds: experiment.id }), 'INVALID_ARGUMENT', 'experimentIds: a string');
      await checkThrowsCode(search({ experimentIds: [{}] }), 'INVALID_ARGUMENT', 'experimentIds: [{}]');
      await checkThrowsCode(search({ statuses: 'running' }), 'INVALID_ARGUMENT', 'statuses: a string');
      await checkThrowsCode(search({ statuses: ['done'] }), 'INVALID_ARGUMENT', 'statuses: an unknown status');
      const filters = Array.from({ length: 101 }, () => ({ kind: 'metric', key: 'loss', op: '>=', value: 0 }));
      await checkThrowsCode(search({ filters }), 'INVALID_ARGUMENT', '101 filters');
      const below = (value: number) => ({
        experimentIds: [experiment.id],
        filters: [{ kind: 'metric', key: 'loss', op: '<', value }] as TrackerV1RunQuery['filters'],
        pageSize: 1,
      });
      const page = await tracker.searchRuns!(below(Number.POSITIVE_INFINITY));
      check(page.nextPageToken !== undefined, 'a next page exists');
      await checkThrowsCode(
        search({ ...below(Number.NEGATIVE_INFINITY), pageToken: page.nextPageToken }),
        'INVALID_ARGUMENT',
        'a token of loss < Infinity used for loss < -Infinity',
      );
    },
    needsSearch,
  ),
  trackerCheck(
    'runs/delete',
    'a deleted run is gone: reads and writes → NOT_FOUND',
    async (tracker) => {
      const run = await newRun(tracker);
      await tracker.logBatch(run.id, { metrics: [metric('m', 1, 0, 1)] });
      await tracker.deleteRun!(run.id);
      await checkThrowsCode(() => tracker.getRun(run.id), 'NOT_FOUND', 'getRun after delete');
      await checkThrowsCode(
        () => tracker.logBatch(run.id, { metrics: [metric('m', 1, 0, 1)] }),
        'NOT_FOUND',
        'logBatch after delete',
      );
      await checkThrowsCode(() => tracker.deleteRun!(run.id), 'NOT_FOUND', 'deleting twice');
    },
    (subject) => (subject.capabilities.deleteRuns ? undefined : 'capabilities.deleteRuns is false'),
  ),
  trackerCheck('lifecycle/close', 'close() may be called twice; any call afterwards → BACKEND', async (tracker) => {
    if (!tracker.close) return;
    await tracker.close();
    await tracker.close();
    await checkThrowsCode(() => tracker.listExperiments(), 'BACKEND', 'listExperiments after close');
    await checkThrowsCode(() => tracker.getRun('x'), 'BACKEND', 'getRun after close');
  }),
];
