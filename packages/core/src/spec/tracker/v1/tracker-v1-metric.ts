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

/**
 * A metric's history column-wise: `values[i]`, `steps[i]`, `timestamps[i]` describe one point, in
 * the same order as `getMetricHistory`. Cheap to build and to chart for 100k+ points.
 */
export interface TrackerV1MetricColumns {
  /** The metric name. */
  readonly key: string;
  /** The values; NaN and ±Infinity kept. */
  readonly values: Float64Array;
  /** The steps. */
  readonly steps: Float64Array;
  /** The timestamps, Unix ms. */
  readonly timestamps: Float64Array;
}
