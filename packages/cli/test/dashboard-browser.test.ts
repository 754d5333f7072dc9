import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Mloop } from '@mloop/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboard, type Dashboard, openStore, parseStoreSpec, sqliteChangeProbe } from '../src/index';
import { chromiumPath, noChromiumReason } from './fixtures/chromium';
import { fillScenario, registerDriveRisk, type Scenario } from './fixtures/scenario';

const output = fileURLToPath(new URL('./output/dashboard/', import.meta.url));
let root: string;
let scenario: Scenario;
let mloop: Mloop;
let dashboard: Dashboard;
let url: string;
let browser: Browser;
let page: Page;
const timings: Record<string, number> = {};

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(output, `${name}.png`), fullPage: true });
}

// The page's CSP forbids eval, so waits use function predicates (sent over the DevTools protocol),
// never strings. The DOM is typed loosely here: this package's tsconfig has no DOM lib.
interface LooseDocument {
  getElementById(id: string): { dataset: Record<string, string | undefined> } | null;
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): { length: number };
}

async function open(hash: string): Promise<void> {
  const before = await page.evaluate(
    () => (globalThis as unknown as { document: LooseDocument }).document.getElementById('app')?.dataset.ready ?? '',
  );
  await page.goto(`${url}/${hash}`);
  await page.waitForFunction(
    (previous) =>
      ((globalThis as unknown as { document: LooseDocument }).document.getElementById('app')?.dataset.ready ?? '') !==
      previous,
    before,
  );
}

/** Waits until the element's text satisfies `expected` (exact text, or contains for `includes`). */
async function waitForText(
  selector: string,
  expected: string,
  mode: 'equals' | 'includes' = 'equals',
  timeout = 15_000,
): Promise<void> {
  await page.waitForFunction(
    ([sel, text, how]) => {
      const content =
        (globalThis as unknown as { document: LooseDocument }).document.querySelector(sel)?.textContent ?? '';
      return how === 'equals' ? content === text : content.includes(text);
    },
    [selector, expected, mode] as const,
    { timeout },
  );
}

