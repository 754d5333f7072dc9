/**
 * Shared benchmark reporting for every package's `bench/`: runs a tinybench `Bench`, prints a
 * table, compares with the previous run, and writes JSON to `bench/results/<suite>-<date>.json`
 * and `bench/results/<suite>-latest.json`. Benchmarks are not tests: nothing here asserts a timing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Bench } from 'tinybench';

/** One measured task. */
export interface BenchRow {
  /** Task name. */
  readonly task: string;
  /** Iterations measured. */
  readonly samples: number;
  /** Mean latency, ms. */
  readonly meanMs: number;
  /** Median latency, ms. */
  readonly p50Ms: number;
  /** 99th percentile latency, ms. */
  readonly p99Ms: number;
  /** Operations per second (1000 / mean). */
  readonly opsPerSecond: number;
}

/** Runs `bench` and reports it; `derived` adds computed figures (throughputs, ratios) to the JSON and the printout. */
export async function runAndReport(
  benchDir: string,
  suite: string,
  bench: Bench,
  derived: (rows: Map<string, BenchRow>) => Record<string, number | string> = () => ({}),
): Promise<{ rows: BenchRow[]; derived: Record<string, number | string> }> {
  console.log(`\n${suite}`);
  await bench.run();
  const rows: BenchRow[] = [];
  for (const task of bench.tasks) {
    const result = task.result as {
      state: string;
      latency?: { mean: number; p50: number; p99: number; samplesCount: number };
      error?: Error;
    };
    if (result.state === 'errored') throw result.error ?? new Error(`benchmark task ${task.name} failed`);
    if (!result.latency) continue;
    rows.push({
      task: task.name,
      samples: result.latency.samplesCount,
      meanMs: result.latency.mean,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      opsPerSecond: 1000 / result.latency.mean,
    });
  }
  const byName = new Map(rows.map((row) => [row.task, row]));
  const figures = derived(byName);
  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const latestPath = join(resultsDir, `${suite}-latest.json`);
  const previous = existsSync(latestPath)
    ? (JSON.parse(readFileSync(latestPath, 'utf8')) as { rows?: BenchRow[] })
    : undefined;
  const previousByName = new Map((previous?.rows ?? []).map((row) => [row.task, row]));
  console.table(
    rows.map((row) => {
      const before = previousByName.get(row.task);
      return {
        task: row.task,
        samples: row.samples,
        'mean (ms)': round(row.meanMs),
        'p50 (ms)': round(row.p50Ms),
        'p99 (ms)': round(row.p99Ms),
        'ops/s': round(row.opsPerSecond),
        'vs previous run': before
          ? `${round(before.meanMs / row.meanMs)}× ${before.meanMs >= row.meanMs ? 'faster' : 'slower'}`
          : '—',
      };
    }),
  );
  if (Object.keys(figures).length > 0)
    console.table(
      Object.entries(figures).map(([figure, value]) => ({
        figure,
        value: typeof value === 'number' ? round(value) : value,
      })),
    );
  const report = {
    suite,
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    rows,
    derived: figures,
  };
  const text = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(resultsDir, `${suite}-${report.date.replaceAll(':', '-')}.json`), text);
  writeFileSync(latestPath, text);
  return { rows, derived: figures };
}

function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 4;
  return Number(value.toFixed(digits));
}
