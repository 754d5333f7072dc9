import { InvalidArgumentError, NotFittedError, SeededRandom, UnsupportedFunctionalityError } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../../test/code-of';
import { expectRobustFromJSON } from '../../test/serialization-cases';
import { LocalOutlierFactor } from './local-outlier-factor';

function blob(n: number, seed: number): number[][] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, () => [rng.normal(), rng.normal(), rng.normal()]);
}

describe('LocalOutlierFactor', () => {
  const train = blob(60, 1);

  it('flags a far point with fitPredict and gives it the lowest negativeOutlierFactor', () => {
    const lof = new LocalOutlierFactor({ nNeighbors: 10 });
    const labels = lof.fitPredict([...train, [9, 9, 9]]);
    expect(labels[60]).toBe(-1);
    const scores = lof.negativeOutlierFactor;
    expect(Math.min(...scores)).toBe(scores[60]);
  });

  it('gives duplicates of a point more than nNeighbors times the 1e-10 guard, as sklearn (no NaN)', () => {
    const rows = [...Array.from({ length: 8 }, () => [1, 1]), [1, 2], [2, 1], [5, 5]];
    const lof = new LocalOutlierFactor({ nNeighbors: 3 }).fit(rows);
    const scores = lof.negativeOutlierFactor;
    expect(scores.every(Number.isFinite)).toBe(true);
    // Every duplicate has k-distance 0 → lrd 1e10 and ratio 1 among its duplicate neighbours.
    for (let i = 0; i < 8; i++) expect(scores[i]).toBe(-1);
  });

  it('contamination picks the percentile offset and flags about that share of the training rows', () => {
    const lof = new LocalOutlierFactor({ nNeighbors: 10, contamination: 0.1 });
    const labels = lof.fitPredict(train);
    expect(labels.filter((label) => label === -1).length).toBe(6);
    expect(lof.offset).toBeLessThan(-1);
  });

  it('caps nNeighbors at n − 1 like sklearn', () => {
    const lof = new LocalOutlierFactor({ nNeighbors: 50 }).fit(train.slice(0, 10));
    expect(lof.nNeighborsFitted).toBe(9);
  });

  it('novelty mode: predict-like methods agree; fitPredict is refused', () => {
    const lof = new LocalOutlierFactor({ nNeighbors: 10, novelty: true }).fit(train);
    const queries = [...blob(5, 2), [8, -8, 8]];
    const scores = lof.scoreSamples(queries);
    const decision = lof.decisionFunction(queries);
    const labels = lof.predict(queries);
    for (let i = 0; i < queries.length; i++) {
      expect(decision[i]).toBeCloseTo(scores[i] - lof.offset, 12);
      expect(labels[i]).toBe(decision[i] < 0 ? -1 : 1);
    }
    expect(labels[5]).toBe(-1);
    expect(codeOf(() => lof.fitPredict(train))).toBe('UNSUPPORTED');
  });

  it('outlier-detection mode refuses scoring new rows; nothing works before fit', () => {
    const lof = new LocalOutlierFactor();
    expect(
      NotFittedError.isInstance(
        (() => {
          try {
            lof.negativeOutlierFactor;
          } catch (error) {
            return error;
          }
        })(),
      ),
    ).toBe(true);
    expect(codeOf(() => lof.offset)).toBe('NOT_FITTED');
    lof.fit(train);
    for (const method of ['scoreSamples', 'decisionFunction', 'predict'] as const) {
      let error: unknown;
      try {
        lof[method](train);
      } catch (caught) {
        error = caught;
      }
      expect(UnsupportedFunctionalityError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/novelty: true/);
    }
  });

  it('rejects bad input with InvalidArgumentError naming the problem, leaving the model unchanged', () => {
    const lof = new LocalOutlierFactor({ nNeighbors: 5, novelty: true }).fit(train);
    const before = JSON.stringify(lof);
    const bad: [unknown, RegExp][] = [
      [[], /empty/],
      [[[1, 2]], /2 feature|feature/],
      [[[1, Number.NaN, 3]], /NaN/],
      [
        [
          [1, 2, 3],
          [1, 2],
        ],
        /row 1/,
      ],
    ];
    for (const [input, message] of bad) {
      let error: unknown;
      try {
        lof.scoreSamples(input as number[][]);
      } catch (caught) {
        error = caught;
      }
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
    expect(codeOf(() => new LocalOutlierFactor().fit([[1, 2]]))).toBe('INVALID_ARGUMENT');
    expect(
      codeOf(() =>
        lof.fit([
          [1, Number.POSITIVE_INFINITY, 2],
          [1, 2, 3],
        ]),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(JSON.stringify(lof)).toBe(before);
  });

  it('validates params in the constructor', () => {
    for (const params of [
      { nNeighbors: 0 },
      { p: 0.5 },
      { contamination: 0.7 },
      { metric: 'cosine', algorithm: 'kd_tree' },
      { extra: 1 },
    ]) {
      expect(codeOf(() => new LocalOutlierFactor(params as never))).toBe('INVALID_ARGUMENT');
    }
  });

  it('every metric gives finite scores; the document round trip preserves them', () => {
    for (const metric of ['euclidean', 'manhattan', 'chebyshev', 'minkowski', 'cosine'] as const) {
      const lof = new LocalOutlierFactor({ nNeighbors: 7, metric, p: 3, novelty: true }).fit(train);
      const queries = blob(10, 3);
      const scores = lof.scoreSamples(queries);
      expect(scores.every(Number.isFinite)).toBe(true);
      const restored = LocalOutlierFactor.fromJSON(JSON.parse(JSON.stringify(lof)));
      expect(restored.scoreSamples(queries)).toEqual(scores);
    }
  });

  it('fromJSON rejects damaged documents with SerializationError (both modes)', () => {
    expectRobustFromJSON(LocalOutlierFactor, new LocalOutlierFactor({ nNeighbors: 5, novelty: true }).fit(train));
    expectRobustFromJSON(LocalOutlierFactor, new LocalOutlierFactor({ nNeighbors: 5 }).fit(train));
  });
});
