import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CountVectorizer } from './count-vectorizer';
import { TfidfVectorizer } from './tfidf-vectorizer';
import { compareCodePoints } from './vectorizer-core';

const byCodePoints = (a: string, b: string) => {
  const x = Array.from(a, (c) => c.codePointAt(0) as number);
  const y = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
};

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'é', 'ﬁ', '𝐀', '1', '_'), minLength: 1, maxLength: 4 });
const documents = fc.array(
  fc.array(word, { maxLength: 8 }).map((words) => words.join(' ')),
  { minLength: 1, maxLength: 8 },
);

describe('vectorizer invariants', () => {
  it('orders strings by code point (Python), not UTF-16 unit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 12 }),
        fc.string({ unit: 'binary', maxLength: 12 }),
        (a, b) => {
          expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(byCodePoints(a, b)));
        },
      ),
    );
  });

  it('counts every analysed token once, in the column of its term', () => {
    fc.assert(
      fc.property(documents, (docs) => {
        const vectorizer = new CountVectorizer({ ngramRange: [1, 2] });
        const analyze = vectorizer.buildAnalyzer();
        if (docs.every((doc) => analyze(doc).length === 0)) return;
        const x = vectorizer.fitTransform(docs);
        const names = vectorizer.getFeatureNamesOut();
        expect([...names].sort(compareCodePoints)).toEqual(names);
        docs.forEach((doc, i) => {
          const expected = new Map<string, number>();
          for (const token of analyze(doc)) expected.set(token, (expected.get(token) ?? 0) + 1);
          const got = new Map<string, number>();
          for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) got.set(names[x.indices[p]], x.data[p]);
          expect(got).toEqual(expected);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('TF-IDF rows are unit vectors (or empty) and transform reproduces fitTransform', () => {
    fc.assert(
      fc.property(documents, fc.boolean(), (docs, sublinearTf) => {
        const vectorizer = new TfidfVectorizer({ sublinearTf });
        if (docs.every((doc) => vectorizer.buildAnalyzer()(doc).length === 0)) return;
        const x = vectorizer.fitTransform(docs);
        for (let i = 0; i < x.rows; i++) {
          let squares = 0;
          for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) squares += x.data[p] ** 2;
          if (x.indptr[i + 1] > x.indptr[i]) expect(squares).toBeCloseTo(1, 12);
        }
        expect(vectorizer.transform(docs)).toEqual(x);
      }),
      { numRuns: 100 },
    );
  });
});
