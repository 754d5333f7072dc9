/**
 * A dense matrix of doubles, stored row-major in one `Float64Array`: the element at row `i`,
 * column `j` is `data[i * cols + j]`. Every estimator and metric in mloop takes this shape.
 * Missing values are `NaN`.
 */
export interface Matrix {
  /** Number of rows (samples). May be 0. */
  readonly rows: number;
  /** Number of columns (features). May be 0. */
  readonly cols: number;
  /** `rows × cols` values, row-major. Its length is exactly `rows * cols`. */
  readonly data: Float64Array;
}

/**
 * A sparse matrix in compressed sparse row (CSR) form, as scipy's `csr_matrix`: row `i` holds the
 * entries `indices[k], data[k]` for `k` in `indptr[i] … indptr[i + 1] − 1`. Column indices within a
 * row are strictly increasing and explicit zeros are allowed. TF-IDF output uses it.
 */
export interface CsrMatrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Row pointers: length `rows + 1`, `indptr[0] = 0`, non-decreasing, `indptr[rows] = nnz`. */
  readonly indptr: Int32Array;
  /** Column index of each stored entry: length `nnz`, each in `[0, cols)`. */
  readonly indices: Int32Array;
  /** Value of each stored entry: length `nnz`. */
  readonly data: Float64Array;
}

/**
 * What numeric inputs may be given as: a {@link Matrix}, or an array of equal-length rows of
 * numbers (converted once at the boundary). Ragged rows are an `INVALID_ARGUMENT` error.
 */
export type MatrixLike = Matrix | ReadonlyArray<ArrayLike<number>>;

/** A class label: a string (`'spam'`) or a number (`0`, `1`). Labels keep their type end to end. */
export type Label = string | number;
