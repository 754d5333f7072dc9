/**
 * W&B backend benchmarks against the fake W&B server on 127.0.0.1 (issue targets in brackets):
 * facade overhead per point while logging 100,000 points [< 2 µs/point], end-to-end delivery of
 * 100,000 points, the request rate of a run logging 1,000 points/s with the default pacing
 * [at most a few requests/s], and reading a 100,000-point history back from W&B in a fresh backend
 * (another process's run: `HistoryPage` queries of 1,000 rows).
 *
 * Run: `pnpm run bench` in this package. Timings on a shared 2-core machine are noisy.
 */
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryBackend, createMloop, type Mloop, type Run } from '@mloop/core';
import { Bench } from 'tinybench';
import { runAndReport } from '../../../scripts/bench-report';
import { createWandbBackend, type WandbBackend } from '../src/index';
import { startFakeWandbServer } from '../src/testing/index';

const here = dirname(fileURLToPath(import.meta.url));
const server = await startFakeWandbServer({ lifetimeMs: 30 * 60_000 });
const POINTS = 100_000;

function wandb(transmitIntervalMs = 2_000): WandbBackend {
  return createWandbBackend({
    project: 'bench',
    apiKey: server.apiKey,
    baseUrl: server.url,
    transmitIntervalMs,
    flushOnExit: false,
    warn: () => {},
  });
}

interface Context {
  mloop: Mloop;
  run: Run;
  backend?: WandbBackend;
}
let context: Context | undefined;
let delivered = { requests: 0, fileStream: 0 };

async function open(backend: WandbBackend | undefined): Promise<void> {
  const mloop = createMloop({ backend: backend ?? createMemoryBackend() });
  const run = await mloop.tracker.startRun({ experiment: 'bench' });
  context = { mloop, run, ...(backend ? { backend } : {}) };
}

async function logPoints(): Promise<void> {
  const run = context?.run as Run;
  for (let step = 0; step < POINTS; step++) run.logMetric('loss', 1 / (step + 1), { step });
  // Resolves once the backend has queued every point (not when W&B acknowledged them).
  await run.flush();
}

async function shut(): Promise<void> {
  if (!context) return;
  await context.run.end();
  await context.mloop.close();
  context = undefined;
}

const bench = new Bench({ iterations: 9, time: 0, warmupIterations: 2 });
bench.add('wandb: log 100k points via facade (until queued)', logPoints, {
  beforeEach: () => open(wandb()),
  afterEach: shut,
});
bench.add('memory: log 100k points via facade', logPoints, {
  beforeEach: () => open(undefined),
  afterEach: shut,
});
bench.add(
  'wandb: log 100k points and end the run (delivered to the fake server)',
  async () => {
    const backend = context?.backend as WandbBackend;
    const before = server.requests.length;
    const streamsBefore = server.requests.filter((request) => request.route === 'file_stream').length;
    await logPoints();
    await context?.run.end();
    delivered = {
      requests: server.requests.length - before,
      fileStream: server.requests.filter((request) => request.route === 'file_stream').length - streamsBefore,
    };
    void backend;
  },
  { beforeEach: () => open(wandb()), afterEach: shut },
);

/** A delivered 100,000-point run for the read-back task, and what reading it cost. */
const stored = await (async () => {
  const backend = wandb();
  const mloop = createMloop({ backend });
  const run = await mloop.tracker.startRun({ experiment: 'read-back' });
  for (let step = 0; step < POINTS; step++) run.logMetric('loss', 1 / (step + 1), { step });
  await run.end();
  await mloop.close();
  return run.id;
})();
let reader: WandbBackend | undefined;
let readBack = { requests: 0, points: 0 };
bench.add(
  'wandb: read back the history of a 100k-point run (fresh backend)',
  async () => {
    const backend = reader as WandbBackend;
    const before = backend.requestCount;
    const points = await backend.tracker.getMetricHistory(stored, 'loss');
    if (points.length !== POINTS) throw new Error(`read ${points.length} points, expected ${POINTS}`);
    readBack = { requests: backend.requestCount - before, points: points.length };
  },
  {
    beforeEach: () => {
      reader = wandb();
    },
    afterEach: async () => {
      await reader?.close();
      reader = undefined;
    },
  },
);

/** A run logging 1,000 points/s for `seconds` with the default pacing: how many requests per second reach W&B. */
async function paced(
  seconds: number,
): Promise<{ requestsPerSecond: number; fileStreamPerSecond: number; points: number }> {
  const backend = wandb();
  const mloop = createMloop({ backend });
  const run = await mloop.tracker.startRun({ experiment: 'paced' });
  const wandbId = backend.tracker.wandbRunId(run.id) as string;
  const before = server.requests.length;
  const started = Date.now();
  let step = 0;
  while (Date.now() - started < seconds * 1000) {
    // 10 points every 10 ms ≈ 1,000 points/s.
    for (let index = 0; index < 10; index++) run.logMetric('loss', 1 / (step + 1), { step: step++ });
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const elapsed = (Date.now() - started) / 1000;
  const during = server.requests.slice(before);
  await run.end();
  await mloop.close();
  const points = server.history(wandbId).length;
  return {
    requestsPerSecond: during.length / elapsed,
    fileStreamPerSecond: during.filter((request) => request.route === 'file_stream').length / elapsed,
    points: points / elapsed,
  };
}

console.log(`Node ${process.version}; fake W&B server at ${server.url}`);
const rate = await paced(10);
const mean = (rows: Map<string, { meanMs: number }>, task: string) => rows.get(task)?.meanMs ?? Number.NaN;
const median = (rows: Map<string, { p50Ms: number }>, task: string) => rows.get(task)?.p50Ms ?? Number.NaN;
console.log(
  `load average: ${loadavg()
    .map((value) => value.toFixed(1))
    .join(', ')} on ${cpus().length} cores`,
);
await runAndReport(here, 'wandb', bench, (rows) => {
  const wandbMs = mean(rows, 'wandb: log 100k points via facade (until queued)');
  const memoryMs = mean(rows, 'memory: log 100k points via facade');
  const endToEnd = mean(rows, 'wandb: log 100k points and end the run (delivered to the fake server)');
  const readMs = mean(rows, 'wandb: read back the history of a 100k-point run (fresh backend)');
  return {
    'wandb facade: µs/point until queued [target < 2]': (wandbMs / POINTS) * 1000,
    'wandb facade: µs/point, median iteration':
      (median(rows, 'wandb: log 100k points via facade (until queued)') / POINTS) * 1000,
    'memory facade: µs/point, median iteration': (median(rows, 'memory: log 100k points via facade') / POINTS) * 1000,
    'memory facade: µs/point (reference)': (memoryMs / POINTS) * 1000,
    'wandb − memory: µs/point added by the W&B backend': ((wandbMs - memoryMs) / POINTS) * 1000,
    'wandb end-to-end: µs/point delivered': (endToEnd / POINTS) * 1000,
    'end-to-end: requests for 100k points (all routes)': delivered.requests,
    'end-to-end: file_stream requests for 100k points': delivered.fileStream,
    '1,000 points/s for 10 s: points/s logged': rate.points,
    '1,000 points/s: requests/s to W&B (all routes) [target: a few]': rate.requestsPerSecond,
    '1,000 points/s: file_stream requests/s': rate.fileStreamPerSecond,
    'read back 100k points from W&B: ms (mean)': readMs,
    'read back: µs/point': (readMs / POINTS) * 1000,
    'read back: GraphQL requests (Runs lookup + HistoryPage)': readBack.requests,
  };
});
await server.close();
