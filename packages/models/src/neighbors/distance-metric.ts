/** The metrics the neighbour searches know, after sklearn's aliasing (minkowski p=1 → manhattan …). */
export const MetricCode = { Euclidean: 0, Manhattan: 1, Chebyshev: 2, Minkowski: 3, Cosine: 4 } as const;
/** One of the {@link MetricCode} values. */
export type MetricCode = (typeof MetricCode)[keyof typeof MetricCode];

/** A metric resolved to its code and Minkowski power. */
export interface ResolvedMetric {
  /** Which distance. */
  readonly code: MetricCode;
  /** The Minkowski power (used by `Minkowski` only). */
  readonly p: number;
}

/** Metric names accepted by the neighbour-based estimators (sklearn's names). */
export type MetricName = 'minkowski' | 'euclidean' | 'manhattan' | 'chebyshev' | 'cosine';

/** Maps a metric name and `p` to the distance actually computed, as sklearn's `effective_metric_`. */
export function resolveMetric(metric: MetricName, p: number): ResolvedMetric {
  switch (metric) {
    case 'euclidean':
      return { code: MetricCode.Euclidean, p: 2 };
    case 'manhattan':
      return { code: MetricCode.Manhattan, p: 1 };
    case 'chebyshev':
      return { code: MetricCode.Chebyshev, p: Number.POSITIVE_INFINITY };
    case 'cosine':
      return { code: MetricCode.Cosine, p: 2 };
    case 'minkowski':
      if (p === 1) return { code: MetricCode.Manhattan, p: 1 };
      if (p === 2) return { code: MetricCode.Euclidean, p: 2 };
      if (p === Number.POSITIVE_INFINITY) return { code: MetricCode.Chebyshev, p };
      return { code: MetricCode.Minkowski, p };
  }
}

/**
 * The "reduced" distance between row `a` of `x` and row `b` of `y`: a monotone function of the true
 * distance that is cheaper to compute (squared for euclidean, Σ|d|^p for Minkowski), as sklearn's
 * `DistanceMetric.rdist`. Cosine is not supported here (the brute-force search handles it).
 */
export function reducedDistance(
  code: MetricCode,
  p: number,
  x: Float64Array,
  a: number,
  y: Float64Array,
  b: number,
  d: number,
): number {
  let sum = 0;
  switch (code) {
    case MetricCode.Euclidean:
      for (let j = 0; j < d; j++) {
        const diff = x[a + j] - y[b + j];
        sum += diff * diff;
      }
      return sum;
    case MetricCode.Manhattan:
      for (let j = 0; j < d; j++) sum += Math.abs(x[a + j] - y[b + j]);
      return sum;
    case MetricCode.Chebyshev:
      for (let j = 0; j < d; j++) {
        const diff = Math.abs(x[a + j] - y[b + j]);
        if (diff > sum) sum = diff;
      }
      return sum;
    default:
      for (let j = 0; j < d; j++) sum += Math.abs(x[a + j] - y[b + j]) ** p;
      return sum;
  }
}

/** Converts a reduced distance back to the distance. */
export function reducedToDistance(code: MetricCode, p: number, reduced: number): number {
  switch (code) {
    case MetricCode.Euclidean:
      return Math.sqrt(reduced);
    case MetricCode.Minkowski:
      return reduced ** (1 / p);
    default:
      return reduced;
  }
}
