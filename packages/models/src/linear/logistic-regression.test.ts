import { csrFromDense, InvalidArgumentError, SerializationError } from '@mloop/core';
import { describeEstimatorChecks } from '@mloop/core/testing/vitest';
import { describe, expect, it } from 'vitest';
import { modelsVectors, readLabelledCsv } from '../../test/sms-spam';
import { StandardScaler } from '../preprocessing/standard-scaler';
import { LogisticRegression } from './logistic-regression';

const vectors = modelsVectors();

const within = (actual: ArrayLike<number>, expected: readonly number[], tolerance: number) => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tolerance);
};

describe('LogisticRegression golden vectors', () => {
  const wdbc = readLabelledCsv('data/wdbc/wdbc.csv');
  const scaler = new StandardScaler();
  const scaled = scaler.fitTransform(wdbc.x);

  it('scales WDBC as scikit-learn’s StandardScaler (12 significant digits)', () => {
    const { scalerMean, scalerScale } = vectors.logistic_wdbc;
    scaler.mean.forEach((value, j) => {
      expect(Math.abs(value - scalerMean[j])).toBeLessThanOrEqual(1e-11 * Math.abs(scalerMean[j]));
    });
    scaler.scale.forEach((value, j) => {
      expect(Math.abs(value - scalerScale[j])).toBeLessThanOrEqual(1e-11 * Math.abs(scalerScale[j]));
    });
  });

  for (const C of [1, 0.1]) {
    it(`WDBC scaled, C=${C}: coef and intercept within 1e-4, probabilities within 1e-5`, () => {
      const expected = vectors.logistic_wdbc[`C=${C.toFixed(1)}`];
      const model = new LogisticRegression({ C, maxIter: 10_000, tol: 1e-10 }).fit(scaled, wdbc.y);
      within(model.coef.data, expected.coef.flat(), 1e-4);
      within(model.intercept, [expected.intercept].flat(), 1e-4);
      const proba = model.predictProba({
        rows: 30,
        cols: scaled.cols,
        data: scaled.data.subarray(0, 30 * scaled.cols),
      });
      within(
        Array.from({ length: 30 }, (_, i) => proba.data[2 * i + 1]),
        expected.probaFirst30 ?? [],
        1e-5,
      );
      expect(model.score(scaled, wdbc.y)).toBeCloseTo(expected.trainAccuracy, 9);
      // Sparse input reaches the same optimum.
      const sparse = new LogisticRegression({ C, maxIter: 10_000, tol: 1e-10 }).fit(csrFromDense(scaled), wdbc.y);
      within(sparse.coef.data, expected.coef.flat(), 1e-4);
    });
  }

  it('iris, multinomial: probabilities within 5e-5, coefficients within 2e-3', () => {
    // The 15-parameter softmax problem on raw iris is ill-conditioned: scikit-learn stops by the
    // relative-decrease rule (factr 1e7) with a gradient of 3e-3, 6e-4 from the exact optimum,
    // and which iterate passes that rule depends on last-bit rounding after ~110 iterations. We
    // stop by the same rule at a neighbouring iterate, so the README's 1e-4 on coefficients (met
    // exactly on WDBC) cannot be met here; probabilities agree to 2.5e-5.
    const iris = readLabelledCsv('data/iris/iris.csv');
    const expected = vectors.logistic_iris;
    const model = new LogisticRegression({ C: 1, maxIter: 10_000, tol: 1e-10 }).fit(iris.x, iris.y);
    expect(model.classes).toEqual([0, 1, 2]);
    within(model.coef.data, expected.coef.flat(), 2e-3);
    within(model.intercept, expected.intercept, 2e-3);
    for (const [row, probabilities] of Object.entries(expected.probaRows ?? {})) {
      const i = Number(row);
      const proba = model.predictProba({ rows: 1, cols: 4, data: iris.x.data.subarray(i * 4, i * 4 + 4) });
      within(proba.data, probabilities, 5e-5);
    }
    expect(model.score(iris.x, iris.y)).toBeCloseTo(expected.trainAccuracy, 9);
  });
});

