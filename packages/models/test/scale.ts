import type { Matrix } from '@mloop/core';

/** Standardises with the mean and population std of `fitOn` (sklearn StandardScaler; zero std → 1). */
export function standardize(fitOn: Matrix, ...apply: Matrix[]): Matrix[] {
  const { rows, cols, data } = fitOn;
  const mean = new Float64Array(cols);
  const scale = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += data[i * cols + j];
    mean[j] = sum / rows;
    let squares = 0;
    for (let i = 0; i < rows; i++) squares += (data[i * cols + j] - mean[j]) ** 2;
    const std = Math.sqrt(squares / rows);
    scale[j] = std === 0 ? 1 : std;
  }
  return apply.map((m) => {
    const out = new Float64Array(m.data.length);
    for (let i = 0; i < m.rows; i++)
      for (let j = 0; j < cols; j++) out[i * cols + j] = (m.data[i * cols + j] - mean[j]) / scale[j];
    return { rows: m.rows, cols, data: out };
  });
}
