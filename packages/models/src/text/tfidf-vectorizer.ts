import { type CsrMatrix, InvalidArgumentError, parseOrThrow, type TransformerV1 } from '@mloop/core';
import { z } from 'zod';
import { deepFreeze } from '../shared/deep-freeze';
import { corruptState, finiteFloat64ArraySchema, readModelDocument } from '../shared/model-json';
import {
  type ResolvedTfidfVectorizerParams,
  type TfidfVectorizerParams,
  tfidfVectorizerParamsSchema,
} from './tfidf-vectorizer-params';
import type { TermCounts } from './vectorizer-core';
import { type FittedVocabulary, restoreVocabulary, VocabularyVectorizer } from './vocabulary-vectorizer';

/** The fitted state of a {@link TfidfVectorizer} as stored in its model document. */
export interface TfidfVectorizerStateJSON {
  /** The vocabulary in column order. */
  readonly terms: string[];
  /** Inverse document frequency of each term; `null` when `useIdf` is false. */
  readonly idf: number[] | null;
}

const stateSchema = z.object({ terms: z.array(z.string()).min(1), idf: finiteFloat64ArraySchema.nullable() }).strict();

interface FittedTfidf extends FittedVocabulary {
  readonly idf: Float64Array | null;
}

/**
 * scikit-learn's `TfidfTransformer` weighting, applied in place to raw counts: `1 + ln(tf)` when
 * sublinear, times `idf[column]`, then each row scaled to unit L2 (or L1) norm; all-zero rows stay zero.
 */
export function applyTfidf(
  counts: TermCounts,
  idf: Float64Array | null,
  sublinearTf: boolean,
  norm: 'l1' | 'l2' | null,
): void {
  const { indptr, indices, data } = counts;
  for (let k = 0; k < data.length; k++) {
    let value = data[k];
    if (sublinearTf) value = Math.log(value) + 1;
    if (idf !== null) value *= idf[indices[k]];
    data[k] = value;
  }
  if (norm === null) return;
  const rows = indptr.length - 1;
  for (let i = 0; i < rows; i++) {
    const start = indptr[i];
    const end = indptr[i + 1];
    let sum = 0;
    if (norm === 'l2') for (let k = start; k < end; k++) sum += data[k] * data[k];
    else for (let k = start; k < end; k++) sum += Math.abs(data[k]);
    if (sum === 0) continue;
    const scale = norm === 'l2' ? Math.sqrt(sum) : sum;
    for (let k = start; k < end; k++) data[k] /= scale;
  }
}

/**
 * Inverse document frequencies from training counts: `ln(n / df) + 1`, with one added to `n`
 * and to every `df` when smoothing (scikit-learn's `TfidfTransformer.fit`).
 */
export function inverseDocumentFrequency(counts: TermCounts, nTerms: number, smoothIdf: boolean): Float64Array {
  const documentFrequency = new Float64Array(nTerms);
  const { indices } = counts;
  for (let k = 0; k < indices.length; k++) documentFrequency[indices[k]]++;
  const smooth = smoothIdf ? 1 : 0;
  const n = counts.indptr.length - 1 + smooth;
  const idf = new Float64Array(nTerms);
  for (let j = 0; j < nTerms; j++) idf[j] = Math.log(n / (documentFrequency[j] + smooth)) + 1;
  return idf;
}

/**
 * Converts text documents to a sparse TF-IDF matrix, as scikit-learn's `TfidfVectorizer`
 * (CountVectorizer followed by TfidfTransformer): raw counts (or `1 + ln(tf)`), times
 * `idf = ln((1 + n) / (1 + df)) + 1`, rows scaled to unit L2 norm. Columns follow the vocabulary
 * sorted by code point, so they line up with scikit-learn's. Composes with MultinomialNB,
 * LogisticRegression and LinearSVC, directly or in a Pipeline.
 *
 * Without smoothing, a fixed `vocabulary` term that no training document contains gets an
 * infinite idf in scikit-learn; here fitting rejects it (`INVALID_ARGUMENT`).
 *
 * @example
 * ```ts
 * import { MultinomialNB, TfidfVectorizer } from '@mloop/models';
 *
 * const texts = ['WINNER! Claim your free prize now', 'Are we still on for lunch?', 'Free entry: text WIN to 80082', 'See you at 6'];
 * const labels = ['spam', 'ham', 'spam', 'ham'];
 * const tfidf = new TfidfVectorizer({ stopWords: 'english' });
 * const model = new MultinomialNB().fit(tfidf.fitTransform(texts), labels);
 * model.predict(tfidf.transform(['free prize inside'])); // ['spam']
 * ```
 */
