/**
 * Dashboard performance: the runs page over 10,000 runs (server-side paging, default and metric
 * order) and a 100,000-point metric chart (downsampled server-side with LTTB), measured at the
 * API and, when Chromium is installed, end to end in the browser.
 *
 * Run: `pnpm run bench` in packages/cli. The store is built once into bench/.cache (about a
 * minute) and reused.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createMloop } from '@mloop/core';
import { modelKinds } from '@mloop/models';
import { createSqliteBackend } from '@mloop/tracker-sqlite';
import { Bench } from 'tinybench';
import { runAndReport } from '../../../scripts/bench-report.ts';
import { createDashboard, lttb, parseStoreSpec, sqliteChangeProbe } from '../src/index';
import { chromiumPath } from '../test/fixtures/chromium';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const cacheDir = fileURLToPath(new URL('./.cache/store-10k/', import.meta.url));
const RUNS = 10_000;
const POINTS = 100_000;

async function buildStore(): Promise<void> {
  if (existsSync(`${cacheDir}/ready`)) return;
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const backend = createSqliteBackend({ dir: cacheDir, synchronous: 'normal' });
  const started = performance.now();
  const experiment = await backend.tracker.createExperiment({ name: 'bench' });
  const now = Date.UTC(2026, 0, 1);
  for (let i = 0; i < RUNS; i++) {
    const run = await backend.tracker.createRun({
      experimentId: experiment.id,
      name: `run-${i}`,
      startTime: now + i * 1000,
    });
    await backend.tracker.logBatch(run.id, {
      params: [
        { key: 'alpha', value: String((i % 97) / 10) },
        { key: 'metric', value: i % 2 ? 'cosine' : 'euclidean' },
        { key: 'nNeighbors', value: String(5 + (i % 30)) },
      ],
      metrics: [
        { key: 'f1', value: ((i * 7919) % 1000) / 1000, step: 0, timestamp: now + i * 1000 + 500 },
        { key: 'precision', value: ((i * 104729) % 1000) / 1000, step: 0, timestamp: now + i * 1000 + 500 },
        { key: 'recall', value: ((i * 1299709) % 1000) / 1000, step: 0, timestamp: now + i * 1000 + 500 },
      ],
      tags: [{ key: 'team', value: i % 3 ? 'fraud' : 'risk' }],
    });
    await backend.tracker.updateRun(run.id, { status: 'finished', endTime: now + i * 1000 + 900 });
  }
  const long = await backend.tracker.createRun({
    experimentId: experiment.id,
    name: 'long-run',
    startTime: now + RUNS * 1000,
  });
  for (let offset = 0; offset < POINTS; offset += 10_000) {
    await backend.tracker.logBatch(long.id, {
      metrics: Array.from({ length: 10_000 }, (_, j) => {
        const step = offset + j;
        return {
          key: 'loss',
          value: Math.exp(-step / 20_000) + 0.05 * Math.sin(step / 50),
          step,
          timestamp: now + step,
        };
      }),
    });
  }
  await backend.tracker.updateRun(long.id, { status: 'finished' });
  await backend.close();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${cacheDir}/ready`, long.id);
  console.log(
    `built a store of ${RUNS} runs + one ${POINTS}-point history in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

await buildStore();
const { readFileSync } = await import('node:fs');
const longRunId = readFileSync(`${cacheDir}/ready`, 'utf8');
const mloop = createMloop({ backend: createSqliteBackend({ dir: cacheDir }), models: modelKinds() });
// As `mloop ui` runs it (cached pages, invalidated by the SQLite change probe), and without a
// cache, which is what the first view after a change costs.
const dashboard = createDashboard({
  mloop,
  port: 0,
  changeProbe: sqliteChangeProbe(parseStoreSpec(`sqlite:${cacheDir}`, '/')),
});
const uncached = createDashboard({ mloop, port: 0 });
const request = (path: string, target = dashboard) =>
  target.app.request(`http://127.0.0.1:4000${path}`, { headers: { host: '127.0.0.1:4000' } });

const xs = Float64Array.from({ length: POINTS }, (_, i) => i);
const ys = Float64Array.from({ length: POINTS }, (_, i) => Math.exp(-i / 20_000) + 0.05 * Math.sin(i / 50));

// Few iterations: an uncached page costs a whole backend search (about a second here).
const bench = new Bench({ time: 2000, warmupTime: 300, iterations: 8, warmupIterations: 1 });
bench
  .add(`GET /api/runs (page of 50 of ${RUNS}, newest first), uncached: one backend search`, async () => {
    const response = await request('/api/runs?pageSize=50', uncached);
    await response.arrayBuffer();
  })
  .add(`GET /api/runs (page of 50 of ${RUNS}, order metrics.f1, filter params.metric = cosine), uncached`, async () => {
    const response = await request(
      `/api/runs?pageSize=50&order=metrics.f1:desc&filter=${encodeURIComponent('params.metric = cosine')}`,
      uncached,
    );
    await response.arrayBuffer();
  })
  .add(`GET /api/runs (page of 50 of ${RUNS}), cached (unchanged store, as mloop ui serves it)`, async () => {
    const response = await request('/api/runs?pageSize=50');
    await response.arrayBuffer();
  })
  .add(`GET /api/runs/:id/metrics (${POINTS} points → 1000, LTTB)`, async () => {
    const response = await request(`/api/runs/${longRunId}/metrics?points=1000`);
    await response.arrayBuffer();
  })
  .add(`lttb(${POINTS} → 1000) alone`, () => {
    lttb(xs, ys, 1000);
  });

const browserFigures: Record<string, number | string> = {};
if (chromiumPath) {
  const { url } = await dashboard.listen();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${url}/#/loop`); // warm the asset cache
  const runsTimes: number[] = [];
  const coldTimes: number[] = [];
  const chartTimes: number[] = [];
  const drawTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    // Cold: another process writes, so the cached pages are dropped and the page costs a search.
    const writer = createMloop({ backend: createSqliteBackend({ dir: cacheDir, synchronous: 'normal' }) });
    await writer.tracker.withRun({ experiment: 'bench-writes', name: `write-${Date.now()}` }, (run) =>
      run.logMetric('x', 1),
    );
    await writer.close();
    let started = performance.now();
    await page.goto(`${url}/?cold=${i}#/runs`);
    await page.waitForSelector('#runs-table tr[data-run]');
    coldTimes.push(performance.now() - started);
    started = performance.now();
    await page.goto(`${url}/?r=${i}#/runs`);
    await page.waitForSelector('#runs-table tr[data-run]');
    runsTimes.push(performance.now() - started);
    started = performance.now();
    await page.goto(`${url}/?c=${i}#/runs/${longRunId}`);
    await page.waitForSelector('.chart[data-metric="loss"][data-render-ms]');
    chartTimes.push(performance.now() - started);
    drawTimes.push(Number(await page.getAttribute('.chart[data-metric="loss"]', 'data-render-ms')));
  }
  await browser.close();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  browserFigures[
    `browser: runs page with ${RUNS} runs just after a write (cold: one search), navigation → table shown (median of 5, ms)`
  ] = Math.round(median(coldTimes));
  browserFigures[
    `browser: runs page with ${RUNS} runs, unchanged store (cached), navigation → table shown (median of 5, ms)`
  ] = Math.round(median(runsTimes));
  browserFigures[`browser: ${POINTS}-point chart, navigation → chart drawn (median of 5, ms)`] = Math.round(
    median(chartTimes),
  );
  browserFigures['browser: uPlot draw of the downsampled series (median of 5, ms)'] = Number(
    median(drawTimes).toFixed(1),
  );
} else {
  browserFigures.browser = 'skipped: no Chromium';
}

await runAndReport(benchDir, 'dashboard', bench, (rows) => {
  const page = rows.get(`GET /api/runs (page of 50 of ${RUNS}, newest first), uncached: one backend search`);
  return {
    ...(page ? { 'runs page API uncached, mean ms (target < 1000)': Number(page.meanMs.toFixed(1)) } : {}),
    ...browserFigures,
  };
});
await dashboard.close();
await uncached.close();
await mloop.close();
