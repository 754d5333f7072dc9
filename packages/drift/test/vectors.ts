import { readFileSync } from 'node:fs';
import { sharedPath } from '@mloop/core/testing';
import { expect } from 'vitest';

/** drift.json, parsed once. */
// biome-ignore lint/suspicious/noExplicitAny: the vector file is loosely typed JSON by design.
export const vectors: any = JSON.parse(readFileSync(sharedPath('test-vectors/drift.json'), 'utf8'));

/** Decodes the vector encoding of non-finite numbers. */
export function num(value: unknown): number {
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (value === 'NaN') return Number.NaN;
  return value as number;
}

/** The tolerance classes of the README. */
export const TOL = {
  statistic: { abs: 1e-9, rel: 1e-9 },
  pvalue: { abs: 1e-6, rel: 0 },
  pca: { abs: 1e-7, rel: 1e-7 },
} as const;

/** |a − e| ≤ abs + rel·|e|, non-finite values exactly. */
export function expectClose(
  actual: number,
  expected: unknown,
  tol: { abs: number; rel: number } = TOL.statistic,
  what = '',
): void {
  const e = num(expected);
  if (!Number.isFinite(e)) {
    expect(Number.isNaN(e) ? Number.isNaN(actual) : actual === e, `${what}: ${actual} vs ${e}`).toBe(true);
    return;
  }
  expect(Math.abs(actual - e) <= tol.abs + tol.rel * Math.abs(e), `${what}: ${actual} vs ${e}`).toBe(true);
}

/** Element-wise {@link expectClose}. */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: readonly unknown[],
  tol: { abs: number; rel: number } = TOL.statistic,
  what = '',
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i] as number, expected[i], tol, `${what}[${i}]`);
}

/** A column case's inputs without the nulls. */
// biome-ignore lint/suspicious/noExplicitAny: vector case.
export function cleanCase(c: any): { reference: any[]; current: any[] } {
  return {
    reference: c.reference.filter((v: unknown) => v !== null),
    current: c.current.filter((v: unknown) => v !== null),
  };
}

/** Ascending Float64Array copy. */
export function sorted(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}
