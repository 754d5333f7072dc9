import { describe, expect, it, vi } from 'vitest';
import { BackendError } from '../errors/backend-error';
import { MemoryArtifactStore } from '../memory/memory-artifact-store';
import { MemoryTracker } from '../memory/memory-tracker';
import type { TrackerV1 } from '../spec/tracker/v1/tracker-v1';
import type { TrackerV1Batch } from '../spec/tracker/v1/tracker-v1-batch';
import { createTracker } from './tracker';

/** A memory tracker that records every batch it receives. */
function recordingTracker(options: { maxBatchSize?: number; nonFiniteMetrics?: boolean } = {}) {
  const inner = new MemoryTracker({ maxBatchSize: options.maxBatchSize ?? 100 });
  const batches: TrackerV1Batch[] = [];
  const backend: TrackerV1 = Object.assign(Object.create(inner), {
    capabilities: { ...inner.capabilities, nonFiniteMetrics: options.nonFiniteMetrics ?? true },
    logBatch: async (runId: string, batch: TrackerV1Batch) => {
      batches.push(batch);
      return inner.logBatch(runId, batch);
    },
  });
  // Methods that read private fields must run on the real instance.
  for (const method of [
    'createExperiment',
    'getExperiment',
    'findExperimentByName',
    'listExperiments',
    'createRun',
    'getRun',
    'updateRun',
    'getMetricHistory',
    'searchRuns',
    'deleteRun',
    'close',
  ] as const) {
    (backend as unknown as Record<string, unknown>)[method] = (inner[method] as (...args: unknown[]) => unknown).bind(
      inner,
    );
  }
  return { backend, batches, inner };
}

