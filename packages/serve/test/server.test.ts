import { createMemoryBackend, createMloop } from '@mloop/core';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createPredictor, createServer, type MloopServer } from '../src/index';
import { confidenceOf, KeywordClassifier } from './fixtures/keyword-classifier';

/** The error body every 4xx carries. */
type ErrorBody = { error?: { code: string; message: string; field?: string } };
const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

const open: MloopServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

async function start(
  options: Parameters<typeof createServer>[1] = {},
  extras: Parameters<typeof createServer>[2] = {},
) {
  const mloop = createMloop({ backend: createMemoryBackend(), models: [KeywordClassifier] });
  await mloop.registry.register({
    name: 'sms',
    model: new KeywordClassifier({ keywords: ['prize'], marker: 1 }),
    aliases: ['production'],
    metrics: { accuracy: 0.97 },
  });
  const predictor = await createPredictor({ mloop, model: 'sms', input: { kind: 'text' }, positiveLabel: 'spam' });
  const server = createServer(predictor, { port: 0, ...options }, extras);
  open.push(server);
  const { url, host } = await server.listen();
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { mloop, predictor, server, url, host, post };
}

describe('HTTP service', () => {
  it('binds 127.0.0.1 and answers every route', async () => {
    const { url, host, post } = await start();
    expect(host).toBe('127.0.0.1');
    const predicted = await post('/predict', { text: 'win a prize' });
    expect(predicted.status).toBe(200);
    const body = (await predicted.json()) as { id: string };
    expect(body).toMatchObject({ prediction: 'spam', modelVersion: 1, alias: 'production' });
    const batch = (await (await post('/predict/batch', { inputs: [{ text: 'a' }, { text: 'prize' }] })).json()) as {
      predictions: { prediction: string }[];
    };
    expect(batch.predictions.map((entry: { prediction: string }) => entry.prediction)).toEqual(['ham', 'spam']);
    expect(await (await post('/feedback', { id: body.id, label: 'spam' })).json()).toMatchObject({
      ok: true,
      metrics: { count: 1, accuracy: 1 },
    });
    expect(await (await fetch(`${url}/health`)).json()).toMatchObject({
      status: 'ok',
      model: 'sms',
      loaded: [{ alias: 'production', version: 1 }],
    });
    expect(await (await fetch(`${url}/models/current`)).json()).toMatchObject({
      versions: [{ version: 1, metrics: { accuracy: 0.97 }, servedAlias: 'production' }],
    });
    expect(await (await fetch(`${url}/metrics/performance`)).json()).toMatchObject({
      live: { count: 1 },
      counters: { production: { requests: 3 } },
    });
    const prometheus = await (await fetch(`${url}/metrics`)).text();
    expect(prometheus).toContain('mloop_http_requests_total{route="/predict",status="200"} 1');
    expect(prometheus).toContain('mloop_model_version{model="sms",alias="production"} 1');
    expect(prometheus).toMatch(/mloop_http_request_duration_seconds_count\{route="\/predict"\} 1/);
    type OpenApi = {
      paths: Record<string, { post: { requestBody: { content: Record<string, { schema: unknown }> } } }>;
    };
    const openapi = (await (await fetch(`${url}/openapi.json`)).json()) as OpenApi;
    expect(openapi.paths['/predict'].post.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      properties: { text: { type: 'string', minLength: 1 } },
      required: ['text'],
    });
    expect((await post('/drift/calculate', { inputs: [{ text: 'x' }] })).status).toBe(501);
  });

  it('answers client mistakes with 4xx and a JSON body naming the problem', async () => {
    const { url, post } = await start({ bodyLimitBytes: 2048, maxBatchSize: 10 });
    const cases: [Response, number, string][] = [
      [await post('/predict', '{"text": "unterminated'), 400, 'MALFORMED_JSON'],
      [await post('/predict', { text: 5 }), 400, 'INVALID_ARGUMENT'],
      [await post('/predict', {}), 400, 'INVALID_ARGUMENT'],
      [await post('/predict', { text: 'x', extra: 1 }), 400, 'INVALID_ARGUMENT'],
      [await post('/predict', { text: 'x'.repeat(5000) }), 413, 'PAYLOAD_TOO_LARGE'],
      [
        await post('/predict/batch', { inputs: Array.from({ length: 11 }, () => ({ text: 'x' })) }),
        400,
        'INVALID_ARGUMENT',
      ],
      [await post('/predict/batch', { rows: [] }), 400, 'INVALID_ARGUMENT'],
      [await post('/feedback', { id: 'unknown', label: 'spam' }), 404, 'NOT_FOUND'],
      [
        await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'text' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [await fetch(`${url}/nowhere`), 404, 'NOT_FOUND'],
    ];
    for (const [response, status, code] of cases) {
      expect(response.status).toBe(status);
      expect((await errorOf(response))?.code).toBe(code);
    }
    const named = await errorOf(await post('/predict', { text: 5 }));
    expect(named).toMatchObject({ field: 'text', message: expect.stringContaining('text') });
  });

  it('requires the bearer token when configured (but not for /health)', async () => {
    const token = 'a-long-secret-token-value';
    const { url, post } = await start({ token });
    expect((await post('/predict', { text: 'x' })).status).toBe(401);
    expect((await post('/predict', { text: 'x' }, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post('/predict', { text: 'x' }, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('never answers 5xx to thousands of random bodies', async () => {
    const { url, post } = await start({ bodyLimitBytes: 4096 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.record({ text: fc.anything() }),
          fc.record({ inputs: fc.array(fc.anything(), { maxLength: 5 }) }),
          fc.record({ id: fc.string(), label: fc.anything() }),
        ),
        fc.constantFrom('/predict', '/predict/batch', '/feedback', '/drift/calculate'),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
        async (body, path, type) => {
          const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? 'undefined');
          const response = await fetch(`${url}${path}`, {
            method: 'POST',
            headers: type ? { 'content-type': type } : {},
            body: text,
          });
          // 501 is the configured answer of an unconfigured drift route, whatever the body.
          if (!(path === '/drift/calculate' && response.status === 501)) expect(response.status).toBeLessThan(500);
          expect(typeof (await errorOf(response))?.code === 'string' || response.status === 200).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
    expect((await post('/predict', { text: 'still alive' })).status).toBe(200);
  }, 120_000);

  it('serves every request from one version while the alias moves 20 times', async () => {
    const { mloop, post, predictor } = await start();
    for (let marker = 2; marker <= 5; marker++)
      await mloop.registry.register({ name: 'sms', model: new KeywordClassifier({ keywords: ['prize'], marker }) });
    let stop = false;
    const mover = (async () => {
      for (let move = 0; move < 20; move++) {
        await mloop.registry.setAlias('sms', 'production', (move % 5) + 1);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      stop = true;
    })();
    const responses: { status: number; body: { predictions: { modelVersion: number; confidence: number }[] } }[] = [];
    const client = async () => {
      while (!stop) {
        const response = await post('/predict/batch', {
          inputs: [{ text: 'prize' }, { text: 'hello' }, { text: 'prize!' }],
        });
        responses.push({
          status: response.status,
          body: (await response.json()) as (typeof responses)[number]['body'],
        });
      }
    };
    await Promise.all([mover, client(), client(), client(), client()]);
    await predictor.settled();
    expect(responses.length).toBeGreaterThan(20);
    expect(responses.every((response) => response.status === 200)).toBe(true);
    for (const { body } of responses) {
      const versions = new Set(body.predictions.map((entry) => entry.modelVersion));
      expect(versions.size).toBe(1);
      // The confidence encodes the version of the model that actually computed it.
      for (const entry of body.predictions) expect(entry.confidence).toBeCloseTo(confidenceOf(entry.modelVersion), 12);
    }
    expect(new Set(responses.map((response) => response.body.predictions[0].modelVersion)).size).toBeGreaterThan(1);
  }, 30_000);

  it('drains in-flight requests on close and refuses new ones', async () => {
    let release: () => void = () => {};
    const { server, post, url } = await start(
      { drainTimeoutMs: 5000 },
      { drift: () => new Promise((resolve) => (release = () => resolve({ drift: false }))) },
    );
    const slow = post('/drift/calculate', { inputs: [{ text: 'x' }] });
    while (server.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const closed = server.close();
    setTimeout(() => release(), 50);
    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: { drift: false } });
    await closed;
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('validates its options', async () => {
    const mloop = createMloop({ backend: createMemoryBackend(), models: [KeywordClassifier] });
    await mloop.registry.register({
      name: 'sms',
      model: new KeywordClassifier({ keywords: [], marker: 1 }),
      aliases: ['production'],
    });
    const predictor = await createPredictor({ mloop, model: 'sms', input: { kind: 'text' } });
    expect(() => createServer(predictor, { token: 'short' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'token' }),
    );
    expect(() => createServer(predictor, { port: 70000 })).toThrowError(expect.objectContaining({ field: 'port' }));
  });
});