export class TfidfVectorizer
  extends VocabularyVectorizer<'TfidfVectorizer', TfidfVectorizerParams, FittedTfidf, TfidfVectorizerStateJSON>
  implements TransformerV1<TfidfVectorizerParams, readonly string[], CsrMatrix>
{
  /** The kind written in model documents. */
  static readonly kind = 'TfidfVectorizer';
  /** The params schema (zod). */
  static readonly paramsSchema = tfidfVectorizerParamsSchema;
  /** Fast params for the common checks. */
  static readonly testParams: readonly TfidfVectorizerParams[] = [
    {},
    { ngramRange: [1, 2], sublinearTf: true, norm: 'l1' },
    { useIdf: false, norm: null, binary: true },
  ];

  /** The estimator kind. */
  readonly kind = TfidfVectorizer.kind;
  /** The validated params with defaults; frozen. */
  readonly params: Readonly<ResolvedTfidfVectorizerParams>;

  /**
   * @param params See {@link TfidfVectorizerParams}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the first invalid param.
   */
  constructor(params: TfidfVectorizerParams = {}) {
    super();
    this.params = deepFreeze(parseOrThrow(tfidfVectorizerParamsSchema, params, 'TfidfVectorizer params', ['params']));
  }

  /**
   * Inverse document frequency per column (scikit-learn's `idf_`), a copy; `null` when `useIdf` is false.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get idf(): Float64Array | null {
    const idf = this.fitted('idf').idf;
    return idf === null ? null : idf.slice();
  }

  /**
   * A new, unfitted vectorizer with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<TfidfVectorizerParams> = {}): TfidfVectorizer {
    return new TfidfVectorizer({ ...this.getParams(), ...overrides });
  }

  /**
   * Rebuilds a vectorizer from {@link TfidfVectorizer.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a wrong format, kind or formatVersion, or a malformed, truncated or inconsistent document.
   */
  static fromJSON(json: unknown): TfidfVectorizer {
    const kind = TfidfVectorizer.kind;
    const { params, state } = readModelDocument(json, { kind, paramsSchema: tfidfVectorizerParamsSchema, stateSchema });
    let fitted: FittedTfidf | undefined;
    if (state) {
      const vocabulary = restoreVocabulary(kind, state.terms, params.vocabulary);
      const idf = state.idf;
      if (params.useIdf !== (idf !== null))
        corruptState(kind, `idf is ${idf === null ? 'missing' : 'present'} but useIdf is ${params.useIdf}`);
      if (idf !== null) {
        if (idf.length !== vocabulary.terms.length) {
          corruptState(kind, `${idf.length} idf values for ${vocabulary.terms.length} terms`);
        }
        // idf = ln(n/df) + 1 with df ≤ n is never below 1.
        if (idf.some((value) => value < 1)) corruptState(kind, 'an idf value is below 1');
      }
      fitted = { ...vocabulary, idf };
    }
    const model = new TfidfVectorizer(params);
    if (fitted) model.setState(fitted);
    return model;
  }

  protected stateJSON(fitted: FittedTfidf): TfidfVectorizerStateJSON {
    return { terms: [...fitted.terms], idf: fitted.idf ? Array.from(fitted.idf) : null };
  }

  /**
   * The vocabulary plus its idf weights.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when, without `smoothIdf`, a fixed vocabulary term occurs in no training document.
   * @hidden
   */
  protected fittedState(vocabulary: FittedVocabulary, counts: TermCounts): FittedTfidf {
    let idf: Float64Array | null = null;
    if (this.params.useIdf) {
      idf = inverseDocumentFrequency(counts, vocabulary.terms.length, this.params.smoothIdf);
      const infinite = idf.findIndex((value) => !Number.isFinite(value));
      if (infinite >= 0) {
        throw new InvalidArgumentError({
          message: `${this.kind}: the vocabulary term ${JSON.stringify(vocabulary.terms[infinite])} occurs in no training document, so its idf is infinite without smoothIdf.`,
          field: 'vocabulary',
        });
      }
    }
    return { ...vocabulary, idf };
  }

  protected weigh(counts: TermCounts, fitted: FittedTfidf): void {
    applyTfidf(counts, fitted.idf, this.params.sublinearTf, this.params.norm);
  }
}
