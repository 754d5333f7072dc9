/**
 * @mloop/models: scikit-learn-faithful estimators for Node.
 *
 * @packageDocumentation
 */
export const MODELS_PACKAGE = '@mloop/models';
// text and linear models (models-B)
export { CountVectorizer, type CountVectorizerStateJSON } from './text/count-vectorizer';
export {
  type CountVectorizerParams,
  countVectorizerParamsSchema,
  type ResolvedCountVectorizerParams,
} from './text/count-vectorizer-params';
export { ENGLISH_STOP_WORDS } from './text/english-stop-words';
export { TfidfVectorizer, type TfidfVectorizerStateJSON } from './text/tfidf-vectorizer';
export {
  type ResolvedTfidfVectorizerParams,
  type TfidfVectorizerParams,
  tfidfVectorizerParamsSchema,
} from './text/tfidf-vectorizer-params';
export type { Analyzer } from './text/analyzer';
// end text and linear models (models-B)
