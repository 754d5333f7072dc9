import { ENGLISH_STOP_WORDS } from '@mloop/models';

/**
 * Text drift as drift-spec.md §3.2 defines it (vocabulary drift, TF-IDF centroid drift, OOV
 * rates, emerging terms and the SMS project's `new_spam_patterns`). @mloop/drift does not export
 * text drift yet, so the example carries this small implementation; its test pins it to the
 * shared vector `text_cases[0]`.
 */

/** Options of {@link textDrift}. */
export interface TextDriftOptions {
  /** Size of the top-term sets compared by vocabulary drift; default 50. */
  readonly topK?: number;
  /** Drift when `max(vocabularyDrift, tfidfDrift)` is strictly above this; default 0.15. */
  readonly threshold?: number;
  /** Labels of the reference texts (to find new spam patterns among spam only). */
  readonly referenceLabels?: readonly string[];
  /** Labels (or predictions) of the current texts. */
  readonly currentLabels?: readonly string[];
  /** The label whose emerging terms are reported as new patterns; default `'spam'`. */
  readonly positiveLabel?: string;
  /**
   * What the threshold is compared with: `'max'` of vocabulary and TF-IDF drift (the spec's
   * default) or `'tfidf'` alone, which is steadier on batches of a few hundred messages.
   */
  readonly alarmOn?: 'max' | 'tfidf';
}

/** One term that became more frequent (by document frequency) in the current texts. */
export interface EmergingTerm {
  /** The term. */
  readonly term: string;
  /** Documents of the current texts containing it. */
  readonly dfCurrent: number;
  /** Documents of the reference texts containing it. */
  readonly dfReference: number;
  /** Smoothed ratio of its document frequency now to before. */
  readonly lift: number;
  /** Absent from the reference texts. */
  readonly isNew: boolean;
}

/** What {@link textDrift} measures. */
export interface TextDriftResult {
  /** `1 − Jaccard` of the reference's and the current texts' `topK` most frequent terms. */
  readonly vocabularyDrift: number;
  /** Cosine distance between the mean TF-IDF rows (TF-IDF fitted on the reference). */
  readonly tfidfDrift: number;
  /** Share of current term occurrences unknown to the reference. */
  readonly oovTokenRate: number;
  /** Share of distinct current terms unknown to the reference. */
  readonly oovTypeRate: number;
  /** What the threshold is compared with: the larger drift measure, or TF-IDF drift (`alarmOn`). */
  readonly score: number;
  /** The threshold used. */
  readonly threshold: number;
  /** `score > threshold`. */
  readonly driftDetected: boolean;
  /** Terms whose document frequency rose most (at most 10). */
  readonly emergingTerms: readonly EmergingTerm[];
  /** New terms among the positive-label texts (all texts when no labels are given). */
  readonly newSpamPatterns: readonly string[];
  /** What to do about it. */
  readonly recommendation: string;
}

const TERM = /[\p{L}\p{N}]+/gu;
const DIGITS = /^\p{N}+$/u;

/** Lowercase, maximal runs of letters/digits, minus English stop words and all-digit tokens. */
export function textTerms(text: string): string[] {
  return (text.toLowerCase().match(TERM) ?? []).filter((term) => !ENGLISH_STOP_WORDS.has(term) && !DIGITS.test(term));
}

function counts(docs: readonly string[][]): Map<string, number> {
  const out = new Map<string, number>();
  for (const doc of docs) for (const term of doc) out.set(term, (out.get(term) ?? 0) + 1);
  return out;
}

function documentFrequency(docs: readonly string[][]): Map<string, number> {
  const out = new Map<string, number>();
  for (const doc of docs) for (const term of new Set(doc)) out.set(term, (out.get(term) ?? 0) + 1);
  return out;
}

/** The k most frequent terms; ties by count descending, then term by code point. */
function topTerms(termCounts: Map<string, number>, k: number): Set<string> {
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return new Set(
    [...termCounts]
      .sort((a, b) => b[1] - a[1] || byCode(a[0], b[0]))
      .slice(0, k)
      .map(([term]) => term),
  );
}

