import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { MloopError, type MloopErrorCode, parseOrThrow } from '@mloop/core';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Predictor } from './predictor';
import { PrometheusRegistry } from './prometheus';
import { type ServerOptions, serverOptionsSchema } from './server-options';

/** HTTP status of each error code: client mistakes are 4xx, never 5xx. */
const STATUS: Record<MloopErrorCode, 400 | 404 | 409 | 422 | 501 | 503> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  NOT_FITTED: 409,
  UNSUPPORTED: 501,
  UNSUPPORTED_SPEC_VERSION: 400,
  SERIALIZATION: 422,
  BACKEND: 503,
};

/** Extra routes the server can offer when given the function behind them. */
export interface ServerExtras {
  /** Backs `POST /drift/calculate`: tests a batch of rows against the reference (e.g. with `@mloop/drift`). */
  readonly drift?: (rows: readonly Record<string, unknown>[]) => Promise<unknown> | unknown;
}

/** A created server: the hono app (for embedding or tests) plus listen/close. */
export interface MloopServer {
  /** The hono app; `app.fetch` can be mounted elsewhere. */
  readonly app: Hono;
  /** Starts listening; resolves with the bound address. */
  listen(): Promise<{ url: string; host: string; port: number }>;
  /** Stops accepting, drains in-flight requests (up to `drainTimeoutMs`), then closes. Idempotent. */
  close(): Promise<void>;
  /** Requests being handled now. */
  readonly inFlight: number;
}

const feedbackSchema = z
  .object({
    id: z.string().min(1).max(100),
    label: z.union([z.string().max(1000), z.number().refine(Number.isFinite)]),
  })
  .strict();

class ClientError extends Error {
  constructor(
    readonly status: 400 | 401 | 413 | 415,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(context: Context): Promise<unknown> {
  const type = context.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type))
    throw new ClientError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Send JSON with Content-Type: application/json (got ${type ? `"${type.slice(0, 80)}"` : 'none'}).`,
    );
  const text = await context.req.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ClientError(
      400,
      'MALFORMED_JSON',
      `The body is not valid JSON: ${(error as Error).message.slice(0, 200)}`,
    );
  }
}

/**
 * The HTTP service of a predictor (hono on Node): `POST /predict`, `POST /predict/batch`,
 * `POST /feedback`, `GET /health`, `GET /models/current`, `POST /drift/calculate`,
 * `GET /metrics/performance`, `GET /metrics` (Prometheus), `GET /openapi.json`. Binds 127.0.0.1
 * by default; client mistakes get 4xx with a JSON body naming the problem.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for bad options.
 * @example
 * const server = createServer(predictor, { port: 8000 });
 * const { url } = await server.listen();
 */
export function createServer(
  predictor: Predictor,
  options: ServerOptions = {},
  extras: ServerExtras = {},
): MloopServer {
  const settings = parseOrThrow(serverOptionsSchema, options, 'server options');
  const metrics = new PrometheusRegistry();
  const app = new Hono();
  let inFlight = 0;
  let draining = false;
  const expected = settings.token ? Buffer.from(`Bearer ${settings.token}`) : undefined;

  const error = (
    context: Context,
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) => context.json({ error: { code, message, ...details } }, status as 400);

  app.use('*', async (context, next) => {
    const started = performance.now();
    inFlight++;
    try {
      if (draining) {
        context.res = error(context, 503, 'SHUTTING_DOWN', 'The server is shutting down.');
        return;
      }
      if (expected && context.req.path !== '/health') {
        const given = Buffer.from(context.req.header('authorization') ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          context.res = error(context, 401, 'UNAUTHORIZED', 'Missing or wrong bearer token.');
          return;
        }
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), settings.timeoutMs);
      });
      const outcome = await Promise.race([next().then(() => 'done' as const), timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout')
        context.res = error(context, 503, 'TIMEOUT', `The request took longer than ${settings.timeoutMs} ms.`);
    } finally {
      inFlight--;
      metrics.observe(
        context.req.routePath || context.req.path,
        context.res.status,
        (performance.now() - started) / 1000,
      );
    }
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: settings.bodyLimitBytes,
      onError: (context) =>
        error(context, 413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${settings.bodyLimitBytes} bytes.`),
    }),
  );

  app.onError((caught, context) => {
    if (caught instanceof ClientError) return error(context, caught.status, caught.code, caught.message);
    if (MloopError.isInstance(caught)) {
      const details = caught.toJSON();
      return error(context, STATUS[caught.code], caught.code, caught.message, { ...details, code: caught.code });
    }
    // Only the server's own faults get here; the message stays generic (no stack, no paths).
    return error(context, 500, 'INTERNAL', 'The server failed to handle this request.');
  });
  app.notFound((context) => error(context, 404, 'NOT_FOUND', `No route ${context.req.method} ${context.req.path}.`));

  app.post('/predict', async (context) => context.json(predictor.predict(await readJson(context))));
  app.post('/predict/batch', async (context) => {
    const body = (await readJson(context)) as { inputs?: unknown; key?: unknown };
    if (typeof body !== 'object' || body === null || !Array.isArray(body.inputs)) {
      throw new ClientError(400, 'INVALID_ARGUMENT', 'Send { "inputs": [ ... ] }.');
    }
    if (body.inputs.length > settings.maxBatchSize) {
      throw new ClientError(
        400,
        'INVALID_ARGUMENT',
        `inputs has ${body.inputs.length} rows; the limit is ${settings.maxBatchSize}.`,
      );
    }
    const key = typeof body.key === 'string' ? body.key : undefined;
    return context.json({ predictions: predictor.predictBatch(body.inputs, key === undefined ? {} : { key }) });
  });
  app.post('/feedback', async (context) => {
    const { id, label } = parseOrThrow(feedbackSchema, await readJson(context), 'feedback');
    predictor.recordFeedback(id, label);
    return context.json({ ok: true, metrics: predictor.liveMetrics() });
  });
  app.get('/health', (context) =>
    context.json({ status: 'ok', model: predictor.model, alias: predictor.alias, loaded: predictor.loaded }),
  );
  app.get('/models/current', async (context) =>
    context.json({ model: predictor.model, versions: await predictor.describe() }),
  );
  app.post('/drift/calculate', async (context) => {
    if (!extras.drift)
      return error(
        context,
        501,
        'UNSUPPORTED',
        'Drift checks are not configured on this server (pass extras.drift to createServer).',
      );
    const body = (await readJson(context)) as { inputs?: unknown };
    if (typeof body !== 'object' || body === null || !Array.isArray(body.inputs) || body.inputs.length === 0) {
      throw new ClientError(400, 'INVALID_ARGUMENT', 'Send { "inputs": [ ... ] } with at least one row.');
    }
    return context.json({ result: await extras.drift(body.inputs as Record<string, unknown>[]) });
  });
  app.get('/metrics/performance', (context) =>
    context.json({ live: predictor.liveMetrics(), counters: predictor.counters }),
  );
  app.get('/metrics', (context) => {
    context.header('content-type', 'text/plain; version=0.0.4');
    return context.body(
      metrics.render(
        predictor.loaded.map((loaded) => ({ ...loaded, model: predictor.model })),
        predictor.counters,
      ),
    );
  });
  app.get('/openapi.json', (context) => context.json(openApi(predictor)));

  let server: ReturnType<typeof serve> | undefined;
  let closing: Promise<void> | undefined;
  return {
    app,
    get inFlight() {
      return inFlight;
    },
    listen() {
      return new Promise((resolve, reject) => {
        server = serve({ fetch: app.fetch, hostname: settings.host, port: settings.port }, (info: AddressInfo) => {
          resolve({
            url: `http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}`,
            host: info.address,
            port: info.port,
          });
        });
        server.once('error', reject);
      });
    },
    close() {
      closing ??= (async () => {
        draining = true;
        const current = server;
        if (!current) return;
        const stopped = new Promise<void>((resolve) => current.close(() => resolve()));
        const deadline = Date.now() + settings.drainTimeoutMs;
        while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
        (current as { closeAllConnections?: () => void }).closeAllConnections?.();
        await stopped;
      })();
      return closing;
    },
  };
}

