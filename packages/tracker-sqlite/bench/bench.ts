/**
 * SQLite backend benchmarks (issue targets in brackets):
 * facade logging 1M points [≥ 300k points/s], getMetricHistory of 100k points [< 30 ms],
 * alias lookup [< 50 µs], registering a 1 MB model [< 5 ms], artifact put + get of 50 MB
 * [disk speed, compared with plain writeFile + readFile], searchRuns with a metric filter and
 * order over 10,000 and 100,000 runs (first page, a deep page, and narrowed to one small
 * experiment or to a status no run has), each next to the memory backend.
 *
 * Run: `pnpm run bench` in this package (or `pnpm run bench` at the root); `pnpm run bench search`
 * runs only the named suites (throughput, latency, search).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createMemoryBackend,
  createMloop,
  encodeModelDocument,
  type Mloop,
  type ModelJSONV1,
  type TrackerV1,
  type TrackerV1RunQuery,
} from '@mloop/core';
import { Bench } from 'tinybench';
import { runAndReport } from '../../../scripts/bench-report';
import { createSqliteBackend } from '../src/index';

const here = dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mloop-sqlite-bench-'));
let stores = 0;
const sqlite = (synchronous: 'full' | 'normal' = 'full') =>
  createMloop({ backend: createSqliteBackend({ dir: join(root, String(stores++)), synchronous }) });
const memory = () => createMloop({ backend: createMemoryBackend() });
const only = process.argv.slice(2);
const wanted = (suite: string) => only.length === 0 || only.includes(suite);

const POINTS = 1_000_000;
async function logPoints(mloop: Mloop): Promise<void> {
  const run = await mloop.tracker.startRun({ experiment: 'bench' });
  for (let step = 0; step < POINTS; step++) run.logMetric('loss', 1 / (step + 1), { step });
  await run.end();
  await mloop.close();
}

async function runWithHistory(mloop: Mloop, points: number): Promise<string> {
  const run = await mloop.tracker.startRun({ experiment: 'history' });
  for (let step = 0; step < points; step++) run.logMetric('loss', step, { step });
  await run.end();
  return run.id;
}

const modelOf = (weights: number, version: number): ModelJSONV1 => ({
  format: 'mloop.model',
  formatVersion: 1,
  kind: 'Bench',
  producer: 'bench',
  params: { version },
  state: { weights: Array.from({ length: weights }, (_, index) => Math.sin(index + version)) },
});
// 1 MB as plain JSON (what `JSON.stringify` of the document gives); the registry stores it packed, in 0.59 MB.
const oneMegabyteModel = (version: number) => modelOf(55_000, version);
// 1 MiB as the registry stores it: 98,304 doubles are 786,432 bytes, 1,048,576 in base64 (1.9 MB as plain JSON).
const oneMegabyteStoredModel = (version: number) => modelOf(98_304, version);

const big = new Uint8Array(50 * 1024 * 1024).map((_, index) => (index * 2654435761) >>> 24);

const mean = (rows: Map<string, { meanMs: number }>, task: string) => rows.get(task)?.meanMs ?? Number.NaN;
console.log(`Node ${process.version}; store in ${root}`);

async function throughput(): Promise<void> {
  const heavy = new Bench({ iterations: 3, time: 0, warmupIterations: 1 });
  heavy.add('sqlite: log 1M points via facade (synchronous=full)', () => logPoints(sqlite('full')));
  heavy.add('sqlite: log 1M points via facade (synchronous=normal)', () => logPoints(sqlite('normal')));
  heavy.add('memory: log 1M points via facade', () => logPoints(memory()));
  heavy.add('sqlite: artifact put + get 50 MB', async () => {
    const mloop = sqlite();
    const info = await mloop.artifacts.put(big);
    await mloop.artifacts.get(info.digest);
    await mloop.close();
  });
  heavy.add('fs: writeFile + fsync-free readFile 50 MB (disk reference)', () => {
    const path = join(root, `raw-${stores++}.bin`);
    writeFileSync(path, big);
    readFileSync(path);
  });
  await runAndReport(here, 'throughput', heavy, (rows) => {
    const full = mean(rows, 'sqlite: log 1M points via facade (synchronous=full)');
    const normal = mean(rows, 'sqlite: log 1M points via facade (synchronous=normal)');
    const mem = mean(rows, 'memory: log 1M points via facade');
    const put = mean(rows, 'sqlite: artifact put + get 50 MB');
    const raw = mean(rows, 'fs: writeFile + fsync-free readFile 50 MB (disk reference)');
    return {
      'sqlite full: points/s [target ≥ 300,000]': (POINTS / full) * 1000,
      'sqlite normal: points/s': (POINTS / normal) * 1000,
      'memory: points/s': (POINTS / mem) * 1000,
      'memory ÷ sqlite full (time ratio)': full / mem,
      'artifact put+get 50 MB: MB/s (both directions)': (100 / put) * 1000,
      'artifact time ÷ raw fs time': put / raw,
    };
  });
}

async function latency(): Promise<void> {
  const light = new Bench({ time: 1000, warmupTime: 200 });
  const historySqlite = sqlite();
  const historyMemory = memory();
  const [sqliteRun, memoryRun] = [
    await runWithHistory(historySqlite, 100_000),
    await runWithHistory(historyMemory, 100_000),
  ];
  light.add('sqlite: getMetricHistory of 100k points', () => historySqlite.tracker.getMetricHistory(sqliteRun, 'loss'));
  light.add('memory: getMetricHistory of 100k points', () => historyMemory.tracker.getMetricHistory(memoryRun, 'loss'));
  const registrySqlite = sqlite();
  const registryMemory = memory();
  for (const mloop of [registrySqlite, registryMemory])
    await mloop.registry.register({ name: 'lookup', model: oneMegabyteModel(0), aliases: ['production'] });
  light.add('sqlite: alias lookup (getVersion by alias)', () =>
    registrySqlite.registry.getVersion('lookup', { alias: 'production' }),
  );
  light.add('memory: alias lookup (getVersion by alias)', () =>
    registryMemory.registry.getVersion('lookup', { alias: 'production' }),
  );
  light.add('sqlite: getMetricColumns of 100k points', () => historySqlite.tracker.getMetricColumns(sqliteRun, 'loss'));
  light.add('memory: getMetricColumns of 100k points', () => historyMemory.tracker.getMetricColumns(memoryRun, 'loss'));
  // Eight distinct documents of each size, built once, so the tasks time registration and not the fixture.
  const models = Array.from({ length: 8 }, (_, index) => oneMegabyteModel(index + 1));
  const storedModels = Array.from({ length: 8 }, (_, index) => oneMegabyteStoredModel(index + 1));
  const serialized = models.map((model) => JSON.stringify(model));
  const registryNormal = sqlite('normal');
  let version = 0;
  const next = () => models[version++ % models.length];
  const nextStored = () => storedModels[version++ % storedModels.length];
  light.add('sqlite: register a 1 MB model (synchronous=full)', () =>
    registrySqlite.registry.register({ name: 'big', model: next() }),
  );
  light.add('sqlite: register a 1 MB model (synchronous=normal)', () =>
    registryNormal.registry.register({ name: 'big', model: next() }),
  );
  light.add('memory: register a 1 MB model', () => registryMemory.registry.register({ name: 'big', model: next() }));
  light.add('sqlite: register a model stored as 1 MiB (synchronous=full)', () =>
    registrySqlite.registry.register({ name: 'bigger', model: nextStored() }),
  );
  light.add('memory: register a model stored as 1 MiB', () =>
    registryMemory.registry.register({ name: 'bigger', model: nextStored() }),
  );
  light.add('floor: JSON.stringify of a 1 MB model', () => JSON.stringify(next()));
  light.add('floor: encodeModelDocument of a 1 MB model', () => encodeModelDocument(next()));
  light.add('floor: artifact put of a 1 MB document (synchronous=full)', () =>
    registrySqlite.artifacts.put(serialized[version++ % 8]),
  );
  await runAndReport(here, 'latency', light, (rows) => ({
    'getMetricHistory 100k: sqlite ms [target < 30]': mean(rows, 'sqlite: getMetricHistory of 100k points'),
    'alias lookup: sqlite µs [target < 50]': mean(rows, 'sqlite: alias lookup (getVersion by alias)') * 1000,
    'getMetricColumns 100k: sqlite ms': mean(rows, 'sqlite: getMetricColumns of 100k points'),
    'register 1 MB model: sqlite full ms [target < 5]': mean(rows, 'sqlite: register a 1 MB model (synchronous=full)'),
    'register 1 MB model: sqlite normal ms': mean(rows, 'sqlite: register a 1 MB model (synchronous=normal)'),
    'register 1 MB: sqlite full ÷ memory':
      mean(rows, 'sqlite: register a 1 MB model (synchronous=full)') / mean(rows, 'memory: register a 1 MB model'),
    'register a model stored as 1 MiB: sqlite full ms [target < 5]': mean(
      rows,
      'sqlite: register a model stored as 1 MiB (synchronous=full)',
    ),
    'register stored 1 MiB: sqlite full ÷ memory':
      mean(rows, 'sqlite: register a model stored as 1 MiB (synchronous=full)') /
      mean(rows, 'memory: register a model stored as 1 MiB'),
    'stored size of the 1 MB model, bytes': encodeModelDocument(models[0]).length,
    'stored size of the 1 MiB model, bytes': encodeModelDocument(storedModels[0]).length,
  }));
  for (const mloop of [historySqlite, historyMemory, registrySqlite, registryNormal, registryMemory])
    await mloop.close();
}

/** Deterministic pseudo-random numbers, so both backends hold the same runs. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// A sweep: every run has a learning rate and an accuracy; one in twenty never logged a loss.
async function populate(tracker: TrackerV1, runs: number): Promise<string> {
  const random = lcg(runs);
  const { id: experimentId } = await tracker.createExperiment({ name: `sweep-${runs}` });
  for (let index = 0; index < runs; index++) {
    const run = await tracker.createRun({ experimentId, startTime: 1_700_000_000_000 + index });
    const metrics = [{ key: 'accuracy', value: random(), step: 0, timestamp: 0 }];
    if (index % 20 !== 0) metrics.push({ key: 'loss', value: random(), step: 0, timestamp: 0 });
    await tracker.logBatch(run.id, {
      params: [{ key: 'lr', value: String(random()) }],
      tags: [{ key: 'sweep', value: 'grid' }],
      metrics,
    });
  }
  return experimentId;
}

const searchQuery: TrackerV1RunQuery = {
  filters: [{ kind: 'metric', key: 'accuracy', op: '>', value: 0.5 }],
  orderBy: { kind: 'metric', key: 'loss', direction: 'asc' },
  pageSize: 100,
};

/** The token that starts the page after the first `skip` matching runs. */
async function tokenAfter(tracker: TrackerV1, skip: number): Promise<string> {
  let token: string | undefined;
  for (let done = 0; done < skip; ) {
    const pageSize = Math.min(10_000, skip - done);
    const page = await tracker.searchRuns!({ ...searchQuery, pageSize, pageToken: token });
    token = page.nextPageToken;
    done += pageSize;
  }
  return token!;
}

