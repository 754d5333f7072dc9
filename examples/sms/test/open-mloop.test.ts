import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeWandbServer } from '@mloop/tracker-wandb/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { openMloop } from '../src/open-mloop';

describe('openMloop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mloop-example-open-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses SQLite in <dir>/.mloop without WANDB_API_KEY', async () => {
    const { mloop, storeDir, tracking } = openMloop(dir, 'example', {});
    try {
      expect(tracking).toBe('sqlite');
      expect(storeDir).toBe(join(dir, '.mloop'));
      const run = await mloop.tracker.startRun({ experiment: 'open-test' });
      run.logMetric('x', 1);
      await run.end();
      expect((await mloop.tracker.getMetricHistory(run.id, 'x')).map((point) => point.value)).toEqual([1]);
    } finally {
      await mloop.close();
    }
  });

  it('tracks runs in W&B when WANDB_API_KEY is set, keeping the registry in SQLite', async () => {
    const server = await startFakeWandbServer();
    const { mloop, tracking } = openMloop(dir, 'example-project', {
      WANDB_API_KEY: server.apiKey,
      WANDB_BASE_URL: server.url,
    });
    try {
      expect(tracking).toBe('wandb');
      const run = await mloop.tracker.startRun({ experiment: 'open-test', name: 'wandb-run' });
      run.logMetric('loss', 0.5);
      await run.end();
      const stored = [...server.runs.values()].find((candidate) => candidate.displayName === 'wandb-run');
      expect(stored?.project).toBe('example-project');
      expect(server.history(stored!.name).map((row) => row.loss)).toEqual([0.5]);
      expect(mloop.hasRegistry).toBe(true);
    } finally {
      await mloop.close();
      await server.close();
    }
  });
});
