import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createMloop } from '@mloop/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { wandbBackendFromEnv } from '../src/index';
import { FAST, fakeServer, tempDir } from './helpers';

const options = { project: 'default-project', warn: () => {}, ...FAST };

describe('wandbBackendFromEnv', () => {
  it('gives no backend when the environment asks for none', () => {
    expect(wandbBackendFromEnv(options, {})).toBeUndefined();
    expect(wandbBackendFromEnv(options, { WANDB_API_KEY: '  ' })).toBeUndefined();
    expect(wandbBackendFromEnv(options, { WANDB_API_KEY: 'k'.repeat(40), WANDB_MODE: 'disabled' })).toBeUndefined();
    // An explicit key in the code does not switch W&B on: the environment decides.
    expect(wandbBackendFromEnv({ ...options, apiKey: 'k'.repeat(40) }, {})).toBeUndefined();
  });

  it('tracks online with WANDB_API_KEY, in WANDB_PROJECT / WANDB_ENTITY when set', async () => {
    const server = await fakeServer();
    const env = { WANDB_API_KEY: server.apiKey, WANDB_BASE_URL: server.url };
    for (const [extra, project, entity] of [
      [{}, 'default-project', 'fake-entity'],
      [{ WANDB_PROJECT: 'other-project', WANDB_ENTITY: 'team' }, 'other-project', 'team'],
    ] as const) {
      const backend = wandbBackendFromEnv(options, { ...env, ...extra });
      expect(backend?.mode).toBe('online');
      const mloop = createMloop({ backend: backend! });
      const run = await mloop.tracker.startRun({ experiment: 'env', name: `run-${project}` });
      run.logMetric('loss', 0.5);
      await run.end();
      await mloop.close();
      const stored = [...server.runs.values()].find((candidate) => candidate.displayName === `run-${project}`);
      expect(stored?.project).toBe(project);
      expect(stored?.entity).toBe(entity);
    }
  });

  it('journals offline with WANDB_MODE=offline, under WANDB_DIR, without a key', async () => {
    const dir = tempDir();
    const backend = wandbBackendFromEnv(options, { WANDB_MODE: 'offline', WANDB_DIR: dir });
    expect(backend?.mode).toBe('offline');
    onTestFinished(() => backend?.close());
    const mloop = createMloop({ backend: backend! });
    await (await mloop.tracker.startRun({ experiment: 'env' })).end();
    await mloop.close();
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    expect(readdirSync(join(dir, readdirSync(dir).find((entry) => entry !== 'blobs')!)).length).toBeGreaterThan(0);
  });

  it('rejects an invalid project name from the environment with INVALID_ARGUMENT', () => {
    expect(() => wandbBackendFromEnv(options, { WANDB_API_KEY: 'k'.repeat(40), WANDB_PROJECT: 'a/b' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'project' }),
    );
  });
});
