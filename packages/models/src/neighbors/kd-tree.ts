import type { Matrix } from '@mloop/core';
import { MetricCode, type ResolvedMetric, reducedToDistance } from './distance-metric';
import { heapReplaceRoot, sortHeapRow } from './neighbor-heap';
import type { KNeighbors } from './neighbors-result';

/**
 * An exact k-nearest-neighbour index over a fixed matrix: a KD-tree laid out like sklearn's
 * `BinaryTree` (an implicit complete binary tree; node i has children 2i+1 and 2i+2; each split
 * is at the median of the dimension with the largest spread; per-node bounding boxes give the
 * lower bound used to prune). Works for the Minkowski family (euclidean, manhattan, chebyshev,
 * any p ≥ 1); cosine goes to the brute-force search.
 *
 * Everything lives in typed arrays; a query allocates only its result.
 */
export class KDTree {
  readonly #data: Float64Array;
  readonly #d: number;
  readonly #code: MetricCode;
  readonly #p: number;
  /** Row indices, permuted so every node owns a contiguous slice. */
  readonly #order: Int32Array;
  /** Copy of the data in `#order`, so leaf scans read memory sequentially. */
  readonly #sorted: Float64Array;
  readonly #start: Int32Array;
  readonly #end: Int32Array;
  readonly #leaf: Uint8Array;
  /** Per node and column, the box's lower then upper bound side by side (one cache line per node). */
  readonly #box: Float64Array;
  readonly #nNodes: number;
  readonly #scratch: Float64Array;

  /**
   * @param matrix The training rows (not copied; must not change afterwards).
   * @param metric A Minkowski-family metric.
   * @param leafSize At most this many points per leaf (sklearn's `leaf_size`; speed only).
   */
  constructor(matrix: Matrix, metric: ResolvedMetric, leafSize: number) {
    const { rows: n, cols: d, data } = matrix;
    this.#data = data;
    this.#d = d;
    this.#code = metric.code;
    this.#p = metric.p;
    // Enough levels that no leaf holds more than leafSize points (sklearn's rule allows up to
    // twice that; smaller leaves measured faster here).
    const levels = Math.max(0, Math.ceil(Math.log2(n / leafSize))) + 1;
    const nNodes = 2 ** levels - 1;
    this.#nNodes = nNodes;
    this.#order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.#order[i] = i;
    this.#start = new Int32Array(nNodes);
    this.#end = new Int32Array(nNodes);
    this.#leaf = new Uint8Array(nNodes);
    this.#box = new Float64Array(nNodes * 2 * d);
    this.#scratch = new Float64Array(n);
    this.#build(0, 0, n);
    this.#sorted = new Float64Array(n * d);
    for (let i = 0; i < n; i++) this.#sorted.set(data.subarray(this.#order[i] * d, (this.#order[i] + 1) * d), i * d);
  }

