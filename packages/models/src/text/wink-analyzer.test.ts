import { f1Score, UnsupportedFunctionalityError } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { modelsVectors, smsSplit } from '../../test/sms-spam';
import { LogisticRegression } from '../linear/logistic-regression';
import { CountVectorizer } from './count-vectorizer';
import { TfidfVectorizer } from './tfidf-vectorizer';
import { useWinkNlp } from './wink-analyzer';

const message =
  "WINNER!! You've been selected for a £900 prize! Call 09061701461 or visit http://win.co.uk :) 😀 running geese";

describe("analyzer: 'wink'", () => {
  it('lemmatises, drops stop words and punctuation, and turns numbers and URLs into placeholders', () => {
    const analyze = new CountVectorizer({ analyzer: 'wink' }).buildAnalyzer();
    expect(analyze(message)).toEqual([
      'winner',
      'select',
      '£',
      '<number>',
      'prize',
      '<number>',
      'visit',
      '<url>',
      ':)',
      '😀',
      'run',
      'goose',
    ]);
  });

  it('stems or keeps the normal form, and follows per-type rules', () => {
    const stemmed = new CountVectorizer({
      analyzer: 'wink',
      wink: {
        normalize: 'stem',
        removeStopWords: false,
        tokenTypes: { number: 'token', url: 'drop', emoji: 'placeholder' },
      },
    }).buildAnalyzer()(message);
    expect(stemmed).toContain('09061701461');
    expect(stemmed).toContain('select');
    expect(stemmed).not.toContain('<url>');
    expect(stemmed).toContain('<emoji>');
    expect(stemmed).toContain('you');
  });

  it('forms n-grams over wink tokens and round-trips through JSON', () => {
    const vectorizer = new TfidfVectorizer({ analyzer: 'wink', ngramRange: [1, 2] }).fit([message, 'see you at lunch']);
    expect(vectorizer.getFeatureNamesOut()).toContain('<number> prize');
    const restored = TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(vectorizer)));
    expect(restored.transform([message])).toEqual(vectorizer.transform([message]));
  });

  it('separates SMS spam at least as well as the default analyzer (logistic regression, test split)', () => {
    const split = smsSplit(modelsVectors().sms_split.test_indices);
    const f1 = (vectorizer: TfidfVectorizer) => {
      const model = new LogisticRegression({ C: 10, maxIter: 1000 }).fit(
        vectorizer.fitTransform(split.trainTexts),
        split.trainLabels,
      );
      return f1Score(split.testLabels, model.predict(vectorizer.transform(split.testTexts)), { posLabel: 'spam' });
    };
    const wink = f1(new TfidfVectorizer({ analyzer: 'wink', sublinearTf: true }));
    const plain = f1(new TfidfVectorizer({ sublinearTf: true }));
    expect(wink).toBeGreaterThanOrEqual(plain - 0.005);
  });

  it('reports missing packages as UNSUPPORTED when the injected factory fails', () => {
    useWinkNlp(() => {
      throw new UnsupportedFunctionalityError({ message: 'no wink here', functionality: 'wink' });
    }, {});
    try {
      expect(() => new CountVectorizer({ analyzer: 'wink', wink: { normalize: 'normal' } }).fit(['a b'])).toThrow(
        UnsupportedFunctionalityError,
      );
    } finally {
      useWinkNlp();
    }
  });
});
