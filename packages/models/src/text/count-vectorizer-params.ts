import { z } from 'zod';
import { DEFAULT_TOKEN_PATTERN } from './token-pattern';
import { winkOptionsSchema } from './wink-analyzer';

/** The params CountVectorizer and TfidfVectorizer share, as a zod shape (scikit-learn names, camelCase). */
export const vectorizerParamsShape = {
  /** Lower-case documents before tokenizing. Default `true`. */
  lowercase: z.boolean().default(true),
  /**
   * What a token is, in Python `re` syntax as scikit-learn writes it (translated to an equivalent
   * Unicode JavaScript regex). Default `(?u)\b\w\w+\b`: runs of two or more letters, digits or `_`.
   * With one capturing group, the group is the token. Used by the `'word'` analyzer only.
   */
  tokenPattern: z.string().min(1).default(DEFAULT_TOKEN_PATTERN),
  /** Smallest and largest n-gram size, inclusive. Default `[1, 1]`; `[1, 2]` adds bigrams. */
  ngramRange: z.tuple([z.number().int().min(1), z.number().int().min(1)]).default([1, 1]),
  /**
   * `'word'` (tokens from `tokenPattern`), `'char'` (character n-grams), `'char_wb'` (character
   * n-grams inside word boundaries, padded with a space), or `'wink'`: wink-nlp's tokenizer with
   * lemmas or stems, stop words, and URLs, numbers, e-mails, emoji … as features of their own
   * (see `wink`; needs the optional packages wink-nlp and wink-eng-lite-web-model). Default `'word'`.
   */
  analyzer: z.union([z.literal('word'), z.literal('char'), z.literal('char_wb'), z.literal('wink')]).default('word'),
  /** Options of the `'wink'` analyzer; `null` (default) uses its defaults. Ignored by the other analyzers. */
  wink: winkOptionsSchema.nullable().default(null),
  /**
   * Words removed before n-grams are formed (word analyzer only): `'english'` (scikit-learn's
   * 318-word list), your own list, or `null` (default).
   */
  stopWords: z.union([z.literal('english'), z.array(z.string()), z.null()]).default(null),
  /**
   * Ignore terms in fewer documents than this. An integer is a document count (default `1`); a
   * fraction in (0, 1) is a share of the documents. Ignored with a fixed `vocabulary`.
   */
  minDf: z.number().min(0).default(1),
  /**
   * Ignore terms in more documents than this. A number in [0, 1] is a share of the documents
   * (default `1`, i.e. 100 %: scikit-learn's `1.0`); an integer ≥ 2 is a document count.
   * Ignored with a fixed `vocabulary`.
   */
  maxDf: z.number().min(0).default(1),
  /** Keep only the this many terms with the highest total count (after `minDf`/`maxDf`); `null` keeps all. */
  maxFeatures: z.number().int().min(1).nullable().default(null),
  /**
   * A fixed vocabulary: a list of terms (column order = list order) or a term → column map whose
   * columns are 0 … n−1. `null` (default) learns it from the documents.
   */
  vocabulary: z
    .union([z.array(z.string()).min(1), z.record(z.string(), z.number().int().min(0)), z.null()])
    .default(null),
  /** Count every present term as 1 instead of its number of occurrences. Default `false`. */
  binary: z.boolean().default(false),
};

type VectorizerShapeOutput = {
  ngramRange: readonly [number, number];
  minDf: number;
  maxDf: number;
  vocabulary: readonly string[] | Record<string, number> | null;
};

/** Cross-field rules scikit-learn checks in `fit`, checked here in the constructor instead. */
export function refineVectorizerParams(params: VectorizerShapeOutput, context: z.RefinementCtx): void {
  const [minN, maxN] = params.ngramRange;
  if (minN > maxN) {
    context.addIssue({
      code: 'custom',
      path: ['ngramRange'],
      message: `the smallest n-gram size (${minN}) is larger than the largest (${maxN})`,
    });
  }
  if (params.minDf > 1 && !Number.isInteger(params.minDf)) {
    context.addIssue({
      code: 'custom',
      path: ['minDf'],
      message: 'must be a document count (an integer) or a share of documents in [0, 1)',
    });
  }
  if (params.maxDf > 1 && !Number.isInteger(params.maxDf)) {
    context.addIssue({
      code: 'custom',
      path: ['maxDf'],
      message: 'must be a share of documents in [0, 1] or a document count (an integer ≥ 2)',
    });
  }
  const vocabulary = params.vocabulary;
  if (vocabulary !== null) {
    const terms = Array.isArray(vocabulary) ? vocabulary : Object.keys(vocabulary);
    if (terms.length === 0) {
      context.addIssue({ code: 'custom', path: ['vocabulary'], message: 'must not be empty' });
    }
    if (Array.isArray(vocabulary)) {
      const seen = new Set<string>();
      for (const term of vocabulary) {
        if (seen.has(term)) {
          context.addIssue({ code: 'custom', path: ['vocabulary'], message: `duplicate term ${JSON.stringify(term)}` });
          break;
        }
        seen.add(term);
      }
    } else {
      const columns = new Set(Object.values(vocabulary as Record<string, number>));
      if (columns.size !== terms.length) {
        context.addIssue({ code: 'custom', path: ['vocabulary'], message: 'two terms share a column' });
      }
      for (let column = 0; column < terms.length; column++) {
        if (!columns.has(column)) {
          context.addIssue({
            code: 'custom',
            path: ['vocabulary'],
            message: `a vocabulary of ${terms.length} terms must use columns 0 … ${terms.length - 1}; column ${column} is missing`,
          });
          break;
        }
      }
    }
  }
}

/** The params schema of {@link CountVectorizer}. */
export const countVectorizerParamsSchema = z.object(vectorizerParamsShape).strict().superRefine(refineVectorizerParams);

/** CountVectorizer params as you write them (every field optional). */
export type CountVectorizerParams = z.input<typeof countVectorizerParamsSchema>;
/** CountVectorizer params with defaults filled in. */
export type ResolvedCountVectorizerParams = z.output<typeof countVectorizerParamsSchema>;
