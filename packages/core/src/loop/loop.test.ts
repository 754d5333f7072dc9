import { describe, expect, it } from 'vitest';
import { createAlertManager } from '../alerts/alert-manager';
import { functionSink } from '../alerts/sinks';
import { createMemoryBackend } from '../memory/create-memory-backend';
import { createMloop } from '../mloop/create-mloop';
import { SeededRandom } from '../numeric/random';
import { createPromotionPolicy } from '../policies/promotion-policy';
import { allOf, anyOf, cooldown, driftAbove, every, metricBelow } from '../policies/retrain-policy';
import type { AlertV1 } from '../spec/alert-sink/v1/alert-sink-v1';
import { QualityModel } from '../testing/quality-model';
import { ManualClock } from './clock';
import { createLoop, type LoopOptions } from './loop';

const HOUR = 3_600_000;

function setup(overrides: Partial<LoopOptions> & { qualities?: number[]; drift?: () => number } = {}) {
  const clock = new ManualClock(1_700_000_000_000);
  const mloop = createMloop({
    backend: createMemoryBackend({ now: () => clock.now() }),
    models: [QualityModel],
    now: () => clock.now(),
  });
  const qualities = [...(overrides.qualities ?? [0.9, 0.95, 0.9])];
  const alerts: AlertV1[] = [];
  let trainCalls = 0;
  const loop = createLoop({
    mloop,
    model: 'm',
    clock,
    monitor: () => ({ drift: { dataset: overrides.drift?.() ?? 0 }, metrics: {}, newSamples: 10 }),
    train: ({ run }) => {
      trainCalls++;
      const quality = qualities.shift() ?? 0.5;
      run.logMetric('train.quality', quality);
      return { model: new QualityModel({ quality }), metrics: { quality } };
    },
    evaluate: (model) => ({ accuracy: (model as QualityModel).params.quality }),
    retrainPolicy: allOf(anyOf(driftAbove('dataset', 0.2), every('1d')), cooldown('30m')),
    promotionPolicy: createPromotionPolicy({
      gates: [{ metric: 'accuracy', min: 0.7 }],
      compare: { metric: 'accuracy' },
      minImprovement: 0.01,
    }),
    alerts: createAlertManager({
      sinks: [functionSink('memory', (alert) => void alerts.push(alert))],
      clock,
      dedupeWindowMs: 0,
    }),
    retries: { attempts: 3, baseDelayMs: 1000 },
    ...overrides,
  });
  return { clock, mloop, loop, alerts, trainCalls: () => trainCalls };
}