function openApi(predictor: Predictor): Record<string, unknown> {
  const input = z.toJSONSchema(predictor.inputSchema, { unrepresentable: 'any' });
  const errorBody = {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: { code: { type: 'string' }, message: { type: 'string' } },
        required: ['code', 'message'],
      },
    },
  };
  const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
  const errors = {
    '400': { description: 'Invalid input', ...json(errorBody) },
    '413': { description: 'Body too large', ...json(errorBody) },
    '415': { description: 'Not JSON', ...json(errorBody) },
  };
  return {
    openapi: '3.1.0',
    info: { title: `mloop: ${predictor.model}`, version: '1' },
    paths: {
      '/predict': {
        post: {
          summary: 'Predict one input',
          requestBody: json(input),
          responses: { '200': { description: 'The prediction' }, ...errors },
        },
      },
      '/predict/batch': {
        post: {
          summary: 'Predict several inputs',
          requestBody: json({
            type: 'object',
            properties: { inputs: { type: 'array', items: input }, key: { type: 'string' } },
            required: ['inputs'],
          }),
          responses: { '200': { description: 'The predictions' }, ...errors },
        },
      },
      '/feedback': {
        post: {
          summary: 'Record the true label of a prediction',
          requestBody: json(z.toJSONSchema(feedbackSchema)),
          responses: {
            '200': { description: 'Live metrics' },
            ...errors,
            '404': { description: 'Unknown prediction id' },
          },
        },
      },
      '/health': { get: { summary: 'Liveness and the loaded versions', responses: { '200': { description: 'ok' } } } },
      '/models/current': { get: { summary: 'The served versions', responses: { '200': { description: 'Versions' } } } },
      '/drift/calculate': {
        post: {
          summary: 'Drift of a batch against the reference',
          responses: { '200': { description: 'Drift result' }, '501': { description: 'Not configured' } },
        },
      },
      '/metrics/performance': {
        get: { summary: 'Live accuracy, precision, recall, F1', responses: { '200': { description: 'Metrics' } } },
      },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text/plain' } } } },
    },
  };
}
