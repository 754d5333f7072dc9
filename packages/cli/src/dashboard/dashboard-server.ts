import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Mloop, MloopError, type VersionSelector } from '@mloop/core';
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { CliUsageError } from '../cli/cli-errors';
import { differingKeys, summarizeRun } from '../cli/run-summary';
import { VERSION } from '../version';
import { loadDashboardAssets } from './dashboard-assets';
import { DashboardData } from './dashboard-data';
import { renderIndexHtml } from './index-html';
import { ModelTryer } from './try-model';

/** Options of {@link createDashboard}. */
export interface DashboardOptions {
  /** The store to show. */
  readonly mloop: Mloop;
  /** Interface to bind; default `127.0.0.1`. Anything not loopback needs `token`. */
  readonly host?: string;
  /** Port; default 4000; 0 picks a free one. */
  readonly port?: number;
  /**
   * The session token mutating requests must carry (`x-mloop-token`). Default: 32 random bytes
   * made at start. When the host is not loopback, every request needs it (header, cookie, or
   * `?token=` once on the first page load).
   */
  readonly token?: string;
  /** Refuse every change (promote, rollback) with 403. */
  readonly readOnly?: boolean;
  /** How often the live-update feed looks for changes, ms; default 1000. */
  readonly pollIntervalMs?: number;
  /** Store label shown in the header (e.g. the store directory). */
  readonly storeLabel?: string;
  /**
   * A cheap, synchronous "has anything changed?" signal: any string that differs after a write
   * (for the SQLite store, the database and WAL files' mtimes and sizes: see `sqliteChangeProbe`).
   * With it, runs pages are cached and checked per request; without it, pages are not cached and
   * the live feed compares the newest runs and the registry, which costs one backend search.
   */
  readonly changeProbe?: () => string;
}

