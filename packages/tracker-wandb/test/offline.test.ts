import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMloop, type DatasetV1Ref } from '@mloop/core';
import { describe, expect, it, vi } from 'vitest';
import { createWandbBackend, readJournal, syncOfflineRuns, type WandbBackend } from '../src/index';
import type { FakeWandbServer } from './fake-wandb-server';
import { backendFor, FAST, fakeServer, tempDir } from './helpers';

const here = dirname(fileURLToPath(import.meta.url));
const T0 = 1_767_225_600_000;

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

/** The same work, online or offline: two runs, params, tags, metrics (NaN included), an artifact, a dataset input, a registry with alias moves. */
async function scenario(backend: WandbBackend): Promise<void> {
  const mloop = createMloop({ backend, now: () => T0, tracking: { flushIntervalMs: 5 } });
  const train = await mloop.tracker.startRun({
    experiment: 'churn',
    name: 'train',
    params: { lr: 0.1 },
    tags: { team: 'ml' },
  });
  for (let step = 0; step < 300; step++) {
    train.logMetrics({ loss: 1 / (step + 1), acc: step / 300 }, { step, timestamp: T0 + step * 100 });
  }
  train.logMetric('odd', Number.NaN, { step: 300, timestamp: T0 + 30_000 });
  await train.logArtifact('reports/summary.html', '<h1>report</h1>', { mediaType: 'text/html' });
  const dataset: DatasetV1Ref = {
    name: 'customers',
    digest: 'd'.repeat(64),
    nRows: 10,
    schema: { columns: [] } as never,
    context: 'train',
  };
  await backend.tracker.logBatch(train.id, { inputs: [dataset] });
  const model = await backend.artifacts.put(JSON.stringify({ format: 'mloop.model', weights: [1, 2, 3] }));
  await backend.registry.createModel({ name: 'churn-model' });
  await backend.registry.createVersion({
    model: 'churn-model',
    artifactDigest: model.digest,
    modelKind: 'Fake',
    runId: train.id,
  });
  await backend.registry.setAlias('churn-model', 'production', 1);
  await train.end();
  const second = await mloop.tracker.startRun({ experiment: 'churn', name: 'retrain' });
  for (let step = 0; step < 120; step++) second.logMetric('loss', 2 / (step + 1), { step, timestamp: T0 + step * 100 });
  const better = await backend.artifacts.put(JSON.stringify({ format: 'mloop.model', weights: [4, 5, 6] }));
  await backend.registry.createVersion({
    model: 'churn-model',
    artifactDigest: better.digest,
    modelKind: 'Fake',
    runId: second.id,
  });
  await backend.registry.setAlias('churn-model', 'staging', 2);
  await backend.registry.setAlias('churn-model', 'production', 2);
  await backend.registry.deleteAlias('churn-model', 'staging');
  await second.end('failed');
  await mloop.close();
}

/** The server state without the ids that are random per process (mloop's run ids). */
function normalized(server: FakeWandbServer): unknown {
  const snapshot = server.snapshot() as {
    runs: { config: Record<string, unknown> }[];
    artifacts: { metadata: { mloop?: Record<string, unknown> } }[];
  };
  for (const run of snapshot.runs) {
    const mloop = run.config._mloop as Record<string, unknown>;
    run.config._mloop = { ...mloop, runId: '<random>' };
  }
  for (const artifact of snapshot.artifacts) {
    if (artifact.metadata.mloop) artifact.metadata.mloop = { ...artifact.metadata.mloop, runId: '<random>' };
  }
  return snapshot;
}

function offlineBackend(dir: string, extra: Record<string, unknown> = {}): WandbBackend {
  return createWandbBackend({
    project: 'mloop-test',
    mode: 'offline',
    dir,
    random: seeded(7),
    flushOnExit: false,
    ...extra,
  });
}

