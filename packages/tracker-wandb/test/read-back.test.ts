import { describe, expect, it } from 'vitest';
import { decodeRunNode, type WandbRunNode } from '../src/wandb-run-reader';
import { backendFor, fakeServer, wandbIdOf } from './helpers';

const T0 = 1_700_000_000_000;

describe('what a fresh backend reads back', () => {
  it('params that look like non-finite numbers stay strings ("NaN", "Infinity", "-Infinity")', async () => {
    const server = await fakeServer();
    const writer = backendFor(server).tracker;
    const experiment = await writer.createExperiment({ name: 'x' });
    const run = await writer.createRun({ experimentId: experiment.id, startTime: T0 });
    const params = { a: 'NaN', b: 'Infinity', c: '-Infinity', d: '1e400', e: '0.5' };
    await writer.logBatch(run.id, { params: Object.entries(params).map(([key, value]) => ({ key, value })) });
    await writer.close();
    expect(server.run(wandbIdOf(server, run.id)).config.e).toBe(0.5);
    expect((await backendFor(server).tracker.getRun(run.id)).params).toEqual(params);
  });

  it('a run ended by close() keeps the end time and status close() gave it, even when clocks disagree', async () => {
    const server = await fakeServer();
    // The writer's clock runs an hour ahead of W&B's: heartbeatAt would end the run before it started.
    const ahead = 3_600_000;
    const writer = backendFor(server, { now: () => Date.now() + ahead }).tracker;
    const experiment = await writer.createExperiment({ name: 'x' });
    const run = await writer.createRun({ experimentId: experiment.id });
    const before = Date.now() + ahead;
    await writer.close();
    const after = Date.now() + ahead;
    const got = await backendFor(server).tracker.getRun(run.id);
    expect(got.status).toBe('finished');
    expect(got.startTime).toBe(run.startTime);
    expect(got.endTime).toBeGreaterThanOrEqual(Math.max(before, run.startTime));
    expect(got.endTime).toBeLessThanOrEqual(after);
    const mloop = server.run(wandbIdOf(server, run.id)).config._mloop as { status: string; endTime: number };
    expect(mloop.status).toBe('finished');
    expect(mloop.endTime).toBe(got.endTime);
  });

  it('a crashed run ends at its last heartbeat, but never before it started', () => {
    const startTime = Date.parse('2026-12-01T15:52:43.900Z');
    const node = (heartbeatAt: string): WandbRunNode => ({
      id: 'UnVuOjE=',
      name: 'abcd1234',
      displayName: 'run',
      state: 'crashed',
      config: JSON.stringify({
        _mloop: { value: { runId: 'r1', experiment: 'x', startTime, status: 'running', tags: {} } },
      }),
      group: 'x',
      createdAt: '2026-12-01T15:52:43',
      heartbeatAt,
      tags: [],
      summaryMetrics: null,
      historyLineCount: 0,
    });
    // heartbeatAt has whole seconds: the same second as the start reads as earlier than it.
    expect(decodeRunNode(node('2026-12-01T15:52:43'))?.run).toMatchObject({ status: 'failed', endTime: startTime });
    expect(decodeRunNode(node('2026-12-01T15:53:10'))?.run.endTime).toBe(Date.parse('2026-12-01T15:53:10Z'));
  });
});
