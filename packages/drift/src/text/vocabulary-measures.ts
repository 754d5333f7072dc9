// The vocabulary-drift measures of drift-spec §3.2, pinned by `text_cases` in drift.json.
import { jensenShannonDistance } from '../stattests/jensen-shannon';
import type { CorpusStats } from './text-profile';
import { compareTerms } from './tokenize-terms';

/** The k most frequent terms: count descending, then term ascending (code points). */
export function topTerms(counts: ReadonlyMap<string, number>, k: number): string[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || compareTerms(a[0], b[0]))
    .slice(0, k)
    .map(([term]) => term);
}

/** |A ∩ B| / |A ∪ B|; 1 when both are empty. */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const setA = new Set(a);
  const setB = new Set(b);
  let both = 0;
  for (const term of setA) if (setB.has(term)) both++;
  const union = setA.size + setB.size - both;
  return union === 0 ? 1 : both / union;
}

/** Share of current term occurrences (tokens) and of distinct current terms (types) unknown to the reference. */
export function oovRates(reference: CorpusStats, current: CorpusStats): { tokenRate: number; typeRate: number } {
  let tokens = 0;
  let oovTokens = 0;
  let oovTypes = 0;
  for (const [term, count] of current.counts) {
    tokens += count;
    if (!reference.counts.has(term)) {
      oovTokens += count;
      oovTypes++;
    }
  }
  return {
    tokenRate: tokens === 0 ? 0 : oovTokens / tokens,
    typeRate: current.counts.size === 0 ? 0 : oovTypes / current.counts.size,
  };
}

/** JS distance (base 2) of the term-frequency distributions over the union vocabulary; 0 when either side has no terms. */
export function termJsDistance(reference: CorpusStats, current: CorpusStats): number {
  const terms = [...new Set([...reference.counts.keys(), ...current.counts.keys()])].sort(compareTerms);
  const p = terms.map((t) => reference.counts.get(t) ?? 0);
  const q = terms.map((t) => current.counts.get(t) ?? 0);
  if (p.every((v) => v === 0) || q.every((v) => v === 0)) return 0;
  return jensenShannonDistance(p, q, 2);
}

/** A term whose document frequency rose the most. */
export interface EmergingTerm {
  /** The term. */
  readonly term: string;
  /** Current documents containing it. */
  readonly dfCurrent: number;
  /** Reference documents containing it. */
  readonly dfReference: number;
  /** ((df_cur+1)/(N_cur+2)) / ((df_ref+1)/(N_ref+2)). */
  readonly lift: number;
  /** True when no reference document contains it. */
  readonly isNew: boolean;
}

/** Rules of {@link emergingTerms}. */
export interface EmergingTermRules {
  /** Smallest current document frequency. */
  readonly minDf: number;
  /** Shortest term (code points). */
  readonly minLength: number;
  /** Smallest lift. */
  readonly minLift: number;
  /** Most terms kept. */
  readonly top: number;
}

/**
 * Terms by lift of their document frequency (add-one smoothed), kept when df_cur ≥ minDf, length ≥
 * minLength and lift ≥ minLift; sorted by lift desc, df_cur desc, term asc.
 */
export function emergingTerms(
  referenceDf: ReadonlyMap<string, number>,
  referenceDocuments: number,
  currentDf: ReadonlyMap<string, number>,
  currentDocuments: number,
  rules: EmergingTermRules,
): EmergingTerm[] {
  const out: EmergingTerm[] = [];
  for (const [term, dfCurrent] of currentDf) {
    if (dfCurrent < rules.minDf || [...term].length < rules.minLength) continue;
    const dfReference = referenceDf.get(term) ?? 0;
    const lift = (dfCurrent + 1) / (currentDocuments + 2) / ((dfReference + 1) / (referenceDocuments + 2));
    if (lift < rules.minLift) continue;
    out.push({ term, dfCurrent, dfReference, lift, isNew: dfReference === 0 });
  }
  return out
    .sort((a, b) => b.lift - a.lift || b.dfCurrent - a.dfCurrent || compareTerms(a.term, b.term))
    .slice(0, rules.top);
}

/** TF-IDF fitted on the reference: vocabulary in column order and smooth idf. */
export interface ReferenceTfidf {
  /** Terms, sorted (column order). */
  readonly vocabulary: readonly string[];
  /** ln((1+N)/(1+df)) + 1 per term. */
  readonly idf: Float64Array;
}

/** Fits the TF-IDF of §3.2 on reference statistics. */
export function fitReferenceTfidf(reference: CorpusStats): ReferenceTfidf {
  const vocabulary = [...reference.documentFrequency.keys()].sort(compareTerms);
  const n = reference.documents;
  const idf = Float64Array.from(
    vocabulary,
    (term) => Math.log((1 + n) / (1 + (reference.documentFrequency.get(term) as number))) + 1,
  );
  return { vocabulary, idf };
}

/**
 * Mean of the L2-normalised TF-IDF rows of a corpus (raw counts as tf, terms outside the
 * vocabulary ignored, empty rows zero).
 */
export function tfidfCentroid(tfidf: ReferenceTfidf, documents: readonly (readonly string[])[]): Float64Array {
  const index = new Map(tfidf.vocabulary.map((term, i) => [term, i]));
  const centroid = new Float64Array(tfidf.vocabulary.length);
  for (const doc of documents) {
    const row = new Map<number, number>();
    for (const term of doc) {
      const j = index.get(term);
      if (j !== undefined) row.set(j, (row.get(j) ?? 0) + 1);
    }
    let norm = 0;
    for (const [j, count] of row) {
      const v = count * (tfidf.idf[j] as number);
      row.set(j, v);
      norm += v * v;
    }
    if (norm === 0) continue;
    norm = Math.sqrt(norm);
    for (const [j, v] of row) centroid[j] = (centroid[j] as number) + v / norm;
  }
  if (documents.length > 0)
    for (let j = 0; j < centroid.length; j++) centroid[j] = (centroid[j] as number) / documents.length;
  return centroid;
}

/** 1 − cos(a, b) for non-negative vectors: 0 when both are zero, 1 when one is. */
export function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>): { similarity: number; distance: number } {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  if (na === 0 && nb === 0) return { similarity: 1, distance: 0 };
  if (na === 0 || nb === 0) return { similarity: 0, distance: 1 };
  const similarity = dot / Math.sqrt(na * nb);
  return { similarity, distance: 1 - similarity };
}
