import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mloop } from '@mloop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboard, type Dashboard, openStore, parseStoreSpec, sqliteChangeProbe } from '../src/index';
import { fillScenario, registerDriveRisk, type Scenario } from './fixtures/scenario';

let root: string;
let scenario: Scenario;
let mloop: Mloop;
let dashboard: Dashboard;
const ORIGIN = 'http://127.0.0.1:4000';

function get(path: string, headers: Record<string, string> = {}) {
  return dashboard.app.request(`${ORIGIN}${path}`, { headers: { host: '127.0.0.1:4000', ...headers } });
}

function post(path: string, body: unknown, headers: Record<string, string> = {}, target = dashboard) {
  return target.app.request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { host: '127.0.0.1:4000', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mloop-dash-'));
  scenario = await fillScenario(join(root, 'store'), { historyPoints: 5000 });
  mloop = openStore(parseStoreSpec(`sqlite:${scenario.dir}`, '/'));
  dashboard = createDashboard({ mloop, port: 0 });
}, 120_000);

afterAll(async () => {
  await dashboard.close();
  await mloop.close();
  rmSync(root, { recursive: true, force: true });
});

describe('dashboard API', () => {
  it('serves the page with the token in a meta tag and a strict CSP; the bundled app and styles', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<meta name="mloop-token" content="${dashboard.token}">`);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const js = await get('/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const code = await js.text();
    expect(code.length).toBeGreaterThan(20_000); // uPlot is in the bundle, not fetched from a CDN
    expect(code).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    expect(await (await get('/assets/app.css')).text()).toContain('.uplot');
  });

  it('pages runs server-side with filters and order', async () => {
    const first = (await (await get('/api/runs?experiment=fraud&pageSize=2&order=params.C:asc')).json()) as {
      items: { name: string }[];
      nextPageToken: string;
      columns: { params: string[]; metrics: string[] };
    };
    expect(first.items.map((run) => run.name)).toEqual(['lr-c0.01', 'lr-c0.1']);
    expect(first.columns.metrics).toEqual(['accuracy', 'f1', 'loss']);
    const second = (await (
      await get(
        `/api/runs?experiment=fraud&pageSize=2&order=params.C:asc&pageToken=${encodeURIComponent(first.nextPageToken)}`,
      )
    ).json()) as { items: { name: string }[] };
    expect(second.items.map((run) => run.name)).toEqual(['lr-c1', 'lr-broken']);
    const filtered = (await (
      await get(`/api/runs?experiment=fraud&filter=${encodeURIComponent('metrics.accuracy > 0 and params.C = 1')}`)
    ).json()) as { items: { name: string }[] };
    expect(filtered.items.map((run) => run.name)).toEqual(['lr-c1']);
    const bad = await get(`/api/runs?filter=${encodeURIComponent('nonsense')}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/Cannot read the filter/);
  });

  it('downsamples metric histories server-side (LTTB), keeping the ends', async () => {
    const id = scenario.runs['lr-c0.1'];
    const body = (await (await get(`/api/runs/${id}/metrics?keys=loss&points=500`)).json()) as {
      series: { key: string; x: number[]; y: number[]; total: number }[];
    };
    expect(body.series).toHaveLength(1);
    const [loss] = body.series;
    expect(loss.total).toBe(5000);
    expect(loss.x).toHaveLength(500);
    expect(loss.x[0]).toBe(0);
    expect(loss.x[499]).toBe(4999);
    expect(loss.y[0]).toBeCloseTo(1.05, 10); // exp(0) + 0.05 for the second run
    expect(await (await get('/api/runs/nope/metrics')).status).toBe(404);
  });

  it('compare, sweeps, registry, drift and the loop timeline', async () => {
    const ids = [scenario.runs['lr-c0.01'], scenario.runs['lr-c1']].join(',');
    const compared = (await (await get(`/api/compare?ids=${ids}`)).json()) as { differingParams: string[] };
    expect(compared.differingParams).toEqual(['C']);
    const sweeps = (await (await get('/api/sweeps')).json()) as { sweeps: { id: string; trials: number }[] };
    expect(sweeps.sweeps).toEqual([expect.objectContaining({ id: scenario.sweepId, trials: 8 })]);
    const sweep = (await (await get(`/api/sweeps/${scenario.sweepId}`)).json()) as {
      trials: { trial: number; params: Record<string, unknown>; metrics: Record<string, number> }[];
    };
    expect(sweep.trials.map((trial) => trial.trial)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(typeof sweep.trials[0].params.C).toBe('number');
    expect(sweep.trials[0].metrics.accuracy).toBeGreaterThan(0.5);
    const model = (await (await get('/api/models/fraud-lr')).json()) as {
      model: { aliases: Record<string, number> };
      versions: { version: number; datasets: unknown[] }[];
      aliasHistory: unknown[];
    };
    expect(model.model.aliases).toMatchObject({ production: 3, staging: 2 });
    expect(model.versions.map((version) => version.version)).toEqual([3, 2, 1]);
    const drift = (await (await get('/api/drift')).json()) as {
      reports: { runId: string; html?: string; driftDetected?: boolean }[];
    };
    expect(drift.reports).toContainEqual(
      expect.objectContaining({ runId: scenario.driftRunId, html: 'drift_report.html', driftDetected: true }),
    );
    const loop = (await (await get('/api/loop')).json()) as { events: { type: string; summary: string }[] };
    const types = loop.events.map((event) => event.type);
    for (const type of ['monitor', 'decide', 'retrain', 'promote', 'alias']) expect(types).toContain(type);
    expect(loop.events.find((event) => event.type === 'decide' && /retrain/.test(event.summary))).toBeDefined();
  });

  it('try a model: input shape from the tag, text from the pipeline; predictions with confidence and top features', async () => {
    const features = (await (await get('/api/models/fraud-lr/input?version=1')).json()) as {
      version: number;
      input: unknown;
    };
    expect(features).toEqual({ version: 1, input: { kind: 'features', features: ['amount', 'velocity'] } });
    const text = (await (await get('/api/models/sms-spam/input?alias=production')).json()) as { input: unknown };
    expect(text.input).toEqual({ kind: 'text' });
    const headers = { 'x-mloop-token': dashboard.token, origin: ORIGIN };
    const fraud = await post(
      '/api/predict',
      { model: 'fraud-lr', version: 1, input: { amount: 4.5, velocity: 3 } },
      headers,
    );
    expect(fraud.status).toBe(200);
    const answer = (await fraud.json()) as {
      prediction: string;
      confidence: number;
      modelVersion: number;
      topFeatures: { feature: string }[];
    };
    expect(answer).toMatchObject({ prediction: 'fraud', modelVersion: 1 });
    expect(answer.confidence).toBeGreaterThan(0.5);
    expect(answer.topFeatures.map((feature) => feature.feature)).toContain('x0');
    const spam = (await (
      await post(
        '/api/predict',
        { model: 'sms-spam', alias: 'production', input: { text: 'claim your free prize' } },
        headers,
      )
    ).json()) as { prediction: string; topFeatures: { feature: string }[] };
    expect(spam.prediction).toBe('spam');
    expect(spam.topFeatures.map((feature) => feature.feature)).toContain('prize');
    const bad = await post('/api/predict', { model: 'fraud-lr', version: 1, input: { amount: 'lots' } }, headers);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/amount/);
  });
});

