/**
 * Outlier-detector benchmarks, printed next to scikit-learn 1.2.1's timings from
 * `test-vectors/models.json` ("timings", measured on the same kind of 2-core machine):
 * LocalOutlierFactor (nNeighbors 20) fit on shuttle-odds (49,097 × 9) [faster than sklearn],
 * IsolationForest (100 trees, 256 samples) fit + scoreSamples on shuttle-odds [faster than
 * sklearn], and the peak RSS of the process after the LOF runs [< 300 MB].
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Matrix } from '@mloop/core';
import { sharedPath } from '@mloop/core/testing';
import { Bench } from 'tinybench';
import { runAndReport } from '../../../scripts/bench-report';
import { IsolationForest, LocalOutlierFactor } from '../src/index';

function readShuttleOdds(): Matrix {
  const lines = readFileSync(sharedPath('data/shuttle/shuttle-odds.csv'), 'utf8').trim().split('\n').slice(1);
  const data = new Float64Array(lines.length * 9);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    for (let j = 0; j < 9; j++) data[i * 9 + j] = Number(cells[j]);
  });
  return { rows: lines.length, cols: 9, data };
}

/** Runs the LOF and IsolationForest suite and writes `bench/results/outliers-latest.json`. */
export async function runOutlierBench(benchDir: string): Promise<void> {
  const timings = JSON.parse(readFileSync(sharedPath('test-vectors/models.json'), 'utf8')).timings as Record<
    string,
    { medianSeconds: number }
  >;
  const x = readShuttleOdds();
  const lofTask = 'LocalOutlierFactor(nNeighbors=20).fit(shuttle-odds)';
  const forestTask = 'IsolationForest(100 trees, 256 samples).fit + scoreSamples(shuttle-odds)';

  // CPU time per run as well as wall time: on a shared machine the wall clock also counts the
  // time other processes held the cores, CPU time much less so.
  const cpu = { lof: [] as number[], forest: [] as number[] };
  const timed = (into: number[], work: () => void) => () => {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    into.push((used.user + used.system) / 1e6);
  };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

  const lof = new Bench({ iterations: 5, time: 0, warmupIterations: 1 });
  lof.add(
    lofTask,
    timed(cpu.lof, () => {
      new LocalOutlierFactor({ nNeighbors: 20 }).fit(x);
    }),
  );
  let lofPeakRssMb = 0;
  await runAndReport(benchDir, 'outliers-lof', lof, (rows) => {
    // maxRSS is in kilobytes: the high-water mark of the whole process so far (data + LOF runs).
    lofPeakRssMb = process.resourceUsage().maxRSS / 1024;
    const ours = (rows.get(lofTask)?.p50Ms ?? Number.NaN) / 1000;
    const sklearn = timings.lof_fit_shuttle_k20.medianSeconds;
    return {
      'LOF fit median (s)': ours,
      'sklearn LOF fit median (s)': sklearn,
      'speed-up vs sklearn (×)': sklearn / ours,
      'LOF fit median CPU time (s)': median(cpu.lof),
      'speed-up vs sklearn, CPU time (×)': sklearn / median(cpu.lof),
      'peak RSS after LOF runs (MB)': lofPeakRssMb,
      'peak RSS target (MB)': 300,
    };
  });

  const forest = new Bench({ iterations: 10, time: 0, warmupIterations: 2 });
  let seed = 0;
  forest.add(
    forestTask,
    timed(cpu.forest, () => {
      new IsolationForest({ nEstimators: 100, maxSamples: 256, seed: seed++ }).fit(x).scoreSamples(x);
    }),
  );
  await runAndReport(benchDir, 'outliers-iforest', forest, (rows) => {
    const ours = (rows.get(forestTask)?.p50Ms ?? Number.NaN) / 1000;
    const sklearn = timings.iforest_fit_score_shuttle.medianSeconds;
    return {
      'IsolationForest fit + score median (s)': ours,
      'sklearn fit + score_samples median (s)': sklearn,
      'speed-up vs sklearn (×)': sklearn / ours,
      'fit + score median CPU time (s)': median(cpu.forest),
      'speed-up vs sklearn, CPU time (×)': sklearn / median(cpu.forest),
      'load average (1 min) at the end': loadavg()[0],
    };
  });
}
