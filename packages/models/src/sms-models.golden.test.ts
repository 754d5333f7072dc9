import {
  accuracyScore,
  confusionMatrix,
  f1Score,
  type Label,
  type Matrix,
  precisionScore,
  recallScore,
  rocAucScore,
} from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { modelsVectors, type PipelineMetrics, smsSplit } from '../test/sms-spam';
import { LogisticRegression } from './linear/logistic-regression';
import { ComplementNB } from './naive-bayes/complement-nb';
import { MultinomialNB } from './naive-bayes/multinomial-nb';
import { LinearSVC } from './svm/linear-svc';
import { TfidfVectorizer } from './text/tfidf-vectorizer';

/** What a classifier in these pipelines offers: labels, and a spam score (probability or margin). */
interface SmsClassifier {
  fit(x: ReturnType<TfidfVectorizer['fitTransform']>, y: readonly Label[]): unknown;
  predict(x: ReturnType<TfidfVectorizer['fitTransform']>): Label[];
  predictProba?(x: ReturnType<TfidfVectorizer['fitTransform']>): Matrix;
  decisionFunction?(x: ReturnType<TfidfVectorizer['fitTransform']>): Matrix;
}

const vectors = modelsVectors();
const split = smsSplit(vectors.sms_split.test_indices);
// README tolerance: SMS pipeline accuracy / F1 within 0.5 percentage points.
const METRIC_TOLERANCE = 0.005;

const factories: Record<string, () => SmsClassifier> = {
  MultinomialNB: () => new MultinomialNB({ alpha: 1 }),
  ComplementNB: () => new ComplementNB({ alpha: 1 }),
  LogisticRegression: () => new LogisticRegression({ C: 1, maxIter: 1000 }),
  LinearSVC: () => new LinearSVC({ C: 1 }),
};

function spamScores(model: SmsClassifier, x: ReturnType<TfidfVectorizer['fitTransform']>): number[] {
  // LinearSVC scores by margin, as scikit-learn's roc_auc of decision_function.
  if (model.predictProba && !(model instanceof LinearSVC)) {
    const proba = model.predictProba(x);
    return Array.from({ length: proba.rows }, (_, i) => proba.data[i * proba.cols + 1]);
  }
  return Array.from(model.decisionFunction!(x).data);
}

describe('SMS spam pipelines (models.json sms_models)', () => {
  it('uses the reference split', () => {
    expect(split.trainTexts.length).toBe(vectors.sms_split.n_train);
    expect(split.testTexts.length).toBe(vectors.sms_split.n_test);
  });

  for (const [variant, expectedByModel] of Object.entries(vectors.sms_models)) {
    const settings = expectedByModel.vectorizer;
    const makeVectorizer = () =>
      new TfidfVectorizer({
        ...(settings.ngram_range ? { ngramRange: settings.ngram_range } : {}),
        ...(settings.min_df !== undefined ? { minDf: settings.min_df } : {}),
        ...(settings.sublinear_tf !== undefined ? { sublinearTf: settings.sublinear_tf } : {}),
      });
    for (const [name, expected] of Object.entries(expectedByModel)) {
      if (name === 'vectorizer') continue;
      const factory = factories[name];
      it.skipIf(!factory)(`${variant} + ${name}`, () => {
        const metrics = expected as PipelineMetrics;
        const vectorizer = makeVectorizer();
        const xTrain = vectorizer.fitTransform(split.trainTexts);
        const xTest = vectorizer.transform(split.testTexts);
        const model = factory();
        model.fit(xTrain, split.trainLabels);
        const predicted = model.predict(xTest);
        const yTest = split.testLabels;
        expect(Math.abs(accuracyScore(yTest, predicted) - metrics.accuracy)).toBeLessThanOrEqual(METRIC_TOLERANCE);
        expect(Math.abs(f1Score(yTest, predicted, { posLabel: 'spam' }) - metrics.f1)).toBeLessThanOrEqual(
          METRIC_TOLERANCE,
        );
        expect(Math.abs(precisionScore(yTest, predicted, { posLabel: 'spam' }) - metrics.precision)).toBeLessThan(0.02);
        expect(Math.abs(recallScore(yTest, predicted, { posLabel: 'spam' }) - metrics.recall)).toBeLessThan(0.02);
        const scores = spamScores(model, xTest);
        expect(Math.abs(rocAucScore(yTest, scores) - metrics.rocAuc)).toBeLessThan(0.002);
        if (name.endsWith('NB')) {
          // Same tokenisation and closed-form counts: naive Bayes reproduces scikit-learn exactly.
          expect(confusionMatrix(yTest, predicted, { labels: ['ham', 'spam'] })).toEqual(metrics.confusionMatrix);
        }
        if (metrics.classLogPrior) {
          const nb = model as MultinomialNB;
          expect(nb.classes).toEqual(metrics.classes);
          const prior = nb.classLogPrior;
          // README: 1e-12; the file rounds to 12 significant digits, which alone is up to 5e-12 at |x| ≈ 2.
          metrics.classLogPrior.forEach((value, c) => {
            expect(Math.abs(prior[c] - value)).toBeLessThanOrEqual(1e-12 + 5e-12 * Math.abs(value));
          });
          metrics.spamProbaFirst20?.forEach((value, i) => {
            expect(Math.abs(scores[i] - value)).toBeLessThanOrEqual(1e-9);
          });
        }
      });
    }
  }
});