/** Mean of the L2-normalised TF-IDF rows, over the reference's vocabulary. */
function centroid(docs: readonly string[][], idf: Map<string, number>): Map<string, number> {
  const sum = new Map<string, number>();
  for (const doc of docs) {
    const row = new Map<string, number>();
    for (const term of doc) {
      const weight = idf.get(term);
      if (weight !== undefined) row.set(term, (row.get(term) ?? 0) + weight);
    }
    let norm = 0;
    for (const value of row.values()) norm += value * value;
    if (norm === 0) continue;
    norm = Math.sqrt(norm);
    for (const [term, value] of row) sum.set(term, (sum.get(term) ?? 0) + value / norm);
  }
  for (const [term, value] of sum) sum.set(term, value / Math.max(1, docs.length));
  return sum;
}

function cosineDistance(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [term, value] of a) {
    na += value * value;
    dot += value * (b.get(term) ?? 0);
  }
  for (const value of b.values()) nb += value * value;
  if (na === 0 && nb === 0) return 0;
  if (na === 0 || nb === 0) return 1;
  return Math.max(0, 1 - dot / Math.sqrt(na * nb));
}

function emerging(reference: readonly string[][], current: readonly string[][]): EmergingTerm[] {
  const dfRef = documentFrequency(reference);
  const dfCur = documentFrequency(current);
  const out: EmergingTerm[] = [];
  for (const [term, df] of dfCur) {
    if (df < 2 || [...term].length < 3) continue;
    const before = dfRef.get(term) ?? 0;
    const lift = (df + 1) / (current.length + 2) / ((before + 1) / (reference.length + 2));
    if (lift >= 2) out.push({ term, dfCurrent: df, dfReference: before, lift, isNew: before === 0 });
  }
  return out
    .sort((a, b) => b.lift - a.lift || b.dfCurrent - a.dfCurrent || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    .slice(0, 10);
}

/**
 * Compares current texts with reference texts (drift-spec.md §3.2–3.3).
 *
 * @example
 * textDrift(trainingMessages, todaysMessages).driftDetected;
 */
export function textDrift(
  reference: readonly string[],
  current: readonly string[],
  options: TextDriftOptions = {},
): TextDriftResult {
  const topK = options.topK ?? 50;
  const threshold = options.threshold ?? 0.15;
  const positive = options.positiveLabel ?? 'spam';
  const refDocs = reference.map(textTerms);
  const curDocs = current.map(textTerms);
  const refCounts = counts(refDocs);
  const curCounts = counts(curDocs);

  const refTop = topTerms(refCounts, topK);
  const curTop = topTerms(curCounts, topK);
  const union = new Set([...refTop, ...curTop]);
  const shared = [...refTop].filter((term) => curTop.has(term)).length;
  const vocabularyDrift = union.size === 0 ? 0 : 1 - shared / union.size;

  const df = documentFrequency(refDocs);
  const idf = new Map<string, number>();
  for (const [term, n] of df) idf.set(term, Math.log((1 + refDocs.length) / (1 + n)) + 1);
  const tfidfDrift = cosineDistance(centroid(refDocs, idf), centroid(curDocs, idf));

  let tokens = 0;
  let unknownTokens = 0;
  for (const [term, n] of curCounts) {
    tokens += n;
    if (!refCounts.has(term)) unknownTokens += n;
  }
  const unknownTypes = [...curCounts.keys()].filter((term) => !refCounts.has(term)).length;

  const pick = (docs: string[][], labels: readonly string[] | undefined) =>
    labels ? docs.filter((_, index) => labels[index] === positive) : docs;
  // Both sides need labels to compare spam with spam; otherwise every text counts.
  const labelled = options.referenceLabels !== undefined && options.currentLabels !== undefined;
  const spamTerms = emerging(
    pick(refDocs, labelled ? options.referenceLabels : undefined),
    pick(curDocs, labelled ? options.currentLabels : undefined),
  );
  const newSpamPatterns = spamTerms.filter((term) => term.isNew).map((term) => term.term);
  const score = options.alarmOn === 'tfidf' ? tfidfDrift : Math.max(vocabularyDrift, tfidfDrift);
  const driftDetected = score > threshold;
  return {
    vocabularyDrift,
    tfidfDrift,
    oovTokenRate: tokens === 0 ? 0 : unknownTokens / tokens,
    oovTypeRate: curCounts.size === 0 ? 0 : unknownTypes / curCounts.size,
    score,
    threshold,
    driftDetected,
    emergingTerms: emerging(refDocs, curDocs),
    newSpamPatterns,
    recommendation: !driftDetected
      ? 'No action'
      : newSpamPatterns.length > 0
        ? 'Consider retraining - new spam vocabulary detected'
        : 'Consider retraining - text distribution shift',
  };
}
