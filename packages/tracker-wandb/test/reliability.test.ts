import { createMloop } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { backendFor, fakeServer } from './helpers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('delivery under faults', () => {
  it('with 20% of requests failing at random, 10,000 points over 10 runs arrive exactly once, in order, and every run completes', async () => {
    const server = await fakeServer();
    // Every kind of failure (no merely slow answers): 20% of requests fail.
    server.chaos({
      rate: 0.2,
      seed: 20_261_201,
      faults: [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 502 },
        { kind: 'status', status: 503 },
        { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
        { kind: 'drop', when: 'before' },
        { kind: 'drop', when: 'after' },
        { kind: 'partial' },
      ],
    });
    const backend = backendFor(server, { transmitIntervalMs: 10, finishTimeoutMs: 60_000, closeTimeoutMs: 60_000 });
    const mloop = createMloop({ backend, tracking: { flushIntervalMs: 5 } });
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, index) => mloop.tracker.startRun({ experiment: 'chaos', name: `run-${index}` })),
    );
    for (let step = 0; step < 1000; step++) {
      for (const [index, run] of runs.entries()) run.logMetric('x', index * 1_000_000 + step, { step });
      if (step % 50 === 49) await sleep(2);
    }
    await Promise.all(runs.map((run) => run.end()));
    runs.forEach((run, index) => {
      const wandbId = backend.tracker.wandbRunId(run.id) as string;
      const stored = server.run(wandbId);
      const history = server.history(wandbId);
      expect(history.map((row) => row.x)).toEqual(Array.from({ length: 1000 }, (_, step) => index * 1_000_000 + step));
      expect(history.map((row) => row._step)).toEqual(Array.from({ length: 1000 }, (_, step) => step));
      expect(stored.complete).toBe(true);
      expect(stored.exitcode).toBe(0);
      expect(stored.maxInFlight).toBe(1);
      expect(server.summary(wandbId)).toMatchObject({ x: index * 1_000_000 + 999 });
    });
    const faults = server.requests.filter((request) => request.fault !== undefined).length;
    expect(faults / server.requests.length).toBeGreaterThan(0.08);
    expect(faults / server.requests.length).toBeLessThan(0.35);
    // Some of the faults hit file_stream after the server had applied the chunk: the retry overwrote the same lines.
    expect(server.requests.some((request) => request.route === 'file_stream' && request.fault === 'drop')).toBe(true);
    await mloop.close();
  }, 120_000);

  it('splits and resends across many small requests under faults: every row once, in order', async () => {
    const server = await fakeServer();
    server.chaos({
      rate: 0.2,
      seed: 7,
      faults: [{ kind: 'drop', when: 'after' }, { kind: 'partial' }, { kind: 'status', status: 503 }],
    });
    const backend = backendFor(server, { maxRequestBytes: 2048, maxQueueBytes: 8192, transmitIntervalMs: 1 });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    let step = 0;
    for (const size of [1, 7, 50, 3, 120, 1, 1, 33, 200, 9, 64, 2]) {
      const metrics = Array.from({ length: size }, () => ({ key: 'v', value: step, step: step++, timestamp: 1 }));
      await backend.tracker.logBatch(run.id, { metrics });
      if (size % 2 === 1) await sleep(1);
    }
    await backend.tracker.updateRun(run.id, { status: 'finished' });
    const wandbId = backend.tracker.wandbRunId(run.id) as string;
    expect(server.history(wandbId).map((row) => row.v)).toEqual(Array.from({ length: step }, (_, index) => index));
    expect(server.run(wandbId).complete).toBe(true);
    expect(server.requests.filter((request) => request.route === 'file_stream').length).toBeGreaterThan(10);
  });

  it('honours Retry-After (seconds and HTTP date) on 429', async () => {
    const server = await fakeServer();
    const backend = backendFor(server);
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    server.inject({ route: 'file_stream', fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } } });
    server.inject({
      route: 'file_stream',
      fault: { kind: 'status', status: 429, headers: { 'retry-after': new Date(Date.now() + 2500).toUTCString() } },
    });
    await backend.tracker.logBatch(run.id, { metrics: [{ key: 'a', value: 1, step: 0, timestamp: 1 }] });
    await backend.tracker.updateRun(run.id, { status: 'finished' });
    const streams = server.requests.filter((request) => request.route === 'file_stream');
    expect(streams.map((request) => request.status).slice(0, 3)).toEqual([429, 429, 200]);
    const [first, second, third] = streams.map((request) => request.at);
    expect((second as number) - (first as number)).toBeGreaterThanOrEqual(950);
    // An HTTP date has one-second resolution.
    expect((third as number) - (first as number)).toBeGreaterThanOrEqual(1_400);
    expect(server.history(backend.tracker.wandbRunId(run.id) as string).length).toBe(1);
  });

  it('waits for RateLimit-Reset when RateLimit-Remaining reaches 0, before W&B has to answer 429', async () => {
    const server = await fakeServer();
    const backend = backendFor(server);
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    server.inject({
      route: 'file_stream',
      fault: { kind: 'headers', headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': '1' } },
    });
    await backend.tracker.logBatch(run.id, { metrics: [{ key: 'a', value: 1, step: 0, timestamp: 1 }] });
    await backend.tracker.updateRun(run.id, { status: 'finished' });
    const streams = server.requests.filter((request) => request.route === 'file_stream');
    expect(streams.length).toBe(2);
    expect(streams.every((request) => request.status === 200)).toBe(true);
    expect((streams[1]?.at ?? 0) - (streams[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('retries 500, 502, 503, dropped connections, partial reads and slow responses without duplicating a line', async () => {
    const server = await fakeServer();
    const backend = backendFor(server, { requestTimeoutMs: 100 });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    const faults = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 502 },
      { kind: 'status', status: 503 },
      { kind: 'drop', when: 'before' },
      { kind: 'drop', when: 'after' },
      { kind: 'partial' },
      // Longer than 6 × requestTimeoutMs: the client gives up, the server still applies it later.
      { kind: 'slow', ms: 800 },
    ] as const;
    for (const fault of faults) server.inject({ route: 'file_stream', fault });
    for (let step = 0; step < 70; step++) {
      await backend.tracker.logBatch(run.id, { metrics: [{ key: 'a', value: step, step, timestamp: step }] });
      await sleep(3);
    }
    await backend.tracker.updateRun(run.id, { status: 'finished' });
    await sleep(900);
    const wandbId = backend.tracker.wandbRunId(run.id) as string;
    expect(server.history(wandbId).map((row) => row.a)).toEqual(Array.from({ length: 70 }, (_, step) => step));
    expect(server.run(wandbId).complete).toBe(true);
    const kinds = new Set(server.requests.map((request) => request.fault).filter(Boolean));
    expect([...kinds].sort()).toEqual(['drop', 'partial', 'slow', 'status']);
  });

  it('keeps a run logging 1,000 points/s to a few requests per second', async () => {
    const server = await fakeServer();
    const backend = backendFor(server, { transmitIntervalMs: 500 });
    const mloop = createMloop({ backend, tracking: { flushIntervalMs: 100 } });
    const run = await mloop.tracker.startRun({ experiment: 'rate' });
    const started = Date.now();
    for (let step = 0; step < 1500; step++) {
      run.logMetric('loss', 1 / (step + 1), { step });
      if (step % 10 === 9) await sleep(10);
    }
    const seconds = (Date.now() - started) / 1000;
    await run.end();
    const streams = server.requests.filter((request) => request.route === 'file_stream').length;
    // Paced at one request per 500 ms, plus the final one.
    expect(streams / seconds).toBeLessThanOrEqual(3.5);
    expect(server.history(backend.tracker.wandbRunId(run.id) as string).length).toBe(1500);
    await mloop.close();
  });

  it('makes writers wait when the in-memory queue is full, and loses nothing', async () => {
    const server = await fakeServer();
    const backend = backendFor(server, { maxQueueBytes: 2048, transmitIntervalMs: 50 });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    for (let batch = 0; batch < 20; batch++) {
      const metrics = Array.from({ length: 50 }, (_, index) => ({
        key: 'v',
        value: batch * 50 + index,
        step: batch * 50 + index,
        timestamp: 1,
      }));
      await backend.tracker.logBatch(run.id, { metrics });
    }
    await backend.tracker.updateRun(run.id, { status: 'finished' });
    const history = server.history(backend.tracker.wandbRunId(run.id) as string);
    expect(history.map((row) => row.v)).toEqual(Array.from({ length: 1000 }, (_, index) => index));
  });
});
