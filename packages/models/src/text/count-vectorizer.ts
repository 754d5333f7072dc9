import { type CsrMatrix, parseOrThrow, type TransformerV1 } from '@mloop/core';
import { z } from 'zod';
import { deepFreeze } from '../shared/deep-freeze';
import { readModelDocument } from '../shared/model-json';
import {
  type CountVectorizerParams,
  countVectorizerParamsSchema,
  type ResolvedCountVectorizerParams,
} from './count-vectorizer-params';
import { type FittedVocabulary, restoreVocabulary, VocabularyVectorizer } from './vocabulary-vectorizer';

/** The fitted state of a {@link CountVectorizer} as stored in its model document. */
export interface CountVectorizerStateJSON {
  /** The vocabulary in column order. */
  readonly terms: string[];
}

const stateSchema = z.object({ terms: z.array(z.string()).min(1) }).strict();

/**
 * Converts text documents to a sparse matrix of token counts, as scikit-learn's
 * `CountVectorizer`: same tokenisation (`(?u)\b\w\w+\b` on lower-cased text by default), same
 * n-grams, stop words and document-frequency pruning, and the vocabulary sorted by code point so
 * columns match scikit-learn's.
 *
 * @example
 * ```ts
 * import { CountVectorizer } from '@mloop/models';
 *
 * const vectorizer = new CountVectorizer({ ngramRange: [1, 2] });
 * const counts = vectorizer.fitTransform(['free prize now', 'call me now']);
 * vectorizer.getFeatureNamesOut(); // ['call', 'call me', 'free', 'free prize', 'me', 'me now', 'now', 'prize', 'prize now']
 * counts.rows; // 2
 * ```
 */
export class CountVectorizer
  extends VocabularyVectorizer<'CountVectorizer', CountVectorizerParams, FittedVocabulary, CountVectorizerStateJSON>
  implements TransformerV1<CountVectorizerParams, readonly string[], CsrMatrix>
{
  /** The kind written in model documents. */
  static readonly kind = 'CountVectorizer';
  /** The params schema (zod). */
  static readonly paramsSchema = countVectorizerParamsSchema;
  /** Fast params for the common checks. */
  static readonly testParams: readonly CountVectorizerParams[] = [{}, { ngramRange: [1, 2], stopWords: 'english' }];

  /** The estimator kind. */
  readonly kind = CountVectorizer.kind;
  /** The validated params with defaults; frozen. */
  readonly params: Readonly<ResolvedCountVectorizerParams>;

  /**
   * @param params See {@link CountVectorizerParams}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the first invalid param.
   */
  constructor(params: CountVectorizerParams = {}) {
    super();
    this.params = deepFreeze(parseOrThrow(countVectorizerParamsSchema, params, 'CountVectorizer params', ['params']));
  }

  /**
   * A new, unfitted vectorizer with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<CountVectorizerParams> = {}): CountVectorizer {
    return new CountVectorizer({ ...this.getParams(), ...overrides });
  }

  /**
   * Rebuilds a vectorizer from {@link CountVectorizer.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a wrong format, kind or formatVersion, or a malformed, truncated or inconsistent document.
   */
  static fromJSON(json: unknown): CountVectorizer {
    const { params, state } = readModelDocument(json, {
      kind: CountVectorizer.kind,
      paramsSchema: countVectorizerParamsSchema,
      stateSchema,
    });
    const vocabulary = state ? restoreVocabulary(CountVectorizer.kind, state.terms, params.vocabulary) : undefined;
    const model = new CountVectorizer(params);
    if (vocabulary) model.setState(vocabulary);
    return model;
  }

  protected stateJSON(vocabulary: FittedVocabulary): CountVectorizerStateJSON {
    return { terms: [...vocabulary.terms] };
  }

  protected fittedState(vocabulary: FittedVocabulary): FittedVocabulary {
    return vocabulary;
  }

  protected weigh(): void {
    // Plain counts are not weighted.
  }
}
