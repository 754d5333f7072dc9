import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { createMemoryBackend } from '../memory/create-memory-backend';
import { createMloop } from '../mloop/create-mloop';
import { normalCdf, normalPpf } from '../numeric/normal';
import { SeededRandom } from '../numeric/random';
import { shouldStopTrial } from './early-terminate';
import { fitGaussianProcess } from './gaussian-process';
import { SweepSpace } from './parameter-space';
import { bestRun, bestTrial, registerBest, runSweep, SWEEP_TAGS } from './sweep';
import { type SweepConfig, sweepConfigSchema } from './sweep-config';

const branin = (x1: number, x2: number) =>
  (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 ** 2 + (5 / Math.PI) * x1 - 6) ** 2 +
  10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) +
  10;

const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];
const hartmann6 = (x: number[]) =>
  -H_ALPHA.reduce(
    (sum, a, i) => sum + a * Math.exp(-H_A[i].reduce((s, aij, j) => s + aij * (x[j] - H_P[i][j] * 1e-4) ** 2, 0)),
    0,
  );

const mloop = () => createMloop({ backend: createMemoryBackend() });

describe('normal distribution', () => {
  it('matches reference values of Φ and Φ⁻¹', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 15);
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 25);
    expect(normalPpf(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalPpf(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    for (let p = 0.001; p < 1; p += 0.0371) expect(normalCdf(normalPpf(p))).toBeCloseTo(p, 14);
  });
});

describe('sweep config', () => {
  it('names the path of a bad setting', async () => {
    const cases: [unknown, string][] = [
      [{ method: 'annealing', metric: { name: 'f1' }, parameters: { a: { values: [1] } } }, 'method'],
      [
        { method: 'random', metric: { name: 'f1' }, parameters: { lr: { min: 1, max: 0.1 } }, runCap: 3 },
        'parameters.lr',
      ],
      [
        {
          method: 'random',
          metric: { name: 'f1' },
          parameters: { lr: { distribution: 'log_uniform_values', min: 0, max: 1 } },
          runCap: 3,
        },
        'parameters.lr',
      ],
      [
        {
          method: 'bayes',
          metric: { name: 'f1' },
          parameters: { a: { min: 0, max: 1 } },
          runCap: 3,
          earlyTerminate: { type: 'hyperband', eta: 1, minIter: 1 },
        },
        'earlyTerminate',
      ],
      [{ method: 'random', metric: { name: 'f1' }, parameters: { a: { min: 0, max: 1 } } }, 'runCap'],
      [{ method: 'grid', metric: { name: 'f1' }, parameters: { a: { min: 0.5, max: 1 } } }, 'parameters.a'],
    ];
    for (const [config, path] of cases) {
      const error = await runSweep({ mloop: mloop(), config: config as SweepConfig, train: () => undefined }).catch(
        (e) => e,
      );
      expect(InvalidArgumentError.isInstance(error), JSON.stringify(config)).toBe(true);
      expect(`${error.field} ${error.message}`).toContain(path);
    }
  });
});

