// Evidently's `get_binned_data` (legacy/calculations/stattests/utils.py): Sturges bins on the
// combined sample for numerical columns with more than 20 distinct reference values, one bucket
// per value otherwise. NumPy's recipe is followed step by step because the bin count is not
// always ceil(log2 N + 1) (numpy/lib/histograms.py).

import { compareCodePoints } from '../stats/compare-code-points';

/** Distinct values of an ascending-sorted array and their counts. */
export interface SortedCounts {
  /** Distinct values, ascending. */
  readonly values: Float64Array;
  /** Occurrences of each value. */
  readonly counts: Float64Array;
}

/** Run-length encodes an ascending-sorted array. */
export function countSorted(sorted: ArrayLike<number>): SortedCounts {
  const n = sorted.length;
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const values = new Float64Array(distinct);
  const counts = new Float64Array(distinct);
  let k = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      k++;
      values[k] = sorted[i] as number;
    }
    counts[k] = (counts[k] as number) + 1;
  }
  return { values, counts };
}

/** Number of distinct values of an ascending-sorted array. */
export function countDistinctSorted(sorted: ArrayLike<number>): number {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}

/** Index of the first element ≥ v (`side='left'`) or > v (`side='right'`) in an ascending array. */
export function searchSorted(sorted: ArrayLike<number>, v: number, side: 'left' | 'right'): number {
  let lo = 0;
  let hi = sorted.length;
  if (side === 'left') {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
  } else {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) <= v) lo = mid + 1;
      else hi = mid;
    }
  }
  return lo;
}

/**
 * `np.histogram_bin_edges(data, bins='sturges')` for data with the given min, max and size.
 */
export function sturgesEdges(min: number, max: number, size: number): Float64Array {
  let lo = min;
  let hi = max;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  // NumPy computes the width on the data's own range (0 for constant data → one bin).
  const width = (max - min) / (Math.log2(size) + 1);
  const bins = width ? Math.ceil((hi - lo) / width) : 1;
  const step = (hi - lo) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step + lo;
  edges[bins] = hi;
  return edges;
}

/**
 * `np.histogram(sorted, bins=edges)[0]`: bins are `[e_i, e_{i+1})`, the last one closed, counted by
 * binary search on the stored edges as NumPy does.
 */
export function histogramSorted(sorted: ArrayLike<number>, edges: ArrayLike<number>): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  let previous = searchSorted(sorted, edges[0] as number, 'left');
  for (let i = 0; i < bins; i++) {
    const next =
      i === bins - 1
        ? searchSorted(sorted, edges[bins] as number, 'right')
        : searchSorted(sorted, edges[i + 1] as number, 'left');
    counts[i] = next - previous;
    previous = next;
  }
  return counts;
}

/** Bucket counts of two samples, aligned. */
export interface Binning {
  /** `'sturges'`: equal-width bins on the combined sample; `'categorical'`: one bucket per value. */
  readonly kind: 'sturges' | 'categorical';
  /** Bin edges for `'sturges'`, else null. */
  readonly edges: Float64Array | null;
  /** Bucket keys (sorted: numbers numerically, strings by code point) for `'categorical'`, else null. */
  readonly keys: ReadonlyArray<string | number> | null;
  /** Reference count per bucket. */
  readonly referenceCounts: Float64Array;
  /** Current count per bucket. */
  readonly currentCounts: Float64Array;
}

/** Keyed counts of one sample, keys ascending. */
export interface KeyedCounts<K extends string | number = string | number> {
  /** Keys, ascending (numbers numerically, strings by code point). */
  readonly keys: readonly K[];
  /** Count per key. */
  readonly counts: ArrayLike<number>;
}

/** Compares keys the way the vectors sort them: numbers numerically, strings by code point. */
export function compareKeys(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareCodePoints(String(a), String(b));
}

/** Aligns two keyed counts on the sorted union of their keys (0 where a side lacks a key). */
export function alignCounts(reference: KeyedCounts, current: KeyedCounts): Binning {
  const keys: (string | number)[] = [];
  const ref: number[] = [];
  const cur: number[] = [];
  let i = 0;
  let j = 0;
  while (i < reference.keys.length || j < current.keys.length) {
    const a = reference.keys[i];
    const b = current.keys[j];
    const c = a === undefined ? 1 : b === undefined ? -1 : compareKeys(a, b);
    if (c === 0) {
      keys.push(a as string | number);
      ref.push(reference.counts[i++] as number);
      cur.push(current.counts[j++] as number);
    } else if (c < 0) {
      keys.push(a as string | number);
      ref.push(reference.counts[i++] as number);
      cur.push(0);
    } else {
      keys.push(b as string | number);
      ref.push(0);
      cur.push(current.counts[j++] as number);
    }
  }
  return {
    kind: 'categorical',
    edges: null,
    keys,
    referenceCounts: Float64Array.from(ref),
    currentCounts: Float64Array.from(cur),
  };
}

/** Binning of two ascending-sorted numeric samples as Evidently's `get_binned_data`. */
export function binNumeric(reference: Float64Array, current: Float64Array, referenceDistinct?: number): Binning {
  const distinct = referenceDistinct ?? countDistinctSorted(reference);
  if (distinct > 20) {
    const min = Math.min(reference[0] as number, current[0] as number);
    const max = Math.max(reference[reference.length - 1] as number, current[current.length - 1] as number);
    const edges = sturgesEdges(min, max, reference.length + current.length);
    return {
      kind: 'sturges',
      edges,
      keys: null,
      referenceCounts: histogramSorted(reference, edges),
      currentCounts: histogramSorted(current, edges),
    };
  }
  const r = countSorted(reference);
  const c = countSorted(current);
  return alignCounts(
    { keys: Array.from(r.values), counts: r.counts },
    { keys: Array.from(c.values), counts: c.counts },
  );
}

/** Counts divided by their total (bucket shares). */
export function toPercents(counts: ArrayLike<number>, total: number): Float64Array {
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = (counts[i] as number) / total;
  return out;
}
