export { csrFromDense, csrFromRows, csrSelectRows, csrToDense, isCsrMatrix, validateCsr } from './csr-matrix';
export { createSha256, isSha256Hex, sha256Hex } from './digest';
export {
  createMatrix,
  fromMlMatrix,
  isMatrix,
  matrixColumn,
  matrixRow,
  matrixToArrays,
  selectRows,
  toMatrix,
  toMlMatrix,
} from './matrix';
export { erfc, normalCdf, normalPdf, normalPpf } from './normal';
export { mean, median, quantile, quantileSorted, sortedCopy, std } from './quantile';
export { SeededRandom, type SeededRandomState } from './random';
