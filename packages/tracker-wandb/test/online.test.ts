import { createMloop } from '@mloop/core';
import { describe, expect, it, vi } from 'vitest';
import { backendFor, fakeServer } from './helpers';

describe('online runs', () => {
  it('creates the run, streams history and summary, sets config, tags, notes and completes with the exit code', async () => {
    const server = await fakeServer();
    const backend = backendFor(server);
    const mloop = createMloop({ backend });
    const run = await mloop.tracker.startRun({
      experiment: 'churn',
      name: 'baseline',
      params: { lr: 0.01, layers: '64,64', flag: true },
      tags: { team: 'ml', notes: 'first try' },
    });
    for (let step = 0; step < 50; step++) {
      run.logMetrics({ loss: 1 / (step + 1), acc: step / 50 }, { step, timestamp: 1_700_000_000_000 + step * 1000 });
    }
    run.logMetric('weird', Number.NaN, { step: 50 });
    run.logMetric('inf', Number.POSITIVE_INFINITY, { step: 50 });
    await run.end();
    const wandbId = backend.tracker.wandbRunId(run.id);
    expect(wandbId).toMatch(/^[a-z0-9]{8}$/);
    const stored = server.run(wandbId as string);
    expect(stored.entity).toBe('fake-entity');
    expect(stored.project).toBe('mloop-test');
    expect(stored.displayName).toBe('baseline');
    expect(stored.group).toBe('churn');
    expect(stored.notes).toBe('first try');
    expect(stored.tags).toContain('team:ml');
    expect(stored.config).toMatchObject({ lr: 0.01, layers: '64,64', flag: true });
    expect(stored.complete).toBe(true);
    expect(stored.exitcode).toBe(0);
    expect(stored.completeCount).toBe(1);
    expect(stored.requestsAfterComplete).toBe(0);
    expect(stored.maxInFlight).toBe(1);
    expect(stored.uploaded.has('wandb-metadata.json')).toBe(true);
    const metadata = JSON.parse(Buffer.from(server.stored(`run-file:${wandbId}/wandb-metadata.json`) ?? []).toString());
    expect(metadata).toMatchObject({ node: process.version, sdk: expect.stringContaining('mloop-tracker-wandb') });
    const history = server.history(wandbId as string);
    expect(history.length).toBe(51);
    expect(history[3]).toMatchObject({ _step: 3, 'mloop/step': 3, loss: 0.25, acc: 3 / 50, _timestamp: 1_700_000_003 });
    expect(history[50]?.weird).toBeNaN();
    expect(history[50]?.inf).toBe(Number.POSITIVE_INFINITY);
    const summary = server.summary(wandbId as string);
    expect(summary).toMatchObject({ loss: 1 / 50, acc: 49 / 50, inf: Number.POSITIVE_INFINITY, _step: 50 });
    expect(summary?.weird).toBeNaN();
    // Reads come from the mirror, exactly as the reference backend answers them.
    expect((await mloop.tracker.getMetricHistory(run.id, 'loss')).length).toBe(50);
    expect(backend.runUrl(run.id)).toBe(`${server.url}/fake-entity/mloop-test/runs/${wandbId}`);
    await mloop.close();
  });

  it('maps failed and killed runs to non-zero exit codes, and renames through UpsertBucket', async () => {
    const server = await fakeServer();
    const backend = backendFor(server, { entity: 'team-a' });
    const tracker = backend.tracker;
    const experiment = await tracker.createExperiment({ name: 'e' });
    const failed = await tracker.createRun({ experimentId: experiment.id });
    const killed = await tracker.createRun({ experimentId: experiment.id });
    await tracker.updateRun(failed.id, { name: 'renamed' });
    await tracker.updateRun(failed.id, { status: 'failed' });
    await tracker.updateRun(killed.id, { status: 'killed' });
    const failedRun = server.run(tracker.wandbRunId(failed.id) as string);
    expect(failedRun.entity).toBe('team-a');
    expect(failedRun.displayName).toBe('renamed');
    expect(failedRun.exitcode).toBe(1);
    expect(server.run(tracker.wandbRunId(killed.id) as string).exitcode).toBe(255);
  });

  it('ends runs still open on close with exit code 0 and sends a heartbeat when idle', async () => {
    const server = await fakeServer();
    const backend = backendFor(server, { heartbeatIntervalMs: 20 });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    const stored = server.run(backend.tracker.wandbRunId(run.id) as string);
    await vi.waitFor(() => expect(stored.heartbeats).toBeGreaterThan(1), { timeout: 5_000 });
    await backend.close();
    expect(stored.complete).toBe(true);
    expect(stored.exitcode).toBe(0);
  });

  it('splits a large backlog into requests under maxRequestBytes, each at the right offset', async () => {
    const server = await fakeServer();
    const backend = backendFor(server, { maxRequestBytes: 4096 });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    const metrics = Array.from({ length: 500 }, (_, step) => ({ key: 'x', value: step, step, timestamp: 1000 + step }));
    await backend.tracker.logBatch(run.id, { metrics });
    await backend.tracker.updateRun(run.id, { status: 'finished' });
    const wandbId = backend.tracker.wandbRunId(run.id) as string;
    const history = server.history(wandbId);
    expect(history.map((row) => row.x)).toEqual(metrics.map((point) => point.value));
    const streams = server.requests.filter((request) => request.operation === 'file_stream');
    expect(streams.length).toBeGreaterThan(5);
    expect(Math.max(...streams.map((request) => request.bytes))).toBeLessThanOrEqual(4096);
  });

  it('puts repeated keys of one step in separate rows, so no point is lost', async () => {
    const server = await fakeServer();
    const backend = backendFor(server);
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    await backend.tracker.logBatch(run.id, {
      metrics: [
        { key: 'a', value: 1, step: 0, timestamp: 5 },
        { key: 'a', value: 2, step: 0, timestamp: 5 },
        { key: 'b', value: 3, step: 0, timestamp: 5 },
      ],
    });
    await backend.tracker.updateRun(run.id, { status: 'finished' });
    const history = server.history(backend.tracker.wandbRunId(run.id) as string);
    expect(history.map((row) => [row.a, row.b])).toEqual([
      [1, undefined],
      [2, 3],
    ]);
  });

  it('continues a row that would exceed the line limit in another row at the same step', async () => {
    const server = await fakeServer();
    const warnings: string[] = [];
    // maxRequestBytes 2048 → lines of at most 1024 bytes.
    const backend = backendFor(server, { maxRequestBytes: 2048, warn: (message) => warnings.push(message) });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    const metrics = Array.from({ length: 60 }, (_, index) => ({
      key: `metric_${'é'.repeat(40)}_${index}`,
      value: index,
      step: 7,
      timestamp: 1000,
    }));
    await backend.tracker.logBatch(run.id, { metrics });
    await backend.tracker.updateRun(run.id, { status: 'finished' });
    const wandbId = backend.tracker.wandbRunId(run.id) as string;
    const lines = [...(server.run(wandbId).files.get('wandb-history.jsonl')?.values() ?? [])];
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(1024);
    const merged = Object.assign({}, ...server.history(wandbId)) as Record<string, unknown>;
    for (const metric of metrics) expect(merged[metric.key]).toBe(metric.value);
    expect(server.history(wandbId).every((row) => row['mloop/step'] === 7)).toBe(true);
    expect(warnings).toEqual([]);
  });
});
