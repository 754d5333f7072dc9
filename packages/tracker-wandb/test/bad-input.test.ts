import { BackendError, InvalidArgumentError } from '@mloop/core';
import { describe, expect, it, vi } from 'vitest';
import { createWandbBackend, WandbAuthError, WandbRequestError } from '../src/index';
import { backendFor, FAST, fakeServer, tempDir } from './helpers';

/** Everything an error exposes: message, JSON, stack, causes. */
function everythingIn(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? '', String(current));
      const json = (current as { toJSON?: () => unknown }).toJSON?.();
      if (json) parts.push(JSON.stringify(json));
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join('\n');
}

describe('options and keys', () => {
  it('refuses to start online without a key, before any request', () => {
    vi.stubEnv('WANDB_API_KEY', '');
    const fetchSpy = vi.fn(globalThis.fetch);
    try {
      createWandbBackend({ project: 'p', fetch: fetchSpy, flushOnExit: false });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).field).toBe('apiKey');
      expect((error as Error).message).toMatch(/WANDB_API_KEY/);
    }
    expect(fetchSpy).not.toHaveBeenCalled();
    vi.unstubAllEnvs();
  });

  it('takes the key from WANDB_API_KEY and the host from WANDB_BASE_URL', async () => {
    const server = await fakeServer();
    vi.stubEnv('WANDB_API_KEY', server.apiKey);
    vi.stubEnv('WANDB_BASE_URL', server.url);
    const backend = createWandbBackend({ project: 'env-project', ...FAST, warn: () => {} });
    vi.unstubAllEnvs();
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    expect(server.run(backend.tracker.wandbRunId(run.id) as string).project).toBe('env-project');
    await backend.close();
  });

  it('goes offline when WANDB_MODE=offline and the code does not choose a mode', () => {
    const dir = tempDir();
    vi.stubEnv('WANDB_MODE', 'offline');
    vi.stubEnv('WANDB_API_KEY', '');
    const backend = createWandbBackend({ project: 'p', dir, flushOnExit: false });
    const explicit = createWandbBackend({ project: 'p', mode: 'online', apiKey: 'k'.repeat(40), flushOnExit: false });
    vi.unstubAllEnvs();
    expect(backend.mode).toBe('offline');
    expect(explicit.mode).toBe('online');
    return Promise.all([backend.close(), explicit.close()]);
  });

  it.each([['a/b'], ['x#y'], ['what?'], ['100%'], ['a:b'], ['back\\slash'], [''], ['   '], ['a'.repeat(129)]])(
    'rejects the project name %j with InvalidArgumentError naming project',
    (project) => {
      expect(() => createWandbBackend({ project, apiKey: 'k'.repeat(40), flushOnExit: false })).toThrow(
        InvalidArgumentError,
      );
      try {
        createWandbBackend({ project, apiKey: 'k'.repeat(40), flushOnExit: false });
      } catch (error) {
        expect((error as InvalidArgumentError).field).toBe('project');
      }
    },
  );

  it('rejects a bad entity, base URL, mode or unknown option', () => {
    const key = { apiKey: 'k'.repeat(40), flushOnExit: false };
    expect(() => createWandbBackend({ project: 'p', entity: 'a/b', ...key })).toThrow(/entity/);
    expect(() => createWandbBackend({ project: 'p', baseUrl: 'ftp://x', ...key })).toThrow(InvalidArgumentError);
    expect(() => createWandbBackend({ project: 'p', mode: 'dryrun' as 'online', ...key })).toThrow(/mode/);
    expect(() => createWandbBackend({ project: 'p', colour: 'red', ...key } as never)).toThrow(InvalidArgumentError);
  });

  it('never echoes a malformed key in the error', () => {
    const secret = 'my secret key with spaces 0123456789';
    try {
      createWandbBackend({ project: 'p', apiKey: secret, flushOnExit: false });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(everythingIn(error)).not.toContain('secret');
    }
  });
});

describe('authentication failures', () => {
  it('401 → WandbAuthError that says to check the key, after exactly one request, with no trace of the key', async () => {
    const server = await fakeServer();
    const wrongKey = 'wrong_key_abcdefghijklmnopqrstuvwxyz0123456789';
    const warnings: string[] = [];
    const backend = backendFor(server, { apiKey: wrongKey, warn: (message) => warnings.push(message) });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const error = await backend.tracker.createRun({ experimentId: experiment.id }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WandbAuthError);
    expect(BackendError.isInstance(error)).toBe(true);
    expect((error as WandbAuthError).status).toBe(401);
    expect((error as Error).message).toMatch(/check the API key/);
    expect(server.requests.length).toBe(1);
    const everything = everythingIn(error) + warnings.join('\n');
    expect(everything).not.toContain(wrongKey);
    expect(everything).not.toContain(Buffer.from(`api:${wrongKey}`).toString('base64'));
    // Nothing half-created, and reads (which go to W&B as well) are refused the same way.
    expect(server.runs.size).toBe(0);
    const readError = await backend.tracker.searchRuns({}).catch((caught: unknown) => caught);
    expect(readError).toBeInstanceOf(WandbAuthError);
    expect(everythingIn(readError)).not.toContain(wrongKey);
  });

  it('403 in the middle of a run stops that run without a retry storm and surfaces on the next write', async () => {
    const server = await fakeServer();
    const backend = backendFor(server);
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    server.inject({ route: 'file_stream', fault: { kind: 'status', status: 403 }, times: 100 });
    await backend.tracker.logBatch(run.id, { metrics: [{ key: 'a', value: 1, step: 0, timestamp: 1 }] });
    await vi.waitFor(() => expect(server.requests.some((request) => request.status === 403)).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests.filter((request) => request.status === 403).length).toBe(1);
    const error = await backend.tracker
      .logBatch(run.id, { metrics: [{ key: 'a', value: 2, step: 1, timestamp: 2 }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WandbAuthError);
    await expect(backend.close()).rejects.toThrow(/could not be delivered/);
  });

  it('does not retry 400 and scrubs the key from what the server said', async () => {
    const server = await fakeServer();
    const backend = backendFor(server);
    server.inject({
      operation: 'UpsertBucket',
      fault: { kind: 'status', status: 400, body: `{"errors":[{"message":"bad header api:${server.apiKey}"}]}` },
    });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const error = await backend.tracker.createRun({ experimentId: experiment.id }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WandbRequestError);
    expect((error as WandbRequestError).status).toBe(400);
    expect(server.requests.length).toBe(1);
    expect(everythingIn(error)).toContain('bad header api:***');
    expect(everythingIn(error)).not.toContain(server.apiKey);
  });

  it('gives up after maxAttempts on a server that keeps failing, with a retryable error and a key-free cause', async () => {
    const server = await fakeServer();
    const backend = backendFor(server, { retry: { maxAttempts: 3, minDelayMs: 1, maxDelayMs: 2 } });
    server.inject({ operation: 'UpsertBucket', fault: { kind: 'drop', when: 'before' }, times: 3 });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const error = await backend.tracker.createRun({ experimentId: experiment.id }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WandbRequestError);
    expect((error as WandbRequestError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/after 3 attempts/);
    expect(server.requests.length).toBe(3);
    expect(everythingIn(error)).not.toContain(server.apiKey);
  });
});
