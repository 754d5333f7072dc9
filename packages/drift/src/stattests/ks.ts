// Two-sample Kolmogorov–Smirnov, as SciPy's `ks_2samp(method='auto')` (scipy/stats/_stats_py.py,
// scipy/stats/_stats_pythran.py): the statistic from right-sided ECDFs, exact p-values for
// max(n, m) ≤ 10000 and the finite-n Kolmogorov distribution otherwise.
import { kolmogorovLimitSf, kolmogorovSf } from '../stats/kolmogorov';
import { roundHalfEven } from '../stats/special';

/** Sample-size limit below which `auto` uses the exact p-value (SciPy's `MAX_AUTO_N`). */
export const KS_MAX_AUTO_N = 10_000;

/** The KS statistic and where it is reached. */
export interface KsStatistic {
  /** D = sup |F_ref − F_cur|. */
  readonly statistic: number;
  /** The value at which D is reached (SciPy's `statistic_location`). */
  readonly location: number;
  /** +1 when the reference ECDF is above the current one at `location`, −1 otherwise. */
  readonly sign: 1 | -1;
}

/**
 * The two-sample KS statistic of two ascending-sorted samples, in one merge pass. The location
 * follows SciPy's tie rule: the first point reaching the extreme in `[sorted reference, sorted current]`.
 */
export function ksStatisticSorted(reference: ArrayLike<number>, current: ArrayLike<number>): KsStatistic {
  const n = reference.length;
  const m = current.length;
  let i = 0;
  let j = 0;
  let maxDiff = Number.NEGATIVE_INFINITY;
  let minDiff = Number.POSITIVE_INFINITY;
  // Best locations for each extreme, split by the side the value came from.
  let maxRefLoc = Number.NaN;
  let maxCurLoc = Number.NaN;
  let minRefLoc = Number.NaN;
  let minCurLoc = Number.NaN;
  while (i < n || j < m) {
    const a = i < n ? (reference[i] as number) : Number.POSITIVE_INFINITY;
    const b = j < m ? (current[j] as number) : Number.POSITIVE_INFINITY;
    const v = Math.min(a, b);
    const inRef = a === v;
    const inCur = b === v;
    while (i < n && (reference[i] as number) <= v) i++;
    while (j < m && (current[j] as number) <= v) j++;
    const diff = i / n - j / m;
    if (diff > maxDiff) {
      maxDiff = diff;
      maxRefLoc = inRef ? v : Number.NaN;
      maxCurLoc = inCur ? v : Number.NaN;
    } else if (diff === maxDiff) {
      if (inRef && Number.isNaN(maxRefLoc)) maxRefLoc = v;
      if (inCur && Number.isNaN(maxCurLoc)) maxCurLoc = v;
    }
    if (diff < minDiff) {
      minDiff = diff;
      minRefLoc = inRef ? v : Number.NaN;
      minCurLoc = inCur ? v : Number.NaN;
    } else if (diff === minDiff) {
      if (inRef && Number.isNaN(minRefLoc)) minRefLoc = v;
      if (inCur && Number.isNaN(minCurLoc)) minCurLoc = v;
    }
  }
  const minS = Math.min(1, Math.max(0, -minDiff));
  const maxS = maxDiff;
  if (minS > maxS) {
    return { statistic: minS, location: Number.isNaN(minRefLoc) ? minCurLoc : minRefLoc, sign: -1 };
  }
  return { statistic: maxS, location: Number.isNaN(maxRefLoc) ? maxCurLoc : maxRefLoc, sign: 1 };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

// Hodges' inside method rewritten for 1 − p (Viehmann 2021), one sliding column of the path matrix.
function outerProbInsideMethod(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(Math.max(lenA, n + 2)).fill(1);
  for (let j = minj; j < maxj; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = ((A[jj + minj - lastminj] as number) * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1] as number;
}

/** Result of {@link ksExactPValue}. */
export interface KsExact {
  /** D snapped to the h/lcm(n, m) lattice. */
  readonly statistic: number;
  /** The exact two-sided p-value, or NaN when it could not be computed in double precision. */
  readonly pValue: number;
}

/** Exact two-sided p-value of the two-sample KS statistic `d` for sample sizes n and m. */
export function ksExactPValue(n: number, m: number, d: number): KsExact {
  const g = gcd(n, m);
  const lcm = (n / g) * m;
  const h = roundHalfEven(d * lcm);
  const snapped = h / lcm;
  if (h === 0) return { statistic: snapped, pValue: 1 };
  const p = n === m ? probOutsideSquare(n, h) : outerProbInsideMethod(n, m, g, h);
  if (!(p >= 0 && p <= 1)) return { statistic: snapped, pValue: Number.NaN };
  return { statistic: snapped, pValue: p };
}

/** `kstwo.sf(d, round(n·m/(n+m)))`, SciPy's asymptotic two-sided p-value. */
export function ksAsympPValue(n: number, m: number, d: number): number {
  const big = Math.max(n, m);
  const small = Math.min(n, m);
  const en = (big * small) / (big + small);
  return Math.min(1, Math.max(0, kolmogorovSf(roundHalfEven(en), d)));
}

/** The limiting-distribution p-value `kstwobign.sf(√en·d)` (not what SciPy's `ks_2samp` returns; for comparison). */
export function ksLimitPValue(n: number, m: number, d: number): number {
  return kolmogorovLimitSf(Math.sqrt((n * m) / (n + m)) * d);
}

/** Result of {@link ksTestSorted}. */
export interface KsTestResult extends KsStatistic {
  /** The p-value of `method`. */
  readonly pValue: number;
  /** Which p-value was used. */
  readonly method: 'exact' | 'asymp';
}

/**
 * Two-sided two-sample KS test of two ascending-sorted, non-empty, finite samples, `method='auto'`.
 */
export function ksTestSorted(reference: ArrayLike<number>, current: ArrayLike<number>): KsTestResult {
  const n = reference.length;
  const m = current.length;
  const stat = ksStatisticSorted(reference, current);
  if (Math.max(n, m) <= KS_MAX_AUTO_N) {
    const exact = ksExactPValue(n, m, stat.statistic);
    if (!Number.isNaN(exact.pValue)) {
      return { ...stat, statistic: exact.statistic, pValue: exact.pValue, method: 'exact' };
    }
    // SciPy keeps the lattice-snapped D when the exact recursion leaves [0, 1] and falls back to asymp.
    return { ...stat, statistic: exact.statistic, pValue: ksAsympPValue(n, m, exact.statistic), method: 'asymp' };
  }
  return { ...stat, pValue: ksAsympPValue(n, m, stat.statistic), method: 'asymp' };
}
