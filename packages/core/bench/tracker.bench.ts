import type { Bench } from 'tinybench';
import { createMemoryTracker } from '../src/memory/memory-tracker';
import type { TrackerV1Metric } from '../src/spec/tracker/v1/tracker-v1-metric';
import { createTracker } from '../src/tracking/tracker';

/** Points logged per benchmark iteration. */
export const TRACKER_POINTS = 1_000_000;
const KEYS = ['loss', 'accuracy', 'f1', 'precision', 'recall'];

/** Logs 1,000,000 points through the facade (validate, buffer, split, flush) into the memory backend. */
async function facadeRun(): Promise<void> {
  const tracker = createTracker(createMemoryTracker({ maxBatchSize: 10_000 }));
  const run = await tracker.startRun({ experiment: 'bench' });
  for (let index = 0; index < TRACKER_POINTS; index++) run.logMetric(KEYS[index % 5], index * 1e-6, { step: index });
  await run.end();
}

/** The same points sent straight to the backend in batches of 10,000: the floor the facade adds to. */
async function backendRun(): Promise<void> {
  const backend = createMemoryTracker({ maxBatchSize: 10_000 });
  const experiment = await backend.createExperiment({ name: 'bench' });
  const run = await backend.createRun({ experimentId: experiment.id });
  const now = Date.now();
  for (let start = 0; start < TRACKER_POINTS; start += 10_000) {
    const metrics: TrackerV1Metric[] = new Array(10_000);
    for (let offset = 0; offset < 10_000; offset++) {
      const index = start + offset;
      metrics[offset] = { key: KEYS[index % 5], value: index * 1e-6, step: index, timestamp: now };
    }
    await backend.logBatch(run.id, { metrics });
  }
}

/**
 * Registers the tracker benchmarks: 1,000,000 metric points through the facade and straight to
 * the memory backend. Target: the facade sustains ≥ 1,000,000 points/s.
 */
export function registerTrackerBenchmarks(bench: Bench): void {
  bench.add('tracker facade: 1M metric points (memory)', facadeRun);
  bench.add('memory backend logBatch: 1M points (no facade)', backendRun);
}

export { backendRun as benchTrackerBackend, facadeRun as benchTrackerFacade };
