import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WandbRequestError } from '../src/index';
import { backoffDelay, parseRetryAfter } from '../src/wandb-http';
import { backendFor, fakeServer } from './helpers';

describe('backoff and Retry-After', () => {
  it('doubles from the minimum with up to 25% jitter, capped at the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 0.999_999, noNaN: true }), (attempt, r) => {
        const policy = { maxAttempts: 10, minDelayMs: 2_000, maxDelayMs: 60_000 };
        const delay = backoffDelay(policy, attempt, () => r);
        const base = 2_000 * 2 ** attempt;
        expect(delay).toBeLessThanOrEqual(60_000);
        expect(delay).toBeGreaterThanOrEqual(Math.min(60_000, base));
        expect(delay).toBeLessThanOrEqual(Math.min(60_000, base * 1.25));
      }),
    );
    const policy = { maxAttempts: 10, minDelayMs: 2_000, maxDelayMs: 60_000 };
    expect([0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt, () => 0))).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000, 60_000,
    ]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('status handling', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries %i', async (status) => {
    const server = await fakeServer();
    const backend = backendFor(server);
    server.inject({ operation: 'UpsertBucket', fault: { kind: 'status', status }, times: 2 });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    await backend.tracker.createRun({ experimentId: experiment.id });
    expect(
      server.requests.filter((request) => request.operation === 'UpsertBucket').map((request) => request.status),
    ).toEqual([status, status, 200]);
  });

  it.each([400, 404, 413, 422, 501])('does not retry %i', async (status) => {
    const server = await fakeServer();
    const backend = backendFor(server);
    server.inject({ operation: 'UpsertBucket', fault: { kind: 'status', status }, times: 2 });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    await expect(backend.tracker.createRun({ experimentId: experiment.id })).rejects.toBeInstanceOf(WandbRequestError);
    expect(server.requests.length).toBe(1);
  });

  it('retries 409 for run creation only (a concurrent create), as W&B does', async () => {
    const server = await fakeServer();
    const backend = backendFor(server);
    server.inject({ operation: 'UpsertBucket', fault: { kind: 'status', status: 409 } });
    server.inject({ operation: 'CreateArtifact', fault: { kind: 'status', status: 409 } });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    await backend.tracker.createRun({ experimentId: experiment.id });
    expect(server.requests.filter((request) => request.operation === 'UpsertBucket').length).toBe(2);
    await backend.artifacts.put('bytes');
    const model = await backend.registry.createModel({ name: 'm' });
    const digest = (await backend.artifacts.put('model')).digest;
    await expect(
      backend.registry.createVersion({ model: model.name, artifactDigest: digest, modelKind: 'X' }),
    ).rejects.toThrow(/409/);
    // Nothing half-registered.
    expect((await backend.registry.searchVersions('m')).items).toEqual([]);
  });
});
