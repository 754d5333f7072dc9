import { csrToDense, InvalidArgumentError, matrixToArrays, NotFittedError, SerializationError } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { CountVectorizer } from './count-vectorizer';
import { TfidfVectorizer } from './tfidf-vectorizer';

// The corpus of scikit-learn's CountVectorizer documentation, with its documented outputs.
const corpus = [
  'This is the first document.',
  'This document is the second document.',
  'And this is the third one.',
  'Is this the first document?',
];

const dense = (vectorizer: CountVectorizer, docs: string[]) =>
  matrixToArrays(csrToDense(vectorizer.fitTransform(docs)));

describe('CountVectorizer', () => {
  it('matches the scikit-learn documentation example (unigrams)', () => {
    const vectorizer = new CountVectorizer();
    expect(dense(vectorizer, corpus)).toEqual([
      [0, 1, 1, 1, 0, 0, 1, 0, 1],
      [0, 2, 0, 1, 0, 1, 1, 0, 1],
      [1, 0, 0, 1, 1, 0, 1, 1, 1],
      [0, 1, 1, 1, 0, 0, 1, 0, 1],
    ]);
    expect(vectorizer.getFeatureNamesOut()).toEqual([
      'and',
      'document',
      'first',
      'is',
      'one',
      'second',
      'the',
      'third',
      'this',
    ]);
  });

  it('matches the scikit-learn documentation example (bigrams only)', () => {
    const vectorizer = new CountVectorizer({ ngramRange: [2, 2] });
    expect(dense(vectorizer, corpus)).toEqual([
      [0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0],
      [0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0],
      [1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0],
      [0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1],
    ]);
    expect(vectorizer.getFeatureNamesOut()).toEqual([
      'and this',
      'document is',
      'first document',
      'is the',
      'is this',
      'second document',
      'the first',
      'the second',
      'the third',
      'third one',
      'this document',
      'this is',
      'this the',
    ]);
  });

  it('matches the documented char and char_wb n-grams', () => {
    const wb = new CountVectorizer({ analyzer: 'char_wb', ngramRange: [2, 2] });
    expect(dense(wb, ['words', 'wprds'])).toEqual([
      [1, 1, 1, 0, 1, 1, 1, 0],
      [1, 1, 0, 1, 1, 1, 0, 1],
    ]);
    expect(wb.getFeatureNamesOut()).toEqual([' w', 'ds', 'or', 'pr', 'rd', 's ', 'wo', 'wp']);
    expect(
      new CountVectorizer({ analyzer: 'char', ngramRange: [5, 5] }).fit(['jumpy fox']).getFeatureNamesOut(),
    ).toEqual(['jumpy', 'mpy f', 'py fo', 'umpy ', 'y fox']);
    expect(
      new CountVectorizer({ analyzer: 'char_wb', ngramRange: [5, 5] }).fit(['jumpy fox']).getFeatureNamesOut(),
    ).toEqual([' fox ', ' jump', 'jumpy', 'umpy ']);
  });

  it('sorts the vocabulary by code point, as Python does', () => {
    // UTF-16 order would put the astral letter (surrogates D835…) before U+FB01.
    const names = new CountVectorizer().fit(['\u{1D49C}\u{1D49C} \uFB01x zz']).getFeatureNamesOut();
    expect(names).toEqual(['zz', '\uFB01x', '\u{1D49C}\u{1D49C}']);
  });

  it('drops English stop words before forming n-grams', () => {
    const vectorizer = new CountVectorizer({ stopWords: 'english', ngramRange: [1, 2] });
    vectorizer.fit(['call me now for your free prize']);
    expect(vectorizer.getFeatureNamesOut()).toEqual(['free', 'free prize', 'prize']);
    expect(new CountVectorizer({ stopWords: ['prize'] }).fit(['free prize']).getFeatureNamesOut()).toEqual(['free']);
  });

  it('prunes by document frequency and keeps the most frequent terms', () => {
    const docs = ['aa bb cc', 'aa bb', 'aa dd', 'aa bb ee ee ee'];
    expect(new CountVectorizer({ minDf: 2 }).fit(docs).getFeatureNamesOut()).toEqual(['aa', 'bb']);
    expect(new CountVectorizer({ minDf: 0.5 }).fit(docs).getFeatureNamesOut()).toEqual(['aa', 'bb']);
    expect(new CountVectorizer({ maxDf: 0.8 }).fit(docs).getFeatureNamesOut()).toEqual(['bb', 'cc', 'dd', 'ee']);
    expect(new CountVectorizer({ maxDf: 2 }).fit(docs).getFeatureNamesOut()).toEqual(['cc', 'dd', 'ee']);
    // Totals: aa 4, bb 3, ee 3, cc 1, dd 1: ties (bb, ee) keep alphabetical order.
    expect(new CountVectorizer({ maxFeatures: 2 }).fit(docs).getFeatureNamesOut()).toEqual(['aa', 'bb']);
    expect(new CountVectorizer({ maxFeatures: 3 }).fit(docs).getFeatureNamesOut()).toEqual(['aa', 'bb', 'ee']);
    expect(() => new CountVectorizer({ minDf: 0, maxDf: 0.1 }).fit(docs)).toThrow(/no terms remain/);
    expect(() => new CountVectorizer({ minDf: 3, maxDf: 2 }).fit(docs)).toThrow(InvalidArgumentError);
  });

  it('uses a fixed vocabulary as given, list or map, without pruning', () => {
    const fromList = new CountVectorizer({ vocabulary: ['zz', 'aa'], minDf: 3 });
    expect(matrixToArrays(csrToDense(fromList.fitTransform(['aa zz zz qq'])))).toEqual([[2, 1]]);
    const fromMap = new CountVectorizer({ vocabulary: { aa: 1, zz: 0 } });
    expect(fromMap.fit(['x']).getFeatureNamesOut()).toEqual(['zz', 'aa']);
    expect(() => new CountVectorizer({ vocabulary: { aa: 0, zz: 2 } })).toThrow(/column 1 is missing/);
    expect(() => new CountVectorizer({ vocabulary: ['a', 'a'] })).toThrow(/duplicate term/);
  });

  it('counts 1 per present term when binary', () => {
    expect(dense(new CountVectorizer({ binary: true }), ['aa aa bb'])).toEqual([[1, 1]]);
  });

  it('validates params and documents', () => {
    expect(() => new CountVectorizer({ ngramRange: [2, 1] })).toThrow(InvalidArgumentError);
    expect(() => new CountVectorizer({ minDf: 1.5 })).toThrow(/params\.minDf/);
    expect(() => new CountVectorizer().fit([])).toThrow(/empty/);
    expect(() => new CountVectorizer().fit(['ok', 3 as unknown as string])).toThrow(/x\[1\]/);
    expect(() => new CountVectorizer().fit(['a', '!'])).toThrow(/empty vocabulary/);
    expect(() => new CountVectorizer().transform(['a'])).toThrow(NotFittedError);
  });

  it('round-trips through JSON and refuses damaged documents', () => {
    const vectorizer = new CountVectorizer({ ngramRange: [1, 2] }).fit(corpus);
    const json = JSON.parse(JSON.stringify(vectorizer));
    const restored = CountVectorizer.fromJSON(json);
    expect(restored.transform(corpus)).toEqual(vectorizer.transform(corpus));
    expect(() => CountVectorizer.fromJSON({ ...json, kind: 'TfidfVectorizer' })).toThrow(SerializationError);
    expect(() => CountVectorizer.fromJSON({ ...json, formatVersion: 2 })).toThrow(/newer/);
    expect(() => CountVectorizer.fromJSON({ ...json, state: { terms: ['a', 'a'] } })).toThrow(/duplicate/);
    expect(() => CountVectorizer.fromJSON({ ...json, state: { terms: 'a' } })).toThrow(SerializationError);
    const { state: _state, ...truncated } = json;
    expect(() => CountVectorizer.fromJSON(truncated)).toThrow(SerializationError);
  });
});

