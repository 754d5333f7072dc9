/** The k nearest neighbours of each query row, row-major: entry `i * k + j` is the j-th nearest of query i. */
export interface KNeighbors {
  /** Number of neighbours per query. */
  readonly k: number;
  /** Distances, ascending within each query. */
  readonly distances: Float64Array;
  /** Training-row indices matching `distances`. */
  readonly indices: Int32Array;
}

/**
 * Drops the query itself from `k + 1` neighbours of training rows, exactly as sklearn's
 * `kneighbors(X=None)`: the row's own index is removed where it appears; when it does not appear
 * (more than k exact duplicates), the first neighbour is removed instead.
 */
export function excludeSelf(result: KNeighbors): KNeighbors {
  const kPlus = result.k;
  const k = kPlus - 1;
  const n = result.distances.length / kPlus;
  const distances = new Float64Array(n * k);
  const indices = new Int32Array(n * k);
  for (let i = 0; i < n; i++) {
    const from = i * kPlus;
    let skip = 0;
    for (let j = 0; j < kPlus; j++) {
      if (result.indices[from + j] === i) {
        skip = j;
        break;
      }
    }
    let out = i * k;
    for (let j = 0; j < kPlus; j++) {
      if (j === skip) continue;
      distances[out] = result.distances[from + j];
      indices[out] = result.indices[from + j];
      out++;
    }
  }
  return { k, distances, indices };
}
