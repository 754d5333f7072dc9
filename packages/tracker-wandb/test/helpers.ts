import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { createWandbBackend, type WandbBackend, type WandbBackendOptions } from '../src/index';
import { type FakeWandbServer, type FakeWandbServerOptions, startFakeWandbServer } from './fake-wandb-server';

/** A fake W&B server that stops by itself at the end of the current test. */
export async function fakeServer(options: FakeWandbServerOptions = {}): Promise<FakeWandbServer> {
  const server = await startFakeWandbServer(options);
  onTestFinished(() => server.close());
  return server;
}

/** Fast retry and pacing settings for tests (the defaults are seconds). */
export const FAST = {
  transmitIntervalMs: 5,
  heartbeatIntervalMs: 60_000,
  retry: { maxAttempts: 60, minDelayMs: 1, maxDelayMs: 20 },
  fileStreamRetry: { maxAttempts: 200, minDelayMs: 1, maxDelayMs: 20 },
  requestTimeoutMs: 5_000,
  flushOnExit: false,
  closeTimeoutMs: 5_000,
  finishTimeoutMs: 10_000,
} as const;

/** A backend pointed at `server`, closed at the end of the test. */
export function backendFor(server: FakeWandbServer, overrides: Partial<WandbBackendOptions> = {}): WandbBackend {
  const backend = createWandbBackend({
    project: 'mloop-test',
    mode: 'online',
    apiKey: server.apiKey,
    baseUrl: server.url,
    warn: () => {},
    ...FAST,
    ...overrides,
  });
  onTestFinished(() => backend.close().catch(() => {}));
  return backend;
}

/** A temporary directory removed at the end of the test. */
export function tempDir(prefix = 'mloop-wandb-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The W&B run id of the run holding mloop run `runId` on `server`. */
export function wandbIdOf(server: FakeWandbServer, runId: string): string {
  for (const run of server.runs.values())
    if ((run.config._mloop as { runId?: string }).runId === runId) return run.name;
  throw new Error(`no W&B run for ${runId}`);
}