async function search(): Promise<void> {
  const bench = new Bench({ iterations: 5, time: 0, warmupIterations: 1 });
  const backends: { close(): Promise<void> }[] = [];
  for (const runs of [10_000, 100_000]) {
    const label = runs.toLocaleString('en-US');
    for (const [name, backend] of [
      ['sqlite', createSqliteBackend({ dir: join(root, String(stores++)), synchronous: 'normal' })],
      ['memory', createMemoryBackend()],
    ] as const) {
      backends.push(backend);
      await populate(backend.tracker, runs);
      const deep = await tokenAfter(backend.tracker, runs / 4);
      bench.add(`${name}: searchRuns over ${label} runs, first page`, () => backend.tracker.searchRuns!(searchQuery));
      bench.add(`${name}: searchRuns over ${label} runs, page after ${(runs / 4).toLocaleString('en-US')}`, () =>
        backend.tracker.searchRuns!({ ...searchQuery, pageToken: deep }),
      );
      if (runs < 100_000) continue;
      // Searches narrowed to a few runs of a big store: one small experiment, a status nobody has.
      const small = await populate(backend.tracker, 10);
      bench.add(`${name}: searchRuns over ${label} runs, one experiment of 10 runs`, () =>
        backend.tracker.searchRuns!({ ...searchQuery, experimentIds: [small] }),
      );
      bench.add(`${name}: searchRuns over ${label} runs, a status no run has`, () =>
        backend.tracker.searchRuns!({ ...searchQuery, statuses: ['failed'] }),
      );
    }
  }
  await runAndReport(here, 'search', bench, (rows) => ({
    'first page, 10,000 runs: sqlite ms': mean(rows, 'sqlite: searchRuns over 10,000 runs, first page'),
    'first page, 100,000 runs: sqlite ms': mean(rows, 'sqlite: searchRuns over 100,000 runs, first page'),
    'deep page, 100,000 runs: sqlite ms': mean(rows, 'sqlite: searchRuns over 100,000 runs, page after 25,000'),
    'first page, 100,000 runs: memory ms': mean(rows, 'memory: searchRuns over 100,000 runs, first page'),
    'one experiment of 10 runs, 100,000 runs: sqlite ms': mean(
      rows,
      'sqlite: searchRuns over 100,000 runs, one experiment of 10 runs',
    ),
    'a status no run has, 100,000 runs: sqlite ms': mean(
      rows,
      'sqlite: searchRuns over 100,000 runs, a status no run has',
    ),
  }));
  for (const backend of backends) await backend.close();
}

if (wanted('throughput')) await throughput();
if (wanted('latency')) await latency();
if (wanted('search')) await search();
rmSync(root, { recursive: true, force: true });