describe('Tracker facade', () => {
  it('creates the experiment on first use and reuses it', async () => {
    const { backend } = recordingTracker();
    const tracker = createTracker(backend);
    const a = await tracker.startRun({ experiment: 'shuttle' });
    const b = await tracker.startRun({ experiment: 'shuttle' });
    expect(a.experimentId).toBe(b.experimentId);
    expect((await tracker.listExperiments()).map((experiment) => experiment.name)).toEqual(['shuttle']);
    expect((await a.get()).tags['mloop.sdk.version']).toBeTypeOf('string');
  });

  it('buffers metrics and splits them at maxBatchSize, keeping every point in order', async () => {
    const { backend, batches } = recordingTracker({ maxBatchSize: 100 });
    const tracker = createTracker(backend);
    const run = await tracker.startRun({});
    for (let step = 0; step < 1050; step++) run.logMetric('loss', 1 / (step + 1), { step });
    await run.flush();
    const metricBatches = batches.filter((batch) => batch.metrics);
    expect(metricBatches.every((batch) => (batch.metrics?.length ?? 0) <= 100)).toBe(true);
    const history = await tracker.getMetricHistory(run.id, 'loss');
    expect(history).toHaveLength(1050);
    expect(history.map((point) => point.step)).toEqual(Array.from({ length: 1050 }, (_, index) => index));
  });

  it('flushes on a timer even without an explicit flush', async () => {
    vi.useFakeTimers();
    try {
      const { backend, batches } = recordingTracker();
      const tracker = createTracker(backend, { flushIntervalMs: 50 });
      const run = await tracker.startRun({});
      run.logMetric('m', 1);
      expect(batches.filter((batch) => batch.metrics)).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(60);
      expect(batches.filter((batch) => batch.metrics)).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects bad metric writes at once and buffers nothing from a bad logMetrics call', async () => {
    const { backend } = recordingTracker({ nonFiniteMetrics: false });
    const tracker = createTracker(backend);
    const run = await tracker.startRun({});
    expect(() => run.logMetric('bad name!', 1)).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'metric.key' }),
    );
    expect(() => run.logMetric('m', Number.NaN)).toThrowError(/cannot store non-finite/);
    expect(() => run.logMetric('m', 1, { step: -1 })).toThrowError(expect.objectContaining({ field: 'step' }));
    expect(() => run.logMetric('m', '1' as unknown as number)).toThrowError(/must be a number/);
    expect(() => run.logMetrics({ a: 1, b: Number.POSITIVE_INFINITY })).toThrow();
    await run.flush();
    expect(await tracker.getMetricHistory(run.id, 'a')).toEqual([]);
  });

  it('keeps NaN and ±Infinity when the backend stores them', async () => {
    const tracker = createTracker(new MemoryTracker());
    const run = await tracker.startRun({});
    run.logMetrics({ nan: Number.NaN, inf: Number.POSITIVE_INFINITY }, { step: 3 });
    const stored = await run.end();
    expect(stored.metrics.nan?.value).toBeNaN();
    expect(stored.metrics.inf).toMatchObject({ value: Number.POSITIVE_INFINITY, step: 3 });
  });

  it('surfaces a param conflict as CONFLICT and leaves the first value', async () => {
    const tracker = createTracker(new MemoryTracker());
    const run = await tracker.startRun({ params: { nNeighbors: 20, metric: 'euclidean', scale: true } });
    await run.logParams({ nNeighbors: 20 });
    await expect(run.logParams({ nNeighbors: 35 })).rejects.toMatchObject({
      code: 'CONFLICT',
      entity: 'param',
      id: 'nNeighbors',
    });
    expect((await run.get()).params).toEqual({ nNeighbors: '20', metric: 'euclidean', scale: 'true' });
  });

  it('rejects bad startRun options with a field name', async () => {
    const tracker = createTracker(new MemoryTracker());
    await expect(tracker.startRun({ experiment: '' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'experiment',
    });
    await expect(tracker.startRun({ params: { a: { nested: 1 } as unknown as string } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(await tracker.listExperiments()).toEqual([]);
  });

  it('withRun ends the run failed and rethrows when the function throws', async () => {
    const tracker = createTracker(new MemoryTracker());
    let runId = '';
    await expect(
      tracker.withRun({ experiment: 'x' }, async (run) => {
        runId = run.id;
        run.logMetric('partial', 1);
        throw new Error('training blew up');
      }),
    ).rejects.toThrow('training blew up');
    const run = await tracker.getRun(runId);
    expect(run.status).toBe('failed');
    expect(run.metrics.partial?.value).toBe(1);
    await expect(tracker.withRun({}, async () => 42)).resolves.toBe(42);
  });

  it('reports a failed background flush on the next flush, and end() marks the run failed', async () => {
    const { backend } = recordingTracker({ maxBatchSize: 10 });
    const tracker = createTracker(backend);
    const run = await tracker.startRun({});
    const original = backend.logBatch;
    backend.logBatch = async () => {
      throw new Error('disk full');
    };
    for (let index = 0; index < 10; index++) run.logMetric('m', index);
    await expect(run.flush()).rejects.toSatisfy((error: unknown) => BackendError.isInstance(error));
    backend.logBatch = original;
    run.logMetric('m', 99);
    await expect(run.end()).resolves.toMatchObject({ status: 'finished' });
  });

  it('writes after end() are refused', async () => {
    const tracker = createTracker(new MemoryTracker());
    const run = await tracker.startRun({});
    await run.end();
    expect(() => run.logMetric('m', 1)).toThrowError(/has ended/);
    await expect(run.end()).resolves.toMatchObject({ status: 'finished' });
  });

  it('logs datasets and artifacts as run inputs and records', async () => {
    const artifacts = new MemoryArtifactStore();
    const tracker = createTracker(new MemoryTracker(), { artifacts });
    const run = await tracker.startRun({});
    const dataset = {
      specificationVersion: 'v1' as const,
      name: 'd',
      schema: {},
      columnNames: [],
      nRows: 0,
      digest: 'f'.repeat(64),
      column: () => [],
    };
    await run.logDataset(dataset, 'train');
    const ref = await run.logArtifact('report.json', '{"a":1}');
    expect(ref).toMatchObject({ name: 'report.json', mediaType: 'application/json', size: 7 });
    await expect(run.logArtifact('../escape', 'x')).rejects.toMatchObject({ field: 'name' });
    const stored = await run.end();
    expect(stored.inputs).toEqual([{ name: 'd', digest: 'f'.repeat(64), nRows: 0, schema: {}, context: 'train' }]);
    expect(new TextDecoder().decode(await artifacts.get(ref.digest))).toBe('{"a":1}');
  });

  it('searches by experiment name and walks pages', async () => {
    const tracker = createTracker(new MemoryTracker());
    for (let index = 0; index < 5; index++) {
      const run = await tracker.startRun({ experiment: 'a' });
      run.logMetric('f1', index / 10);
      await run.end();
    }
    await tracker.startRun({ experiment: 'b' });
    const found = [];
    for await (const run of tracker.iterateRuns({
      experiments: ['a'],
      pageSize: 2,
      orderBy: { kind: 'metric', key: 'f1' },
    }))
      found.push(run);
    expect(found.map((run) => run.metrics.f1?.value)).toEqual([0.4, 0.3, 0.2, 0.1, 0]);
    expect((await tracker.searchRuns({ experiments: ['missing'] })).items).toEqual([]);
  });

  it('refuses a backend of an unknown spec version', () => {
    expect(() => createTracker({ specificationVersion: 'v9' } as unknown as TrackerV1)).toThrowError(
      expect.objectContaining({ code: 'UNSUPPORTED_SPEC_VERSION', accepted: ['v1'] }),
    );
  });
});
