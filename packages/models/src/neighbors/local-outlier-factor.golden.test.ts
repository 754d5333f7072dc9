import { f1Score, type Matrix, rocAucScore, toMatrix } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { standardize } from '../../test/scale';
import { modelsVectors, readNumericCsv, readShuttle } from '../../test/shared-data';
import { LocalOutlierFactor } from './local-outlier-factor';

function expectRelClose(actual: ArrayLike<number>, expected: readonly number[], rel: number) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-300);
    if (error > worst) worst = error;
  }
  expect(worst).toBeLessThanOrEqual(rel);
}

describe('LocalOutlierFactor golden vectors (sklearn 1.2.1)', () => {
  const vectors = modelsVectors().lof_synthetic;

  for (const k of [5, 20]) {
    it(`lof_synthetic nNeighbors=${k}: negativeOutlierFactor within 1e-9 relative`, () => {
      const expected = vectors[`nNeighbors=${k}`].negativeOutlierFactor as number[];
      for (const algorithm of ['auto', 'brute'] as const) {
        const lof = new LocalOutlierFactor({ nNeighbors: k, algorithm }).fit(vectors.X);
        expectRelClose(lof.negativeOutlierFactor, expected, 1e-9);
        expect(lof.offset).toBe(-1.5);
      }
    });
  }

  it('lof_synthetic novelty nNeighbors=20: scoreSamples, decisionFunction, offset, predict', () => {
    const expected = vectors['novelty_nNeighbors=20'];
    const lof = new LocalOutlierFactor({ nNeighbors: 20, novelty: true }).fit(vectors.X);
    expectRelClose(lof.scoreSamples(expected.Q), expected.scoreSamples, 1e-9);
    expectRelClose(lof.decisionFunction(expected.Q), expected.decisionFunction, 1e-9);
    expect(lof.offset).toBe(expected.offset);
    expect(Array.from(lof.predict(expected.Q))).toEqual(expected.predict);
    // The document round trip scores identically.
    const restored = LocalOutlierFactor.fromJSON(JSON.parse(JSON.stringify(lof)));
    expect(restored.scoreSamples(expected.Q)).toEqual(lof.scoreSamples(expected.Q));
  });

  describe('lof_shuttle: ROC AUC per nNeighbors within 0.005 (ties among integer distances may differ)', () => {
    const { x, y } = readNumericCsv('data/shuttle/shuttle-odds.csv', 'label');
    const [scaled] = standardize(x, x);
    const reference = modelsVectors().lof_shuttle;
    const cases: [string, Matrix, number][] = [];
    for (const k of [10, 20, 35, 50]) cases.push(['raw', x, k]);
    for (const k of [20]) cases.push(['scaled', scaled, k]);
    for (const [variant, data, k] of cases) {
      it(`${variant}, nNeighbors=${k}`, () => {
        const lof = new LocalOutlierFactor({ nNeighbors: k });
        const labels = lof.fitPredict(data);
        const expected = reference[variant][`nNeighbors=${k}`];
        // The outlier factor is −negativeOutlierFactor: higher means more abnormal.
        const score = lof.negativeOutlierFactor.map((value) => -value);
        expect(Math.abs(rocAucScore(y, score) - expected.rocAuc)).toBeLessThanOrEqual(0.005);
        let flagged = 0;
        for (const label of labels) if (label === -1) flagged++;
        expect(Math.abs(flagged - expected.auto.flagged)).toBeLessThanOrEqual(Math.ceil(0.02 * expected.auto.flagged));
      });
    }
  });

  describe('lof_shuttle_novelty: ROC AUC within 0.002, F1 within 0.01 (how the shuttle app uses LOF)', () => {
    const train = readShuttle('shuttle.trn');
    const test = readShuttle('shuttle.tst');
    const normal = toMatrix(train.x.filter((_, i) => train.y[i] === 1));
    const keep = test.y.map((label, i) => (label === 4 ? -1 : i)).filter((i) => i >= 0);
    const queries = toMatrix(keep.map((i) => test.x[i]));
    const truth = keep.map((i) => (test.y[i] === 1 ? 0 : 1));
    const [normalScaled, queriesScaled] = standardize(normal, normal, queries);
    const reference = modelsVectors().lof_shuttle_novelty;
    expect(normal.rows).toBe(reference.nTrain);
    expect(queries.rows).toBe(reference.nTest);
    for (const [variant, fitOn, score] of [
      ['raw', normal, queries],
      ['scaled', normalScaled, queriesScaled],
    ] as const) {
      for (const k of [10, 20, 35]) {
        it(`${variant}, nNeighbors=${k}`, () => {
          const lof = new LocalOutlierFactor({ nNeighbors: k, novelty: true }).fit(fitOn);
          const expected = reference[variant][`nNeighbors=${k}`];
          const scores = lof.scoreSamples(score);
          const auc = rocAucScore(
            truth,
            scores.map((value) => -value),
          );
          expect(Math.abs(auc - expected.rocAuc)).toBeLessThanOrEqual(0.002);
          const predicted = Array.from(lof.predict(score), (label) => (label === -1 ? 1 : 0));
          expect(Math.abs(f1Score(truth, predicted) - expected.auto.f1)).toBeLessThanOrEqual(0.01);
        });
      }
    }
  });
});