describe('search methods', () => {
  it('grid covers its grid exactly once, last parameter fastest', async () => {
    const seen: string[] = [];
    const result = await runSweep({
      mloop: mloop(),
      config: {
        method: 'grid',
        metric: { name: 'score' },
        parameters: { b: { values: ['x', 'y'] }, a: { min: 1, max: 3 }, c: { value: 7 } },
      },
      train: (params) => {
        seen.push(`${params.a}${params.b}${params.c}`);
        return { metrics: { score: Number(params.a) } };
      },
    });
    expect(seen).toEqual(['1x7', '1y7', '2x7', '2y7', '3x7', '3y7']);
    expect(result.trials).toHaveLength(6);
    expect(result.best?.params).toMatchObject({ a: 1 });
  });

  it('random search is reproducible by seed and stays in bounds', async () => {
    const config: SweepConfig = {
      method: 'random',
      metric: { name: 'loss' },
      runCap: 25,
      parameters: {
        lr: { distribution: 'log_uniform_values', min: 1e-4, max: 1e-1 },
        n: { min: 2, max: 9 },
        k: { values: ['a', 'b'] },
      },
    };
    const run = (seed: number) =>
      runSweep({ mloop: mloop(), config, seed, train: (p) => ({ metrics: { loss: Number(p.lr) } }) });
    const [a, b, c] = await Promise.all([run(1), run(1), run(2)]);
    expect(a.trials.map((t) => t.params)).toEqual(b.trials.map((t) => t.params));
    expect(a.trials.map((t) => t.params)).not.toEqual(c.trials.map((t) => t.params));
    for (const trial of a.trials) {
      expect(trial.params.lr).toBeGreaterThanOrEqual(1e-4);
      expect(trial.params.lr).toBeLessThanOrEqual(1e-1);
      expect(Number.isInteger(trial.params.n) && Number(trial.params.n) >= 2 && Number(trial.params.n) <= 9).toBe(true);
    }
  });

  it('Bayes beats random search on Branin and Hartmann-6 (20 seeds, 30 trials)', async () => {
    const problems = [
      {
        name: 'branin',
        parameters: {
          x1: { distribution: 'uniform' as const, min: -5, max: 10 },
          x2: { distribution: 'uniform' as const, min: 0, max: 15 },
        },
        f: (p: Record<string, unknown>) => branin(Number(p.x1), Number(p.x2)),
      },
      {
        name: 'hartmann6',
        parameters: Object.fromEntries(
          Array.from({ length: 6 }, (_, i) => [`x${i}`, { distribution: 'uniform' as const, min: 0, max: 1 }]),
        ),
        f: (p: Record<string, unknown>) => hartmann6(Array.from({ length: 6 }, (_, i) => Number(p[`x${i}`]))),
      },
    ];
    for (const problem of problems) {
      const mean: Record<string, number> = {};
      for (const method of ['random', 'bayes'] as const) {
        let total = 0;
        for (let seed = 0; seed < 20; seed++) {
          const result = await runSweep({
            mloop: mloop(),
            seed,
            config: {
              name: problem.name,
              method,
              metric: { name: 'y', goal: 'minimize' },
              runCap: 30,
              parameters: problem.parameters,
            },
            train: (params) => ({ metrics: { y: problem.f(params) } }),
          });
          total += result.best?.value ?? Number.NaN;
        }
        mean[method] = total / 20;
      }
      expect(mean.bayes, `${problem.name}: bayes ${mean.bayes} vs random ${mean.random}`).toBeLessThan(mean.random);
    }
  }, 120_000);
});

describe('Gaussian process', () => {
  it('interpolates its training points and is uncertain far from them', () => {
    const points = [0.1, 0.3, 0.5, 0.7, 0.9].map((x) => Float64Array.of(x));
    const values = points.map((p) => Math.sin(6 * p[0]));
    const gp = fitGaussianProcess(points, values);
    points.forEach((p, i) => {
      expect(gp.predict(p).mean).toBeCloseTo(values[i], 3);
      expect(gp.predict(p).std).toBeLessThan(1e-2);
    });
    expect(gp.predict(Float64Array.of(0.4)).std).toBeGreaterThan(gp.predict(Float64Array.of(0.3)).std);
  });
});

describe('early termination', () => {
  it('hyperband stops a trial worse than the 1/eta quantile at its bracket', () => {
    const config = { type: 'hyperband' as const, minIter: 2, eta: 3, strict: true };
    const others = [
      [1, 0.5, 0.4],
      [1, 0.6, 0.5],
      [1, 0.7, 0.6],
    ];
    expect(shouldStopTrial(config, [1], others)).toBe(false);
    expect(shouldStopTrial(config, [1, 0.9], others)).toBe(true);
    expect(shouldStopTrial(config, [1, 0.5], others)).toBe(false);
  });

  it('median stopping compares the best so far with the median of the others', () => {
    const config = { type: 'median' as const, minIter: 2, minTrials: 3 };
    const others = [
      [3, 2],
      [3, 1],
      [3, 0.5],
    ];
    expect(shouldStopTrial(config, [3, 2.5], others)).toBe(true);
    expect(shouldStopTrial(config, [3, 0.7], others)).toBe(false);
    expect(shouldStopTrial(config, [3, 2.5], others.slice(0, 2))).toBe(false);
  });

  it('a sweep with hyperband stops the poor trials it can judge', async () => {
    const result = await runSweep({
      mloop: mloop(),
      config: {
        method: 'grid',
        metric: { name: 'loss' },
        parameters: { quality: { values: [1, 2, 3, 4, 5, 6] } },
        earlyTerminate: { type: 'hyperband', minIter: 2, eta: 3 },
      },
      train: (params, trial) => {
        for (let step = 1; step <= 9 && !trial.shouldStop; step++)
          trial.report({ loss: Number(params.quality) / step }, step);
        return undefined;
      },
    });
    const stopped = result.trials.filter((t) => t.status === 'stopped').map((t) => t.params.quality);
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped).not.toContain(1);
    expect(result.best?.params.quality).toBe(1);
  });
});

