/**
 * Bounded max-heaps of (distance, index) pairs, `k` per query, stored side by side in two typed
 * arrays so a whole batch of queries allocates nothing per row. The root (`dist[offset]`) is the
 * largest kept distance: a candidate enters only when strictly smaller, as in sklearn's
 * `NeighborsHeap`.
 */

/** Replaces the root with a smaller candidate and sifts it down. */
export function heapReplaceRoot(
  dist: Float64Array,
  ind: Int32Array,
  offset: number,
  k: number,
  value: number,
  index: number,
): void {
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= k) break;
    const right = left + 1;
    let child = left;
    if (right < k && dist[offset + right] > dist[offset + left]) child = right;
    if (dist[offset + child] <= value) break;
    dist[offset + i] = dist[offset + child];
    ind[offset + i] = ind[offset + child];
    i = child;
  }
  dist[offset + i] = value;
  ind[offset + i] = index;
}

/**
 * Sorts one heap ascending by distance, ties by index (sklearn's order among equal distances
 * depends on its traversal; sorting by index makes ours reproducible).
 */
export function sortHeapRow(dist: Float64Array, ind: Int32Array, offset: number, k: number): void {
  for (let i = offset + 1; i < offset + k; i++) {
    const value = dist[i];
    const index = ind[i];
    let j = i - 1;
    while (j >= offset && (dist[j] > value || (dist[j] === value && ind[j] > index))) {
      dist[j + 1] = dist[j];
      ind[j + 1] = ind[j];
      j--;
    }
    dist[j + 1] = value;
    ind[j + 1] = index;
  }
}
