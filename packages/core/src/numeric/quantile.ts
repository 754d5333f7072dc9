import { InvalidArgumentError } from '../errors/invalid-argument-error';

/**
 * The `q`-quantile of **sorted** values with linear interpolation between order statistics —
 * numpy's default (`method='linear'`): position `q·(n−1)`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty input or `q` outside [0, 1].
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new InvalidArgumentError({ message: 'Cannot take a quantile of no values.', field: 'values' });
  if (!(q >= 0 && q <= 1)) throw new InvalidArgumentError({ message: `q must be in [0, 1], got ${q}.`, field: 'q' });
  const position = q * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  const fraction = position - below;
  const low = sorted[below];
  const high = sorted[above];
  // numpy's lerp form, which is exact at fraction 0 and 1.
  return fraction === 0 ? low : fraction === 1 ? high : low + (high - low) * fraction;
}

/** Sorted ascending copy of the values as a `Float64Array` (NaN last). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** The `q`-quantile of unsorted values (see {@link quantileSorted}). */
export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileSorted(sortedCopy(values), q);
}

/** The median of unsorted values. */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Arithmetic mean; NaN for no values. */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Standard deviation with `ddof` delta degrees of freedom (0 = population, numpy's default). */
export function std(values: ArrayLike<number>, ddof = 0): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return Math.sqrt(sum / (values.length - ddof));
}
