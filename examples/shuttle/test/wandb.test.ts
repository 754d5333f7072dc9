/**
 * With WANDB_API_KEY set, the example tracks its runs in Weights & Biases (here a fake W&B
 * server on 127.0.0.1, from @mloop/tracker-wandb/testing) and keeps the registry in SQLite.
 * A short run: 3 Bayes trials and 2 per healing sweep.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMloop } from '@mloop/core';
import { sharedPath } from '@mloop/core/testing';
import { createSqliteBackend } from '@mloop/tracker-sqlite';
import { type FakeWandbServer, startFakeWandbServer } from '@mloop/tracker-wandb/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MODEL_NAME, runShuttle, type ShuttleSummary } from '../src/run-shuttle';

const dir = mkdtempSync(join(tmpdir(), 'mloop-shuttle-wandb-'));
const saved = { key: process.env.WANDB_API_KEY, url: process.env.WANDB_BASE_URL };
let server: FakeWandbServer;
let summary: ShuttleSummary;

beforeAll(async () => {
  server = await startFakeWandbServer({ lifetimeMs: 300_000 });
  process.env.WANDB_API_KEY = server.apiKey;
  process.env.WANDB_BASE_URL = server.url;
  summary = await runShuttle({
    dir,
    dataDir: sharedPath('data/shuttle'),
    session: 'wandb',
    sweepTrials: 3,
    healingTrials: 2,
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  for (const [name, value] of [
    ['WANDB_API_KEY', saved.key],
    ['WANDB_BASE_URL', saved.url],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

it('sends runs to W&B when WANDB_API_KEY is set and keeps the registry in .mloop', async () => {
  expect(summary.tracking).toBe('wandb');
  const runs = [...server.runs.values()];
  // data + 2 baseline + 3 Bayes trials + production + per healing (2 trials + the decision run)
  expect(runs.length).toBe(1 + 2 + 3 + 1 + 3 * summary.healings.length);
  const names = runs.map((run) => ({ id: run.name, display: run.displayName ?? '' }));
  const bayes = names.filter(({ display }) => /^shuttle-lof-\d+$/.test(display));
  expect(bayes).toHaveLength(3);
  for (const trial of bayes) {
    expect(Object.keys(server.summary(trial.id) ?? {})).toEqual(expect.arrayContaining(['f1', 'precision', 'recall']));
  }
  const production = runs.find((run) => run.displayName === 'production-wandb');
  expect(production && server.history(production.name).length).toBe(10);

  const local = createMloop({ backend: createSqliteBackend({ dir: join(dir, '.mloop') }) });
  try {
    expect((await local.registry.listVersions(MODEL_NAME)).length).toBe(1 + summary.healings.length);
    expect((await local.tracker.listExperiments()).length).toBe(0);
  } finally {
    await local.close();
  }
});
