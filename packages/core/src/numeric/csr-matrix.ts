import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { CsrMatrix, Matrix } from '../spec/shared/v1/matrix';

/** True when `value` has the shape of a {@link CsrMatrix}. */
export function isCsrMatrix(value: unknown): value is CsrMatrix {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<CsrMatrix>;
  return (
    candidate.indptr instanceof Int32Array &&
    candidate.indices instanceof Int32Array &&
    candidate.data instanceof Float64Array &&
    Number.isInteger(candidate.rows) &&
    Number.isInteger(candidate.cols)
  );
}

/**
 * Checks the CSR invariants (pointer monotonicity, lengths, strictly increasing in-range column
 * indices per row) and returns the matrix.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the first violated invariant.
 */
export function validateCsr(matrix: CsrMatrix, name = 'x'): CsrMatrix {
  const { rows, cols, indptr, indices, data } = matrix;
  const fail = (message: string): never => {
    throw new InvalidArgumentError({ message: `${name} is not a valid CSR matrix: ${message}.`, field: name });
  };
  if (indptr.length !== rows + 1) fail(`indptr has length ${indptr.length}, expected rows + 1 = ${rows + 1}`);
  if (indptr[0] !== 0) fail('indptr[0] must be 0');
  if (indices.length !== data.length) fail(`indices (${indices.length}) and data (${data.length}) differ in length`);
  if (indptr[rows] !== indices.length) fail(`indptr[rows] = ${indptr[rows]} but there are ${indices.length} entries`);
  for (let i = 0; i < rows; i++) {
    const start = indptr[i];
    const end = indptr[i + 1];
    if (end < start) fail(`indptr decreases at row ${i}`);
    for (let k = start; k < end; k++) {
      const j = indices[k];
      if (j < 0 || j >= cols) fail(`row ${i} has column index ${j} outside [0, ${cols})`);
      if (k > start && j <= indices[k - 1]) fail(`row ${i} column indices are not strictly increasing`);
    }
  }
  return matrix;
}

/**
 * Builds a CSR matrix from rows of `[column, value]` pairs (any order within a row; duplicates
 * are summed, as scipy does).
 */
export function csrFromRows(rows: ReadonlyArray<ReadonlyArray<readonly [number, number]>>, cols: number): CsrMatrix {
  const indptr = new Int32Array(rows.length + 1);
  const indexList: number[] = [];
  const valueList: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const sorted = [...rows[i]].sort((a, b) => a[0] - b[0]);
    for (const [j, value] of sorted) {
      if (indexList.length > indptr[i] && indexList[indexList.length - 1] === j) {
        valueList[valueList.length - 1] += value;
      } else {
        indexList.push(j);
        valueList.push(value);
      }
    }
    indptr[i + 1] = indexList.length;
  }
  return validateCsr({
    rows: rows.length,
    cols,
    indptr,
    indices: Int32Array.from(indexList),
    data: Float64Array.from(valueList),
  });
}

/** A dense matrix's non-zero entries in CSR form. */
export function csrFromDense(matrix: Matrix): CsrMatrix {
  const { rows, cols, data } = matrix;
  const indptr = new Int32Array(rows + 1);
  let nnz = 0;
  for (let k = 0; k < data.length; k++) if (data[k] !== 0) nnz++;
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let position = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const value = data[i * cols + j];
      if (value !== 0) {
        indices[position] = j;
        values[position++] = value;
      }
    }
    indptr[i + 1] = position;
  }
  return { rows, cols, indptr, indices, data: values };
}

/** The dense form of a CSR matrix. */
export function csrToDense(matrix: CsrMatrix): Matrix {
  const { rows, cols, indptr, indices, data } = matrix;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let k = indptr[i]; k < indptr[i + 1]; k++) out[i * cols + indices[k]] += data[k];
  }
  return { rows, cols, data: out };
}

/** A new CSR matrix holding the given rows, in the given order. */
export function csrSelectRows(matrix: CsrMatrix, rowIndices: ArrayLike<number>): CsrMatrix {
  const indptr = new Int32Array(rowIndices.length + 1);
  let nnz = 0;
  for (let k = 0; k < rowIndices.length; k++) {
    const i = rowIndices[k];
    nnz += matrix.indptr[i + 1] - matrix.indptr[i];
    indptr[k + 1] = nnz;
  }
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  for (let k = 0; k < rowIndices.length; k++) {
    const i = rowIndices[k];
    const start = matrix.indptr[i];
    const end = matrix.indptr[i + 1];
    indices.set(matrix.indices.subarray(start, end), indptr[k]);
    data.set(matrix.data.subarray(start, end), indptr[k]);
  }
  return { rows: rowIndices.length, cols: matrix.cols, indptr, indices, data };
}