function journals(dir: string): string[] {
  return readdirSync(dir)
    .filter((entry) => entry.startsWith('offline-run-'))
    .sort()
    .flatMap((entry) =>
      readdirSync(join(dir, entry))
        .filter((file) => file.endsWith('.jsonl'))
        .map((file) => join(dir, entry, file)),
    );
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

describe('offline mode and sync', () => {
  it('journals with a checksum per record, never writes the key, and syncs to the same state as the online path', async () => {
    const onlineServer = await fakeServer();
    await scenario(backendFor(onlineServer, { random: seeded(7) }));

    const dir = tempDir();
    vi.stubEnv('WANDB_API_KEY', onlineServer.apiKey);
    await scenario(offlineBackend(dir, { apiKey: onlineServer.apiKey }));
    vi.unstubAllEnvs();
    const files = walk(dir);
    expect(journals(dir).length).toBe(2);
    for (const file of files) {
      const text = readFileSync(file).toString('latin1');
      expect(text).not.toContain(onlineServer.apiKey);
      expect(text).not.toContain(Buffer.from(`api:${onlineServer.apiKey}`).toString('base64'));
    }
    for (const journal of journals(dir)) {
      const contents = readJournal(journal);
      expect(contents.damage).toBeUndefined();
      for (const line of readFileSync(journal, 'utf8').trim().split('\n'))
        expect(line).toMatch(/^\{"c":"[0-9a-f]{8}","r":\{/);
    }

    const offlineServer = await fakeServer();
    const report = await syncOfflineRuns(dir, {
      apiKey: offlineServer.apiKey,
      baseUrl: offlineServer.url,
      ...FAST,
      warn: () => {},
    });
    expect(report.ok).toBe(true);
    expect(report.runs.map((run) => run.status)).toEqual(['synced', 'synced']);
    expect(report.registryRecords).toBe(6);
    expect(normalized(offlineServer)).toEqual(normalized(onlineServer));
    const production = offlineServer.portfolio('churn-model');
    expect(production?.versions.length).toBe(2);
    expect(production?.aliases.get('production')).toBe(production?.versions[1]);
    expect(production?.aliases.has('staging')).toBe(false);
  }, 60_000);

  it('sync twice, or again after a sync that failed half-way, stores each point exactly once', async () => {
    const dir = tempDir();
    await scenario(offlineBackend(dir));
    const server = await fakeServer();
    const options = { apiKey: server.apiKey, baseUrl: server.url, ...FAST, warn: () => {} };
    // A flaky network and a client that gives up quickly: some runs are left half-uploaded.
    server.chaos({
      rate: 0.5,
      seed: 3,
      faults: [
        { kind: 'drop', when: 'after' },
        { kind: 'status', status: 503 },
      ],
    });
    const broken = await syncOfflineRuns(dir, {
      ...options,
      retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 1 },
      fileStreamRetry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 1 },
      transmitIntervalMs: 0,
      maxRequestBytes: 2048,
    });
    expect(broken.ok).toBe(false);
    expect(broken.runs.some((run) => run.status === 'failed')).toBe(true);
    server.chaos(undefined);
    const first = await syncOfflineRuns(dir, options);
    expect(first.ok).toBe(true);
    const once = server.snapshot();
    const again = await syncOfflineRuns(dir, options);
    expect(again.runs.map((run) => run.status)).toEqual(['already-synced', 'already-synced']);
    const forced = await syncOfflineRuns(dir, { ...options, force: true });
    expect(forced.ok).toBe(true);
    expect(server.snapshot()).toEqual(once);
    const [trainRun] = (once as { runs: { name: string; history: { loss?: number }[] }[] }).runs.filter(
      (run) => run.history.length === 301,
    );
    expect(trainRun).toBeDefined();
    const losses = trainRun?.history.map((row) => row.loss).filter((loss) => loss !== undefined);
    expect(losses).toEqual(Array.from({ length: 300 }, (_, step) => 1 / (step + 1)));
  }, 60_000);

  it('a journal cut at a random byte syncs every record before the cut and reports the rest', async () => {
    const random = seeded(99);
    for (let trial = 0; trial < 6; trial++) {
      const dir = tempDir();
      const backend = offlineBackend(dir);
      const experiment = await backend.tracker.createExperiment({ name: 'cut' });
      const run = await backend.tracker.createRun({ experimentId: experiment.id });
      for (let batch = 0; batch < 20; batch++) {
        const metrics = Array.from({ length: 10 }, (_, index) => ({
          key: 'm',
          value: batch * 10 + index,
          step: batch * 10 + index,
          timestamp: T0,
        }));
        await backend.tracker.logBatch(run.id, { metrics });
      }
      await backend.tracker.updateRun(run.id, { status: 'finished' });
      await backend.close();
      const [journal] = journals(dir);
      const bytes = readFileSync(journal as string);
      // Trial 0 cuts exactly at a line boundary; the others at random bytes after the run record.
      const firstLineEnd = bytes.indexOf(0x0a) + 1;
      const lineEnds = [...bytes.entries()].filter(([, byte]) => byte === 0x0a).map(([index]) => index + 1);
      const cut =
        trial === 0 ? (lineEnds[5] as number) : firstLineEnd + Math.floor(random() * (bytes.length - firstLineEnd - 1));
      truncateSync(journal as string, cut);
      const kept = readJournal<{ t: string; rows?: string[] }>(journal as string);
      const expectedRows = kept.records
        .filter((record) => record.t === 'history')
        .reduce((sum, record) => sum + (record.rows?.length ?? 0), 0);
      const server = await fakeServer();
      const report = await syncOfflineRuns(dir, {
        apiKey: server.apiKey,
        baseUrl: server.url,
        ...FAST,
        warn: () => {},
      });
      const [result] = report.runs;
      expect(report.ok).toBe(false);
      const wandbRun = server.run(backend.tracker.wandbRunId(run.id) as string);
      expect(server.history(wandbRun.name).map((row) => row.m)).toEqual(
        Array.from({ length: expectedRows }, (_, index) => index),
      );
      expect(wandbRun.complete).toBe(false);
      if (cut === lineEnds.find((end) => end === cut)) {
        expect(result?.status).toBe('incomplete');
        expect(result?.message).toMatch(/no exit record/);
      } else {
        expect(result?.status).toBe('damaged');
        expect(result?.damage?.byteOffset).toBe(lineEnds.filter((end) => end < cut).at(-1));
        expect(result?.damage?.unreadBytes).toBe(cut - (result?.damage?.byteOffset ?? 0));
        expect(result?.message).toMatch(/damaged at byte \d+ \(line \d+\)/);
        expect(result?.message).toMatch(/were not/);
      }
    }
  }, 60_000);

  it('a corrupted byte in the middle stops replay at that record, with the checksum named', async () => {
    const dir = tempDir();
    const backend = offlineBackend(dir);
    const experiment = await backend.tracker.createExperiment({ name: 'flip' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    for (let step = 0; step < 10; step++) {
      await backend.tracker.logBatch(run.id, { metrics: [{ key: 'm', value: step, step, timestamp: T0 }] });
    }
    await backend.tracker.updateRun(run.id, { status: 'finished' });
    await backend.close();
    const [journal] = journals(dir);
    const bytes = readFileSync(journal as string);
    const lineEnds = [...bytes.entries()].filter(([, byte]) => byte === 0x0a).map(([index]) => index + 1);
    // Flip a digit inside the 6th record (a history record), keeping the JSON valid.
    const target = bytes.indexOf('"rows"', lineEnds[4]);
    const digit = bytes.indexOf('"m\\":', target) + 6;
    bytes[digit] = bytes[digit] === 0x31 ? 0x32 : 0x31;
    writeFileSync(journal as string, bytes);
    const server = await fakeServer();
    const report = await syncOfflineRuns(dir, { apiKey: server.apiKey, baseUrl: server.url, ...FAST, warn: () => {} });
    expect(report.runs[0]?.status).toBe('damaged');
    expect(report.runs[0]?.damage?.reason).toMatch(/checksum mismatch/);
    expect(report.runs[0]?.damage?.line).toBe(6);
  });

  it('skips and reports a journal that is not one, and goes on with the others', async () => {
    const dir = tempDir();
    const backend = offlineBackend(dir);
    const experiment = await backend.tracker.createExperiment({ name: 'ok' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id, startTime: T0 + 1000 });
    await backend.tracker.updateRun(run.id, { status: 'finished' });
    await backend.close();
    const bogus = join(dir, 'offline-run-20000101_000000-zzzzzzzz');
    mkdirSync(bogus);
    writeFileSync(join(bogus, 'run-zzzzzzzz.jsonl'), 'this is not a journal\n');
    const server = await fakeServer();
    const report = await syncOfflineRuns(dir, { apiKey: server.apiKey, baseUrl: server.url, ...FAST, warn: () => {} });
    expect(report.runs.map((entry) => entry.status)).toEqual(['damaged', 'synced']);
    expect(report.runs[0]?.message).toMatch(/nothing synced/);
  });

  it('a sync killed half-way (SIGKILL) and run again stores each point exactly once', async () => {
    const dir = tempDir();
    await scenario(offlineBackend(dir));
    const server = await fakeServer();
    // Slow answers stretch the child's sync, so the kill lands in the middle even on a busy machine.
    server.inject({ route: 'file_stream', fault: { kind: 'slow', ms: 40 }, times: 10_000 });
    const child = spawn(
      process.execPath,
      ['--conditions=@mloop/source', '--import', 'tsx', join(here, 'fixtures', 'sync-child.ts'), dir, server.url],
      {
        cwd: join(here, '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, WANDB_API_KEY: server.apiKey },
      },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill it once some history has arrived, long before the ~30 requests the sync needs.
    await vi.waitFor(
      () => {
        const lines = [...server.runs.values()].reduce(
          (sum, run) => sum + (run.files.get('wandb-history.jsonl')?.size ?? 0),
          0,
        );
        expect(lines).toBeGreaterThan(40);
      },
      { timeout: 20_000, interval: 2 },
    );
    child.kill('SIGKILL');
    await exited;
    server.clearFaults();
    const partial = [...server.runs.values()];
    expect(partial.some((run) => !run.complete)).toBe(true);
    const report = await syncOfflineRuns(dir, { apiKey: server.apiKey, baseUrl: server.url, ...FAST, warn: () => {} });
    expect(report.ok).toBe(true);
    const reference = await fakeServer();
    await syncOfflineRuns(dir, {
      apiKey: reference.apiKey,
      baseUrl: reference.url,
      ...FAST,
      warn: () => {},
      force: true,
    });
    expect(server.snapshot()).toEqual(reference.snapshot());
  }, 60_000);
});
