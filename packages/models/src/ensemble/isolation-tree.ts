import type { Matrix, SeededRandom } from '@mloop/core';

/** Euler–Mascheroni constant (numpy's `euler_gamma`). */
const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n), the average path length of an unsuccessful search in a binary search tree of n points
 * (Liu et al. 2008): 2·H(n−1) − 2(n−1)/n with the harmonic number H(i) ≈ ln(i) + γ, exactly as
 * sklearn's `_average_path_length` (0 for n ≤ 1, 1 for n = 2).
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** One isolation tree in flat arrays; node 0 is the root and children always follow their parent. */
export interface IsolationTree {
  /** Split feature (a column of the full input) or −1 for a leaf. */
  readonly feature: Int32Array;
  /** Split threshold: rows with `x[feature] <= threshold` go left. */
  readonly threshold: Float64Array;
  /** Left child (−1 for a leaf). */
  readonly left: Int32Array;
  /** Right child (−1 for a leaf). */
  readonly right: Int32Array;
  /** Training rows that reached the node. */
  readonly nSamples: Int32Array;
  /** For leaves: depth + c(nSamples), the path length a row ending here adds. */
  readonly leafValue: Float64Array;
}

/**
 * Grows a tree like sklearn's `ExtraTreeRegressor(max_features=1, splitter='random')` inside an
 * isolation forest: at each node a feature chosen uniformly among those not constant in the node,
 * a threshold uniform between its min and max, and no split beyond `maxDepth` or for one row.
 *
 * @param x The full training matrix.
 * @param rows The rows of this tree (may repeat when bootstrapping).
 * @param features The columns this tree may split on.
 */
export function growIsolationTree(
  x: Matrix,
  rows: Int32Array,
  features: Int32Array,
  maxDepth: number,
  rng: SeededRandom,
): IsolationTree {
  const m = rows.length;
  const capacity = 2 * m - 1;
  const feature = new Int32Array(capacity).fill(-1);
  const threshold = new Float64Array(capacity);
  const left = new Int32Array(capacity).fill(-1);
  const right = new Int32Array(capacity).fill(-1);
  const nSamples = new Int32Array(capacity);
  const depthOf = new Int32Array(capacity);
  const work = rows.slice();
  const candidates = features.slice();
  const { cols, data } = x;
  // Explicit stack of (node, start, end); nodes are numbered in creation order.
  const stackNode = new Int32Array(capacity);
  const stackStart = new Int32Array(capacity);
  const stackEnd = new Int32Array(capacity);
  let top = 0;
  let count = 1;
  stackNode[0] = 0;
  stackStart[0] = 0;
  stackEnd[0] = m;
  top = 1;
  while (top > 0) {
    top--;
    const node = stackNode[top];
    const start = stackStart[top];
    const end = stackEnd[top];
    nSamples[node] = end - start;
    if (depthOf[node] >= maxDepth || end - start <= 1) continue;
    // Draw features without replacement until one varies in the node (sklearn skips constant ones).
    let chosen = -1;
    let low = 0;
    let high = 0;
    for (let drawn = 0; drawn < candidates.length && chosen < 0; drawn++) {
      const pick = drawn + rng.nextInt(candidates.length - drawn);
      const column = candidates[pick];
      candidates[pick] = candidates[drawn];
      candidates[drawn] = column;
      low = Number.POSITIVE_INFINITY;
      high = Number.NEGATIVE_INFINITY;
      for (let i = start; i < end; i++) {
        const value = data[work[i] * cols + column];
        if (value < low) low = value;
        if (value > high) high = value;
      }
      if (high > low) chosen = column;
    }
    if (chosen < 0) continue;
    let cut = rng.uniform(low, high);
    // sklearn: a draw that rounds up to the max would leave the right side empty.
    if (cut >= high) cut = low;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if (data[work[i] * cols + chosen] <= cut) i++;
      else {
        const tmp = work[i];
        work[i] = work[j];
        work[j] = tmp;
        j--;
      }
    }
    const leftNode = count++;
    const rightNode = count++;
    feature[node] = chosen;
    threshold[node] = cut;
    left[node] = leftNode;
    right[node] = rightNode;
    depthOf[leftNode] = depthOf[node] + 1;
    depthOf[rightNode] = depthOf[node] + 1;
    stackNode[top] = rightNode;
    stackStart[top] = i;
    stackEnd[top++] = end;
    stackNode[top] = leftNode;
    stackStart[top] = start;
    stackEnd[top++] = i;
  }
  return finishTree(
    feature.slice(0, count),
    threshold.slice(0, count),
    left.slice(0, count),
    right.slice(0, count),
    nSamples.slice(0, count),
  );
}

/** Computes each leaf's path contribution (depth + c(n)) from the structure. */
export function finishTree(
  feature: Int32Array,
  threshold: Float64Array,
  left: Int32Array,
  right: Int32Array,
  nSamples: Int32Array,
): IsolationTree {
  const count = feature.length;
  const depth = new Int32Array(count);
  const leafValue = new Float64Array(count);
  for (let node = 0; node < count; node++) {
    if (feature[node] < 0) {
      leafValue[node] = depth[node] + averagePathLength(nSamples[node]);
    } else {
      depth[left[node]] = depth[node] + 1;
      depth[right[node]] = depth[node] + 1;
    }
  }
  return { feature, threshold, left, right, nSamples, leafValue };
}
