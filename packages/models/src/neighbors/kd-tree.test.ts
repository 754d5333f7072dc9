import type { Matrix } from '@mloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BruteForce } from './brute-force';
import { type MetricName, resolveMetric } from './distance-metric';
import { KDTree } from './kd-tree';
import { createNeighborIndex } from './nearest-neighbors';

const matrixArbitrary = fc
  .record({
    rows: fc.integer({ min: 2, max: 120 }),
    cols: fc.integer({ min: 1, max: 5 }),
    spread: fc.integer({ min: 1, max: 6 }),
  })
  .chain(({ rows, cols, spread }) =>
    fc
      // Small integers: many exact duplicates and tied distances, the hard case for tie handling.
      .array(fc.integer({ min: -spread, max: spread }), { minLength: rows * cols, maxLength: rows * cols })
      .map((values): Matrix => ({ rows, cols, data: Float64Array.from(values) })),
  );

const metrics: MetricName[] = ['euclidean', 'manhattan', 'chebyshev', 'minkowski'];

describe('KDTree', () => {
  it('finds the same k nearest distances as brute force, with no repeated neighbour (all metrics, ties, duplicates)', () => {
    fc.assert(
      fc.property(
        matrixArbitrary,
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(...metrics),
        (matrix, kRequested, leafSize, metricName) => {
          const k = Math.min(kRequested, matrix.rows);
          const metric = resolveMetric(metricName, 3);
          const tree = new KDTree(matrix, metric, leafSize);
          const brute = new BruteForce(matrix, metric);
          const queries: Matrix = {
            rows: 5,
            cols: matrix.cols,
            data: Float64Array.from({ length: 5 * matrix.cols }, (_, i) => ((i * 7) % 9) - 4.5),
          };
          for (const [a, b] of [
            [tree.query(matrix, k), brute.query(matrix, k)], // all-pairs mode (symmetric seeding)
            [tree.query(queries, k), brute.query(queries, k)],
          ]) {
            expect(Array.from(a.distances)).toEqual(Array.from(b.distances));
            const n = a.distances.length / k;
            for (let i = 0; i < n; i++) {
              const row = Array.from(a.indices.subarray(i * k, (i + 1) * k));
              expect(new Set(row).size).toBe(k);
              expect(row.every((index) => index >= 0 && index < matrix.rows)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("createNeighborIndex follows sklearn's algorithm='auto' rule", () => {
    const small: Matrix = { rows: 100, cols: 3, data: new Float64Array(300) };
    const wide: Matrix = { rows: 100, cols: 16, data: new Float64Array(1600) };
    const base = { metric: 'minkowski', p: 2, algorithm: 'auto', leafSize: 30 } as const;
    expect(createNeighborIndex(small, { ...base, nNeighbors: 20 }).algorithm).toBe('kd_tree');
    expect(createNeighborIndex(small, { ...base, nNeighbors: 50 }).algorithm).toBe('brute');
    expect(createNeighborIndex(wide, { ...base, nNeighbors: 20 }).algorithm).toBe('brute');
    expect(createNeighborIndex(small, { ...base, metric: 'cosine', nNeighbors: 20 }).algorithm).toBe('brute');
    expect(createNeighborIndex(small, { ...base, algorithm: 'brute', nNeighbors: 5 }).algorithm).toBe('brute');
  });
});
