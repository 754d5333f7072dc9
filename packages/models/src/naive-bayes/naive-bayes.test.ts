import { csrFromDense, InvalidArgumentError, type Matrix, NotFittedError, SerializationError } from '@mloop/core';
import { describeEstimatorChecks } from '@mloop/core/testing/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BernoulliNB } from './bernoulli-nb';
import { ComplementNB } from './complement-nb';
import { MultinomialNB } from './multinomial-nb';

const x = [
  [2, 1, 0, 0],
  [3, 0, 1, 0],
  [0, 0, 2, 3],
  [0, 1, 1, 4],
  [1, 0, 0, 1],
];
const y = ['a', 'a', 'b', 'b', 'a'];
const dense: Matrix = { rows: 5, cols: 4, data: Float64Array.from(x.flat()) };

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tolerance = 1e-12) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tolerance);
};

describe('MultinomialNB', () => {
  it('computes scikit-learn’s smoothed log-probabilities and priors', () => {
    const nb = new MultinomialNB().fit(x, y);
    // Class a: counts [6, 1, 1, 1] + 1 → total 13; class b: [0, 1, 3, 7] + 1 → total 15.
    close(
      nb.featureLogProb.data,
      [7, 2, 2, 2, 1, 2, 4, 8].map((c, i) => Math.log(c) - Math.log(i < 4 ? 13 : 15)),
    );
    close(nb.classLogPrior, [Math.log(3 / 5), Math.log(2 / 5)]);
    const jll = nb.jointLogLikelihood([[1, 0, 0, 2]]).data;
    close(jll, [
      Math.log(3 / 5) + Math.log(7 / 13) + 2 * Math.log(2 / 13),
      Math.log(2 / 5) + Math.log(1 / 15) + 2 * Math.log(8 / 15),
    ]);
    const proba = nb.predictProba([[1, 0, 0, 2]]).data;
    close(proba, [
      Math.exp(jll[0]) / (Math.exp(jll[0]) + Math.exp(jll[1])),
      Math.exp(jll[1]) / (Math.exp(jll[0]) + Math.exp(jll[1])),
    ]);
  });

  it('gives the same model for dense and CSR input', () => {
    const a = new MultinomialNB().fit(dense, y);
    const b = new MultinomialNB().fit(csrFromDense(dense), y);
    expect(b.predictProba(csrFromDense(dense))).toEqual(a.predictProba(dense));
  });

  it('partialFit over batches equals one fit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), (cut) => {
        const online = new MultinomialNB({ alpha: 0.5 })
          .partialFit(x.slice(0, cut), y.slice(0, cut), ['b', 'a'])
          .partialFit(x.slice(cut), y.slice(cut));
        const batch = new MultinomialNB({ alpha: 0.5 }).fit(x, y);
        close(online.predictProba(x).data, batch.predictProba(x).data, 1e-12);
        expect(online.classes).toEqual(['a', 'b']);
      }),
    );
  });

  it('uses fixed or uniform priors when asked', () => {
    close(new MultinomialNB({ classPrior: [0.2, 0.8] }).fit(x, y).classLogPrior, [Math.log(0.2), Math.log(0.8)]);
    close(new MultinomialNB({ fitPrior: false }).fit(x, y).classLogPrior, [-Math.log(2), -Math.log(2)]);
    expect(() => new MultinomialNB({ classPrior: [1] }).fit(x, y)).toThrow(/classPrior has 1 values for 2 classes/);
  });

  it('raises a tiny alpha to 1e-10 unless forceAlpha', () => {
    const clipped = new MultinomialNB({ alpha: 0 }).fit(x, y).featureLogProb.data;
    expect(clipped.every(Number.isFinite)).toBe(true);
    const forced = new MultinomialNB({ alpha: 0, forceAlpha: true }).fit(x, y).featureLogProb.data;
    expect(forced.some((value) => value === Number.NEGATIVE_INFINITY)).toBe(true);
  });

  it('rejects bad input with InvalidArgumentError and keeps the fitted model', () => {
    const nb = new MultinomialNB().fit(x, y);
    const before = JSON.stringify(nb);
    expect(() => nb.fit([[1, -1, 0, 0]], ['a'])).toThrow(/negative/);
    expect(() => nb.fit(x, ['a'])).toThrow(/1 labels for 5 rows/);
    expect(() => nb.fit(x, ['a', 'a', 1, 'b', 'a'])).toThrow(/mixes/);
    expect(() => nb.predict([[1, 2, 3]])).toThrow(/3 feature\(s\) but the model was fitted on 4/);
    expect(() => nb.predict([[1, 2, Number.NaN, 0]])).toThrow(InvalidArgumentError);
    expect(() => nb.partialFit(x, y, ['a', 'c'])).toThrow(/differ from the first call/);
    expect(() => new MultinomialNB().partialFit(x, y)).toThrow(/first call/);
    expect(() => new MultinomialNB().predict(x)).toThrow(NotFittedError);
    expect(JSON.stringify(nb)).toBe(before);
  });

  it('refuses tampered documents', () => {
    const json = JSON.parse(JSON.stringify(new MultinomialNB().fit(x, y)));
    const bad = [
      { ...json, state: { ...json.state, featureCount: json.state.featureCount.slice(1) } },
      { ...json, state: { ...json.state, classCount: [3, -2] } },
      { ...json, state: { ...json.state, classes: ['b', 'a'] } },
      { ...json, params: { ...json.params, classPrior: [1, 2, 3] } },
    ];
    for (const document of bad) expect(() => MultinomialNB.fromJSON(document)).toThrow(SerializationError);
  });
});

