import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { Dataset } from './dataset';
import { stratifiedKFold, trainTestSplit } from './dataset-split';
import { splitIndices, stratifiedKFoldIndices } from './split';

const sorted = (values: ArrayLike<number>) => Array.from(values).sort((a, b) => a - b);
const counts = (labels: readonly (string | number)[], rows: ArrayLike<number>) => {
  const out = new Map<string | number, number>();
  for (const row of Array.from(rows)) out.set(labels[row], (out.get(labels[row]) ?? 0) + 1);
  return out;
};

describe('splitIndices', () => {
  it('uses sklearn sizes: test rounds up, train is the rest; default test share 0.25', () => {
    expect(splitIndices(10, { testSize: 0.25 }).test.length).toBe(3);
    expect(splitIndices(10).test.length).toBe(3);
    const both = splitIndices(10, { trainSize: 0.55, testSize: 0.2 });
    expect([both.train.length, both.test.length]).toEqual([5, 2]);
    expect(splitIndices(10, { testSize: 4 }).train.length).toBe(6);
  });

  it('partitions the rows, is reproducible by seed and differs between seeds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 300 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.integer(),
        (n, size, seed) => {
          if (Math.ceil(size * n) >= n) return;
          const { train, test } = splitIndices(n, { testSize: size, seed });
          expect(sorted([...train, ...test])).toEqual(Array.from({ length: n }, (_, i) => i));
          expect(splitIndices(n, { testSize: size, seed }).test).toEqual(test);
        },
      ),
      { numRuns: 200 },
    );
    expect(splitIndices(100, { seed: 1 }).test).not.toEqual(splitIndices(100, { seed: 2 }).test);
  });

  it('keeps class shares on both sides when stratified (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 2, max: 60 }), { minLength: 2, maxLength: 4 }),
        fc.integer(),
        (sizes, seed) => {
          const labels = sizes.flatMap((size, k) => Array.from({ length: size }, () => `c${k}`));
          const n = labels.length;
          const { train, test } = splitIndices(n, { testSize: 0.3, seed }, labels);
          expect(train.length + test.length).toBe(n);
          const testCounts = counts(labels, test);
          sizes.forEach((size, k) => {
            // Each class's test count is within one of its exact share (sklearn's approximate mode).
            expect(Math.abs((testCounts.get(`c${k}`) ?? 0) - (size * test.length) / n)).toBeLessThan(1 + 1e-9);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('rejects what cannot be split, changing nothing', () => {
    const codes = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return InvalidArgumentError.isInstance(error) ? error.field : 'other';
      }
      return 'none';
    };
    expect(codes(() => splitIndices(1))).toBe('n');
    expect(codes(() => splitIndices(10, { testSize: 1.5 }))).toBe('testSize');
    expect(codes(() => splitIndices(10, { testSize: 10 }))).toBe('testSize');
    expect(codes(() => splitIndices(10, { testSize: 0 }))).toBe('testSize');
    expect(codes(() => splitIndices(4, { testSize: 0.5 }, ['a', 'a', 'a', 'b']))).toBe('stratify');
    expect(codes(() => splitIndices(4, { shuffle: false }, ['a', 'a', 'b', 'b']))).toBe('shuffle');
  });
});

describe('stratifiedKFoldIndices', () => {
  it('matches sklearn StratifiedKFold(n_splits=3) without shuffle', () => {
    // sklearn 1.2: StratifiedKFold(3).split(X, y) for y = [0]*6 + [1]*4 gives these test folds.
    const y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
    const folds = stratifiedKFoldIndices(y, { nSplits: 3 });
    expect(folds.map((fold) => Array.from(fold.test))).toEqual([
      [0, 1, 6, 7],
      [2, 3, 8],
      [4, 5, 9],
    ]);
  });

  it('puts every row in exactly one test fold, classes in proportion (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 10, maxLength: 200 }),
        fc.integer({ min: 2, max: 5 }),
        fc.boolean(),
        (y, k, shuffle) => {
          const largest = Math.max(...['a', 'b', 'c'].map((label) => y.filter((v) => v === label).length));
          if (largest < k) return;
          const folds = stratifiedKFoldIndices(y, { nSplits: k, shuffle, seed: 3 });
          const all = folds.flatMap((fold) => Array.from(fold.test));
          expect(sorted(all)).toEqual(Array.from({ length: y.length }, (_, i) => i));
          for (const fold of folds) expect(fold.train.length + fold.test.length).toBe(y.length);
          for (const label of new Set(y)) {
            const perFold = folds.map((fold) => counts(y, fold.test).get(label) ?? 0);
            expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('Dataset splits', () => {
  const data = Dataset.fromColumns(
    {
      x: Float64Array.from({ length: 100 }, (_, i) => i),
      y: Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? 'rare' : 'common')),
    },
    { name: 'toy', label: 'y' },
  );

  it('trainTestSplit stratifies on a column and names both sides', () => {
    const { train, test } = trainTestSplit(data, { testSize: 0.2, seed: 42, stratify: 'y' });
    expect([train.name, test.name]).toEqual(['toy-train', 'toy-test']);
    expect([train.nRows, test.nRows]).toEqual([80, 20]);
    expect(test.filter((row) => row.y === 'rare').nRows).toBe(2);
    expect(trainTestSplit(data, { testSize: 0.2, seed: 42, stratify: 'y' }).test.digest).toBe(test.digest);
  });

  it('stratifiedKFold gives k dataset pairs covering every row once', () => {
    const folds = stratifiedKFold(data, { label: 'y', nSplits: 5, shuffle: true, seed: 0 });
    expect(folds).toHaveLength(5);
    expect(folds.reduce((sum, fold) => sum + fold.test.nRows, 0)).toBe(100);
    for (const fold of folds) expect(fold.test.filter((row) => row.y === 'rare').nRows).toBe(2);
  });
});
