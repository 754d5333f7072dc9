// Evidently's Z-test for two proportions (legacy/calculations/stattests/z_stattest.py): the
// smallest key is coded 0 and every other value 1.
import { erfc } from '@mloop/core';

/** Result of {@link zTestTwoProportions}. */
export interface ZTestResult {
  /** The key coded 0. */
  readonly firstKey: string | number;
  /** Share of non-first values in the reference. */
  readonly p1: number;
  /** Share of non-first values in the current sample. */
  readonly p2: number;
  /** Pooled share. */
  readonly pooled: number;
  /** z statistic; null when degenerate. */
  readonly z: number | null;
  /** Two-sided p-value 2·Φ(−|z|) (computed through erfc, exact in the tail). */
  readonly pValue: number;
  /** Both samples hold the same single value: p = 1. */
  readonly degenerate: boolean;
}

/**
 * Z-test on keyed counts aligned on sorted keys (from {@link alignCounts}): key 0 is the first key.
 */
export function zTestTwoProportions(
  keys: ReadonlyArray<string | number>,
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
): ZTestResult {
  let n = 0;
  let m = 0;
  let refKeys = 0;
  let curKeys = 0;
  for (let i = 0; i < keys.length; i++) {
    const r = referenceCounts[i] as number;
    const c = currentCounts[i] as number;
    n += r;
    m += c;
    if (r > 0) refKeys++;
    if (c > 0) curKeys++;
  }
  const firstKey = keys[0] as string | number;
  const p1 = (n - (referenceCounts[0] as number)) / n;
  const p2 = (m - (currentCounts[0] as number)) / m;
  const pooled = (p1 * n + p2 * m) / (n + m);
  if (keys.length === 1 && refKeys === 1 && curKeys === 1) {
    return { firstKey, p1, p2, pooled, z: null, pValue: 1, degenerate: true };
  }
  const denominator = Math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / m));
  if (!(denominator > 0)) return { firstKey, p1, p2, pooled, z: null, pValue: 1, degenerate: true };
  const z = (p1 - p2) / denominator;
  return { firstKey, p1, p2, pooled, z, pValue: erfc(Math.abs(z) / Math.SQRT2), degenerate: false };
}