describe('ComplementNB', () => {
  it('computes complement weights as scikit-learn', () => {
    const nb = new ComplementNB().fit(x, y);
    // feature_all = [6, 2, 4, 8]; complement of a = all + 1 − [6, 1, 1, 1] = [1, 2, 4, 8] (sum 15).
    const complementA = [1, 2, 4, 8];
    const complementB = [7, 2, 2, 2];
    close(nb.featureLogProb.data, [
      ...complementA.map((c) => -Math.log(c / 15)),
      ...complementB.map((c) => -Math.log(c / 13)),
    ]);
    const normed = new ComplementNB({ norm: true }).fit(x, y).featureLogProb.data;
    const logged = complementA.map((c) => Math.log(c / 15));
    const sum = logged.reduce((p, q) => p + q, 0);
    close(
      normed.slice(0, 4),
      logged.map((value) => value / sum),
    );
  });

  it('predicts the single class it was trained on', () => {
    const nb = new ComplementNB().fit(x, ['a', 'a', 'a', 'a', 'a']);
    expect(nb.predict(x)).toEqual(['a', 'a', 'a', 'a', 'a']);
    close(nb.predictProba(x).data, [1, 1, 1, 1, 1]);
  });
});

describe('BernoulliNB', () => {
  it('binarises and scores absent features, as scikit-learn', () => {
    const nb = new BernoulliNB().fit(x, y);
    // Binarised class a rows: [1,1,0,0], [1,0,1,0], [1,0,0,1] → counts [3,1,1,1], class count 3.
    const pA = [4, 2, 2, 2].map((c) => c / 5);
    const pB = [1, 2, 3, 3].map((c) => c / 4);
    close(nb.featureLogProb.data, [...pA, ...pB].map(Math.log));
    const row = [0, 5, 0, 1];
    const expected = [
      Math.log(3 / 5) + row.reduce((s, v, j) => s + Math.log(v > 0 ? pA[j] : 1 - pA[j]), 0),
      Math.log(2 / 5) + row.reduce((s, v, j) => s + Math.log(v > 0 ? pB[j] : 1 - pB[j]), 0),
    ];
    close(nb.jointLogLikelihood([row]).data, expected);
    close(nb.jointLogLikelihood(csrFromDense({ rows: 1, cols: 4, data: Float64Array.from(row) })).data, expected);
  });

  it('refuses a negative threshold on sparse input', () => {
    expect(() => new BernoulliNB({ binarize: -1 }).fit(csrFromDense(dense), y)).toThrow(/negative threshold/);
    expect(new BernoulliNB({ binarize: -1 }).fit(dense, y).isFitted).toBe(true);
  });
});

describeEstimatorChecks(MultinomialNB);
describeEstimatorChecks(ComplementNB);
describeEstimatorChecks(BernoulliNB);
// The same checks on dense input.
describeEstimatorChecks(MultinomialNB, { fixture: { x: dense, y } });
