import { z } from 'zod';
import { compareCodePoints } from '../stats/compare-code-points';
import { tokenizeTerms } from './tokenize-terms';

/** Term statistics of a corpus: what vocabulary drift needs of it. */
export interface CorpusStats {
  /** Documents. */
  readonly documents: number;
  /** Total count of each term. */
  readonly counts: Map<string, number>;
  /** Documents containing each term. */
  readonly documentFrequency: Map<string, number>;
  /** Documents labelled spam (or the positive label). */
  readonly spamDocuments: number;
  /** Spam documents containing each term. */
  readonly spamDocumentFrequency: Map<string, number>;
}

/** Counts terms and document frequencies; `isSpam[i]` marks spam documents. */
export function corpusStats(terms: readonly (readonly string[])[], isSpam?: readonly boolean[]): CorpusStats {
  const counts = new Map<string, number>();
  const documentFrequency = new Map<string, number>();
  const spamDocumentFrequency = new Map<string, number>();
  let spamDocuments = 0;
  terms.forEach((doc, i) => {
    for (const term of doc) counts.set(term, (counts.get(term) ?? 0) + 1);
    const spam = isSpam?.[i] === true;
    if (spam) spamDocuments++;
    for (const term of new Set(doc)) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      if (spam) spamDocumentFrequency.set(term, (spamDocumentFrequency.get(term) ?? 0) + 1);
    }
  });
  return { documents: terms.length, counts, documentFrequency, spamDocuments, spamDocumentFrequency };
}

/** Terms of every text (missing texts are empty documents). */
export function corpusTerms(texts: readonly (string | null | undefined)[], stopWords: ReadonlySet<string>): string[][] {
  return texts.map((text) => (typeof text === 'string' ? tokenizeTerms(text, stopWords) : []));
}

/** JSON form of {@link CorpusStats} (maps as sorted entry lists). */
export const corpusStatsJSONSchema = z.object({
  documents: z.number().int().nonnegative(),
  counts: z.array(z.tuple([z.string(), z.number().int().positive()])),
  documentFrequency: z.array(z.tuple([z.string(), z.number().int().positive()])),
  spamDocuments: z.number().int().nonnegative(),
  spamDocumentFrequency: z.array(z.tuple([z.string(), z.number().int().positive()])),
});

const sortedEntries = (map: Map<string, number>): [string, number][] =>
  [...map].sort((a, b) => compareCodePoints(a[0], b[0]));

/** Serialises corpus statistics. */
export function corpusStatsToJSON(stats: CorpusStats): z.infer<typeof corpusStatsJSONSchema> {
  return {
    documents: stats.documents,
    counts: sortedEntries(stats.counts),
    documentFrequency: sortedEntries(stats.documentFrequency),
    spamDocuments: stats.spamDocuments,
    spamDocumentFrequency: sortedEntries(stats.spamDocumentFrequency),
  };
}

/** Restores corpus statistics. */
export function corpusStatsFromJSON(json: z.infer<typeof corpusStatsJSONSchema>): CorpusStats {
  return {
    documents: json.documents,
    counts: new Map(json.counts),
    documentFrequency: new Map(json.documentFrequency),
    spamDocuments: json.spamDocuments,
    spamDocumentFrequency: new Map(json.spamDocumentFrequency),
  };
}