  #build(node: number, start: number, end: number): void {
    const d = this.#d;
    const data = this.#data;
    const order = this.#order;
    this.#start[node] = start;
    this.#end[node] = end;
    const box = this.#box;
    const base = node * 2 * d;
    for (let j = 0; j < d; j++) {
      box[base + 2 * j] = Number.POSITIVE_INFINITY;
      box[base + 2 * j + 1] = Number.NEGATIVE_INFINITY;
    }
    for (let i = start; i < end; i++) {
      const row = order[i] * d;
      for (let j = 0; j < d; j++) {
        const value = data[row + j];
        if (value < box[base + 2 * j]) box[base + 2 * j] = value;
        if (value > box[base + 2 * j + 1]) box[base + 2 * j + 1] = value;
      }
    }
    if (2 * node + 1 >= this.#nNodes || end - start < 2) {
      this.#leaf[node] = 1;
      return;
    }
    let splitDim = 0;
    let spread = -1;
    const count = end - start;
    const scratch = this.#scratch;
    for (let j = 0; j < d; j++) {
      if (box[base + 2 * j + 1] - box[base + 2 * j] <= spread) continue;
      // A strided sample of at most ~1,024 points estimates the spread well enough: the split
      // dimension only affects speed, never the neighbours found.
      const stride = Math.max(1, Math.floor(count / 1024));
      let m = 0;
      for (let i = 0; i < count; i += stride) scratch[m++] = data[order[start + i] * d + j];
      const s = interDecileRange(scratch, m);
      if (s > spread) {
        spread = s;
        splitDim = j;
      }
    }
    const mid = start + ((end - start) >> 1);
    selectNth(data, d, splitDim, order, start, end - 1, mid);
    this.#build(2 * node + 1, start, mid);
    this.#build(2 * node + 2, mid, end);
  }

  /**
   * The `k` nearest training rows of every row of `queries` (which must have the training column
   * count), ascending by distance, ties by index.
   */
  query(queries: Matrix, k: number): KNeighbors {
    const n = queries.rows;
    const d = this.#d;
    const distances = new Float64Array(n * k);
    const indices = new Int32Array(n * k);
    const x = queries.data;
    const code = this.#code;
    const p = this.#p;
    const box = this.#box;
    const nodeStart = this.#start;
    const nodeEnd = this.#end;
    const isLeaf = this.#leaf;
    const sorted = this.#sorted;
    const order = this.#order;
    // Depth-first with an explicit stack: each pop pushes two children, so depth + 2 slots suffice.
    const depth = Math.log2(this.#nNodes + 1);
    const stackNode = new Int32Array(depth + 2);
    const stackBound = new Float64Array(depth + 2);
    distances.fill(Number.POSITIVE_INFINITY);
    indices.fill(-1);
    // When the queries are the training rows, they are visited in tree order: consecutive
    // queries search the same leaves, which stay in cache. (Offering each computed distance to the
    // other row's heap as well halves the distance count here but costs as much in scattered heap
    // writes, so it is not done.)
    const inTreeOrder = x === this.#data;
    for (let step = 0; step < n; step++) {
      const i = inTreeOrder ? order[step] : step;
      const offset = i * k;
      const q = i * d;
      let top = 0;
      stackNode[0] = 0;
      stackBound[0] = boxBound(code, p, box, 0, x, q, d);
      top = 1;
      while (top > 0) {
        top--;
        const node = stackNode[top];
        // `>=` prunes boxes that can only tie the current k-th distance; a tie never enters the
        // heap, so the result equals sklearn's `>` test and ties among integer data cost nothing.
        if (stackBound[top] >= distances[offset]) continue;
        if (isLeaf[node] === 1) {
          const end = nodeEnd[node];
          for (let t = nodeStart[node]; t < end; t++) {
            const worst = distances[offset];
            const r = t * d;
            let sum = 0;
            if (code === MetricCode.Euclidean) {
              // Partial sums only grow: stop once the row cannot enter the heap. Four columns per
              // step, still added one after another, so the sum is bit-identical to a plain loop.
              let j = 0;
              for (; j + 4 <= d && sum < worst; j += 4) {
                const d0 = x[q + j] - sorted[r + j];
                const d1 = x[q + j + 1] - sorted[r + j + 1];
                const d2 = x[q + j + 2] - sorted[r + j + 2];
                const d3 = x[q + j + 3] - sorted[r + j + 3];
                sum += d0 * d0;
                sum += d1 * d1;
                sum += d2 * d2;
                sum += d3 * d3;
              }
              for (; j < d && sum < worst; j++) {
                const diff = x[q + j] - sorted[r + j];
                sum += diff * diff;
              }
            } else {
              sum = pointDistance(code, p, x, q, sorted, r, d);
            }
            if (sum < worst) heapReplaceRoot(distances, indices, offset, k, sum, order[t]);
          }
          continue;
        }
        const left = 2 * node + 1;
        const right = left + 1;
        const boundLeft = boxBound(code, p, box, left * 2 * d, x, q, d);
        const boundRight = boxBound(code, p, box, right * 2 * d, x, q, d);
        // The nearer child is pushed last so it is searched first.
        if (boundLeft <= boundRight) {
          stackNode[top] = right;
          stackBound[top++] = boundRight;
          stackNode[top] = left;
          stackBound[top++] = boundLeft;
        } else {
          stackNode[top] = left;
          stackBound[top++] = boundLeft;
          stackNode[top] = right;
          stackBound[top++] = boundRight;
        }
      }
    }
    for (let i = 0; i < n; i++) {
      const offset = i * k;
      for (let j = 0; j < k; j++) distances[offset + j] = reducedToDistance(code, p, distances[offset + j]);
      sortHeapRow(distances, indices, offset, k);
    }
    return { k, distances, indices };
  }
}

