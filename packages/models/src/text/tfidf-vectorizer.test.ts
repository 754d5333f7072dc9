import { describe, expect, it } from 'vitest';
import { loadSms, modelsVectors } from '../../test/sms-spam';
import { TfidfVectorizer } from './tfidf-vectorizer';

describe('TfidfVectorizer golden vectors (models.json tfidf_small)', () => {
  const cases = modelsVectors().tfidf_small;
  for (const [name, expected] of Object.entries(cases)) {
    it(name, () => {
      const p = expected.params;
      const vectorizer = new TfidfVectorizer({
        ...(p.ngram_range ? { ngramRange: p.ngram_range } : {}),
        ...(p.min_df !== undefined ? { minDf: p.min_df } : {}),
        ...(p.sublinear_tf !== undefined ? { sublinearTf: p.sublinear_tf } : {}),
      });
      const docs = loadSms().texts.slice(0, expected.nDocs);
      const x = vectorizer.fitTransform(docs);
      expect(vectorizer.getFeatureNamesOut()).toEqual(expected.vocabulary);
      const idf = vectorizer.idf!;
      expect(idf.length).toBe(expected.idf.length);
      for (let j = 0; j < idf.length; j++) expect(Math.abs(idf[j] - expected.idf[j])).toBeLessThanOrEqual(1e-9);
      expected.rows.forEach((row, i) => {
        const got: [number, number][] = [];
        for (let k = x.indptr[i]; k < x.indptr[i + 1]; k++) got.push([x.indices[k], x.data[k]]);
        expect(got.map((entry) => entry[0])).toEqual(row.map((entry) => entry[0]));
        for (let k = 0; k < row.length; k++) expect(Math.abs(got[k][1] - row[k][1])).toBeLessThanOrEqual(1e-9);
      });
    });
  }
});
