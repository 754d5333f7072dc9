import { describe, expect, it } from 'vitest';
import { modelsVectors, smsSplit } from '../../test/sms-spam';
import { LogisticRegression } from '../linear/logistic-regression';
import { MultinomialNB } from '../naive-bayes/multinomial-nb';
import { Pipeline } from '../pipeline/pipeline';
import { TfidfVectorizer } from '../text/tfidf-vectorizer';
import { topFeatures } from './top-features';

describe('TF-IDF pipelines (Pipeline + text models)', () => {
  const split = smsSplit(modelsVectors().sms_split.test_indices);

  for (const [name, model] of [
    ['MultinomialNB', () => new MultinomialNB()],
    ['LogisticRegression', () => new LogisticRegression({ maxIter: 1000 })],
  ] as const) {
    it(`Pipeline(TfidfVectorizer → ${name}) predicts as the two steps do, round-trips, and is explained by topFeatures`, () => {
      const pipeline = new Pipeline({
        steps: [
          ['tfidf', new TfidfVectorizer()],
          ['model', model()],
        ],
      });
      pipeline.fit(split.trainTexts, split.trainLabels);
      const tfidf = new TfidfVectorizer();
      const direct = model().fit(tfidf.fitTransform(split.trainTexts), split.trainLabels);
      const sample = split.testTexts.slice(0, 50);
      expect(pipeline.predict(sample)).toEqual(direct.predict(tfidf.transform(sample)));
      expect(pipeline.predictProba(sample)).toEqual(direct.predictProba(tfidf.transform(sample)));
      const restored = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline)));
      expect(restored.predictProba(sample)).toEqual(pipeline.predictProba(sample));
      const spam = split.testTexts[split.testLabels.indexOf('spam')];
      const why = topFeatures(pipeline, spam, 5);
      expect(why.label).toBe((pipeline.predict([spam]) as string[])[0]);
      expect(why.supporting.length).toBeGreaterThan(0);
      expect(tfidf.getFeatureNamesOut()).toContain(why.supporting[0].name);
    });
  }
});