/** Reduced distance between row `q` of `x` and row `r` of `y` (the same sum, in the same order, as sklearn). */
function pointDistance(
  code: MetricCode,
  p: number,
  x: Float64Array,
  q: number,
  y: Float64Array,
  r: number,
  d: number,
): number {
  let sum = 0;
  if (code === MetricCode.Euclidean) {
    for (let j = 0; j < d; j++) {
      const diff = x[q + j] - y[r + j];
      sum += diff * diff;
    }
  } else if (code === MetricCode.Manhattan) {
    for (let j = 0; j < d; j++) sum += Math.abs(x[q + j] - y[r + j]);
  } else if (code === MetricCode.Chebyshev) {
    for (let j = 0; j < d; j++) {
      const diff = Math.abs(x[q + j] - y[r + j]);
      if (diff > sum) sum = diff;
    }
  } else {
    for (let j = 0; j < d; j++) sum += Math.abs(x[q + j] - y[r + j]) ** p;
  }
  return sum;
}

/** Lower bound of the reduced distance from row `q` of `x` to anything in the box at `base`. */
function boxBound(
  code: MetricCode,
  p: number,
  box: Float64Array,
  base: number,
  x: Float64Array,
  q: number,
  d: number,
): number {
  let sum = 0;
  if (code === MetricCode.Euclidean) {
    for (let j = 0; j < d; j++) {
      const value = x[q + j];
      const below = box[base + 2 * j] - value;
      const above = value - box[base + 2 * j + 1];
      // At most one of the two gaps is positive because lower ≤ upper.
      const gap = Math.max(below, above);
      if (gap > 0) sum += gap * gap;
    }
    return sum;
  }
  for (let j = 0; j < d; j++) {
    const value = x[q + j];
    // At most one of the two gaps is positive because lower ≤ upper.
    let gap = box[base + 2 * j] - value;
    if (gap < 0) {
      gap = value - box[base + 2 * j + 1];
      if (gap < 0) continue;
    }
    if (code === MetricCode.Chebyshev) {
      if (gap > sum) sum = gap;
    } else if (code === MetricCode.Manhattan) sum += gap;
    else sum += gap ** p;
  }
  return sum;
}

/**
 * Reorders `order[left..right]` so that position `nth` holds the element that would be there if
 * the slice were sorted by column `dim`, with smaller-or-equal values before it and
 * greater-or-equal after (Hoare partition quickselect; robust to the many ties of integer data).
 */
function selectNth(
  data: Float64Array,
  d: number,
  dim: number,
  order: Int32Array,
  left: number,
  right: number,
  nth: number,
) {
  let lo = left;
  let hi = right;
  while (hi > lo) {
    const middle = lo + ((hi - lo) >> 1);
    // Median of three as the pivot value.
    const a = data[order[lo] * d + dim];
    const b = data[order[middle] * d + dim];
    const c = data[order[hi] * d + dim];
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (data[order[i] * d + dim] < pivot) i++;
      while (data[order[j] * d + dim] > pivot) j--;
      if (i <= j) {
        const tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}

/** q90 − q10 of the first `count` values (reordered in place): a spread that outliers do not inflate. */
function interDecileRange(values: Float64Array, count: number): number {
  const low = Math.floor(0.1 * (count - 1));
  const high = Math.ceil(0.9 * (count - 1));
  selectValue(values, 0, count - 1, high);
  const top = values[high];
  selectValue(values, 0, high, low);
  return top - values[low];
}

function selectValue(values: Float64Array, left: number, right: number, nth: number): void {
  let lo = left;
  let hi = right;
  while (hi > lo) {
    const pivot = values[lo + ((hi - lo) >> 1)];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const tmp = values[i];
        values[i] = values[j];
        values[j] = tmp;
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}
