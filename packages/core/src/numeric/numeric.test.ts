import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csrFromDense, csrFromRows, csrSelectRows, csrToDense, validateCsr } from './csr-matrix';
import { sha256Hex } from './digest';
import { createMatrix, fromMlMatrix, matrixToArrays, selectRows, toMatrix, toMlMatrix } from './matrix';
import { quantile, std } from './quantile';
import { SeededRandom } from './random';

describe('Matrix', () => {
  it('converts rows once and rejects ragged or non-number rows, naming the cell', () => {
    const matrix = toMatrix([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(matrix).toMatchObject({ rows: 3, cols: 2 });
    expect(Array.from(matrix.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(toMatrix(matrix)).toBe(matrix);
    expect(() => toMatrix([[1, 2], [3]])).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'x[1]' }),
    );
    expect(() => toMatrix([[1, 'a' as unknown as number]], 'features')).toThrowError(
      expect.objectContaining({ field: 'features[0][1]' }),
    );
    expect(() => createMatrix(2, 2, new Float64Array(3))).toThrowError(/needs 4/);
    expect(matrixToArrays(selectRows(matrix, [2, 0]))).toEqual([
      [5, 6],
      [1, 2],
    ]);
    expect(matrixToArrays(fromMlMatrix(toMlMatrix(matrix)))).toEqual(matrixToArrays(matrix));
  });
});

describe('CSR', () => {
  it('round-trips dense ↔ CSR and sums duplicates like scipy', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(0, 0, 0, 1.5, -2), { minLength: 4, maxLength: 4 }), { maxLength: 20 }),
        (rows) => {
          const dense = toMatrix(rows.length ? rows : [], 'x');
          const csr = csrFromDense(dense.rows ? dense : createMatrix(0, 4));
          validateCsr(csr);
          expect(matrixToArrays(csrToDense(csr))).toEqual(matrixToArrays(dense.rows ? dense : createMatrix(0, 4)));
        },
      ),
    );
    const csr = csrFromRows(
      [
        [
          [2, 1],
          [0, 3],
          [2, 4],
        ],
        [],
      ],
      3,
    );
    expect(matrixToArrays(csrToDense(csr))).toEqual([
      [3, 0, 5],
      [0, 0, 0],
    ]);
    expect(matrixToArrays(csrToDense(csrSelectRows(csr, [1, 0])))).toEqual([
      [0, 0, 0],
      [3, 0, 5],
    ]);
    expect(() => validateCsr({ ...csr, indices: Int32Array.from([2, 0]) })).toThrowError(/strictly increasing/);
  });
});

describe('SeededRandom', () => {
  it('is deterministic per seed and continues identically after a JSON round trip', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    a.normal();
    const restored = SeededRandom.fromJSON(JSON.parse(JSON.stringify(a)));
    expect([restored.normal(), restored.next(), restored.nextInt(1000)]).toEqual([
      a.normal(),
      a.next(),
      a.nextInt(1000),
    ]);
    expect(new SeededRandom(1).next()).not.toBe(new SeededRandom(2).next());
    expect(() => SeededRandom.fromJSON({ algorithm: 'mt19937' })).toThrowError(
      expect.objectContaining({ code: 'SERIALIZATION' }),
    );
    expect(() => new SeededRandom(1.5)).toThrowError(expect.objectContaining({ field: 'seed' }));
  });

  it('draws in range with roughly uniform frequencies', () => {
    const rng = new SeededRandom(7);
    const counts = new Array(10).fill(0);
    for (let index = 0; index < 100_000; index++) {
      const value = rng.next();
      expect(value >= 0 && value < 1).toBe(true);
      counts[rng.nextInt(10)]++;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    const normals = Array.from({ length: 20_000 }, () => rng.normal());
    expect(Math.abs(normals.reduce((sum, value) => sum + value, 0) / normals.length)).toBeLessThan(0.03);
    expect(Math.abs(std(normals) - 1)).toBeLessThan(0.03);
  });

  it('samples without replacement: distinct, in range, any k', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 2 ** 31 }), (n, seed) => {
        const k = Math.floor(n / 3);
        const sample = new SeededRandom(seed).sampleWithoutReplacement(n, k);
        expect(new Set(sample).size).toBe(k);
        for (const value of sample) expect(value >= 0 && value < n).toBe(true);
      }),
    );
    expect(() => new SeededRandom(1).sampleWithoutReplacement(3, 4)).toThrow(/Cannot draw 4/);
    expect(Array.from(new SeededRandom(3).permutation(6)).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('quantiles and digests', () => {
  it('matches numpy linear interpolation', () => {
    // numpy.quantile([1, 2, 3, 4, 10], [0, .1, .25, .5, .9, 1]) = [1, 1.4, 2, 3, 7.6, 10]
    const values = [10, 3, 1, 4, 2];
    const expected = [1, 1.4, 2, 3, 7.6, 10];
    for (const [index, q] of [0, 0.1, 0.25, 0.5, 0.9, 1].entries())
      expect(quantile(values, q)).toBeCloseTo(expected[index], 12);
    expect(() => quantile([], 0.5)).toThrowError(/no values/);
    expect(() => quantile([1], 1.5)).toThrowError(expect.objectContaining({ field: 'q' }));
  });

  it('hashes with SHA-256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
