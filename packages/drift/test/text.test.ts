import { InvalidArgumentError, NotFittedError } from '@mloop/core';
import { describeBatchDetectorChecks } from '@mloop/core/testing/vitest';
import { ENGLISH_STOP_WORDS } from '@mloop/models';
import { describe, expect, it } from 'vitest';
import {
  corpusStats,
  corpusTerms,
  cosineDistance,
  createDriftReport,
  DataDriftDetector,
  EmptyColumnError,
  emergingTerms,
  fitReferenceTfidf,
  jaccard,
  jensenShannonDistance,
  oovRates,
  renderDriftReportHtml,
  TextDriftDetector,
  termJsDistance,
  tfidfCentroid,
  topTerms,
} from '../src/index';
import { expectAllClose, expectClose, TOL, vectors } from './vectors';

const c = vectors.text_cases[0];
const stopWords = new Set<string>(c.stop_words);

interface EmergingCase {
  term: string;
  df_current: number;
  df_reference: number;
  lift: number;
  is_new: boolean;
}

const toCase = (t: { term: string; dfCurrent: number; dfReference: number; lift: number; isNew: boolean }) => ({
  term: t.term,
  df_current: t.dfCurrent,
  df_reference: t.dfReference,
  lift: t.lift,
  is_new: t.isNew,
});

describe('text drift measures (text_cases)', () => {
  const refTerms = corpusTerms(c.reference_docs, stopWords);
  const curTerms = corpusTerms(c.current_docs, stopWords);
  const ref = corpusStats(
    refTerms,
    c.reference_labels.map((l: string) => l === 'spam'),
  );
  const cur = corpusStats(
    curTerms,
    c.current_labels.map((l: string) => l === 'spam'),
  );

  it("uses scikit-learn's stop-word list by default", () => {
    expect([...ENGLISH_STOP_WORDS].sort()).toEqual([...stopWords].sort());
  });

  it('tokenizes, counts the vocabularies and the OOV rates', () => {
    expect(refTerms).toEqual(c.reference_tokens);
    expect(curTerms).toEqual(c.current_tokens);
    expect(ref.counts.size).toBe(c.reference_vocabulary_size);
    expect(cur.counts.size).toBe(c.current_vocabulary_size);
    const oov = oovRates(ref, cur);
    expectClose(oov.tokenRate, c.oov_token_rate, TOL.statistic, 'oov tokens');
    expectClose(oov.typeRate, c.oov_type_rate, TOL.statistic, 'oov types');
    expectClose(termJsDistance(ref, cur), c.term_js_distance_base2, TOL.statistic, 'term JS');
  });

  it('top-k terms and vocabulary drift', () => {
    for (const [key, k] of [
      ['top10', 10],
      ['top20', 20],
    ] as const) {
      const expected = c.topk[key];
      const r = topTerms(ref.counts, k);
      const u = topTerms(cur.counts, k);
      expect(r).toEqual(expected.reference_top);
      expect(u).toEqual(expected.current_top);
      expectClose(jaccard(r, u), expected.jaccard, TOL.statistic, 'jaccard');
    }
  });

  it('TF-IDF vocabulary, idf, centroids and cosine distance', () => {
    const tfidf = fitReferenceTfidf(ref);
    expect(tfidf.vocabulary).toEqual(c.tfidf.vocabulary);
    expectAllClose(tfidf.idf, c.tfidf.idf, TOL.statistic, 'idf');
    expectAllClose(tfidfCentroid(tfidf, refTerms), c.tfidf.reference_centroid, TOL.statistic, 'reference centroid');
    const refCentroid = tfidfCentroid(tfidf, refTerms);
    const curCentroid = tfidfCentroid(tfidf, curTerms);
    expectAllClose(curCentroid, c.tfidf.current_centroid, TOL.statistic, 'current centroid');
    const cosine = cosineDistance(refCentroid, curCentroid);
    expectClose(cosine.similarity, c.tfidf.cosine_similarity, TOL.statistic, 'cosine similarity');
    expectClose(cosine.distance, c.tfidf.cosine_distance, TOL.statistic, 'cosine distance');
    expectClose(
      jensenShannonDistance(refCentroid, curCentroid, 2),
      c.tfidf.centroid_js_distance_base2,
      TOL.statistic,
      'centroid JS',
    );
  });

  it('emerging terms, all texts and spam only', () => {
    const rules = { minDf: 2, minLength: 3, minLift: 2, top: 10 };
    const all = emergingTerms(ref.documentFrequency, ref.documents, cur.documentFrequency, cur.documents, rules).map(
      toCase,
    );
    const spam = emergingTerms(
      ref.spamDocumentFrequency,
      ref.spamDocuments,
      cur.spamDocumentFrequency,
      cur.spamDocuments,
      rules,
    ).map(toCase);
    const check = (actual: EmergingCase[], expected: EmergingCase[]) => {
      expect(actual.map((t) => [t.term, t.df_current, t.df_reference, t.is_new])).toEqual(
        expected.map((t) => [t.term, t.df_current, t.df_reference, t.is_new]),
      );
      expectAllClose(
        actual.map((t) => t.lift),
        expected.map((t) => t.lift),
        TOL.statistic,
        'lift',
      );
    };
    check(all, c.emerging_terms_all);
    check(spam, c.emerging_terms_spam);
  });

  it('the detector gives the summary, through a JSON round trip of its profile', () => {
    const detector = new TextDriftDetector({
      topK: c.params.top_k,
      stopWords: c.stop_words,
      domainClassifier: false,
    }).fit({
      texts: c.reference_docs,
      labels: c.reference_labels,
    });
    const restored = TextDriftDetector.fromJSON(JSON.parse(JSON.stringify(detector.toJSON())));
    for (const d of [detector, restored]) {
      const result = d.test({ texts: c.current_docs, labels: c.current_labels });
      expectClose(result.vocabularyDrift, c.summary.vocabulary_drift, TOL.statistic, 'vocabulary drift');
      expectClose(result.tfidfDrift, c.summary.tfidf_drift, TOL.statistic, 'tfidf drift');
      expectClose(result.tfidfDrift, c.tfidf.cosine_distance, TOL.statistic, 'cosine distance');
      expect(result.threshold).toBe(c.summary.threshold);
      expect(result.driftDetected).toBe(c.summary.drift_detected);
      expect(result.newSpamPatterns).toEqual(c.summary.new_spam_patterns);
      expect(result.recommendation).toBe('Consider retraining - new spam vocabulary detected');
    }
  });
});

