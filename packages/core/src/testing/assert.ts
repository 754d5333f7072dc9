import { isDeepStrictEqual } from 'node:util';
import { MloopError, type MloopErrorCode } from '../errors/mloop-error';

/** Thrown by the kit's assertions; its message says which rule broke and how. */
export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailure';
  }
}

/** Fails with `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

function show(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  try {
    return JSON.stringify(value, (_key, inner) =>
      typeof inner === 'number' && !Number.isFinite(inner) ? String(inner) : inner,
    );
  } catch {
    return String(value);
  }
}

/** Fails unless `actual` and `expected` are deeply equal (NaN equals NaN). */
export function checkEqual(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new CheckFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

/**
 * Fails unless `|actual − expected| ≤ abs + rel·|expected|` for every element (the tolerance rule
 * of `shared/test-vectors/README.md`); non-finite values must match exactly.
 */
export function checkClose(
  actual: number | ArrayLike<number>,
  expected: number | ArrayLike<number>,
  tolerance: { abs?: number; rel?: number },
  what: string,
): void {
  const abs = tolerance.abs ?? 0;
  const rel = tolerance.rel ?? 0;
  const a = typeof actual === 'number' ? [actual] : actual;
  const e = typeof expected === 'number' ? [expected] : expected;
  if (a.length !== e.length) throw new CheckFailure(`${what}: expected ${e.length} values, got ${a.length}`);
  for (let i = 0; i < e.length; i++) {
    const x = a[i];
    const y = e[i];
    const ok = Number.isFinite(y) ? Math.abs(x - y) <= abs + rel * Math.abs(y) : Object.is(x, y);
    if (!ok) {
      throw new CheckFailure(`${what}${e.length > 1 ? `[${i}]` : ''}: expected ${y} (±${abs}+${rel}·|e|), got ${x}`);
    }
  }
}

/** Runs `action` and fails unless it throws an `MloopError` with `code`; returns the error. */
export async function checkThrowsCode(action: () => unknown, code: MloopErrorCode, what: string): Promise<MloopError> {
  try {
    await action();
  } catch (error) {
    if (MloopError.isInstance(error) && error.code === code) return error;
    const got = MloopError.isInstance(error)
      ? `code ${error.code}`
      : `${(error as Error)?.name ?? typeof error}: ${(error as Error)?.message ?? String(error)}`;
    throw new CheckFailure(`${what}: expected an error with code ${code}, got ${got}`);
  }
  throw new CheckFailure(`${what}: expected an error with code ${code}, but nothing was thrown`);
}
