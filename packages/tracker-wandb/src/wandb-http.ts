import { BackendError } from '@mloop/core';
import { VERSION } from './version';
import { redact, sanitizedCause, WandbAuthError, WandbRequestError } from './wandb-errors';

/** A retry schedule. @internal */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
}

/** What the HTTP layer needs. @internal */
export interface WandbHttpOptions {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly fetch: typeof fetch;
  readonly retry: RetryPolicy;
  readonly fileStreamRetry: RetryPolicy;
  readonly maxRetryAfterMs: number;
  readonly requestTimeoutMs: number;
  readonly random: () => number;
  readonly warn: (message: string) => void;
}

/** Statuses worth retrying (W&B's client: 408, 429, 5xx except 501, and invalid codes). */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501) || status < 100 || status >= 600;
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms; undefined when absent or unreadable. @internal */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** `min(max, min·2^attempt·(1 + 0.25·r))`, W&B's backoff. @internal */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const base = policy.minDelayMs * 2 ** Math.min(attempt, 40);
  return Math.min(policy.maxDelayMs, base * (1 + 0.25 * random()));
}

interface SendOptions {
  readonly operation: string;
  readonly url: string;
  readonly method: 'POST' | 'PUT';
  readonly body: string | Uint8Array;
  readonly headers: Record<string, string>;
  readonly auth: boolean;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  /** Extra statuses retried for this call (409 for UpsertBucket). */
  readonly alsoRetry?: readonly number[];
}

/**
 * The one place that talks HTTP to W&B: Basic auth (`api:<key>`) on requests under the base URL
 * only, per-attempt timeouts, retries with exponential backoff, jitter and `Retry-After`, and
 * errors scrubbed of the key. `close()` aborts sleeps and requests.
 * @internal
 */
export class WandbHttp {
  readonly baseUrl: string;
  readonly #options: WandbHttpOptions;
  readonly #authorization: string | undefined;
  readonly #secrets: string[];
  readonly #abort = new AbortController();
  #pausedUntil = 0;
  /** Requests sent (attempts, not calls), for diagnostics and benchmarks. */
  requests = 0;

  constructor(options: WandbHttpOptions) {
    this.#options = options;
    this.baseUrl = options.baseUrl;
    this.#authorization =
      options.apiKey === undefined ? undefined : `Basic ${Buffer.from(`api:${options.apiKey}`).toString('base64')}`;
    this.#secrets = options.apiKey === undefined ? [] : [options.apiKey, this.#authorization?.slice(6) ?? ''];
  }

  /** Scrubs the key out of a text. */
  redact(text: string): string {
    return redact(text, this.#secrets);
  }

  /** Aborts waits and requests in flight; later calls fail with a `BackendError`. */
  abort(): void {
    this.#abort.abort();
  }

  /**
   * Runs a GraphQL operation and returns `data`.
   * @throws {WandbAuthError} on 401/403.
   * @throws {WandbRequestError} on GraphQL errors, non-retryable statuses, or retries exhausted.
   */
  async graphql<T>(
    operation: string,
    query: string,
    variables: Record<string, unknown>,
    alsoRetry?: readonly number[],
  ): Promise<T> {
    const text = await this.#send({
      operation,
      url: `${this.baseUrl}/graphql`,
      method: 'POST',
      body: JSON.stringify({ query, variables, operationName: operation }),
      headers: { 'content-type': 'application/json' },
      auth: true,
      policy: this.#options.retry,
      timeoutMs: this.#options.requestTimeoutMs,
      ...(alsoRetry ? { alsoRetry } : {}),
    });
    let parsed: { data?: T; errors?: { message?: string }[] };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch (error) {
      throw new WandbRequestError({
        message: `W&B ${operation}: the response is not JSON.`,
        status: 200,
        operation,
        retryable: false,
        cause: sanitizedCause(error, this.#secrets),
      });
    }
    if (parsed.errors && parsed.errors.length > 0) {
      const messages = parsed.errors.map((error) => error.message ?? 'unknown error').join('; ');
      throw new WandbRequestError({
        message: `W&B ${operation} failed: ${this.redact(messages)}`,
        status: 200,
        operation,
        retryable: false,
      });
    }
    if (parsed.data === undefined || parsed.data === null) {
      throw new WandbRequestError({
        message: `W&B ${operation}: the response has no data.`,
        status: 200,
        operation,
        retryable: false,
      });
    }
    return parsed.data;
  }

