// Chi-square tests on aligned counts. `chiSquareGoodnessOfFit` is Evidently's `chisquare`
// (legacy/calculations/stattests/chisquare_stattest.py); `chiSquareContingency` is the 2×K test of
// independence without continuity correction (scipy `chi2_contingency(correction=False)`).
import { chi2Sf } from '../stats/special';

/** A chi-square statistic with its degrees of freedom and p-value. */
export interface ChiSquareResult {
  /** Σ (O − E)² / E; +Infinity when a key has E = 0 and O > 0. */
  readonly statistic: number;
  /** Degrees of freedom. */
  readonly dof: number;
  /** chi2.sf(statistic, dof); NaN when dof = 0. */
  readonly pValue: number;
}

/**
 * Goodness of fit of the current counts against the reference counts scaled by m/n. Keys seen only
 * in the current sample give E = 0 and a statistic of +∞ (p = 0), as NumPy does.
 */
export function chiSquareGoodnessOfFit(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
): ChiSquareResult & { readonly expected: Float64Array } {
  let n = 0;
  let m = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    n += referenceCounts[i] as number;
    m += currentCounts[i] as number;
  }
  const k = m / n;
  const expected = new Float64Array(referenceCounts.length);
  let statistic = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const e = (referenceCounts[i] as number) * k;
    expected[i] = e;
    const o = currentCounts[i] as number;
    statistic += e === 0 ? (o === 0 ? 0 : Number.POSITIVE_INFINITY) : ((o - e) * (o - e)) / e;
  }
  const dof = referenceCounts.length - 1;
  const pValue = dof <= 0 ? Number.NaN : statistic === Number.POSITIVE_INFINITY ? 0 : chi2Sf(statistic, dof);
  return { statistic, dof, pValue, expected };
}

/** Uncorrected chi-square test of independence on the 2×K table [reference; current]; null when K < 2. */
export function chiSquareContingency(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
): ChiSquareResult | null {
  const K = referenceCounts.length;
  if (K < 2) return null;
  let n = 0;
  let m = 0;
  for (let i = 0; i < K; i++) {
    n += referenceCounts[i] as number;
    m += currentCounts[i] as number;
  }
  const total = n + m;
  let statistic = 0;
  for (let i = 0; i < K; i++) {
    const col = (referenceCounts[i] as number) + (currentCounts[i] as number);
    const e1 = (n * col) / total;
    const e2 = (m * col) / total;
    const d1 = (referenceCounts[i] as number) - e1;
    const d2 = (currentCounts[i] as number) - e2;
    statistic += (d1 * d1) / e1 + (d2 * d2) / e2;
  }
  const dof = K - 1;
  return { statistic, dof, pValue: chi2Sf(statistic, dof) };
}
