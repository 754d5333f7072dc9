import { createMloop } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { createWandbBackend } from '../src/index';

// Real W&B: only when a developer sets WANDB_API_KEY, never in CI (no network there anyway).
const enabled = Boolean(process.env.WANDB_API_KEY) && !process.env.CI;

describe.skipIf(!enabled)('live W&B smoke test (WANDB_API_KEY set)', () => {
  it('creates a run with config, history, summary and an artifact, and finishes it', async () => {
    const backend = createWandbBackend({
      project: process.env.WANDB_PROJECT ?? 'mloop-smoke',
      ...(process.env.WANDB_ENTITY ? { entity: process.env.WANDB_ENTITY } : {}),
      transmitIntervalMs: 1_000,
      flushOnExit: false,
    });
    const mloop = createMloop({ backend });
    const run = await mloop.tracker.startRun({
      experiment: 'smoke',
      params: { lr: 0.01 },
      tags: { source: 'mloop-live-test' },
    });
    for (let step = 0; step < 100; step++) run.logMetric('loss', 1 / (step + 1), { step });
    await run.logArtifact('report.html', `<p>smoke ${new Date().toISOString()}</p>`, { mediaType: 'text/html' });
    await run.end();
    const url = backend.runUrl(run.id);
    expect(url).toMatch(/\/runs\/[a-z0-9]{8}$/);
    console.log(`live run: ${url}`);
    await mloop.close();
  }, 120_000);
});