describe('LogisticRegression', () => {
  const x = [
    [0, 1],
    [1, 1],
    [2, 0],
    [3, 1],
    [4, 0],
    [5, 1],
  ];
  const y = ['a', 'a', 'b', 'a', 'b', 'b'];

  it('is at a stationary point of the penalised objective (binary, weighted)', () => {
    const model = new LogisticRegression({ C: 2, classWeight: { a: 2, b: 1 }, tol: 1e-12, maxIter: 1000 }).fit(x, y);
    const w = model.coef.data;
    const b = model.intercept[0];
    const weights = y.map((label) => (label === 'a' ? 2 : 1));
    const gradient = [w[0] / 2, w[1] / 2, 0];
    x.forEach((row, i) => {
      const p = 1 / (1 + Math.exp(-(row[0] * w[0] + row[1] * w[1] + b)));
      const residual = weights[i] * (p - (y[i] === 'b' ? 1 : 0));
      gradient[0] += residual * row[0];
      gradient[1] += residual * row[1];
      gradient[2] += residual;
    });
    // L-BFGS stops on scipy's relative-decrease rule (factr 1e7) well before 1e-12 here.
    for (const g of gradient) expect(Math.abs(g)).toBeLessThan(1e-4);
  });

  it('predictProba agrees with decisionFunction and predict', () => {
    const model = new LogisticRegression().fit(x, y);
    const scores = model.decisionFunction(x);
    const proba = model.predictProba(x);
    expect(scores.cols).toBe(1);
    for (let i = 0; i < x.length; i++) {
      expect(proba.data[2 * i + 1]).toBeCloseTo(1 / (1 + Math.exp(-scores.data[i])), 15);
    }
    expect(model.predict(x)).toEqual(Array.from(scores.data, (z) => (z > 0 ? 'b' : 'a')));
  });

  it('one-vs-rest and multinomial give normalised probabilities for three classes', () => {
    const labels = [0, 0, 1, 1, 2, 2];
    for (const multiClass of ['ovr', 'multinomial'] as const) {
      const model = new LogisticRegression({ multiClass }).fit(x, labels);
      expect(model.coef.rows).toBe(3);
      const proba = model.predictProba(x);
      for (let i = 0; i < x.length; i++) {
        expect(proba.data[3 * i] + proba.data[3 * i + 1] + proba.data[3 * i + 2]).toBeCloseTo(1, 12);
      }
    }
  });

  it('a two-class multinomial model keeps one row: the binary model with C doubled', () => {
    // Softmax over [−w, w] penalises ‖w‖² twice, i.e. the binary logit 2w with half the penalty.
    const model = new LogisticRegression({ multiClass: 'multinomial', tol: 1e-10 }).fit(x, y);
    const binary = new LogisticRegression({ C: 2, tol: 1e-10 }).fit(x, y);
    expect(model.coef.rows).toBe(1);
    for (let j = 0; j < 2; j++) expect(2 * model.coef.data[j]).toBeCloseTo(binary.coef.data[j], 4);
    const p = model.predictProba(x).data;
    const q = binary.predictProba(x).data;
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(q[i], 4);
  });

  it('rejects one class, bad weights and bad input', () => {
    expect(() => new LogisticRegression().fit(x, ['a', 'a', 'a', 'a', 'a', 'a'])).toThrow(/at least 2 classes/);
    expect(() => new LogisticRegression({ classWeight: { c: 1 } }).fit(x, y)).toThrow(/not in classWeight/);
    expect(() => new LogisticRegression({ C: 0 })).toThrow(InvalidArgumentError);
    const model = new LogisticRegression().fit(x, y);
    expect(() => model.predict([[1, 2, 3]])).toThrow(/fitted on 2/);
    expect(() => model.predict([[Number.NaN, 1]])).toThrow(InvalidArgumentError);
  });

  it('refuses tampered documents', () => {
    const json = JSON.parse(JSON.stringify(new LogisticRegression().fit(x, y)));
    expect(() => LogisticRegression.fromJSON({ ...json, state: { ...json.state, coef: [1] } })).toThrow(
      SerializationError,
    );
    expect(() => LogisticRegression.fromJSON({ ...json, state: { ...json.state, classes: ['a'] } })).toThrow(
      SerializationError,
    );
    expect(() => LogisticRegression.fromJSON({ ...json, state: { ...json.state, coef: ['NaN', 1] } })).toThrow(
      SerializationError,
    );
  });
});

describeEstimatorChecks(LogisticRegression);
describeEstimatorChecks(LogisticRegression, {
  fixture: {
    x: csrFromDense({ rows: 6, cols: 2, data: Float64Array.from([0, 1, 1, 1, 2, 0, 3, 1, 4, 0, 5, 1]) }),
    y: ['a', 'a', 'b', 'a', 'b', 'b'],
  },
});
