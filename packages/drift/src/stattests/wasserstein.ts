// Wasserstein-1 distance of two samples (scipy `_cdf_distance`, p = 1) and Evidently's
// normalisation by the reference's population standard deviation
// (legacy/calculations/stattests/wasserstein_distance_norm.py).

/** W1 = ∫|F_ref − F_cur| of two ascending-sorted, non-empty samples, in one merge pass. */
export function wassersteinDistanceSorted(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  return wassersteinAndDistinctSorted(reference, current).distance;
}

/** {@link wassersteinDistanceSorted} and the number of distinct values of both samples, from the same pass. */
export function wassersteinAndDistinctSorted(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): { distance: number; distinct: number } {
  const n = reference.length;
  const m = current.length;
  // One element per step in merged order; the CDF gap |i/n − j/m| is carried as the integer
  // |i·m − j·n| (exact below 2^53) and divided once at the end. Tied values add zero-width terms.
  let i = 0;
  let j = 0;
  let total = 0;
  let distinct = 0;
  let previous = Number.NaN;
  while (i < n || j < m) {
    const a = i < n ? (reference[i] as number) : Number.POSITIVE_INFINITY;
    const b = j < m ? (current[j] as number) : Number.POSITIVE_INFINITY;
    const v = Math.min(a, b);
    if (v !== previous) {
      if (distinct > 0) total += Math.abs(i * m - j * n) * (v - previous);
      distinct++;
      previous = v;
    }
    if (a <= b) i++;
    else j++;
  }
  return { distance: total / (n * m), distinct };
}

/** Population standard deviation (ddof = 0), two-pass for accuracy. */
export function populationStd(values: ArrayLike<number>): number {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const mu = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - mu;
    ss += d * d;
  }
  return Math.sqrt(ss / n);
}

/** Evidently's floor for the normaliser, so a constant reference does not divide by zero. */
export const WASSERSTEIN_MIN_NORM = 0.001;