/** A running (or ready to run) dashboard. */
export interface Dashboard {
  /** The hono app (`app.request()` works without listening, for tests and benches). */
  readonly app: Hono;
  /** The session token. */
  readonly token: string;
  /** Starts listening; resolves with the URL. */
  listen(): Promise<{ url: string; port: number }>;
  /** Stops the live feeds and the server. Idempotent. */
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/;
const SAFE_INLINE = new Set(['application/json', 'text/plain', 'text/csv', 'text/markdown', 'image/png', 'image/jpeg']);
// Active content (HTML reports, SVG) is shown in an opaque-origin sandbox: its scripts run, but it
// cannot read the dashboard's pages, cookies or token.
const SANDBOXED = new Set(['text/html', 'image/svg+xml']);

const BY_EXTENSION: Readonly<Record<string, string>> = {
  html: 'text/html',
  htm: 'text/html',
  svg: 'image/svg+xml',
  json: 'application/json',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

/** The recorded media type, or one from the name's extension when it was recorded as generic bytes. */
function effectiveType(mediaType: string, name: string): string {
  const recorded = mediaType.split(';')[0].trim().toLowerCase();
  if (recorded && recorded !== 'application/octet-stream') return recorded;
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[extension] ?? 'application/octet-stream';
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function statusOf(error: unknown): 400 | 404 | 409 | 500 | 501 {
  if (error instanceof CliUsageError) return 400;
  if (MloopError.isInstance(error)) {
    const code = (error as MloopError).code;
    if (code === 'NOT_FOUND') return 404;
    if (code === 'INVALID_ARGUMENT') return 400;
    if (code === 'CONFLICT' || code === 'ALREADY_EXISTS') return 409;
    if (code === 'UNSUPPORTED') return 501;
  }
  return 500;
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * Checks an artifact name from a URL: no empty, `.` or `..` segments, no backslash, NUL or
 * absolute path. Names are looked up in the run's artifact records, never on disk, so this is a
 * second wall: a name that could mean a path elsewhere is refused outright.
 */
export function isSafeArtifactName(name: string): boolean {
  if (!name || name.length > 1024 || name.startsWith('/') || /[\\\0]/.test(name)) return false;
  return name.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/**
 * The local web dashboard: runs table, run detail with charts, compare, sweeps, registry with
 * promote/rollback, try-a-model, drift reports and the loop timeline, over a JSON API on hono.
 * Bound to 127.0.0.1 by default; changes need the session token and a same-origin request.
 * @example
 * const dashboard = createDashboard({ mloop, port: 0 });
 * const { url } = await dashboard.listen();
 */
export function createDashboard(options: DashboardOptions): Dashboard {
  const host = options.host ?? '127.0.0.1';
  const loopback = LOOPBACK.test(host);
  if (!loopback && !options.token) {
    throw new CliUsageError(`Binding ${host} makes the dashboard reachable from the network: pass --token.`, 'ui');
  }
  if (options.token !== undefined && options.token.length < 16) {
    throw new CliUsageError('The dashboard token must be at least 16 characters.', 'ui');
  }
  const token = options.token ?? randomBytes(32).toString('hex');
  const readOnly = options.readOnly ?? false;
  const pollMs = options.pollIntervalMs ?? 1000;
  const probe = options.changeProbe;
  const data = new DashboardData(options.mloop, { cache: probe !== undefined });
  const tryer = new ModelTryer(options.mloop);
  const streams = new Set<AbortController>();
  const listeners = new Set<() => void>();
  let lastProbe = probe?.();
  let watching: Promise<void> | undefined;
  let stopped = false;
  // The default runs page, exactly as the page asks for it, so a warmed cache is hit.
  const warmDefaultPage = () =>
    data.runs({ experiments: [], status: '', filter: '', order: '', pageSize: 50 }).catch(() => undefined);
  const checkProbe = (): boolean => {
    if (!probe) return false;
    const now = probe();
    if (now === lastProbe) return false;
    lastProbe = now;
    data.invalidate();
    return true;
  };
  // One watcher for every connected page. With a probe it is a stat per tick; without, a backend
  // search, so the interval stretches to five times what the search took.
  const watch = async () => {
    let last = probe ? '' : await data.fingerprint().catch(() => '');
    while (listeners.size > 0 && !stopped) {
      let cost = 0;
      let changed: boolean;
      if (probe) changed = checkProbe();
      else {
        const started = performance.now();
        const now = await data.fingerprint().catch(() => last);
        cost = performance.now() - started;
        changed = now !== last;
        last = now;
      }
      if (changed) {
        await warmDefaultPage();
        for (const listener of listeners) listener();
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(pollMs, 5 * cost)));
    }
    watching = undefined;
  };
  const subscribe = (listener: () => void): (() => void) => {
    listeners.add(listener);
    watching ??= watch();
    return () => listeners.delete(listener);
  };
  let boundPort = options.port ?? 4000;
  const app = new Hono();

  const presentedToken = (c: Context) =>
    c.req.header('x-mloop-token') ?? cookie(c.req.header('cookie'), 'mloop_token') ?? c.req.query('token');

  app.onError((error, c) => {
    const status = statusOf(error);
    const message = status === 500 ? 'Internal error (see the server log).' : error.message.split('\n')[0];
    if (status === 500) console.error(error);
    return c.json(
      { error: { code: MloopError.isInstance(error) ? (error as MloopError).code : 'ERROR', message } },
      status,
    );
  });

  app.use('*', async (c, next) => {
    // DNS rebinding: on loopback, only answer requests addressed to loopback names.
    if (loopback) {
      const hostHeader = c.req.header('host') ?? '';
      const name = hostHeader.replace(/:\d+$/, '');
      if (!LOOPBACK.test(name))
        return c.json({ error: { code: 'FORBIDDEN', message: 'Unexpected Host header.' } }, 403);
    } else {
      const presented = presentedToken(c);
      if (!presented || !sameSecret(presented, token))
        return c.json({ error: { code: 'FORBIDDEN', message: 'This dashboard needs its token (?token=…).' } }, 403);
    }
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    await next();
  });

  // Changes: only with the session token, only from the dashboard's own origin, never read-only.
  app.use('/api/*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const fail = (message: string) => c.json({ error: { code: 'FORBIDDEN', message } }, 403);
    const presented = c.req.header('x-mloop-token');
    if (!presented || !sameSecret(presented, token)) return fail('Missing or wrong session token.');
    const origin = c.req.header('origin');
    const expected = `${new URL(c.req.url).protocol}//${c.req.header('host') ?? ''}`;
    if (origin !== expected) return fail('Changes are accepted from the dashboard page only (same origin).');
    const mutating = c.req.path !== '/api/predict';
    if (readOnly && mutating) return fail('The dashboard is read-only (--read-only).');
    return next();
  });

  app.get('/', async (c) => {
    const presented = c.req.query('token');
    if (!loopback && presented) {
      c.header('set-cookie', `mloop_token=${encodeURIComponent(presented)}; Path=/; HttpOnly; SameSite=Strict`);
    }
    c.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    return c.html(renderIndexHtml({ token, readOnly, storeLabel: options.storeLabel ?? '', version: VERSION }));
  });
  app.get('/assets/app.js', async (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'no-cache');
    return c.body((await loadDashboardAssets()).js);
  });
  app.get('/assets/app.css', async (c) => {
    c.header('content-type', 'text/css; charset=utf-8');
    c.header('cache-control', 'no-cache');
    return c.body((await loadDashboardAssets()).css);
  });

  app.get('/api/info', (c) =>
    c.json({ readOnly, version: VERSION, store: options.storeLabel ?? '', registry: options.mloop.hasRegistry }),
  );
  app.get('/api/experiments', async (c) => c.json({ experiments: await options.mloop.tracker.listExperiments() }));

  app.get('/api/runs', async (c) => {
    checkProbe();
    const experiments = (c.req.query('experiment') ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    const pageSize = Number(c.req.query('pageSize') ?? 50);
    return c.json(
      await data.runs({
        experiments,
        status: c.req.query('status') ?? '',
        filter: c.req.query('filter') ?? '',
        order: c.req.query('order') ?? '',
        pageSize: Number.isFinite(pageSize) ? pageSize : 50,
        ...(c.req.query('pageToken') ? { pageToken: c.req.query('pageToken') } : {}),
      }),
    );
  });

  app.get('/api/runs/:id', async (c) => {
    const { run, experiment } = await data.run(c.req.param('id'));
    return c.json({ run, experiment });
  });

  app.get('/api/runs/:id/metrics', async (c) => {
    const id = c.req.param('id');
    const { run } = await data.run(id);
    const wanted = (c.req.query('keys') ?? '').split(',').filter(Boolean);
    const keys = wanted.length ? wanted.filter((key) => key in run.metrics) : Object.keys(run.metrics).sort();
    const points = Math.min(Math.max(Number(c.req.query('points') ?? 1000) || 1000, 10), 10_000);
    return c.json({ runId: id, series: await data.metricSeries(id, keys, points) });
  });

  app.get('/api/runs/:id/artifacts/*', async (c) => {
    const id = c.req.param('id');
    const prefix = `/api/runs/${encodeURIComponent(id)}/artifacts/`;
    const raw = c.req.path.startsWith(prefix) ? c.req.path.slice(prefix.length) : '';
    let name: string;
    try {
      name = raw.split('/').map(decodeURIComponent).join('/');
    } catch {
      return c.json({ error: { code: 'INVALID_ARGUMENT', message: 'Malformed artifact name.' } }, 400);
    }
    if (!isSafeArtifactName(name))
      return c.json({ error: { code: 'INVALID_ARGUMENT', message: 'Invalid artifact name.' } }, 400);
    const { run } = await data.run(id);
    const artifact = run.artifacts.find((candidate) => candidate.name === name);
    if (!artifact) return c.json({ error: { code: 'NOT_FOUND', message: `Run ${id} has no artifact ${name}.` } }, 404);
    const bytes = await options.mloop.artifacts.get(artifact.digest);
    const type = effectiveType(artifact.mediaType, name);
    const download = c.req.query('download') !== undefined;
    const fileName = name.split('/').pop() ?? 'artifact';
    if (SANDBOXED.has(type) && !download) {
      c.header('content-type', `${type}; charset=utf-8`);
      c.header(
        'content-security-policy',
        "sandbox allow-scripts; default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
      );
    } else if (SAFE_INLINE.has(type) && !download) {
      c.header(
        'content-type',
        type.startsWith('text/') || type === 'application/json' ? `${type}; charset=utf-8` : type,
      );
      c.header('content-security-policy', "default-src 'none'; frame-ancestors 'self'");
    } else {
      c.header('content-type', 'application/octet-stream');
      c.header('content-disposition', `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
    }
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  app.get('/api/compare', async (c) => {
    const ids = (c.req.query('ids') ?? '').split(',').filter(Boolean).slice(0, 20);
    if (ids.length < 1) return c.json({ error: { code: 'INVALID_ARGUMENT', message: 'Pass ids=<run>,<run>.' } }, 400);
    const experiments = await data.experiments();
    const runs = await Promise.all(
      ids.map(async (id) => summarizeRun(await options.mloop.tracker.getRun(id), experiments)),
    );
    const metrics = [...new Set(runs.flatMap((run) => Object.keys(run.metrics)))].sort();
    return c.json({ runs, differingParams: differingKeys(runs.map((run) => run.params)), metrics });
  });

  app.get('/api/sweeps', async (c) => c.json({ sweeps: await data.sweeps() }));
  app.get('/api/sweeps/:id', async (c) =>
    c.json({ id: c.req.param('id'), trials: await data.sweep(c.req.param('id')) }),
  );

  app.get('/api/models', async (c) =>
    c.json({ models: options.mloop.hasRegistry ? await options.mloop.registry.listModels() : [] }),
  );
  app.get('/api/models/:name', async (c) => {
    const name = c.req.param('name');
    const registry = options.mloop.registry;
    const [model, versions, history] = await Promise.all([
      registry.getModel(name),
      registry.listVersions(name),
      registry.aliasHistory(name),
    ]);
    return c.json({ model, versions, aliasHistory: history });
  });

  const selectorOf = (value: { version?: unknown; alias?: unknown }): VersionSelector => {
    if (value.version !== undefined && value.version !== '') {
      const version = Number(value.version);
      if (!Number.isSafeInteger(version) || version < 1) throw new CliUsageError('version must be an integer ≥ 1.');
      return { version };
    }
    return { alias: typeof value.alias === 'string' && value.alias ? value.alias : 'production' };
  };

  app.post('/api/models/:name/aliases/:alias', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { version?: unknown; reason?: unknown };
    const version = Number(body.version);
    if (!Number.isSafeInteger(version) || version < 1) throw new CliUsageError('version must be an integer ≥ 1.');
    const reason =
      typeof body.reason === 'string' && body.reason ? body.reason.slice(0, 2000) : 'promoted in the dashboard';
    const event = await options.mloop.registry.setAlias(c.req.param('name'), c.req.param('alias'), version, { reason });
    return c.json({ event });
  });
  app.post('/api/models/:name/aliases/:alias/rollback', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { reason?: unknown };
    const reason =
      typeof body.reason === 'string' && body.reason ? body.reason.slice(0, 2000) : 'rolled back in the dashboard';
    const event = await options.mloop.registry.rollback(c.req.param('name'), c.req.param('alias'), { reason });
    return c.json({ event });
  });

  app.get('/api/models/:name/input', async (c) =>
    c.json(
      await tryer.inputSpec(
        c.req.param('name'),
        selectorOf({ version: c.req.query('version'), alias: c.req.query('alias') }),
      ),
    ),
  );
  app.post('/api/predict', async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as
      | { model?: unknown; version?: unknown; alias?: unknown; input?: unknown }
      | undefined;
    if (!body || typeof body.model !== 'string' || typeof body.input !== 'object' || body.input === null)
      throw new CliUsageError('Send { model, version | alias, input }.');
    return c.json(await tryer.predict(body.model, selectorOf(body), body.input as Record<string, unknown>));
  });

  app.get('/api/drift', async (c) => c.json({ reports: await data.driftReports() }));
  app.get('/api/loop', async (c) => c.json({ events: await data.loopTimeline() }));

  // Live updates: one `change` event whenever what the pages show has changed (polled server-side,
  // so a loop running in another process shows up too).
  app.get('/api/events', (c) =>
    streamSSE(c, async (stream) => {
      const controller = new AbortController();
      streams.add(controller);
      stream.onAbort(() => controller.abort());
      let pending = false;
      let wake: (() => void) | undefined;
      const unsubscribe = subscribe(() => {
        pending = true;
        wake?.();
      });
      await stream.writeSSE({ event: 'hello', data: String(Date.now()) });
      while (!controller.signal.aborted) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          const timer = setTimeout(resolve, 15_000);
          controller.signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
        });
        wake = undefined;
        if (controller.signal.aborted) break;
        if (pending) {
          pending = false;
          await stream.writeSSE({ event: 'change', data: String(Date.now()) });
        } else await stream.writeSSE({ event: 'ping', data: '' });
      }
      unsubscribe();
      streams.delete(controller);
    }),
  );

  let server: ReturnType<typeof serve> | undefined;
  let closing: Promise<void> | undefined;
  return {
    app,
    token,
    listen() {
      void warmDefaultPage();
      return new Promise((resolve, reject) => {
        server = serve({ fetch: app.fetch, hostname: host, port: boundPort }, (info: AddressInfo) => {
          boundPort = info.port;
          const address = info.address === '::' || info.address === '0.0.0.0' ? '127.0.0.1' : info.address;
          const shown = info.family === 'IPv6' && address !== '127.0.0.1' ? `[${address}]` : address;
          resolve({ url: `http://${shown}:${info.port}`, port: info.port });
        });
        server.once('error', reject);
      });
    },
    close() {
      closing ??= (async () => {
        stopped = true;
        for (const controller of streams) controller.abort();
        await watching;
        const current = server;
        if (!current) return;
        const serverStopped = new Promise<void>((resolve) => current.close(() => resolve()));
        (current as { closeAllConnections?: () => void }).closeAllConnections?.();
        await serverStopped;
      })();
      return closing;
    },
  };
}
