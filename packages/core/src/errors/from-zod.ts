import type { z } from 'zod';
import { InvalidArgumentError, type InvalidArgumentIssue } from './invalid-argument-error';

/** Joins a zod path into the dotted form used in messages: `params.metric`, `rows[3].a1`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/**
 * Turns a zod failure into an `InvalidArgumentError` that names the first bad field in its
 * message and keeps every issue (and the zod error as `cause`).
 *
 * @param error The `ZodError` from `safeParse`.
 * @param what What was being validated, for the message: `'IsolationForest params'`, `'startRun options'`.
 * @param prefix A path to put in front of every issue path, e.g. `['params']`.
 */
export function invalidArgumentFromZod(
  error: z.ZodError,
  what: string,
  prefix: readonly (string | number)[] = [],
): InvalidArgumentError {
  const issues: InvalidArgumentIssue[] = error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))],
    message: issue.message,
    code: issue.code,
  }));
  const first = issues[0];
  const field = first && first.path.length > 0 ? formatPath(first.path) : undefined;
  const detail = first ? `${field ? `${field}: ` : ''}${first.message}` : 'invalid value';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  return new InvalidArgumentError({ message: `Invalid ${what}: ${detail}${more}.`, field, issues, cause: error });
}

/**
 * Parses `value` with `schema`, or throws the `InvalidArgumentError` built by
 * {@link invalidArgumentFromZod}. The one way mloop validates input at a boundary.
 */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
  prefix: readonly (string | number)[] = [],
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidArgumentFromZod(result.error, what, prefix);
  return result.data;
}