describe('TfidfVectorizer', () => {
  it('transform equals fitTransform on the training documents, and unknown text is a zero row', () => {
    for (const params of TfidfVectorizer.testParams) {
      const vectorizer = new TfidfVectorizer(params);
      const fitted = vectorizer.fitTransform(corpus);
      expect(vectorizer.transform(corpus)).toEqual(fitted);
    }
    const row = new TfidfVectorizer().fit(corpus).transform(['nothing known here']);
    expect(row.indptr).toEqual(Int32Array.from([0, 0]));
  });

  it('normalises rows to unit L2 (or L1) norm', () => {
    const l2 = new TfidfVectorizer().fitTransform(corpus);
    const l1 = new TfidfVectorizer({ norm: 'l1' }).fitTransform(corpus);
    for (let i = 0; i < corpus.length; i++) {
      let squares = 0;
      let sum = 0;
      for (let k = l2.indptr[i]; k < l2.indptr[i + 1]; k++) squares += l2.data[k] ** 2;
      for (let k = l1.indptr[i]; k < l1.indptr[i + 1]; k++) sum += l1.data[k];
      expect(squares).toBeCloseTo(1, 12);
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  it('computes idf with and without smoothing', () => {
    // "document" is in 3 of 4 documents: smooth ln(5/4) + 1, raw ln(4/3) + 1.
    const smooth = new TfidfVectorizer().fit(corpus);
    const raw = new TfidfVectorizer({ smoothIdf: false }).fit(corpus);
    const column = smooth.getVocabulary().get('document')!;
    expect(smooth.idf![column]).toBeCloseTo(Math.log(5 / 4) + 1, 15);
    expect(raw.idf![column]).toBeCloseTo(Math.log(4 / 3) + 1, 15);
    expect(new TfidfVectorizer({ useIdf: false }).fit(corpus).idf).toBeNull();
    expect(() => new TfidfVectorizer({ smoothIdf: false, vocabulary: ['absent'] }).fit(corpus)).toThrow(/infinite/);
  });

  it('round-trips through JSON and refuses tampered idf', () => {
    const vectorizer = new TfidfVectorizer({ sublinearTf: true }).fit(corpus);
    const json = JSON.parse(JSON.stringify(vectorizer));
    expect(TfidfVectorizer.fromJSON(json).transform(corpus)).toEqual(vectorizer.transform(corpus));
    expect(() => TfidfVectorizer.fromJSON({ ...json, state: { ...json.state, idf: json.state.idf.slice(1) } })).toThrow(
      /idf values/,
    );
    expect(() => TfidfVectorizer.fromJSON({ ...json, state: { ...json.state, idf: null } })).toThrow(/useIdf/);
    expect(TfidfVectorizer.fromJSON(new TfidfVectorizer().toJSON()).isFitted).toBe(false);
  });
});
