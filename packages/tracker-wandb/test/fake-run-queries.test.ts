import { describe, expect, it } from 'vitest';
import { READ_DOCUMENTS } from '../src/wandb-run-reader';
import { backendFor, fakeServer } from './helpers';

type Server = Awaited<ReturnType<typeof fakeServer>>;

/** Posts a read query to the fake server as W&B's client does. */
async function query(server: Server, operation: 'Runs' | 'HistoryPage', variables: Record<string, unknown>) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`api:${server.apiKey}`).toString('base64')}`,
    },
    body: JSON.stringify({ query: READ_DOCUMENTS[operation], variables, operationName: operation }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the answers are walked by shape in the assertions.
  return (await response.json()) as { data?: Record<string, any>; errors?: { message: string }[] };
}

async function seed(server: Server, count: number): Promise<string[]> {
  const backend = backendFor(server, { project: 'q' });
  const tracker = backend.tracker;
  const experiments = [
    await tracker.createExperiment({ name: 'even' }),
    await tracker.createExperiment({ name: 'odd' }),
  ];
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const run = await tracker.createRun({
      experimentId: (experiments[index % 2] as { id: string }).id,
      startTime: 1_000 + index,
      tags: { index: String(index), kind: index < 3 ? 'small' : 'large' },
    });
    await tracker.logBatch(run.id, {
      params: [{ key: 'n', value: String(index) }],
      metrics: [{ key: 'score', value: index / 10, step: 0, timestamp: 5 }],
    });
    await tracker.updateRun(run.id, { status: index === 1 ? 'failed' : 'finished' });
    ids.push(run.id);
  }
  await backend.close();
  return ids;
}

describe('the fake server answers W&B read queries', () => {
  it('Runs: edges with cursors, pageInfo, runCount; follows `after` to the end without repeats', async () => {
    const server = await fakeServer();
    await seed(server, 7);
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const { data } = await query(server, 'Runs', {
        entity: 'fake-entity',
        project: 'q',
        cursor,
        perPage: 3,
        order: '+created_at',
        filters: '{}',
      });
      const runs = data?.project.runs;
      pages++;
      expect(data?.project.runCount).toBe(7);
      for (const edge of runs.edges) {
        expect(typeof edge.cursor).toBe('string');
        expect(typeof edge.node.config).toBe('string');
        expect(typeof edge.node.summaryMetrics).toBe('string');
        expect(edge.node.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
        names.push(edge.node.name);
      }
      expect(runs.pageInfo.endCursor).toBe(runs.edges[runs.edges.length - 1]?.cursor ?? null);
      if (!runs.pageInfo.hasNextPage) break;
      cursor = runs.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(new Set(names).size).toBe(7);
    const unknown = await query(server, 'Runs', { entity: 'fake-entity', project: 'nothing-here', filters: '{}' });
    expect(unknown.data?.project).toBeNull();
  });

  it('Runs: MongoDB-style filters and order over group, state, tags, config and summary_metrics', async () => {
    const server = await fakeServer();
    await seed(server, 6);
    const run = async (filters: unknown, order = '+created_at'): Promise<string[]> => {
      const { data, errors } = await query(server, 'Runs', {
        entity: 'fake-entity',
        project: 'q',
        perPage: 50,
        order,
        filters: JSON.stringify(filters),
      });
      expect(errors).toBeUndefined();
      return data?.project.runs.edges.map(
        (edge: { node: { config: string } }) => JSON.parse(edge.node.config).n.value as number,
      );
    };
    expect(await run({})).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await run({ group: { $in: ['odd'] } })).toEqual([1, 3, 5]);
    expect(await run({ state: 'failed' })).toEqual([1]);
    expect(await run({ tags: { $in: ['kind:small'] } })).toEqual([0, 1, 2]);
    expect(await run({ tags: 'index:4' })).toEqual([4]);
    expect(await run({ 'config.n': { $gte: 4 } })).toEqual([4, 5]);
    expect(await run({ 'config.n': { $lt: 2 } })).toEqual([0, 1]);
    expect(await run({ 'summary_metrics.score': { $gt: 0.25 } })).toEqual([3, 4, 5]);
    expect(await run({ $or: [{ 'config.n': 0 }, { 'config.n': 5 }] })).toEqual([0, 5]);
    expect(await run({ $and: [{ group: 'even' }, { 'config.n': { $ne: 2 } }] })).toEqual([0, 4]);
    expect(await run({ 'config.missing': { $exists: true } })).toEqual([]);
    expect(await run({ 'config.n': { $nin: [1, 2, 3] } })).toEqual([0, 4, 5]);
    // Nested config fields as W&B documents them (`config.experiment.category`); the config's
    // `{ value }` wrapper is not part of a filter path, so a path through it matches nothing.
    expect(await run({ 'config._mloop.tags.kind': 'small' })).toEqual([0, 1, 2]);
    expect(await run({ 'config._mloop.value.tags.kind': 'small' })).toEqual([]);
    expect(await run({ 'config.n.value': 0 })).toEqual([]);
    // Orders name config values as `config.<key>.value`, as W&B documents for `order`.
    expect(await run({}, '-config.n.value')).toEqual([5, 4, 3, 2, 1, 0]);
    expect(await run({}, '-summary_metrics.score')).toEqual([5, 4, 3, 2, 1, 0]);
  });

  it('Runs: a server without nested config filters answers them with no runs', async () => {
    const server = await fakeServer({ nestedConfigFilters: false });
    await seed(server, 3);
    const { data } = await query(server, 'Runs', {
      entity: 'fake-entity',
      project: 'q',
      filters: JSON.stringify({ 'config._mloop.tags.kind': 'small' }),
    });
    expect(data?.project.runs.edges).toEqual([]);
    const flat = await query(server, 'Runs', {
      entity: 'fake-entity',
      project: 'q',
      filters: JSON.stringify({ 'config.n': 1 }),
    });
    expect(flat.data?.project.runs.edges.length).toBe(1);
  });

  it('HistoryPage: the lines with minStep ≤ _step < maxStep, as stored', async () => {
    const server = await fakeServer();
    const backend = backendFor(server, { project: 'h' });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    await backend.tracker.logBatch(run.id, {
      metrics: Array.from({ length: 10 }, (_, step) => ({
        key: 'x',
        value: step === 4 ? Number.NaN : step,
        step,
        timestamp: step,
      })),
    });
    const wandbId = backend.tracker.wandbRunId(run.id) as string;
    await backend.close();
    const page = await query(server, 'HistoryPage', {
      entity: 'fake-entity',
      project: 'h',
      run: wandbId,
      minStep: 3,
      maxStep: 6,
      pageSize: 1000,
    });
    const lines = page.data?.project.run.history as string[];
    expect(lines.map((line) => /"_step":(\d+)/.exec(line)?.[1])).toEqual(['3', '4', '5']);
    expect(lines[1]).toContain('"x":NaN');
    const missing = await query(server, 'HistoryPage', {
      entity: 'fake-entity',
      project: 'h',
      run: 'zzzzzzzz',
      minStep: 0,
      maxStep: 1,
      pageSize: 1,
    });
    expect(missing.data?.project.run).toBeNull();
  });

  it('a reader follows the cursor over several pages of runs (100 per request)', async () => {
    const server = await fakeServer();
    const ids = await seed(server, 230);
    const reader = backendFor(server, { project: 'q' }).tracker;
    const before = server.requests.filter((request) => request.operation === 'Runs').length;
    const page = await reader.searchRuns({ pageSize: 1000, orderBy: { kind: 'param', key: 'n', direction: 'asc' } });
    expect(page.items.map((item) => item.id)).toEqual(ids);
    expect(server.requests.filter((request) => request.operation === 'Runs').length - before).toBe(3);
  }, 60_000);
});
