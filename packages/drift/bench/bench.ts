/**
 * @mloop/drift benchmarks (issue targets in brackets, ratios printed as `… / target`):
 * Evidently-default report on 50k reference × 50k current rows × 20 mixed columns [< 250 ms],
 * the same from a stored reference profile, KS on 1M vs 1M values [< 400 ms], ADWIN
 * [≥ 2M updates/s], Page–Hinkley [≥ 20M updates/s], peak RSS of the 50k report [< 150 MB], and,
 * with DRIFT_BENCH_SCALE=1, 1M × 1M rows × 100 numeric columns [< 20 s] on one thread and over
 * DRIFT_BENCH_WORKERS worker threads (default 2).
 *
 * Run: `pnpm run bench` in this package (or `pnpm run bench` at the root);
 * `DRIFT_BENCH_SCALE=1 pnpm run bench` adds the scale run (about a minute and 3 GB of memory).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { build } from 'tsup';
import { runAndReport } from '../../../scripts/bench-report';
import {
  Adwin,
  createDriftReport,
  DataDriftDetector,
  dataDriftInWorkers,
  ksTestSorted,
  PageHinkley,
  sortFloat64,
} from '../src/index';
import { mixedTable, normals, numericTable } from './data';

const here = dirname(fileURLToPath(import.meta.url));

const reference = mixedTable(50_000, 20, 1, false);
const current = mixedTable(50_000, 20, 2, true);
const stored = JSON.parse(JSON.stringify(new DataDriftDetector().fit(reference).toJSON()));
const fromProfile = DataDriftDetector.fromJSON(stored);
const ksA = normals(1_000_000, 5);
const ksB = normals(1_000_000, 6, 0.01);
const ksProfile = sortFloat64(Float64Array.from(ksA));
const stream = normals(2_000_000, 7);
const ADWIN_UPDATES = 2_000_000;
const PH_UPDATES = 2_000_000;

const bench = new Bench({ iterations: 10, time: 0, warmupIterations: 2 });
bench.add('report 50k×50k×20 mixed: fit + test + JSON report', () => {
  createDriftReport(new DataDriftDetector().fit(reference).test(current));
});
bench.add('report 50k×20 from a stored reference profile: test + JSON report', () => {
  createDriftReport(fromProfile.test(current));
});
bench.add('KS 1M vs 1M: sort both + D + p-value', () => {
  ksTestSorted(sortFloat64(Float64Array.from(ksA)), sortFloat64(Float64Array.from(ksB)));
});
bench.add('KS 1M vs stored 1M profile: sort current + D + p-value', () => {
  ksTestSorted(ksProfile, sortFloat64(Float64Array.from(ksB)));
});
bench.add('ADWIN 2M updates', () => {
  const adwin = new Adwin();
  for (let i = 0; i < ADWIN_UPDATES; i++) adwin.update(stream[i] as number);
});
bench.add('Page–Hinkley 2M updates', () => {
  const ph = new PageHinkley();
  for (let i = 0; i < PH_UPDATES; i++) ph.update(stream[i] as number);
});

// Peak RSS in a fresh plain-node process running memory.ts bundled as the built package would be
// (tsx's on-the-fly compilation alone adds about 60 MB to a process).
const memoryDir = mkdtempSync(join(tmpdir(), 'mloop-drift-bench-'));
await build({
  config: false,
  entry: { memory: join(here, 'memory.ts') },
  outDir: memoryDir,
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  noExternal: [/.*/],
  silent: true,
  esbuildOptions(options) {
    options.conditions = ['@mloop/source'];
  },
});
const memory = JSON.parse(
  execFileSync(process.execPath, [join(memoryDir, 'memory.js')], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop() as string,
) as { baselineMB: number; peakMB: number; htmlBytes: number };
rmSync(memoryDir, { recursive: true, force: true });

/**
 * Mean CPU time (user + system, all threads of this process) of `fn`, after one warm-up. On a
 * machine shared with other jobs wall time mostly measures waiting; CPU time is what one core
 * would need.
 */
function cpuMs(fn: () => void, repetitions: number): number {
  fn();
  const start = process.cpuUsage();
  for (let r = 0; r < repetitions; r++) fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / repetitions;
}

const cpu = {
  report: cpuMs(() => createDriftReport(new DataDriftDetector().fit(reference).test(current)), 10),
  ks: cpuMs(() => ksTestSorted(sortFloat64(Float64Array.from(ksA)), sortFloat64(Float64Array.from(ksB))), 10),
  adwin: cpuMs(() => {
    const adwin = new Adwin();
    for (let i = 0; i < ADWIN_UPDATES; i++) adwin.update(stream[i] as number);
  }, 3),
  pageHinkley: cpuMs(() => {
    const ph = new PageHinkley();
    for (let i = 0; i < PH_UPDATES; i++) ph.update(stream[i] as number);
  }, 5),
};

interface ScaleFigures {
  scaleSingleSeconds?: number;
  scaleSingleCpuSeconds?: number;
  scaleWorkersSeconds?: number;
  scaleWorkers?: number;
  scaleDriftedColumns?: number;
}
const scale: ScaleFigures = {};
if (process.env.DRIFT_BENCH_SCALE === '1') {
  const workers = Number(process.env.DRIFT_BENCH_WORKERS ?? 2);
  const ref = numericTable(1_000_000, 100, 11, 0);
  const cur = numericTable(1_000_000, 100, 12, 0.2);
  let t0 = performance.now();
  const cpuStart = process.cpuUsage();
  const result = new DataDriftDetector().fit(ref).test(cur);
  const cpuUsed = process.cpuUsage(cpuStart);
  scale.scaleSingleSeconds = (performance.now() - t0) / 1000;
  scale.scaleSingleCpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
  scale.scaleDriftedColumns = result.numberOfDriftedColumns;
  t0 = performance.now();
  await dataDriftInWorkers(ref, cur, { workers });
  scale.scaleWorkersSeconds = (performance.now() - t0) / 1000;
  scale.scaleWorkers = workers;
}

await runAndReport(here, 'drift', bench, (rows) => {
  const ms = (name: string) => rows.get(name)?.meanMs ?? Number.NaN;
  const report = ms('report 50k×50k×20 mixed: fit + test + JSON report');
  const ks = ms('KS 1M vs 1M: sort both + D + p-value');
  const adwinPerSecond = ADWIN_UPDATES / (ms('ADWIN 2M updates') / 1000);
  const phPerSecond = PH_UPDATES / (ms('Page–Hinkley 2M updates') / 1000);
  return {
    'report 50k×20 ms / 250 ms target': report / 250,
    'report 50k×20 CPU ms': cpu.report,
    'report CPU ms / 250 ms target': cpu.report / 250,
    'KS 1M vs 1M CPU ms': cpu.ks,
    'ADWIN updates per CPU second': ADWIN_UPDATES / (cpu.adwin / 1000),
    'Page–Hinkley updates per CPU second': PH_UPDATES / (cpu.pageHinkley / 1000),
    'KS 1M vs 1M ms / 400 ms target': ks / 400,
    'ADWIN updates/s': adwinPerSecond,
    'ADWIN updates/s / 2M target': adwinPerSecond / 2e6,
    'Page–Hinkley updates/s': phPerSecond,
    'Page–Hinkley updates/s / 20M target': phPerSecond / 2e7,
    'peak RSS of the 50k report (MB)': memory.peakMB,
    'RSS of the same process before any data (MB)': memory.baselineMB,
    'peak RSS MB / 150 MB target': memory.peakMB / 150,
    'HTML report bytes (20 columns)': memory.htmlBytes,
    ...(scale.scaleSingleSeconds !== undefined
      ? {
          'scale 1M×1M×100 one thread (s)': scale.scaleSingleSeconds,
          'scale one thread s / 20 s target': scale.scaleSingleSeconds / 20,
          'scale 1M×1M×100 one thread, CPU (s)': scale.scaleSingleCpuSeconds as number,
          'scale CPU s / 20 s target': (scale.scaleSingleCpuSeconds as number) / 20,
          [`scale 1M×1M×100 over ${scale.scaleWorkers} workers (s)`]: scale.scaleWorkersSeconds as number,
          'scale drifted columns (of 100)': scale.scaleDriftedColumns as number,
        }
      : { 'scale 1M×1M×100': 'skipped (set DRIFT_BENCH_SCALE=1)' }),
  };
});
