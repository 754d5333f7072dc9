import { readFileSync } from 'node:fs';
import { sharedPath } from '@mloop/core/testing';
import { describe, expect, it } from 'vitest';
import { textDrift, textTerms } from '../src/text-drift';

interface TextCase {
  params: { top_k: number; threshold: number };
  reference_docs: string[];
  reference_labels: string[];
  current_docs: string[];
  current_labels: string[];
  reference_tokens: string[][];
  current_tokens: string[][];
  oov_token_rate: number;
  oov_type_rate: number;
  emerging_terms_all: { term: string; df_current: number; df_reference: number; lift: number; is_new: boolean }[];
  summary: { vocabulary_drift: number; tfidf_drift: number; drift_detected: boolean; new_spam_patterns: string[] };
}

const vector = (JSON.parse(readFileSync(sharedPath('test-vectors/drift.json'), 'utf8')) as { text_cases: TextCase[] })
  .text_cases[0];

describe('text drift (drift-spec.md §3.2, text_cases[0])', () => {
  it('tokenizes as the vector does', () => {
    expect(vector.reference_docs.map(textTerms)).toEqual(vector.reference_tokens);
    expect(vector.current_docs.map(textTerms)).toEqual(vector.current_tokens);
  });

  it('reproduces every summary number', () => {
    const result = textDrift(vector.reference_docs, vector.current_docs, {
      topK: vector.params.top_k,
      threshold: vector.params.threshold,
      referenceLabels: vector.reference_labels,
      currentLabels: vector.current_labels,
    });
    expect(result.vocabularyDrift).toBeCloseTo(vector.summary.vocabulary_drift, 12);
    expect(result.tfidfDrift).toBeCloseTo(vector.summary.tfidf_drift, 12);
    expect(result.oovTokenRate).toBeCloseTo(vector.oov_token_rate, 12);
    expect(result.oovTypeRate).toBeCloseTo(vector.oov_type_rate, 12);
    expect(result.driftDetected).toBe(vector.summary.drift_detected);
    expect(result.newSpamPatterns).toEqual(vector.summary.new_spam_patterns);
    expect(result.recommendation).toBe('Consider retraining - new spam vocabulary detected');
    expect(
      result.emergingTerms.map((term) => [term.term, term.dfCurrent, term.dfReference, term.isNew]),
    ).toEqual(vector.emerging_terms_all.map((term) => [term.term, term.df_current, term.df_reference, term.is_new]));
    result.emergingTerms.forEach((term, index) =>
      expect(term.lift).toBeCloseTo(vector.emerging_terms_all[index].lift, 12),
    );
  });

  it('sees no drift between a corpus and itself', () => {
    const result = textDrift(vector.reference_docs, vector.reference_docs);
    expect(result.vocabularyDrift).toBe(0);
    expect(result.tfidfDrift).toBeCloseTo(0, 12);
    expect(result.driftDetected).toBe(false);
    expect(result.recommendation).toBe('No action');
  });
});
