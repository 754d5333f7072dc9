import { join } from 'node:path';
import { createMloop, type Mloop } from '@mloop/core';
import { modelKinds } from '@mloop/models';
import { createSqliteBackend } from '@mloop/tracker-sqlite';
import { createWandbBackend } from '@mloop/tracker-wandb';

/** The facade the example works with, and where its records go. */
export interface OpenedMloop {
  /** Tracker, registry and artifacts. */
  readonly mloop: Mloop;
  /** The SQLite store directory (`<dir>/.mloop`). */
  readonly storeDir: string;
  /** Where runs are tracked: `'sqlite'`, or `'wandb'` when `WANDB_API_KEY` is set. */
  readonly tracking: 'sqlite' | 'wandb';
}

/**
 * Opens the embedded SQLite backend in `<dir>/.mloop` (registry, artifacts and runs). With
 * `WANDB_API_KEY` in the environment, runs are tracked in Weights & Biases instead, while the
 * registry and artifacts stay in SQLite so the predictor can follow the aliases locally
 * (`WANDB_PROJECT`, `WANDB_ENTITY` and `WANDB_BASE_URL` are honoured).
 */
export function openMloop(dir: string, wandbProject: string, env: NodeJS.ProcessEnv = process.env): OpenedMloop {
  const storeDir = join(dir, '.mloop');
  const backend = createSqliteBackend({ dir: storeDir });
  if (env.WANDB_API_KEY) {
    const wandb = createWandbBackend({
      project: env.WANDB_PROJECT ?? wandbProject,
      apiKey: env.WANDB_API_KEY,
      ...(env.WANDB_BASE_URL ? { baseUrl: env.WANDB_BASE_URL } : {}),
      ...(env.WANDB_ENTITY ? { entity: env.WANDB_ENTITY } : {}),
    });
    return {
      mloop: createMloop({ backend, tracker: wandb.tracker, models: modelKinds() }),
      storeDir,
      tracking: 'wandb',
    };
  }
  return { mloop: createMloop({ backend, models: modelKinds() }), storeDir, tracking: 'sqlite' };
}
