import { z } from 'zod';
import { refineVectorizerParams, vectorizerParamsShape } from './count-vectorizer-params';

/** The params schema of {@link TfidfVectorizer}: CountVectorizer's plus the TF-IDF weighting. */
export const tfidfVectorizerParamsSchema = z
  .object({
    ...vectorizerParamsShape,
    /** Row normalisation: `'l2'` (default; rows have unit Euclidean length), `'l1'`, or `null` for none. */
    norm: z.union([z.literal('l2'), z.literal('l1'), z.null()]).default('l2'),
    /** Weight counts by inverse document frequency. Default `true`. */
    useIdf: z.boolean().default(true),
    /** Add one to every document frequency, as if one extra document held every term once. Default `true`. */
    smoothIdf: z.boolean().default(true),
    /** Use `1 + ln(tf)` instead of the raw count `tf`. Default `false`. */
    sublinearTf: z.boolean().default(false),
  })
  .strict()
  .superRefine(refineVectorizerParams);

/** TfidfVectorizer params as you write them (every field optional). */
export type TfidfVectorizerParams = z.input<typeof tfidfVectorizerParamsSchema>;
/** TfidfVectorizer params with defaults filled in. */
export type ResolvedTfidfVectorizerParams = z.output<typeof tfidfVectorizerParamsSchema>;
