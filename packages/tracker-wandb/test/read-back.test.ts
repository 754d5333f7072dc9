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

  it('params and metrics named like W&B’s or this backend’s own keys read back exactly; other keys are stored as they are', async () => {
    const server = await fakeServer();
    const writer = backendFor(server).tracker;
    const experiment = await writer.createExperiment({ name: 'x' });
    const run = await writer.createRun({ experimentId: experiment.id, startTime: T0 });
    const params = { _wandb: 'p', wandb_version: 'q', _mloop: 'r', lr: '0.1' };
    const reserved = ['_step', '_runtime', '_timestamp', '_wandb', '_mloop', 'mloop/step'];
    const metrics = [1, 2].flatMap((step) =>
      [...reserved, 'loss'].map((key, index) => ({ key, value: index + step / 2, step, timestamp: T0 + step })),
    );
    await writer.logBatch(run.id, { params: Object.entries(params).map(([key, value]) => ({ key, value })), metrics });
    const expected = await writer.getRun(run.id);
    const histories = new Map<string, unknown>();
    for (const key of [...reserved, 'loss']) histories.set(key, await writer.getMetricHistory(run.id, key));
    await writer.close();
    const wandbRun = server.run(wandbIdOf(server, run.id));
    expect(wandbRun.config.lr).toBe(0.1);
    expect(server.history(wandbRun.name)[0]).toMatchObject({ _step: 0, 'mloop/step': 1, loss: 6.5 });
    const reader = backendFor(server).tracker;
    const got = await reader.getRun(run.id);
    expect(got.params).toEqual(params);
    expect(got.metrics).toEqual(expected.metrics);
    for (const [key, history] of histories) expect(await reader.getMetricHistory(run.id, key)).toEqual(history);
  });
});
