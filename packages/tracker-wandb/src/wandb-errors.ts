import { BackendError } from '@mloop/core';

/**
 * W&B refused the API key (HTTP 401 or 403). Never retried: a wrong key does not become right,
 * and hammering the server with it only gets the account rate-limited. Code `BACKEND`.
 */
export class WandbAuthError extends BackendError {
  /** The HTTP status W&B answered: 401 or 403. */
  readonly status: number;

  /** @param options The status and the URL (without its query string). */
  constructor(options: { status: number; url: string }) {
    super({
      message:
        `W&B answered ${options.status} ${options.status === 401 ? 'Unauthorized' : 'Forbidden'} for ${options.url}: ` +
        'check the API key (option apiKey or WANDB_API_KEY, from https://wandb.ai/authorize) and that it may write to this entity and project.',
      backend: 'wandb',
      retryable: false,
    });
    this.name = 'WandbAuthError';
    this.status = options.status;
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), status: this.status };
  }
}

/**
 * A W&B request failed for good: a status that is not retried (400, 404, 409, 413, 422 …),
 * GraphQL `errors`, or retries exhausted. Code `BACKEND`.
 */
export class WandbRequestError extends BackendError {
  /** HTTP status, or 0 for a network failure. */
  readonly status: number;
  /** The GraphQL operation or route, e.g. `UpsertBucket`, `file_stream`. */
  readonly operation: string;

  /** @param options Message, status, operation, whether a retry may succeed, and a key-free cause. */
  constructor(options: { message: string; status: number; operation: string; retryable: boolean; cause?: unknown }) {
    super({ message: options.message, backend: 'wandb', retryable: options.retryable, cause: options.cause });
    this.name = 'WandbRequestError';
    this.status = options.status;
    this.operation = options.operation;
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), status: this.status, operation: this.operation };
  }
}

/**
 * Replaces every occurrence of the secrets in `text` with `***`. Applied to anything from the
 * network or the platform before it goes into an error or a warning, so a server that echoes a
 * header back, or a fetch error that quotes a URL, cannot leak the key.
 * @internal
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

/**
 * A plain, key-free copy of an underlying failure (name, message, code, nested cause), safe to
 * attach as `cause`: the original may hold request objects with the Authorization header.
 * @internal
 */
export function sanitizedCause(error: unknown, secrets: readonly string[], depth = 0): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error), secrets));
  const copy = new Error(redact(error.message, secrets));
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  copy.stack = `${copy.name}: ${copy.message}`;
  if (error.cause !== undefined && depth < 3) {
    Object.defineProperty(copy, 'cause', {
      value: sanitizedCause(error.cause, secrets, depth + 1),
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}