describe('sweeps with the tracker and registry', () => {
  it('resumes after a crash: finished trials are kept, a trial left running is failed, the cap is reached', async () => {
    const store = mloop();
    const config: SweepConfig = {
      name: 'resume',
      method: 'random',
      metric: { name: 'y', goal: 'maximize' },
      runCap: 6,
      parameters: { a: { distribution: 'uniform', min: 0, max: 1 } },
    };
    let calls = 0;
    const train = (params: Record<string, unknown>) => {
      calls++;
      return { metrics: { y: Number(params.a) } };
    };
    const first = await runSweep({ mloop: store, config: { ...config, runCap: 3 }, id: 'resume-1', train });
    expect(first.trials).toHaveLength(3);
    // A crash mid-trial leaves a run in 'running'.
    const crashed = await store.tracker.startRun({
      experiment: 'sweep-resume',
      tags: { [SWEEP_TAGS.sweep]: 'resume-1', [SWEEP_TAGS.trial]: '3', [SWEEP_TAGS.params]: '{"a":0.5}' },
    });
    await crashed.flush();
    calls = 0;
    const second = await runSweep({ mloop: store, config, id: 'resume-1', train });
    expect(calls).toBe(3);
    expect(second.trials).toHaveLength(6);
    expect(second.trials.filter((t) => t.resumed)).toHaveLength(3);
    expect((await store.tracker.getRun(crashed.id)).status).toBe('failed');
    expect(second.best).toEqual(bestTrial(second));
    expect(second.best?.value).toBe(Math.max(...second.trials.map((t) => t.value ?? -1)));
  });

  it('a failing trial fails its run, not the sweep; registerBest registers the winner under an alias', async () => {
    const store = mloop();
    const result = await runSweep({
      mloop: store,
      concurrency: 3,
      config: {
        method: 'grid',
        metric: { name: 'f1', goal: 'maximize' },
        parameters: { k: { values: [1, 2, 3, 4, 5] } },
      },
      train: (params) => {
        if (params.k === 3) throw new Error('diverged');
        const f1 = 1 - Math.abs(Number(params.k) - 4) / 10;
        return {
          metrics: { f1 },
          model: {
            format: 'mloop.model',
            formatVersion: 1,
            kind: 'Toy',
            producer: 'test',
            params: { k: params.k },
            state: {},
          },
        };
      },
    });
    expect(result.trials).toHaveLength(5);
    expect(new Set(result.trials.map((t) => t.index)).size).toBe(5);
    expect(result.trials.find((t) => t.params.k === 3)?.status).toBe('failed');
    expect(result.best?.params.k).toBe(4);
    expect((await bestRun(store, result))?.params.k).toBe('4');
    const version = await registerBest(store, result, { name: 'toy', alias: 'production' });
    expect(version.version).toBe(1);
    expect((await store.registry.getVersion('toy', { alias: 'production' })).metrics.f1).toBe(1);
  });
});

describe('unit cube mapping', () => {
  it('decode(encode(v)) returns v for categorical and integer parameters', () => {
    const space = new SweepSpace(
      sweepConfigSchema.parse({
        method: 'random',
        metric: { name: 'm' },
        runCap: 1,
        parameters: { c: { values: ['a', 'b', 'c'] }, n: { min: 1, max: 10 } },
      }).parameters,
    );
    const rng = new SeededRandom(3);
    for (let i = 0; i < 200; i++) {
      const values = space.decode(Float64Array.of(rng.next(), rng.next()));
      expect(space.decode(space.encode(values))).toEqual(values);
    }
  });
});
