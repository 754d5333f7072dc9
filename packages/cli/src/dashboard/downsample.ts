/** A metric series reduced for drawing. */
export interface DownsampledSeries {
  /** x values (steps), ascending as logged. */
  readonly x: number[];
  /** y values at those x. */
  readonly y: number[];
  /** Points before reduction (finite ones). */
  readonly total: number;
  /** Points left out because their value was NaN or ±Infinity (a chart cannot place them). */
  readonly nonFinite: number;
}

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps the first and last point and, in each of
 * `threshold − 2` buckets, the point forming the largest triangle with the previous kept point and
 * the next bucket's average. It keeps peaks and the line's shape, which plain striding loses, in
 * one O(n) pass; 100,000 points → 1,000 in about a millisecond.
 */
export function lttb(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): DownsampledSeries {
  const x: number[] = [];
  const y: number[] = [];
  let nonFinite = 0;
  for (let i = 0; i < xs.length; i++) {
    const value = ys[i];
    if (Number.isFinite(value) && Number.isFinite(xs[i])) {
      x.push(xs[i]);
      y.push(value);
    } else nonFinite++;
  }
  const n = x.length;
  if (threshold >= n || threshold < 3) return { x, y, total: n, nonFinite };
  const outX: number[] = [x[0]];
  const outY: number[] = [y[0]];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    const start = Math.floor(bucket * every) + 1;
    const end = Math.min(Math.floor((bucket + 1) * every) + 1, n - 1);
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((bucket + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      avgX += x[i];
      avgY += y[i];
    }
    const count = Math.max(1, nextEnd - nextStart);
    avgX /= count;
    avgY /= count;
    const ax = x[a];
    const ay = y[a];
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs((ax - avgX) * (y[i] - ay) - (ax - x[i]) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    outX.push(x[best]);
    outY.push(y[best]);
    a = best;
  }
  outX.push(x[n - 1]);
  outY.push(y[n - 1]);
  return { x: outX, y: outY, total: n, nonFinite };
}
