/**
 * The outcome of one batch drift test. How `statistic` compares with `threshold` depends on the
 * method: for p-value tests (KS, chi-square, Z) drift is `pValue ≤ threshold` (KS) or
 * `pValue < threshold` (chi-square, Z); for distances (Wasserstein, Jensen–Shannon, PSI) drift is
 * `statistic ≥ threshold`. `drift-spec.md` fixes each direction.
 */
export interface DriftResultV1 {
  /** The test, e.g. `'ks'`, `'chisquare'`, `'z'`, `'wasserstein'`, `'jensenshannon'`, `'psi'`, `'page_hinkley'`. */
  readonly method: string;
  /** The column tested, when the detector works per column. */
  readonly column?: string;
  /** The test statistic or distance (D for KS, χ² for chi-square, the distance itself for distances). */
  readonly statistic: number;
  /** The p-value in [0, 1], for tests that have one; `NaN` when undefined (e.g. 0 degrees of freedom). */
  readonly pValue?: number;
  /** The threshold the decision used (a significance level or a distance). */
  readonly threshold: number;
  /** The decision. */
  readonly driftDetected: boolean;
  /** The value compared with `threshold`: `pValue` for tests, `statistic` for distances. */
  readonly score: number;
  /** Missing values found and excluded, per side. */
  readonly missing?: { readonly reference: number; readonly current: number };
  /** Method-specific details (histograms, expected counts, the D location …), JSON-serializable. */
  readonly details: Readonly<Record<string, unknown>>;
}
