/**
 * The loop, sweeps and pipelines of @mloop/core on the SQLite backend (issue 7 asks for both
 * backends): a champion/challenger cycle with a fake clock, a resumable sweep, and the
 * pipeline's artifact cache, all persisted in one database that a second process could read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  anyOf,
  createLoop,
  createMloop,
  createPromotionPolicy,
  driftAbove,
  every,
  ManualClock,
  runPipeline,
  runSweep,
} from '@mloop/core';
import { QualityModel } from '@mloop/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteBackend } from '../src/index';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mloop-sqlite-loop-'));
  dirs.push(dir);
  return dir;
};

describe('core orchestration on SQLite', () => {
  it('the loop promotes a better challenger, keeps a worse one, and the history survives a reopen', async () => {
    const dir = fresh();
    const clock = new ManualClock(1_700_000_000_000);
    const open = () =>
      createMloop({
        backend: createSqliteBackend({ dir, now: () => clock.now() }),
        models: [QualityModel],
        now: () => clock.now(),
      });
    const mloop = open();
    const qualities = [0.9, 0.95, 0.93];
    let drift = 0;
    const loop = createLoop({
      mloop,
      model: 'm',
      clock,
      monitor: () => ({ drift: { dataset: drift }, metrics: {}, newSamples: 10 }),
      train: () => {
        const quality = qualities.shift() ?? 0.5;
        return { model: new QualityModel({ quality }), metrics: { quality } };
      },
      evaluate: (model) => ({ accuracy: (model as QualityModel).params.quality }),
      retrainPolicy: anyOf(driftAbove('dataset', 0.2), every('1d')),
      promotionPolicy: createPromotionPolicy({
        gates: [{ metric: 'accuracy', min: 0.7 }],
        compare: { metric: 'accuracy' },
        minImprovement: 0.01,
      }),
    });
    expect(await loop.trigger('bootstrap')).toMatchObject({ outcome: 'promoted', version: 1 });
    drift = 0.5;
    expect(await loop.trigger()).toMatchObject({ outcome: 'promoted', version: 2 });
    expect(await loop.trigger()).toMatchObject({ outcome: 'kept', version: 3 });
    await loop.stop();
    await mloop.close();

    const reopened = open();
    expect((await reopened.registry.getVersion('m', { alias: 'production' })).version).toBe(2);
    const model = (await reopened.registry.load('m', { alias: 'production' })) as QualityModel;
    expect(model.params.quality).toBe(0.95);
    const cycles = await reopened.tracker.searchRuns({
      experiments: ['loop:m'],
      filters: [{ kind: 'tag', key: 'mloop.loop.step', op: '=', value: 'cycle' }],
    });
    expect(cycles.items).toHaveLength(3);
    await reopened.close();
  });

  it('a sweep resumes from the database after the process that ran it is gone', async () => {
    const dir = fresh();
    const config = {
      name: 'resume',
      method: 'random' as const,
      metric: { name: 'y', goal: 'maximize' as const },
      runCap: 6,
      parameters: { a: { distribution: 'uniform' as const, min: 0, max: 1 } },
    };
    let calls = 0;
    const train = (params: Record<string, unknown>) => {
      calls++;
      return {
        metrics: { y: Number(params.a) },
        model: {
          format: 'mloop.model' as const,
          formatVersion: 1 as const,
          kind: 'Toy',
          producer: 'test',
          params,
          state: {},
        },
      };
    };
    const first = createMloop({ backend: createSqliteBackend({ dir }) });
    await runSweep({ mloop: first, config: { ...config, runCap: 4 }, id: 'sweep-1', train });
    await first.close();
    const second = createMloop({ backend: createSqliteBackend({ dir }) });
    const result = await runSweep({ mloop: second, config, id: 'sweep-1', train });
    expect(calls).toBe(6);
    expect(result.trials.filter((t) => t.resumed)).toHaveLength(4);
    await second.close();
  });

  it('the pipeline restores a deleted output from the SQLite artifact store', async () => {
    const dir = fresh();
    const cwd = fresh();
    const mloop = createMloop({ backend: createSqliteBackend({ dir }) });
    const spec = {
      stages: { make: { version: '1', outs: ['out.txt'], run: () => writeFileSync(join(cwd, 'out.txt'), 'hello') } },
    };
    expect((await runPipeline(spec, { cwd, mloop })).stages[0].status).toBe('ran');
    rmSync(join(cwd, 'out.txt'));
    expect((await runPipeline(spec, { cwd, mloop })).stages[0].status).toBe('restored');
    await mloop.close();
  });
});