describe('the loop', () => {
  it('bootstraps a champion, then promotes a better challenger and keeps a worse one', async () => {
    let drift = 0;
    const { mloop, loop, clock } = setup({ qualities: [0.9, 0.95, 0.93], drift: () => drift });
    const events: string[] = [];
    for (const name of ['monitored', 'decided', 'retrain-started', 'retrain-finished', 'promoted', 'kept'] as const)
      loop.on(name, () => events.push(name));
    expect(await loop.trigger('bootstrap')).toMatchObject({ cycle: 1, outcome: 'promoted', version: 1 });
    expect((await mloop.registry.getVersion('m', { alias: 'production' })).version).toBe(1);
    await clock.advance(HOUR);
    expect(await loop.trigger()).toMatchObject({ outcome: 'no-retrain' });
    drift = 0.4;
    expect(await loop.trigger()).toMatchObject({ outcome: 'promoted', version: 2 });
    await clock.advance(HOUR);
    const kept = await loop.trigger();
    expect(kept).toMatchObject({ outcome: 'kept', version: 3 });
    expect((await mloop.registry.getVersion('m', { alias: 'production' })).version).toBe(2);
    expect((await mloop.registry.getVersion('m', { alias: 'challenger' })).version).toBe(3);
    expect(events.slice(0, 6)).toEqual([
      'monitored',
      'decided',
      'retrain-started',
      'retrain-finished',
      'promoted',
      'monitored',
    ]);
    // Every cycle is a run with its decision and reasons, so the history can be replayed.
    const cycles = [
      ...(
        await mloop.tracker.searchRuns({
          experiments: ['loop:m'],
          filters: [{ kind: 'tag', key: 'mloop.loop.step', op: '=', value: 'cycle' }],
        })
      ).items,
    ].sort((a, b) => Number(a.tags['mloop.loop.cycle']) - Number(b.tags['mloop.loop.cycle']));
    expect(cycles.map((run) => [run.tags['mloop.loop.decision'], run.tags['mloop.loop.promotion'] ?? '-'])).toEqual([
      ['retrain', 'promote'],
      ['none', '-'],
      ['retrain', 'promote'],
      ['retrain', 'keep'],
    ]);
    expect(cycles[3].metrics['challenger.accuracy'].value).toBe(0.93);
    expect(cycles[3].metrics['champion.accuracy'].value).toBe(0.95);
    const v2 = await mloop.registry.getVersion('m', 2);
    expect(v2.runId).toBeDefined();
    expect((await mloop.registry.aliasHistory('m', 'production')).at(-1)?.reason).toContain('better by 0.05');
  });

  it('retries a failing step with backoff, alerts, records a failed run and keeps the champion', async () => {
    let failures = 0;
    let broken = false;
    const { mloop, loop, clock, alerts } = setup({
      qualities: [0.9, 0.99],
      drift: () => 0.5,
      train: ({ run }) => {
        if (broken) {
          failures++;
          throw new Error('out of memory');
        }
        run.logMetric('ok', 1);
        return { model: new QualityModel({ quality: 0.9 }), metrics: { quality: 0.9 } };
      },
    });
    expect(await loop.trigger()).toMatchObject({ outcome: 'promoted', version: 1 });
    broken = true;
    await clock.advance(HOUR);
    const cycle = loop.trigger();
    await clock.advance(10_000); // backoff: 1 s, then 2 s
    expect(await cycle).toMatchObject({ outcome: 'failed' });
    expect(failures).toBe(3);
    expect(alerts.filter((alert) => alert.severity === 'critical').map((alert) => alert.title)).toEqual([
      'm: train failed',
    ]);
    expect((await mloop.registry.getVersion('m', { alias: 'production' })).version).toBe(1);
    const failed = (await mloop.tracker.searchRuns({ experiments: ['loop:m'], statuses: ['failed'] })).items;
    expect(failed.map((run) => run.name).sort()).toEqual(['cycle-2', 'train-2']);
  });

  it('treats NaN training metrics as a failure and never moves the alias', async () => {
    let quality = 0.9;
    const { mloop, loop, clock, alerts } = setup({
      drift: () => 0.5,
      train: () => ({ model: new QualityModel({ quality: 0.99 }), metrics: { quality } }),
    });
    await loop.trigger();
    quality = Number.NaN;
    await clock.advance(HOUR);
    const pending = loop.trigger();
    await clock.advance(10_000);
    expect(await pending).toMatchObject({ outcome: 'failed' });
    expect(alerts.at(-1)?.message).toMatch(/non-finite metric quality = NaN/);
    expect((await mloop.registry.getVersion('m', { alias: 'production' })).version).toBe(1);
  });

  it('trains once for two simultaneous triggers, and stop() waits for the running cycle', async () => {
    const { loop, trainCalls } = setup();
    const [a, b] = await Promise.all([loop.trigger('new data'), loop.trigger('new data')]);
    expect(a).toBe(b);
    expect(trainCalls()).toBe(1);
    let finished = false;
    const slow = setup({
      train: async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        finished = true;
        return { model: new QualityModel({ quality: 0.9 }), metrics: {} };
      },
    });
    void slow.loop.trigger();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await slow.loop.stop();
    expect(finished).toBe(true);
  });

  it('runs on its schedule with an injected clock, deterministically', async () => {
    const history = async () => {
      const { loop, clock } = setup({ schedule: '1h', qualities: [0.8, 0.85, 0.9, 0.95] });
      const seen: string[] = [];
      loop.on('decided', ({ cycle, decision }) => seen.push(`${cycle}:${decision.action}`));
      loop.on('promoted', ({ version }) => seen.push(`promoted v${version}`));
      loop.start();
      await clock.advance(50 * HOUR);
      await loop.stop();
      return { seen, cycles: loop.cycles };
    };
    const first = await history();
    expect(first.cycles).toBe(50);
    expect(first.seen.filter((entry) => entry.startsWith('promoted'))).toEqual([
      'promoted v1',
      'promoted v2',
      'promoted v3',
    ]);
    expect(await history()).toEqual(first);
  });

  it('reacts to ≥ 99% of 200 drift episodes within the delay, and never retrains in 200 drift-free episodes', async () => {
    const rng = new SeededRandom(11);
    let level = 0.05;
    const { loop, clock } = setup({
      schedule: '10m',
      drift: () => level + rng.normal(0, 0.03),
      retrainPolicy: allOf(driftAbove('dataset', 0.2), cooldown('30m')),
      qualities: Array.from({ length: 500 }, (_, index) => 0.8 + (index % 10) / 100),
    });
    let retrains = 0;
    loop.on('retrain-started', () => retrains++);
    loop.start();
    await clock.advance(HOUR);
    let reacted = 0;
    for (let episode = 0; episode < 200; episode++) {
      await clock.advance(Math.floor(rng.next() * 10 * 60_000));
      level = 0.35;
      const before = retrains;
      for (let waited = 0; waited < 20 && retrains === before; waited++) await clock.advance(60_000);
      if (retrains > before) reacted++;
      level = 0.05;
      await clock.advance(HOUR);
    }
    expect(reacted / 200).toBeGreaterThanOrEqual(0.99);
    const afterDrift = retrains;
    for (let episode = 0; episode < 200; episode++) await clock.advance(HOUR);
    expect(retrains).toBe(afterDrift);
    await loop.stop();
  }, 120_000);

  it('validates its options', () => {
    const { mloop } = setup();
    expect(() => createLoop({ mloop } as unknown as LoopOptions)).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'monitor' }),
    );
    expect(() => setup({ schedule: 'often' as '1h' })).toThrowError(expect.objectContaining({ field: 'schedule' }));
    expect(() => setup({ retries: { attempts: 0 } })).toThrowError(
      expect.objectContaining({ field: 'retries.attempts' }),
    );
    void metricBelow;
  });
});