describe('try a model on dataset columns (a pipeline starting with a ColumnTransformer, like ADAS)', () => {
  it('builds the form from the transformer columns and their training types, and predicts from a one-row dataset', async () => {
    await registerDriveRisk(mloop);
    const spec = (await (await get('/api/models/drive-risk/input?alias=production')).json()) as { input: unknown };
    expect(spec.input).toEqual({
      kind: 'columns',
      columns: [
        { name: 'speed', spec: { type: 'numeric', nullable: false } },
        { name: 'weather', spec: { type: 'categorical', nullable: false } },
      ],
      other: [{ name: 'risk', spec: { type: 'label', nullable: false } }],
    });
    const headers = { 'x-mloop-token': dashboard.token, origin: ORIGIN };
    const response = await post(
      '/api/predict',
      { model: 'drive-risk', input: { speed: '150', weather: 'dry' } },
      headers,
    );
    const fast = (await response.json()) as { prediction: string; topFeatures: { feature: string }[] };
    expect(response.status, JSON.stringify(fast)).toBe(200);
    expect(fast.prediction).toBe('high');
    expect(fast.topFeatures[0].feature).toBe('num__speed');
    const missing = await post('/api/predict', { model: 'drive-risk', input: { speed: 50 } }, headers);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/weather is required/);
  });
});

