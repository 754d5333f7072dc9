import { csrFromDense, Dataset, type Label, SeededRandom } from '@mloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../../test/code-of';
import { MultinomialNB } from '../naive-bayes/multinomial-nb';
import { Pipeline } from '../pipeline/pipeline';
import { TfidfVectorizer } from '../text/tfidf-vectorizer';
import { crossValidate } from './cross-validate';
import { KFold, StratifiedKFold } from './k-fold';
import { trainTestSplit } from './train-test-split';

const count = (labels: readonly Label[] | undefined, label: Label) => (labels ?? []).filter((l) => l === label).length;

describe('trainTestSplit', () => {
  it('stratified: sklearn sizes, class shares kept on both sides, disjoint and complete, seeded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 200 }), fc.integer({ min: 2, max: 10 }), fc.integer(), (n, rare, seed) => {
        const y = Array.from({ length: n }, (_, i) => (i % rare === 0 ? 'spam' : 'ham'));
        const x = y.map((_, i) => [i]);
        const split = trainTestSplit(x, y, { testSize: 0.2, stratify: true, seed });
        expect(split.xTest).toHaveLength(Math.ceil(0.2 * n));
        expect(split.xTrain.length + split.xTest.length).toBe(n);
        const all = new Set([...split.trainIndices, ...split.testIndices]);
        expect(all.size).toBe(n);
        const spam = count(y, 'spam');
        expect(Math.abs(count(split.yTest, 'spam') - 0.2 * spam)).toBeLessThanOrEqual(1);
        expect(trainTestSplit(x, y, { testSize: 0.2, stratify: true, seed }).testIndices).toEqual(split.testIndices);
      }),
      { numRuns: 60 },
    );
  });

  it('cuts matrices, CSR, documents and datasets the same way', () => {
    const matrix = { rows: 6, cols: 1, data: Float64Array.from([0, 1, 2, 3, 4, 5]) };
    const split = trainTestSplit(matrix, undefined, { testSize: 2, seed: 1 });
    expect(Array.from(split.xTest.data)).toEqual(Array.from(split.testIndices));
    const csr = trainTestSplit(csrFromDense(matrix), undefined, { testSize: 2, seed: 1 });
    expect(csr.xTest.rows).toBe(2);
    const documents = trainTestSplit(['a', 'b', 'c', 'd'], ['x', 'y', 'x', 'y'], { testSize: 0.5, seed: 3 });
    expect(documents.xTest).toEqual(Array.from(documents.testIndices, (i) => ['a', 'b', 'c', 'd'][i]));
    const dataset = Dataset.fromObjects([{ v: 1 }, { v: 2 }, { v: 3 }, { v: 4 }]);
    expect((trainTestSplit(dataset, undefined, { testSize: 1 }).xTest as Dataset).nRows).toBe(1);
    expect(codeOf(() => trainTestSplit([[1], [2]], ['a'], {}))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => trainTestSplit([[1], [2]], undefined, { stratify: true }))).toBe('INVALID_ARGUMENT');
  });
});

describe('KFold and StratifiedKFold', () => {
  it('KFold: consecutive folds, the first n mod k one larger; every row tested once', () => {
    const folds = new KFold({ nSplits: 3 }).split(10);
    expect(folds.map((fold) => Array.from(fold.test))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(Array.from(folds[1].train)).toEqual([0, 1, 2, 3, 7, 8, 9]);
    const shuffled = new KFold({ nSplits: 3, shuffle: true, seed: 2 }).split(10);
    expect(new Set(shuffled.flatMap((fold) => Array.from(fold.test))).size).toBe(10);
    expect(codeOf(() => new KFold({ nSplits: 1 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new KFold({ nSplits: 5 }).split(3))).toBe('INVALID_ARGUMENT');
  });

  it("StratifiedKFold: sklearn's allocation keeps class shares in every fold", () => {
    const y = [...Array(12).fill('ham'), ...Array(6).fill('spam')];
    const folds = new StratifiedKFold({ nSplits: 3 }).split(y);
    for (const fold of folds) {
      expect(
        count(
          Array.from(fold.test, (i) => y[i]),
          'spam',
        ),
      ).toBe(2);
      expect(fold.test.length).toBe(6);
    }
    expect(new StratifiedKFold({ nSplits: 4 }).getNSplits()).toBe(4);
  });
});

describe('crossValidate', () => {
  const rng = new SeededRandom(9);
  const words = { ham: ['lunch', 'home', 'later', 'call', 'mum'], spam: ['free', 'win', 'prize', 'claim', 'cash'] };
  const labels: string[] = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 'spam' : 'ham'));
  const texts = labels.map((label) =>
    Array.from({ length: 6 }, () => words[label as 'ham' | 'spam'][rng.nextInt(5)]).join(' '),
  );

  it('fits a clone per stratified fold and scores it (named scorers, train scores, estimators)', () => {
    const pipeline = new Pipeline({
      steps: [
        ['tfidf', new TfidfVectorizer()],
        ['nb', new MultinomialNB()],
      ],
    });
    const result = crossValidate(pipeline, texts, labels, {
      cv: 4,
      scoring: ['accuracy', 'f1', 'roc_auc'],
      posLabel: 'spam',
      returnTrainScore: true,
      returnEstimator: true,
    });
    expect(result.testScores.accuracy).toHaveLength(4);
    expect(result.testScores.accuracy.every((score) => score === 1)).toBe(true);
    expect(result.testScores.f1.every((score) => score === 1)).toBe(true);
    expect(result.testScores.roc_auc.every((score) => score === 1)).toBe(true);
    expect(result.trainScores?.accuracy).toHaveLength(4);
    expect(result.estimators?.every((model) => model.isFitted && model !== pipeline)).toBe(true);
    expect(pipeline.isFitted).toBe(false);
    const byDefault = crossValidate(pipeline, texts, labels, { cv: 3 });
    expect(byDefault.testScores.score).toHaveLength(3);
    const custom = crossValidate(pipeline, texts, labels, {
      cv: new KFold({ nSplits: 2, shuffle: true }),
      scoring: { one: () => 1 },
    });
    expect(custom.testScores.one).toEqual([1, 1]);
    expect(codeOf(() => crossValidate(pipeline, texts, labels, { scoring: 'nope' as never }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => crossValidate(pipeline, texts, labels.slice(1)))).toBe('INVALID_ARGUMENT');
  });
});
