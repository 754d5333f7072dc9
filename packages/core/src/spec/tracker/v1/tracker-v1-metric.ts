/** One logged metric point. */
export interface TrackerV1Metric {
  /** Metric name, 1–250 characters of letters, digits, `_ - . / : space`. */
  readonly key: string;
  /** The value; NaN and ±Infinity are stored exactly when `capabilities.nonFiniteMetrics` is true. */
  readonly value: number;
  /** Unix ms when the value was measured. */
  readonly timestamp: number;
  /** Training step or batch index, an integer ≥ 0; 0 when not given. */
  readonly step: number;
}
