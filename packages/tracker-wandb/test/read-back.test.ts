import { describe, expect, it } from 'vitest';
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
});