const hamWords = [
  'lunch',
  'meeting',
  'home',
  'later',
  'dinner',
  'station',
  'call',
  'tonight',
  'weekend',
  'office',
  'mum',
  'train',
];
const spamWords = [
  'crypto',
  'airdrop',
  'bonus',
  'nft',
  'wallet',
  'token',
  'invest',
  'claim',
  'reward',
  'blockchain',
  'exclusive',
  'profit',
];
function corpus(n: number, words: readonly string[], seed: number): string[] {
  let s = seed;
  const pick = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return words[s % words.length] as string;
  };
  return Array.from({ length: n }, () => `${pick()} ${pick()} ${pick()} ${pick()} see you`);
}

describe('domain classifier and bad input', () => {
  it('finds disjoint vocabularies (AUC ≈ 1) and not a resample of the same corpus', () => {
    const reference = corpus(300, hamWords, 1);
    const drifted = new TextDriftDetector({ seed: 3 }).fit(reference).test(corpus(300, spamWords, 2));
    expect(drifted.domainClassifier?.rocAuc).toBeGreaterThan(0.99);
    expect(drifted.domainClassifier?.method).toBe('perc');
    expect(drifted.domainClassifier?.driftDetected).toBe(true);
    expect(spamWords).toContain(drifted.domainClassifier?.currentWords[0]);
    expect(hamWords).toContain(drifted.domainClassifier?.referenceWords[0]);
    const same = new TextDriftDetector({ seed: 3 }).fit(reference).test(corpus(300, hamWords, 9));
    expect(same.domainClassifier?.driftDetected).toBe(false);
    expect(same.driftDetected).toBe(false);
  });

  it('drops missing texts, and throws typed errors for empty sides or bad input', () => {
    const detector = new TextDriftDetector({ domainClassifier: false });
    expect(() => detector.test(['a'])).toThrow(NotFittedError);
    expect(() => detector.fit([null, undefined])).toThrow(EmptyColumnError);
    detector.fit(['free prize call now', null, 'lunch later']);
    expect(detector.test(['lunch later', null]).missing).toEqual({ reference: 1, current: 1 });
    expect(() => detector.test([])).toThrow(EmptyColumnError);
    expect(() => detector.test([42 as never])).toThrow(InvalidArgumentError);
    expect(() => detector.test({ texts: ['a'], labels: [] })).toThrow(InvalidArgumentError);
    // Only stop words and digits: no terms on either side is no drift, never NaN.
    const empty = new TextDriftDetector({ domainClassifier: false }).fit(['the and of', '12345']).test(['is it 99']);
    expect(empty.vocabularyDrift).toBe(0);
    expect(empty.tfidfDrift).toBe(0);
    expect(empty.driftDetected).toBe(false);
  });

  it('fills the text section of the HTML report', () => {
    const result = new TextDriftDetector({ domainClassifier: false })
      .fit(corpus(50, hamWords, 4))
      .test(corpus(50, spamWords, 5));
    const report = createDriftReport(new DataDriftDetector().fit({ a: [1, 2, 3, 4] }).test({ a: [1, 2, 3, 5] }), {
      text: [TextDriftDetector.toReportSection('message', result)],
    });
    const html = renderDriftReportHtml(report);
    expect(html).toContain('id="text"');
    expect(html).toContain('crypto');
  });
});

describeBatchDetectorChecks('TextDriftDetector', {
  create: () => new TextDriftDetector({ seed: 1 }),
  fromJSON: TextDriftDetector.fromJSON,
  reference: corpus(200, hamWords, 11),
  drifted: corpus(200, spamWords, 12),
});