  /** Posts one file_stream request for a run; returns the parsed response (`{ stopped }`). */
  async fileStream(entity: string, project: string, run: string, body: string): Promise<{ stopped?: boolean }> {
    const path = [entity, project, run].map(encodeURIComponent).join('/');
    const text = await this.#send({
      operation: 'file_stream',
      url: `${this.baseUrl}/files/${path}/file_stream`,
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      auth: true,
      policy: this.#options.fileStreamRetry,
      timeoutMs: this.#options.requestTimeoutMs * 6,
    });
    try {
      return JSON.parse(text) as { stopped?: boolean };
    } catch {
      return {};
    }
  }

  /**
   * PUTs bytes to a signed upload URL with the server's headers (`"Key: Value"` strings). No
   * W&B credentials are sent: the URL carries its own authority.
   */
  async putStorage(
    url: string,
    bytes: Uint8Array,
    uploadHeaders: readonly string[],
    md5Base64?: string,
  ): Promise<void> {
    // Only the server's headers (a signed URL may cover Content-Type), plus Content-MD5, which storage verifies.
    const headers: Record<string, string> = {};
    for (const header of uploadHeaders) {
      const colon = header.indexOf(':');
      if (colon > 0) headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
    }
    if (md5Base64 !== undefined && headers['content-md5'] === undefined) headers['content-md5'] = md5Base64;
    // Storage also answers 308/409 transiently (W&B's client retries them).
    await this.#send({
      operation: 'storage PUT',
      url,
      method: 'PUT',
      body: bytes,
      headers,
      auth: false,
      policy: this.#options.retry,
      timeoutMs: this.#options.requestTimeoutMs * 6,
      alsoRetry: [308, 409],
    });
  }

  async #send(options: SendOptions): Promise<string> {
    const { operation, policy } = options;
    const headers: Record<string, string> = { ...options.headers, 'user-agent': `mloop-tracker-wandb/${VERSION}` };
    if (options.auth && this.#authorization !== undefined && options.url.startsWith(`${this.baseUrl}/`)) {
      headers.authorization = this.#authorization;
    }
    let lastProblem = '';
    let lastStatus = 0;
    let lastCause: unknown;
    for (let attempt = 0; attempt < policy.maxAttempts; attempt++) {
      if (this.#abort.signal.aborted) break;
      let retryAfter: number | undefined;
      await this.#respectRateLimit();
      this.requests++;
      try {
        const signal = AbortSignal.any([this.#abort.signal, AbortSignal.timeout(options.timeoutMs)]);
        const response = await this.#options.fetch(options.url, {
          method: options.method,
          headers,
          body: options.body,
          signal,
        });
        // Read the whole body inside the try: a connection cut mid-body is a network error, retried.
        const text = await response.text();
        this.#noteRateLimit(response.headers);
        if (response.ok) return text;
        lastStatus = response.status;
        if (response.status === 401 || response.status === 403) {
          throw new WandbAuthError({ status: response.status, url: this.#describe(options.url) });
        }
        const retryable = isRetryableStatus(response.status) || (options.alsoRetry ?? []).includes(response.status);
        lastProblem = `HTTP ${response.status}${text ? `: ${this.redact(text.slice(0, 300))}` : ''}`;
        if (!retryable) {
          throw new WandbRequestError({
            message: `W&B ${operation} failed with ${lastProblem}`,
            status: response.status,
            operation,
            retryable: false,
          });
        }
        retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      } catch (error) {
        if (error instanceof BackendError) throw error;
        lastStatus = 0;
        lastCause = error;
        lastProblem = `network error: ${this.redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}`;
      }
      if (attempt + 1 >= policy.maxAttempts) break;
      const delay =
        retryAfter === undefined
          ? backoffDelay(policy, attempt, this.#options.random)
          : Math.min(retryAfter, this.#options.maxRetryAfterMs);
      try {
        await this.#sleep(delay);
      } catch {
        break;
      }
    }
    if (this.#abort.signal.aborted) {
      throw new BackendError({
        message: `W&B ${operation} was abandoned: the backend is closing.`,
        backend: 'wandb',
        retryable: true,
      });
    }
    throw new WandbRequestError({
      message: `W&B ${operation} failed after ${policy.maxAttempts} attempt${policy.maxAttempts === 1 ? '' : 's'} (${lastProblem}).`,
      status: lastStatus,
      operation,
      retryable: true,
      ...(lastCause === undefined ? {} : { cause: sanitizedCause(lastCause, this.#secrets) }),
    });
  }

  /**
   * W&B's `RateLimit-Remaining` / `RateLimit-Reset` headers (draft IETF): when the quota is used
   * up, the next request waits for the reset instead of earning a 429.
   */
  #noteRateLimit(headers: Headers): void {
    const remaining = headers.get('ratelimit-remaining');
    if (remaining === null || Number(remaining) > 0) return;
    const reset = Number(headers.get('ratelimit-reset'));
    if (!Number.isFinite(reset) || reset <= 0) return;
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + Math.min(reset * 1000, this.#options.maxRetryAfterMs));
  }

  async #respectRateLimit(): Promise<void> {
    const wait = this.#pausedUntil - Date.now();
    if (wait > 0) {
      try {
        await this.#sleep(wait);
      } catch {
        // Closing: the caller's loop notices the abort.
      }
    }
  }

  /** The URL without its query string (signed URLs carry tokens there). */
  #describe(url: string): string {
    const at = url.indexOf('?');
    return this.redact(at === -1 ? url : url.slice(0, at));
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const signal = this.#abort.signal;
      if (signal.aborted) {
        reject(new Error('aborted'));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
