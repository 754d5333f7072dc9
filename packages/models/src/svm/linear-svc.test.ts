import { csrFromDense, InvalidArgumentError, SerializationError, UnsupportedFunctionalityError } from '@mloop/core';
import { describeEstimatorChecks } from '@mloop/core/testing/vitest';
import { describe, expect, it } from 'vitest';
import { LinearSVC } from './linear-svc';

const x = [
  [0, 1],
  [1, 1.5],
  [2, 0],
  [3, 1],
  [4, 0.5],
  [5, 1],
  [1.5, 0.2],
];
const y = ['a', 'a', 'b', 'a', 'b', 'b', 'b'];

/** Gradient of liblinear's primal ½‖w̃‖² + Σ Cᵢ·max(0, 1 − yᵢ·w̃·x̃ᵢ)², with x̃ = [x, 1]. */
function primalGradient(w: number[], cOf: (i: number) => number): number[] {
  const gradient = [...w];
  x.forEach((row, i) => {
    const sign = y[i] === 'b' ? 1 : -1;
    const margin = 1 - sign * (row[0] * w[0] + row[1] * w[1] + w[2]);
    if (margin > 0) {
      const factor = -2 * cOf(i) * sign * margin;
      gradient[0] += factor * row[0];
      gradient[1] += factor * row[1];
      gradient[2] += factor;
    }
  });
  return gradient;
}

describe('LinearSVC', () => {
  it('reaches the optimum of the squared-hinge primal (with class weights), whatever the seed', () => {
    for (const seed of [0, 1, 2]) {
      const model = new LinearSVC({ C: 2, tol: 1e-10, maxIter: 100_000, classWeight: { a: 3 }, seed }).fit(x, y);
      const w = [...model.coef.data, model.intercept[0]];
      const gradient = primalGradient(w, (i) => (y[i] === 'a' ? 6 : 2));
      for (const g of gradient) expect(Math.abs(g)).toBeLessThan(1e-6);
    }
  });

  it('gives the same optimum on dense and CSR input, and a margin consistent with predict', () => {
    const dense = new LinearSVC({ tol: 1e-10, maxIter: 100_000 }).fit(x, y);
    const sparse = new LinearSVC({ tol: 1e-10, maxIter: 100_000 }).fit(
      csrFromDense({ rows: 7, cols: 2, data: Float64Array.from(x.flat()) }),
      y,
    );
    for (let j = 0; j < 2; j++) expect(sparse.coef.data[j]).toBeCloseTo(dense.coef.data[j], 7);
    const margins = dense.decisionFunction(x).data;
    expect(dense.predict(x)).toEqual(Array.from(margins, (m) => (m > 0 ? 'b' : 'a')));
  });

  it('fits one problem per class for three classes', () => {
    const model = new LinearSVC().fit(x, [0, 0, 1, 0, 2, 2, 1]);
    expect(model.coef.rows).toBe(3);
    expect(model.decisionFunction(x).cols).toBe(3);
    expect(model.nIter.length).toBe(3);
  });

  it('has no probabilities, and rejects one class and bad input', () => {
    const model = new LinearSVC().fit(x, y);
    expect(() => model.predictProba(x)).toThrow(UnsupportedFunctionalityError);
    expect(() =>
      new LinearSVC().fit(
        x,
        y.map(() => 'a'),
      ),
    ).toThrow(/at least 2 classes/);
    expect(() => model.decisionFunction([[1]])).toThrow(InvalidArgumentError);
    const json = JSON.parse(JSON.stringify(model));
    expect(() => LinearSVC.fromJSON({ ...json, state: { ...json.state, intercept: [1, 2] } })).toThrow(
      SerializationError,
    );
  });
});

// Dense input here; the common checks (common-checks.test.ts) run it on CSR.
describeEstimatorChecks(LinearSVC, { fixture: { x, y } });
