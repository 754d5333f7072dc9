// k-sample Anderson–Darling test, midrank version (Scholz & Stephens 1987), as
// scipy.stats.anderson_ksamp: p-value interpolated from the critical-value table and limited to
// [0.001, 0.25].

const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
/** Significance levels of the critical values. */
export const ANDERSON_LEVELS = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001] as const;

/** Result of {@link andersonDarlingKSampleSorted}. */
export interface AndersonResult {
  /** The normalised statistic. */
  readonly statistic: number;
  /** Critical values at {@link ANDERSON_LEVELS}. */
  readonly criticalValues: number[];
  /** Interpolated significance level, limited to [0.001, 0.25]. */
  readonly pValue: number;
  /** True when the limit applied. */
  readonly pValueClipped: boolean;
}

/** Least-squares quadratic through (x, y), as `np.polyfit(x, y, 2)`; returns [a, b, c] of a·x² + b·x + c. */
function quadraticFit(x: readonly number[], y: readonly number[]): [number, number, number] {
  // Normal equations on centred, scaled x keep the 3×3 system well conditioned.
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const sx = Math.sqrt(x.reduce((s, v) => s + (v - mx) ** 2, 0) / n) || 1;
  const A = [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ] as number[][];
  for (let i = 0; i < n; i++) {
    const t = ((x[i] as number) - mx) / sx;
    const row = [t * t, t, 1];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++)
        (A[r] as number[])[c] = ((A[r] as number[])[c] as number) + (row[r] as number) * (row[c] as number);
      (A[r] as number[])[3] = ((A[r] as number[])[3] as number) + (row[r] as number) * (y[i] as number);
    }
  }
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let r = col + 1; r < 3; r++)
      if (Math.abs((A[r] as number[])[col] as number) > Math.abs((A[pivot] as number[])[col] as number)) pivot = r;
    [A[col], A[pivot]] = [A[pivot] as number[], A[col] as number[]];
    const pr = A[col] as number[];
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const row = A[r] as number[];
      const f = (row[col] as number) / (pr[col] as number);
      for (let c = col; c < 4; c++) row[c] = (row[c] as number) - f * (pr[c] as number);
    }
  }
  const a = ((A[0] as number[])[3] as number) / ((A[0] as number[])[0] as number);
  const b = ((A[1] as number[])[3] as number) / ((A[1] as number[])[1] as number);
  const c = ((A[2] as number[])[3] as number) / ((A[2] as number[])[2] as number);
  // Back from t = (x − mx)/sx to x.
  return [a / (sx * sx), b / sx - (2 * a * mx) / (sx * sx), c - (b * mx) / sx + (a * mx * mx) / (sx * sx)];
}

/**
 * Two-sample Anderson–Darling (k = 2) on ascending-sorted samples.
 * @returns null when the pooled sample has fewer than two distinct values (SciPy raises there).
 */
export function andersonDarlingKSampleSorted(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): AndersonResult | null {
  const samples = [reference, current];
  const k = 2;
  const n = [reference.length, current.length];
  const N = (n[0] as number) + (n[1] as number);
  // Walk the distinct pooled values once, tracking per-sample ≤ and = counts.
  const idx = [0, 0];
  let below = 0;
  let distinct = 0;
  const sums = [0, 0];
  while ((idx[0] as number) < (n[0] as number) || (idx[1] as number) < (n[1] as number)) {
    let z = Number.POSITIVE_INFINITY;
    for (let s = 0; s < k; s++) {
      const arr = samples[s] as ArrayLike<number>;
      if ((idx[s] as number) < arr.length) z = Math.min(z, arr[idx[s] as number] as number);
    }
    const f = [0, 0];
    for (let s = 0; s < k; s++) {
      const arr = samples[s] as ArrayLike<number>;
      let p = idx[s] as number;
      while (p < arr.length && (arr[p] as number) === z) p++;
      f[s] = p - (idx[s] as number);
      idx[s] = p;
    }
    const lj = (f[0] as number) + (f[1] as number);
    const Bj = below + lj / 2;
    for (let s = 0; s < k; s++) {
      const Mij = (idx[s] as number) - (f[s] as number) / 2;
      const num = N * Mij - Bj * (n[s] as number);
      sums[s] = (sums[s] as number) + ((lj / N) * num * num) / (Bj * (N - Bj) - (N * lj) / 4);
    }
    below += lj;
    distinct++;
  }
  if (distinct < 2) return null;
  let A2akN = 0;
  for (let s = 0; s < k; s++) A2akN += (sums[s] as number) / (n[s] as number);
  A2akN *= (N - 1) / N;

  const H = 1 / (n[0] as number) + 1 / (n[1] as number);
  // hs_cs = cumsum(1/(N−1), 1/(N−2), …, 1/2); h = hs_cs[-1] + 1; g = Σ hs_cs[i] / (i + 2).
  let cumulative = 0;
  let g = 0;
  for (let i = 0; i < N - 2; i++) {
    cumulative += 1 / (N - 1 - i);
    g += cumulative / (i + 2);
  }
  const h = cumulative + 1;
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k ** 2 - 4 * h * k;
  const sigmasq = (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
  const m = k - 1;
  const statistic = (A2akN - m) / Math.sqrt(sigmasq);
  const criticalValues = B0.map((b0, i) => b0 + (B1[i] as number) / Math.sqrt(m) + (B2[i] as number) / m);
  const minCrit = Math.min(...criticalValues);
  const maxCrit = Math.max(...criticalValues);
  if (statistic < minCrit) return { statistic, criticalValues, pValue: 0.25, pValueClipped: true };
  if (statistic > maxCrit) return { statistic, criticalValues, pValue: 0.001, pValueClipped: true };
  const [qa, qb, qc] = quadraticFit(
    criticalValues,
    ANDERSON_LEVELS.map((level) => Math.log(level)),
  );
  return {
    statistic,
    criticalValues,
    pValue: Math.exp(qa * statistic * statistic + qb * statistic + qc),
    pValueClipped: false,
  };
}
