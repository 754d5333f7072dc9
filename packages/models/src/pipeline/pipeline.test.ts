import { accuracyScore, Dataset, type Matrix, SeededRandom } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../../test/code-of';
import { expectRobustFromJSON } from '../../test/serialization-cases';
import { modelsVectors } from '../../test/shared-data';
import { loadSms, smsSplit } from '../../test/sms-spam';
import { IsolationForest } from '../ensemble/isolation-forest';
import { LogisticRegression } from '../linear/logistic-regression';
import { MultinomialNB } from '../naive-bayes/multinomial-nb';
import { LocalOutlierFactor } from '../neighbors/local-outlier-factor';
import { ColumnTransformer } from '../preprocessing/column-transformer';
import { MinMaxScaler } from '../preprocessing/min-max-scaler';
import { OneHotEncoder } from '../preprocessing/one-hot-encoder';
import { RandomUnderSampler } from '../preprocessing/random-under-sampler';
import { StandardScaler } from '../preprocessing/standard-scaler';
import { TfidfVectorizer } from '../text/tfidf-vectorizer';
import { Pipeline } from './pipeline';

function blob(n: number, seed: number): number[][] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, () => [rng.normal(10, 3), rng.normal(-5, 0.5)]);
}

describe('Pipeline', () => {
  it('StandardScaler → LOF (novelty) equals the steps run by hand, and survives its JSON document', () => {
    const train = blob(80, 1);
    const queries = [...blob(5, 2), [30, 0]];
    const pipeline = new Pipeline({
      steps: [
        ['scale', new StandardScaler()],
        ['lof', new LocalOutlierFactor({ nNeighbors: 10, novelty: true })],
      ],
    }).fit(train);
    const scaler = new StandardScaler().fit(train);
    const lof = new LocalOutlierFactor({ nNeighbors: 10, novelty: true }).fit(scaler.transform(train));
    expect(pipeline.scoreSamples(queries)).toEqual(lof.scoreSamples(scaler.transform(queries)));
    expect(pipeline.predict(queries)).toEqual(lof.predict(scaler.transform(queries)));
    expect(pipeline.offset).toBe(-1.5);
    const restored = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline)));
    expect(restored.scoreSamples(queries)).toEqual(pipeline.scoreSamples(queries));
    // The params keep unfitted templates: fitting never touches them.
    expect(pipeline.params.steps[0][1].isFitted).toBe(false);
    expect(pipeline.namedSteps.scale.isFitted).toBe(true);
    expectRobustFromJSON(Pipeline, pipeline);
  });

  it('TfidfVectorizer → MultinomialNB on text (the SMS setup) matches the manual chain', () => {
    const { test_indices: testIndices } = modelsVectors().sms_split;
    const split = smsSplit(testIndices);
    const pipeline = new Pipeline({
      steps: [
        ['tfidf', new TfidfVectorizer()],
        ['nb', new MultinomialNB()],
      ],
    }).fit(split.trainTexts, split.trainLabels);
    const tfidf = new TfidfVectorizer().fit(split.trainTexts);
    const nb = new MultinomialNB().fit(tfidf.transform(split.trainTexts), split.trainLabels);
    const sample = split.testTexts.slice(0, 50);
    expect(pipeline.predictProba(sample)).toEqual(nb.predictProba(tfidf.transform(sample)));
    expect(pipeline.classes).toEqual(['ham', 'spam']);
    const accuracy = pipeline.score(split.testTexts, split.testLabels);
    expect(accuracy).toBe(accuracyScore(split.testLabels, nb.predict(tfidf.transform(split.testTexts))));
    const restored = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline)));
    expect(restored.predict(sample)).toEqual(pipeline.predict(sample));
    expect(loadSms().texts.length).toBe(5574);

    // The same with LogisticRegression on the CSR output.
    const logistic = new Pipeline({
      steps: [
        ['tfidf', new TfidfVectorizer()],
        ['logistic', new LogisticRegression()],
      ],
    }).fit(split.trainTexts, split.trainLabels);
    const manual = new LogisticRegression().fit(tfidf.transform(split.trainTexts), split.trainLabels);
    expect(logistic.decisionFunction(sample)).toEqual(manual.decisionFunction(tfidf.transform(sample)));
    expect(Pipeline.fromJSON(JSON.parse(JSON.stringify(logistic))).predict(sample)).toEqual(logistic.predict(sample));
  });

  it('ColumnTransformer over a dataset → IsolationForest; samplers act during fit only', () => {
    const rng = new SeededRandom(4);
    const data = Dataset.fromObjects(
      Array.from({ length: 60 }, (_, i) => ({ speed: rng.normal(50, 5), mode: i % 3 === 0 ? 'a' : 'b' })),
    );
    const pipeline = new Pipeline({
      steps: [
        [
          'columns',
          new ColumnTransformer({
            transformers: [
              { name: 'num', transformer: new MinMaxScaler(), columns: ['speed'] },
              { name: 'cat', transformer: new OneHotEncoder(), columns: ['mode'] },
            ],
          }),
        ],
        ['forest', new IsolationForest({ nEstimators: 10, seed: 1 })],
      ],
    }).fit(data);
    expect((pipeline.scoreSamples(data) as Float64Array).length).toBe(60);
    const restored = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline)));
    expect(restored.scoreSamples(data)).toEqual(pipeline.scoreSamples(data));

    const x = blob(40, 5);
    const y = x.map((_, i) => (i < 30 ? 'ham' : 'spam'));
    const balanced = new Pipeline({
      steps: [
        ['under', new RandomUnderSampler({ seed: 2 })],
        ['nb', new MultinomialNB()],
      ],
    });
    const positive = x.map((row) => [Math.abs(row[0]), Math.abs(row[1])]);
    balanced.fit(positive, y);
    expect((balanced.predict(positive) as unknown[]).length).toBe(40);
    const nb = balanced.namedSteps.nb as MultinomialNB;
    // 10 + 10 rows after undersampling: equal priors.
    expect(
      Math.exp(nb.toJSON().state ? (nb as unknown as { classLogPrior: Float64Array }).classLogPrior[0] : 0),
    ).toBeCloseTo(0.5, 12);
    expect(codeOf(() => balanced.fit(positive))).toBe('INVALID_ARGUMENT');
  });

  it('fitPredict passes through to LOF in outlier-detection mode', () => {
    const rows = [...blob(50, 6), [40, 10]];
    const labels = new Pipeline({
      steps: [
        ['scale', new StandardScaler()],
        ['lof', new LocalOutlierFactor({ nNeighbors: 10 })],
      ],
    }).fitPredict(rows) as Int8Array;
    expect(labels[50]).toBe(-1);
  });

  it('validates steps; not fitted → NOT_FITTED; a method the last step lacks → UNSUPPORTED', () => {
    expect(codeOf(() => new Pipeline({ steps: [] }).fit([[1]]))).toBe('INVALID_ARGUMENT');
    expect(
      codeOf(
        () =>
          new Pipeline({
            steps: [
              ['forest', new IsolationForest()],
              ['scale', new StandardScaler()],
            ],
          }),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(
      codeOf(
        () =>
          new Pipeline({
            steps: [
              ['a', new StandardScaler()],
              ['a', new IsolationForest()],
            ],
          }),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new Pipeline({ steps: [['x', {} as never]] }))).toBe('INVALID_ARGUMENT');
    const pipeline = new Pipeline({
      steps: [
        ['scale', new StandardScaler()],
        ['forest', new IsolationForest({ nEstimators: 3 })],
      ],
    });
    expect(codeOf(() => pipeline.predict([[1, 2]]))).toBe('NOT_FITTED');
    pipeline.fit(blob(20, 7));
    expect(codeOf(() => pipeline.predictProba([[1, 2]]))).toBe('UNSUPPORTED');
    expect(codeOf(() => pipeline.classes)).toBe('UNSUPPORTED');
    expect(codeOf(() => pipeline.predict([[1, 2, 3]]))).toBe('INVALID_ARGUMENT');
    const document = JSON.parse(JSON.stringify(pipeline));
    document.params.steps[1][1].kind = 'NoSuchModel';
    expect(() => Pipeline.fromJSON(document)).toThrow(/NoSuchModel/);
    const transformOnly = new Pipeline({ steps: [['scale', new StandardScaler()]] }).fit(blob(5, 8));
    expect((transformOnly.transform([[10, -5]]) as Matrix).cols).toBe(2);
  });
});
