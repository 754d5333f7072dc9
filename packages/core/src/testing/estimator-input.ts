import { csrSelectRows, isCsrMatrix } from '../numeric/csr-matrix';
import { isMatrix, selectRows, toMatrix } from '../numeric/matrix';
import type { CsrMatrix, Label, Matrix, MatrixLike } from '../spec/shared/v1/matrix';

/** An estimator input as the kit handles it: dense, sparse or text. */
export type KitInput = Matrix | CsrMatrix | readonly string[];

/** Normalises a fixture's `x`: arrays of rows become a {@link Matrix}; CSR and text stay. */
export function normalizeInput(x: MatrixLike | CsrMatrix | readonly string[]): KitInput {
  if (isCsrMatrix(x)) return x;
  if (Array.isArray(x) && (x.length === 0 || typeof x[0] === 'string')) return x as readonly string[];
  return isMatrix(x) ? x : toMatrix(x as MatrixLike);
}

/** Number of rows (documents for text). */
export function rowCount(x: KitInput): number {
  return Array.isArray(x) ? x.length : (x as Matrix | CsrMatrix).rows;
}

function isText(x: KitInput): x is readonly string[] {
  return Array.isArray(x);
}

/** The rows at `indices`, in order, in the same representation. */
export function takeRows(x: KitInput, indices: readonly number[]): KitInput {
  if (isText(x)) return indices.map((i) => x[i]);
  return isCsrMatrix(x) ? csrSelectRows(x, indices) : selectRows(x as Matrix, indices);
}

/** A deep copy, to detect mutation. */
export function copyInput(x: KitInput): KitInput {
  if (isText(x)) return [...x];
  if (isCsrMatrix(x)) {
    return { rows: x.rows, cols: x.cols, indptr: x.indptr.slice(), indices: x.indices.slice(), data: x.data.slice() };
  }
  return { rows: x.rows, cols: x.cols, data: (x as Matrix).data.slice() };
}

/** The same rows with one more column (ones); `undefined` for text, which has no column count. */
export function withExtraColumn(x: KitInput): KitInput | undefined {
  if (isText(x)) return undefined;
  if (isCsrMatrix(x)) {
    const indptr = new Int32Array(x.rows + 1);
    const cols: number[] = [];
    const values: number[] = [];
    for (let row = 0; row < x.rows; row++) {
      for (let p = x.indptr[row]; p < x.indptr[row + 1]; p++) {
        cols.push(x.indices[p]);
        values.push(x.data[p]);
      }
      cols.push(x.cols);
      values.push(1);
      indptr[row + 1] = cols.length;
    }
    return { rows: x.rows, cols: x.cols + 1, indptr, indices: Int32Array.from(cols), data: Float64Array.from(values) };
  }
  const m = x as Matrix;
  const data = new Float64Array(m.rows * (m.cols + 1));
  for (let row = 0; row < m.rows; row++) {
    data.set(m.data.subarray(row * m.cols, (row + 1) * m.cols), row * (m.cols + 1));
    data[row * (m.cols + 1) + m.cols] = 1;
  }
  return { rows: m.rows, cols: m.cols + 1, data };
}

/** Only the first column; `undefined` for text. */
export function firstColumnOnly(x: KitInput): KitInput | undefined {
  if (isText(x)) return undefined;
  if (isCsrMatrix(x)) {
    const indptr = new Int32Array(x.rows + 1);
    const values: number[] = [];
    for (let row = 0; row < x.rows; row++) {
      for (let p = x.indptr[row]; p < x.indptr[row + 1]; p++) if (x.indices[p] === 0) values.push(x.data[p]);
      indptr[row + 1] = values.length;
    }
    return { rows: x.rows, cols: 1, indptr, indices: new Int32Array(values.length), data: Float64Array.from(values) };
  }
  const m = x as Matrix;
  const data = new Float64Array(m.rows);
  for (let row = 0; row < m.rows; row++) data[row] = m.data[row * m.cols];
  return { rows: m.rows, cols: 1, data };
}

/** No rows, same columns. */
export function emptyInput(x: KitInput): KitInput {
  if (isText(x)) return [];
  if (isCsrMatrix(x)) {
    return { rows: 0, cols: x.cols, indptr: new Int32Array(1), indices: new Int32Array(0), data: new Float64Array(0) };
  }
  return { rows: 0, cols: (x as Matrix).cols, data: new Float64Array(0) };
}

/** A copy with a NaN in the first stored value; `undefined` for text. */
export function withNaN(x: KitInput): KitInput | undefined {
  if (isText(x)) return undefined;
  const copy = copyInput(x) as Matrix | CsrMatrix;
  if (copy.data.length === 0) return undefined;
  copy.data[0] = Number.NaN;
  return copy;
}

/** An output value per row: a label or number, or a row of numbers. */
export type RowOutput = Label | number[];

/** Splits a method's output into one entry per row, so batch and row-by-row results compare. */
export function outputRows(output: unknown, nRows: number, what: string): RowOutput[] {
  if (isCsrMatrix(output)) {
    const rows: number[][] = [];
    for (let row = 0; row < output.rows; row++) {
      const dense = new Array<number>(output.cols).fill(0);
      for (let p = output.indptr[row]; p < output.indptr[row + 1]; p++) dense[output.indices[p]] += output.data[p];
      rows.push(dense);
    }
    return rows;
  }
  if (isMatrix(output)) {
    return Array.from({ length: output.rows }, (_, row) =>
      Array.from(output.data.subarray(row * output.cols, (row + 1) * output.cols)),
    );
  }
  if (ArrayBuffer.isView(output) || Array.isArray(output)) {
    const values = Array.from(output as ArrayLike<Label>);
    if (values.length !== nRows) throw new Error(`${what} returned ${values.length} values for ${nRows} rows`);
    return values;
  }
  throw new Error(`${what} returned ${typeof output}, not an array, typed array, Matrix or CsrMatrix`);
}