describe.skipIf(!chromiumPath)(`dashboard in headless Chromium${noChromiumReason}`, () => {
  beforeAll(async () => {
    mkdirSync(output, { recursive: true });
    root = mkdtempSync(join(tmpdir(), 'mloop-ui-'));
    scenario = await fillScenario(join(root, 'store'), { historyPoints: 100_000 });
    mloop = openStore(parseStoreSpec(`sqlite:${scenario.dir}`, '/'));
    // As `mloop ui` runs it: runs pages cached, invalidated by the SQLite files' change probe.
    dashboard = createDashboard({
      mloop,
      port: 0,
      pollIntervalMs: 300,
      storeLabel: scenario.dir,
      changeProbe: sqliteChangeProbe(parseStoreSpec(`sqlite:${scenario.dir}`, '/')),
    });
    url = (await dashboard.listen()).url;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('dialog', (dialog) => void dialog.accept());
  }, 180_000);

  afterAll(async () => {
    writeFileSync(join(output, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
    await browser?.close();
    await dashboard?.close();
    await mloop?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('runs table: names, statuses, metrics; filter and sort server-side', async () => {
    const started = Date.now();
    await open('#/runs');
    await page.waitForSelector('#runs-table');
    timings.runsPageMs = Date.now() - started;
    const text = await page.textContent('#runs-table');
    for (const name of ['lr-c0.01', 'lr-c0.1', 'lr-c1', 'lr-broken', 'fraud-grid-0']) expect(text).toContain(name);
    expect(await page.locator('tr[data-run] .pill.failed').count()).toBe(1);
    await shot('runs');
    await page.selectOption('#experiment', 'fraud');
    // Wait for the experiment's page before typing: the table (and toolbar) are rebuilt when it arrives.
    await page.waitForFunction(() => {
      const rows = (globalThis as unknown as { document: LooseDocument }).document.querySelectorAll(
        '#runs-table tr[data-run]',
      ) as unknown as ArrayLike<{ textContent: string | null }>;
      return rows.length > 0 && Array.from(rows).every((row) => (row.textContent ?? '').includes('fraud'));
    });
    await page.fill('#filter', 'params.C = 1');
    await page.press('#filter', 'Enter');
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: LooseDocument }).document.querySelectorAll('#runs-table tr[data-run]')
          .length === 1,
    );
    expect(await page.textContent('#runs-table tbody')).toContain('lr-c1');
  });

  it('a run: params, tags, inputs, artifacts and a 100,000-point metric chart drawn from a downsampled series', async () => {
    const id = scenario.runs['lr-c0.1'];
    const started = Date.now();
    await open(`#/runs/${id}`);
    await page.waitForSelector('.chart[data-metric="loss"][data-render-ms]');
    timings.chart100kTotalMs = Date.now() - started;
    timings.chart100kDrawMs = Number(await page.getAttribute('.chart[data-metric="loss"]', 'data-render-ms'));
    expect(await page.textContent('#params')).toMatch(/C\s*0\.1/);
    expect(await page.textContent('#inputs')).toContain('transactions');
    expect(await page.textContent('#artifacts')).toContain('model.json');
    expect(await page.textContent('.chart[data-metric="loss"] h3')).toMatch(/1000 of 100,000 points/);
    expect(Number(await page.getAttribute('.chart[data-metric="loss"]', 'data-points'))).toBe(1000);
    expect(await page.locator('.chart[data-metric="loss"] canvas').count()).toBeGreaterThan(0);
    await shot('run');
  });

  it('compare: params diff and overlaid charts', async () => {
    await open(`#/compare?ids=${scenario.runs['lr-c0.01']},${scenario.runs['lr-c1']}`);
    await page.waitForSelector('#params-diff');
    expect(await page.getAttribute('#params-diff tr[data-param="C"]', 'class')).toBe('differs');
    expect(await page.getAttribute('#params-diff tr[data-param="solver"]', 'class')).toBe('');
    await page.waitForSelector('.chart[data-metric="loss"][data-render-ms]');
    expect(await page.textContent('.chart[data-metric="loss"] .u-legend')).toMatch(/lr-c0\.01[\s\S]*lr-c1/);
    await shot('compare');
  });

  it('sweeps: list and parallel coordinates of the trials', async () => {
    await open('#/sweeps');
    await page.waitForSelector('#sweeps-table');
    expect(await page.textContent('#sweeps-table')).toContain(scenario.sweepId);
    await page.click(`#sweeps-table a`);
    await page.waitForSelector('#parcoords');
    expect(await page.locator('#parcoords path.trial').count()).toBe(8);
    expect(await page.textContent('#parcoords')).toMatch(/C[\s\S]*classWeight[\s\S]*accuracy/);
    await shot('sweep');
  });

  it('registry: lineage and history; promote with confirmation moves the alias; rollback moves it back', async () => {
    await open('#/models/fraud-lr');
    await page.waitForSelector('#aliases');
    expect(await page.textContent('#aliases tr[data-alias="staging"] .alias-version')).toBe('v2');
    expect(await page.textContent('#versions tr[data-version="1"]')).toMatch(/transactions@[0-9a-f]{8}/);
    expect(await page.textContent('#alias-history')).toContain('production');
    await page.selectOption('#promote-version', '1');
    await page.fill('#promote-alias', 'staging');
    await page.click('#promote');
    await waitForText('#aliases tr[data-alias="staging"] .alias-version', 'v1');
    expect((await mloop.registry.getModel('fraud-lr')).aliases.staging).toBe(1);
    expect(await page.textContent('#versions tr[data-version="1"] .version-aliases')).toContain('staging');
    await shot('registry-promoted');
    await page.click('button[data-rollback="staging"]');
    await waitForText('#aliases tr[data-alias="staging"] .alias-version', 'v2');
    expect((await mloop.registry.getModel('fraud-lr')).aliases.staging).toBe(2);
  });

  it('try a model: numeric fields for a features model, a text box for the SMS pipeline', async () => {
    await open('#/try?model=fraud-lr');
    await page.waitForSelector('#try-form input[name="amount"]');
    await page.fill('#try-form input[name="amount"]', '4.5');
    await page.fill('#try-form input[name="velocity"]', '3');
    await page.click('#try-submit');
    await page.waitForSelector('#try-prediction');
    expect(await page.textContent('#try-prediction')).toBe('fraud');
    expect(await page.textContent('#try-result')).toMatch(/confidence 0\.\d+/);
    await shot('try-features');
    await page.selectOption('#try-model', 'sms-spam');
    await page.waitForSelector('#try-text');
    await page.fill('#try-text', 'claim your free prize now');
    await page.click('#try-submit');
    await page.waitForSelector('#top-features');
    expect(await page.textContent('#try-prediction')).toBe('spam');
    expect(await page.textContent('#top-features')).toContain('prize');
    await shot('try-text');
    // A pipeline over dataset columns (like ADAS): number and text fields from the training types.
    await registerDriveRisk(mloop);
    await open('#/try?model=drive-risk');
    await page.waitForSelector('#try-form input[name="speed"][type="number"]');
    await page.fill('#try-form input[name="speed"]', '150');
    await page.fill('#try-form input[name="weather"]', 'dry');
    await page.click('#try-submit');
    await page.waitForSelector('#top-features');
    expect(await page.textContent('#try-prediction')).toBe('high');
    expect(await page.textContent('#top-features')).toContain('num__speed');
    await shot('try-columns');
  });

  it('drift: the report list and one report in a sandboxed frame', async () => {
    await open('#/drift');
    await page.waitForSelector('#drift-table');
    expect(await page.textContent('#drift-table')).toMatch(/drift 2026-12-01[\s\S]*drift/);
    await page.click('#drift-table a[href^="#/drift/"]');
    await page.waitForSelector('#drift-frame');
    const frame = page.frameLocator('#drift-frame');
    await expect.poll(async () => frame.locator('body').textContent(), { timeout: 10_000 }).toMatch(/amount/);
    await shot('drift');
  });

  it('the loop: a timeline of monitor, decide, retrain and promote events', async () => {
    await open('#/loop');
    await page.waitForSelector('#timeline');
    for (const type of ['monitor', 'decide', 'retrain', 'promote', 'alias']) {
      expect(await page.locator(`#timeline li[data-type="${type}"]`).count(), type).toBeGreaterThan(0);
    }
    expect(await page.textContent('#timeline')).toMatch(/driftAbove|share/);
    await shot('loop');
  });

  it('updates live: a run logged by another process shows up without a reload', async () => {
    await open('#/runs');
    await page.waitForSelector('#runs-table');
    const writer = openStore(parseStoreSpec(`sqlite:${scenario.dir}`, '/'));
    await writer.tracker.withRun({ experiment: 'live', name: 'appeared-live' }, (run) => run.logMetric('x', 1));
    await writer.close();
    await waitForText('#runs-table', 'appeared-live', 'includes');
    expect(await page.locator('#live.on').count()).toBe(1);
  });
});
