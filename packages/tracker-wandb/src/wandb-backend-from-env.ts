import { createWandbBackend, type WandbBackend } from './create-wandb-backend';
import type { WandbBackendOptions } from './wandb-backend-options';

/**
 * The W&B backend when the environment asks for one, and `undefined` when it does not: for apps
 * that track to W&B only where it is configured and stay local otherwise, the way scripts using
 * the `wandb` SDK follow its environment variables.
 *
 * - `WANDB_MODE=disabled` → `undefined`.
 * - `WANDB_MODE=offline` (or `dryrun`) → an offline backend journaling under `WANDB_DIR` (default
 *   `wandb`), for `syncOfflineRuns` later.
 * - `WANDB_API_KEY` set → an online backend (`WANDB_BASE_URL` for a self-hosted server).
 * - otherwise → `undefined`.
 *
 * `WANDB_PROJECT` and `WANDB_ENTITY` override `options.project` and `options.entity`, so one build
 * of an app can log to another project without a code change. Other options pass through to
 * {@link createWandbBackend}; an explicit `options.apiKey` or `options.mode` is ignored here: the
 * environment decides.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the variables are set but invalid (a bad project name or base URL).
 * @example
 * import { createMloop } from '@mloop/core';
 * import { createSqliteBackend } from '@mloop/tracker-sqlite';
 * import { wandbBackendFromEnv } from '@mloop/tracker-wandb';
 *
 * // Runs go to W&B when WANDB_API_KEY is set; the registry and artifacts stay in SQLite either way.
 * const wandb = wandbBackendFromEnv({ project: 'churn' });
 * const mloop = createMloop({ backend: createSqliteBackend(), ...(wandb ? { tracker: wandb.tracker } : {}) });
 */
export function wandbBackendFromEnv(
  options: WandbBackendOptions,
  env: NodeJS.ProcessEnv = process.env,
): WandbBackend | undefined {
  const mode = env.WANDB_MODE?.trim().toLowerCase();
  if (mode === 'disabled') return undefined;
  const offline = mode === 'offline' || mode === 'dryrun';
  const apiKey = env.WANDB_API_KEY?.trim();
  if (!offline && !apiKey) return undefined;
  const { apiKey: _ignored, mode: _chosenByEnv, ...rest } = options;
  const project = env.WANDB_PROJECT?.trim() || rest.project;
  const entity = env.WANDB_ENTITY?.trim() || rest.entity;
  const baseUrl = env.WANDB_BASE_URL?.trim() || rest.baseUrl;
  const dir = env.WANDB_DIR?.trim() || rest.dir;
  return createWandbBackend({
    ...rest,
    project,
    ...(entity ? { entity } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(dir ? { dir } : {}),
    ...(offline ? { mode: 'offline' } : { mode: 'online', apiKey }),
  });
}
