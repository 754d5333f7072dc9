import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { BackendError } from '../errors/backend-error';
import { parseOrThrow } from '../errors/from-zod';
import type { AlertSinkV1, AlertV1 } from '../spec/alert-sink/v1/alert-sink-v1';

/** One line per alert on a logger (default `console`). */
export function consoleSink(logger: Pick<Console, 'info' | 'warn' | 'error'> = console): AlertSinkV1 {
  return {
    specificationVersion: 'v1',
    name: 'console',
    async send(alert: AlertV1) {
      const line = `[mloop ${alert.severity}] ${alert.title} — ${alert.message} (${alert.source})`;
      if (alert.severity === 'critical') logger.error(line);
      else if (alert.severity === 'warning') logger.warn(line);
      else logger.info(line);
    },
  };
}

/** A sink from a function (tests, a pager SDK, a queue). */
export function functionSink(name: string, send: (alert: AlertV1) => Promise<void> | void): AlertSinkV1 {
  return { specificationVersion: 'v1', name, send: async (alert) => send(alert) };
}

/** Options of {@link webhookSink}, validated with zod. */
export const webhookSinkOptionsSchema = z
  .object({
    /** The endpoint (a Slack incoming-webhook URL works: the body carries a `text` field). */
    url: z.string().url(),
    /** When set, the body is signed: header `X-Mloop-Signature: sha256=<hex HMAC of the body>`. Never logged. */
    secret: z.string().min(1).optional(),
    /** Extra headers. */
    headers: z.record(z.string(), z.string()).default({}),
    /** Attempts in total (first try included); default 4. */
    attempts: z.number().int().min(1).max(20).default(4),
    /** First retry delay in ms, doubled each time (with jitter); default 500. */
    baseDelayMs: z.number().int().min(0).default(500),
    /** Per-request timeout in ms; default 10,000. */
    timeoutMs: z.number().int().min(1).default(10_000),
    /** `fetch` to use (tests inject one); default the global. */
    fetch: z.custom<typeof fetch>((value) => typeof value === 'function').optional(),
  })
  .strict();

/** Options of {@link webhookSink}. */
export type WebhookSinkOptions = z.input<typeof webhookSinkOptionsSchema>;

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * POSTs each alert as JSON, retrying network errors and 408/429/5xx with exponential backoff and
 * jitter (honouring `Retry-After`). Rejects with a `BackendError` after the last attempt.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for bad options.
 */
export function webhookSink(options: WebhookSinkOptions): AlertSinkV1 {
  const parsed = parseOrThrow(webhookSinkOptionsSchema, options, 'webhook sink options');
  const doFetch = parsed.fetch ?? fetch;
  const host = new URL(parsed.url).host;
  return {
    specificationVersion: 'v1',
    name: `webhook:${host}`,
    async send(alert: AlertV1) {
      const body = JSON.stringify({ ...alert, text: `*${alert.title}* (${alert.severity})\n${alert.message}` });
      const headers: Record<string, string> = { 'content-type': 'application/json', ...parsed.headers };
      if (parsed.secret)
        headers['x-mloop-signature'] = `sha256=${createHmac('sha256', parsed.secret).update(body).digest('hex')}`;
      let lastProblem = '';
      for (let attempt = 1; attempt <= parsed.attempts; attempt++) {
        let retryAfterMs: number | undefined;
        try {
          const response = await doFetch(parsed.url, {
            method: 'POST',
            headers,
            body,
            signal: AbortSignal.timeout(parsed.timeoutMs),
          });
          if (response.ok) return;
          lastProblem = `HTTP ${response.status}`;
          if (!RETRYABLE.has(response.status)) break;
          const retryAfter = Number(response.headers.get('retry-after'));
          if (Number.isFinite(retryAfter) && retryAfter >= 0) retryAfterMs = retryAfter * 1000;
        } catch (error) {
          lastProblem = error instanceof Error ? error.message : String(error);
        }
        if (attempt < parsed.attempts) {
          const backoff = parsed.baseDelayMs * 2 ** (attempt - 1);
          await new Promise((resolve) => setTimeout(resolve, retryAfterMs ?? backoff * (0.5 + Math.random() / 2)));
        }
      }
      // The URL may embed a token (Slack), so only the host is named.
      throw new BackendError({
        message: `Alert webhook to ${host} failed: ${lastProblem}.`,
        backend: 'webhook',
        retryable: true,
      });
    },
  };
}
