/**
 * Core benchmarks (issue targets in brackets): CSV load + digest of shuttle-odds.csv [< 150 ms];
 * the tracker facade logging 1,000,000 metric points into the memory backend [≥ 1,000,000
 * points/s], next to the same points sent straight to the backend.
 *
 * Run: `pnpm run bench` in this package (or `pnpm run bench` at the root). Benchmarks are not
 * tests: nothing here asserts a timing.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { runAndReport } from '../../../scripts/bench-report';
import { registerDatasetBenchmarks } from './dataset.bench';
import { registerTrackerBenchmarks, TRACKER_POINTS } from './tracker.bench';

const here = dirname(fileURLToPath(import.meta.url));

const datasets = new Bench({ time: 2000, warmupTime: 500 });
registerDatasetBenchmarks(datasets);
await runAndReport(here, 'dataset', datasets, (rows): Record<string, number> => {
  const load = rows.get('dataset: shuttle-odds.csv (49,097 rows) parse + digest');
  return load
    ? { 'CSV load + digest, mean (ms) [target < 150]': load.meanMs, 'rows/s': 49_097 / (load.meanMs / 1000) }
    : {};
});

const tracker = new Bench({ iterations: 5, time: 0, warmupIterations: 1 });
registerTrackerBenchmarks(tracker);
await runAndReport(here, 'tracker', tracker, (rows): Record<string, number> => {
  const facade = rows.get('tracker facade: 1M metric points (memory)');
  const backend = rows.get('memory backend logBatch: 1M points (no facade)');
  if (!facade || !backend) return {};
  return {
    'facade points/s [target ≥ 1,000,000]': TRACKER_POINTS / (facade.meanMs / 1000),
    'backend-only points/s': TRACKER_POINTS / (backend.meanMs / 1000),
    'facade overhead (ns/point)': ((facade.meanMs - backend.meanMs) * 1e6) / TRACKER_POINTS,
  };
});