describe('dashboard security', () => {
  it('a change without the token, with a wrong token or from another origin → 403, nothing changes', async () => {
    const before = (await mloop.registry.getModel('fraud-lr')).aliases.staging;
    const attempts = [
      await post('/api/models/fraud-lr/aliases/staging', { version: 1 }),
      await post(
        '/api/models/fraud-lr/aliases/staging',
        { version: 1 },
        { 'x-mloop-token': 'x'.repeat(64), origin: ORIGIN },
      ),
      await post('/api/models/fraud-lr/aliases/staging', { version: 1 }, { 'x-mloop-token': dashboard.token }),
      await post(
        '/api/models/fraud-lr/aliases/staging',
        { version: 1 },
        { 'x-mloop-token': dashboard.token, origin: 'http://evil.example' },
      ),
      await post('/api/models/fraud-lr/aliases/staging/rollback', {}, { origin: ORIGIN }),
    ];
    for (const response of attempts) expect(response.status).toBe(403);
    expect((await mloop.registry.getModel('fraud-lr')).aliases.staging).toBe(before);
    const ok = await post(
      '/api/models/fraud-lr/aliases/staging',
      { version: 1, reason: 'api test' },
      { 'x-mloop-token': dashboard.token, origin: ORIGIN },
    );
    expect(ok.status).toBe(200);
    expect((await mloop.registry.getModel('fraud-lr')).aliases.staging).toBe(1);
    const back = await post(
      '/api/models/fraud-lr/aliases/staging/rollback',
      {},
      { 'x-mloop-token': dashboard.token, origin: ORIGIN },
    );
    expect(back.status).toBe(200);
    expect((await mloop.registry.getModel('fraud-lr')).aliases.staging).toBe(before);
  });

  it('--read-only refuses changes even with the token', async () => {
    const readOnly = createDashboard({ mloop, port: 0, readOnly: true });
    const response = await post(
      '/api/models/fraud-lr/aliases/staging',
      { version: 1 },
      { 'x-mloop-token': readOnly.token, origin: ORIGIN },
      readOnly,
    );
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/read-only/);
    await readOnly.close();
  });

  it('answers only loopback Host names (DNS rebinding), and a non-loopback bind needs a token for everything', async () => {
    expect((await get('/api/models', { host: 'evil.example:4000' })).status).toBe(403);
    expect(() => createDashboard({ mloop, host: '0.0.0.0' })).toThrow(/--token/);
    const exposed = createDashboard({ mloop, host: '0.0.0.0', token: 't'.repeat(32) });
    const anonymous = await exposed.app.request('http://10.0.0.5:4000/api/models', {
      headers: { host: '10.0.0.5:4000' },
    });
    expect(anonymous.status).toBe(403);
    const withToken = await exposed.app.request(`http://10.0.0.5:4000/?token=${'t'.repeat(32)}`, {
      headers: { host: '10.0.0.5:4000' },
    });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('set-cookie')).toMatch(/mloop_token=t+; Path=\/; HttpOnly; SameSite=Strict/);
    const withCookie = await exposed.app.request('http://10.0.0.5:4000/api/models', {
      headers: { host: '10.0.0.5:4000', cookie: `mloop_token=${'t'.repeat(32)}` },
    });
    expect(withCookie.status).toBe(200);
    await exposed.close();
  });

  it('artifact download: known names only; traversal → 400/404; active content sandboxed', async () => {
    const id = scenario.runs['lr-c0.1'];
    const model = await get(`/api/runs/${id}/artifacts/model.json`);
    expect(model.status).toBe(200);
    expect(((await model.json()) as { kind: string }).kind).toBe('LogisticRegression');
    const nested = await get(`/api/runs/${id}/artifacts/notes/readme.txt`);
    expect(await nested.text()).toBe('C = 0.1\n');
    for (const path of [
      '..%2F..%2Fmloop.db',
      '..%2f..%2f..%2fetc%2fpasswd',
      'notes%2F..%2F..%2Fmloop.db',
      '%2Fetc%2Fpasswd',
      'notes%5C..%5Cmodel.json',
      'a%00b',
      '.',
    ]) {
      const response = await get(`/api/runs/${id}/artifacts/${path}`);
      expect([400, 404], path).toContain(response.status);
      expect(await response.text()).not.toMatch(/SQLite format|root:/);
    }
    const raw = await get(`/api/runs/${id}/artifacts/../../../mloop.db`);
    expect([400, 404]).toContain(raw.status);
    expect((await get(`/api/runs/${id}/artifacts/missing.bin`)).status).toBe(404);
    const html = await get(`/api/runs/${scenario.driftRunId}/artifacts/drift_report.html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toMatch(/^sandbox allow-scripts;/);
    // Recorded as generic bytes (as some scripts do): the name decides, and HTML is still sandboxed.
    const untyped = await mloop.tracker.withRun({ experiment: 'monitoring', name: 'untyped' }, async (run) => {
      await run.logArtifact('reports/drift_report.html', '<html><body>report</body></html>');
      return run.id;
    });
    const sandboxed = await get(`/api/runs/${untyped}/artifacts/reports/drift_report.html`);
    expect(sandboxed.headers.get('content-type')).toMatch(/^text\/html/);
    expect(sandboxed.headers.get('content-security-policy')).toMatch(/^sandbox allow-scripts;/);
    const download = await get(`/api/runs/${scenario.driftRunId}/artifacts/drift_report.html?download`);
    expect(download.headers.get('content-disposition')).toMatch(/attachment; filename="drift_report.html"/);
  });
});

describe('dashboard live updates', () => {
  it('sends a server-sent "change" event when the store changes (here: a new run in another handle)', async () => {
    const live = createDashboard({ mloop, port: 0, pollIntervalMs: 50 });
    const { url } = await live.listen();
    const controller = new AbortController();
    try {
      const response = await fetch(`${url}/api/events`, { signal: controller.signal });
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes('event: hello')) text += decoder.decode((await reader.read()).value);
      const writer = openStore(parseStoreSpec(`sqlite:${scenario.dir}`, '/'));
      await writer.tracker.withRun({ experiment: 'live', name: 'new-run' }, (run) => run.logMetric('x', 1));
      await writer.close();
      const deadline = Date.now() + 10_000;
      while (!text.includes('event: change') && Date.now() < deadline)
        text += decoder.decode((await reader.read()).value);
      expect(text).toContain('event: change');
    } finally {
      controller.abort();
      await live.close();
    }
  });
});

describe('dashboard runs cache', () => {
  it('with a change probe, pages are cached and a write in another process invalidates them', async () => {
    const cached = createDashboard({
      mloop,
      port: 0,
      changeProbe: sqliteChangeProbe(parseStoreSpec(`sqlite:${scenario.dir}`, '/')),
    });
    const names = async () =>
      (
        (await (
          await cached.app.request('http://127.0.0.1:4000/api/runs?experiment=cache', {
            headers: { host: '127.0.0.1:4000' },
          })
        ).json()) as { items: { name: string }[] }
      ).items.map((run) => run.name);
    expect(await names()).toEqual([]);
    const writer = openStore(parseStoreSpec(`sqlite:${scenario.dir}`, '/'));
    await writer.tracker.withRun({ experiment: 'cache', name: 'written-elsewhere' }, (run) => run.logMetric('x', 1));
    await writer.close();
    expect(await names()).toEqual(['written-elsewhere']);
    await cached.close();
  });
});
