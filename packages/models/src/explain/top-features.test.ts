import { csrFromDense, InvalidArgumentError } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { loadSms } from '../../test/sms-spam';
import { LogisticRegression } from '../linear/logistic-regression';
import { BernoulliNB } from '../naive-bayes/bernoulli-nb';
import { ComplementNB } from '../naive-bayes/complement-nb';
import { MultinomialNB } from '../naive-bayes/multinomial-nb';
import { LinearSVC } from '../svm/linear-svc';
import { CountVectorizer } from '../text/count-vectorizer';
import { TfidfVectorizer } from '../text/tfidf-vectorizer';
import { type TopFeatures, topFeatures } from './top-features';

const { texts, labels } = loadSms();
const train = { texts: texts.slice(0, 1500), labels: labels.slice(0, 1500) };
const spam = 'WINNER!! You have been selected to receive a £900 prize reward! Call 09061701461 to claim';

/** All contributions plus the baseline add up to the margin. */
function expectAdditive(why: TopFeatures, all: number) {
  const sum = [...why.supporting, ...why.opposing].reduce((total, entry) => total + entry.contribution, why.baseline);
  expect(why.supporting.length + why.opposing.length).toBe(all);
  expect(sum).toBeCloseTo(why.margin, 9);
}

describe('topFeatures', () => {
  const tfidf = new TfidfVectorizer();
  const x = tfidf.fitTransform(train.texts);
  const pipelineOf = (model: unknown) => ({ namedSteps: { tfidf, model } });

  it('explains TF-IDF + MultinomialNB through a pipeline: terms of the message, log-odds that add up', () => {
    const nb = new MultinomialNB().fit(x, train.labels);
    const why = topFeatures(pipelineOf(nb), spam, 1000);
    expect(why.label).toBe('spam');
    expect(why.against).toBe('ham');
    const jll = nb.jointLogLikelihood(tfidf.transform([spam])).data;
    expect(why.margin).toBeCloseTo(jll[1] - jll[0], 9);
    expectAdditive(why, tfidf.transform([spam]).data.length);
    const terms = new Set(tfidf.buildAnalyzer()(spam));
    for (const entry of why.supporting) expect(terms.has(entry.name)).toBe(true);
    expect(why.supporting[0].contribution).toBeGreaterThanOrEqual(why.supporting[1].contribution);
    expect(topFeatures(pipelineOf(nb), spam, 3).supporting).toEqual(why.supporting.slice(0, 3));
  });

  it('explains LogisticRegression with the decision function as the margin', () => {
    const lr = new LogisticRegression().fit(x, train.labels);
    const row = tfidf.transform([spam]);
    const why = topFeatures(lr, row, 1000, { featureNames: tfidf.getFeatureNamesOut() });
    expect(why.label).toBe(lr.predict(row)[0]);
    expect(why.margin).toBeCloseTo(Math.abs(lr.decisionFunction(row).data[0]), 9);
    expectAdditive(why, row.data.length);
    expect(why.supporting.every((entry) => tfidf.getVocabulary().get(entry.name) === entry.index)).toBe(true);
  });

  it('compares with the runner-up class for more than two classes', () => {
    const x3 = [
      [3, 0, 0],
      [2, 1, 0],
      [0, 3, 0],
      [1, 2, 0],
      [0, 0, 3],
      [0, 1, 2],
    ];
    const y3 = ['a', 'a', 'b', 'b', 'c', 'c'];
    for (const model of [
      new LinearSVC().fit(x3, y3),
      new LogisticRegression().fit(x3, y3),
      new ComplementNB().fit(x3, y3),
    ]) {
      const why = topFeatures(model, [0, 2, 1]);
      expect(why.label).toBe(model.predict([[0, 2, 1]])[0]);
      expect(why.against).not.toBe(why.label);
      expectAdditive(why, 2);
      expect(why.supporting[0].name).toMatch(/^x\d$/);
    }
  });

  it('explains BernoulliNB on binarised counts', () => {
    const counts = new CountVectorizer({ binary: true });
    const nb = new BernoulliNB().fit(counts.fitTransform(train.texts), train.labels);
    const why = topFeatures({ namedSteps: { counts, nb } }, spam, 1000);
    expect(why.label).toBe('spam');
    const jll = nb.jointLogLikelihood(counts.transform([spam])).data;
    expect(why.margin).toBeCloseTo(jll[1] - jll[0], 9);
    expect(why.supporting.every((entry) => entry.value === 1)).toBe(true);
  });

  it('rejects several rows, unknown models and a bad k', () => {
    const nb = new MultinomialNB().fit(x, train.labels);
    expect(() => topFeatures(pipelineOf(nb), [spam, spam] as unknown as string)).toThrow(/one row/);
    expect(() => topFeatures(nb, csrFromDense({ rows: 1, cols: 2, data: Float64Array.from([1, 0]) }))).toThrow(
      InvalidArgumentError,
    );
    expect(() => topFeatures({ namedSteps: { tfidf } }, spam)).toThrow(/explains LogisticRegression/);
    expect(() => topFeatures(pipelineOf(nb), spam, 0)).toThrow(/k must be/);
  });
});
