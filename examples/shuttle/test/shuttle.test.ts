import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMloop, type TrackerV1Run } from '@mloop/core';
import { sharedPath } from '@mloop/core/testing';
import { createSqliteBackend } from '@mloop/tracker-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shuttleModelKinds } from '../src/model-kinds';
import { printSummary } from '../src/print-summary';
import { MODEL_NAME, runShuttle, type ShuttleSummary } from '../src/run-shuttle';

const dir = mkdtempSync(join(tmpdir(), 'mloop-shuttle-'));
let summary: ShuttleSummary;
const lines: string[] = [];

async function runsOf(experiment: string): Promise<TrackerV1Run[]> {
  const mloop = createMloop({ backend: createSqliteBackend({ dir: join(dir, '.mloop') }) });
  try {
    const runs: TrackerV1Run[] = [];
    for await (const run of mloop.tracker.iterateRuns({ experiments: [experiment] })) runs.push(run);
    return runs;
  } finally {
    await mloop.close();
  }
}

beforeAll(async () => {
  summary = await runShuttle({
    dir,
    dataDir: sharedPath('data/shuttle'),
    wandb: false,
    session: 'test',
    healingTrials: 6, // the demo runs 10; fewer keep this test near 30 s on a busy 2-core machine
    log: (line) => lines.push(line),
  });
  printSummary(summary, (line) => lines.push(line));
}, 180_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the shuttle example', () => {
  it('versions the cleaned data as datasets and CSV artifacts in .mloop', async () => {
    expect(existsSync(join(dir, '.mloop', 'mloop.db'))).toBe(true);
    const byName = Object.fromEntries(summary.datasets.map((dataset) => [dataset.name, dataset]));
    // Class 4 dropped: 43,500 − 6,748 training rows and 14,500 − 2,155 test rows.
    expect(byName['shuttle-trn-clean'].rows).toBe(36_752);
    expect(byName['shuttle-tst-clean'].rows).toBe(12_345);
    const [data] = await runsOf('shuttle-data');
    expect(data.inputs.map((input) => input.digest).sort()).toEqual(
      summary.datasets.map((dataset) => dataset.digest).sort(),
    );
    expect(data.artifacts.map((artifact) => artifact.name)).toContain('datasets/shuttle-tst-clean.csv');
  });

  it('runs a Bayesian sweep of at least 20 trials logging F1, precision and recall, and beats sklearn defaults', async () => {
    const bayes = summary.sweeps.find((sweep) => sweep.name === 'Bayes');
    expect(bayes?.trials).toBeGreaterThanOrEqual(20);
    const trials = await runsOf('sweep-shuttle-lof');
    expect(trials.length).toBeGreaterThanOrEqual(20);
    for (const trial of trials) {
      expect(Object.keys(trial.metrics)).toEqual(expect.arrayContaining(['f1', 'precision', 'recall']));
      expect(Object.keys(trial.params).sort()).toEqual(['contamination', 'metric', 'nNeighbors', 'scaling']);
      expect(trial.inputs.map((input) => input.context)).toEqual(['train', 'validation']);
    }
    // sklearn's LOF (novelty, k = 20, defaults) reaches F1 0.869 on the test set; the sweep's pick beats it.
    expect(summary.initialTest.f1).toBeGreaterThan(0.869);
    expect(summary.initialTest.rocAuc).toBeGreaterThan(0.99);
  });

  it('registers the best run across sweeps as production and serves it on the clean batches with F1 ≥ 0.87', () => {
    const best = Math.max(...summary.sweeps.map((sweep) => sweep.bestF1));
    expect(summary.sweeps.find((sweep) => sweep.bestF1 === best)?.bestParams).toEqual(summary.initialParams);
    expect(summary.initialVersion).toBe(1);
    const clean = summary.batches.filter((batch) => batch.noise === 0);
    expect(summary.batches).toHaveLength(10);
    expect(clean.length).toBe(7);
    for (const batch of clean) {
      expect(batch.modelVersion).toBe(1);
      expect(batch.metrics.f1).toBeGreaterThanOrEqual(0.87);
    }
    expect(summary.cleanBatches.f1).toBeGreaterThanOrEqual(0.87);
  });

  it('heals after every batch below F1 0.85 and promotes a challenger only when it beats the champion on the same holdout', async () => {
    const noisy = summary.batches.filter((batch) => batch.noise > 0);
    expect(noisy.length).toBe(3);
    expect(summary.batches.filter((batch) => batch.healed).map((batch) => batch.index)).toEqual(
      summary.batches.filter((batch) => batch.metrics.f1 < 0.85).map((batch) => batch.index),
    );
    expect(summary.healings.length).toBeGreaterThanOrEqual(1);
    let production = summary.initialVersion;
    for (const healing of summary.healings) {
      expect(healing.championVersion).toBe(production);
      const beats = healing.challenger.f1 > healing.champion.f1 && healing.challenger.recall >= 0.7;
      expect(healing.decision.action).toBe(beats ? 'promote' : 'keep');
      if (beats) production = healing.challengerVersion;
      // The batch after a healing is served by whatever production is then.
      const next = summary.batches.find((batch) => batch.index === healing.batch + 1);
      if (next) expect(next.modelVersion).toBe(production);
    }
    expect(summary.registry.aliases.production).toBe(production);
    expect(summary.registry.versions.map((version) => version.version).sort()).toEqual(
      Array.from({ length: 1 + summary.healings.length }, (_, i) => i + 1),
    );
    const healingRuns = await runsOf('shuttle-healing');
    expect(healingRuns.map((run) => run.tags['mloop.decision']).sort()).toEqual(
      summary.healings.map((healing) => healing.decision.action).sort(),
    );
  });

  it('leaves a store another process can reopen: alias history, per-batch metrics and a loadable production model', async () => {
    const mloop = createMloop({
      backend: createSqliteBackend({ dir: join(dir, '.mloop') }),
      models: shuttleModelKinds(),
    });
    try {
      const history = await mloop.registry.aliasHistory(MODEL_NAME, 'production');
      expect(history[0].version).toBe(1);
      expect(history[history.length - 1].version).toBe(summary.registry.aliases.production);
      const model = (await mloop.registry.load(MODEL_NAME, { alias: 'production' })) as { isFitted: boolean };
      expect(model.isFitted).toBe(true);
      const [production] = await runsOf('shuttle-production');
      const f1 = await mloop.tracker.getMetricHistory(production.id, 'f1');
      expect(f1.map((point) => point.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    } finally {
      await mloop.close();
    }
  });

  it('prints progress and a summary', () => {
    const text = lines.join('\n');
    expect(text).toContain('trial 20/20');
    expect(text).toContain('═══ shuttle: summary ═══');
    expect(text).toMatch(/registry +versions v\d/);
  });
});
