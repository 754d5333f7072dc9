import { readFileSync } from 'node:fs';
import type { Matrix } from '@mloop/core';
import { sharedPath } from '@mloop/core/testing';

/** Parsed `test-vectors/models.json` (read once). */
let models: Record<string, unknown> | undefined;
// biome-ignore lint/suspicious/noExplicitAny: golden JSON is navigated dynamically in tests.
export function modelsVectors(): any {
  models ??= JSON.parse(readFileSync(sharedPath('test-vectors/models.json'), 'utf8')) as Record<string, unknown>;
  return models;
}

/** A numeric CSV with a header: feature columns as a matrix plus one label column. */
export function readNumericCsv(relative: string, labelColumn: string): { x: Matrix; y: number[]; header: string[] } {
  const lines = readFileSync(sharedPath(relative), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const labelIndex = header.indexOf(labelColumn);
  const cols = header.length - 1;
  const data = new Float64Array((lines.length - 1) * cols);
  const y: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(',');
    let c = 0;
    for (let j = 0; j < cells.length; j++) {
      if (j === labelIndex) y.push(Number(cells[j]));
      else data[(i - 1) * cols + c++] = Number(cells[j]);
    }
  }
  return { x: { rows: lines.length - 1, cols, data }, y, header: header.filter((_, j) => j !== labelIndex) };
}

/** The whitespace-separated shuttle files: 9 features then the class. */
export function readShuttle(file: 'shuttle.trn' | 'shuttle.tst'): { x: number[][]; y: number[] } {
  const lines = readFileSync(sharedPath(`data/shuttle/${file}`), 'utf8')
    .trim()
    .split('\n');
  const x: number[][] = [];
  const y: number[] = [];
  for (const line of lines) {
    const values = line.trim().split(/\s+/).map(Number);
    y.push(values[9]);
    x.push(values.slice(0, 9));
  }
  return { x, y };
}
