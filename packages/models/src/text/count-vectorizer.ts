import {
  type CsrMatrix,
  type EstimatorV1Tags,
  type Label,
  type ModelJSONV1,
  NotFittedError,
  parseOrThrow,
  type TransformerV1,
} from '@mloop/core';
import { z } from 'zod';
import { copyParams, deepFreeze } from '../shared/deep-freeze';
import { corruptState, modelDocument, readModelDocument } from '../shared/model-json';
import { type Analyzer, buildAnalyzer } from './analyzer';
import {
  type CountVectorizerParams,
  countVectorizerParamsSchema,
  type ResolvedCountVectorizerParams,
} from './count-vectorizer-params';
import {
  checkDocuments,
  countsToCsr,
  countWithVocabulary,
  indexTerms,
  learnVocabulary,
  type TermCounts,
  vocabularyTerms,
} from './vectorizer-core';

/** The fitted state of a {@link CountVectorizer} as stored in its model document. */
export interface CountVectorizerStateJSON {
  /** The vocabulary in column order. */
  readonly terms: string[];
}

const stateSchema = z.object({ terms: z.array(z.string()).min(1) }).strict();

interface FittedVocabulary {
  readonly terms: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

/**
 * Checks a restored vocabulary: distinct terms, and equal to the fixed `vocabulary` param when
 * there is one. Shared with TfidfVectorizer.
 */
export function restoreVocabulary(
  kind: string,
  terms: string[],
  fixed: readonly string[] | Readonly<Record<string, number>> | null,
): FittedVocabulary {
  const index = indexTerms(terms);
  if (index.size !== terms.length) corruptState(kind, 'the vocabulary has duplicate terms');
  if (fixed !== null) {
    const expected = vocabularyTerms(fixed);
    if (expected.length !== terms.length || expected.some((term, i) => term !== terms[i])) {
      corruptState(kind, 'the vocabulary differs from the fixed vocabulary param');
    }
  }
  return { terms, index };
}

/**
 * Learns the vocabulary shared by CountVectorizer and TfidfVectorizer and returns the training
 * counts: with a fixed `vocabulary` param the vocabulary is that list, otherwise it is learned
 * and pruned by `minDf`, `maxDf` and `maxFeatures`.
 */
export function fitVocabulary(
  documents: readonly string[],
  analyze: Analyzer,
  params: ResolvedCountVectorizerParams,
  estimator: string,
): { vocabulary: FittedVocabulary; counts: TermCounts } {
  if (params.vocabulary !== null) {
    const terms = vocabularyTerms(params.vocabulary);
    const index = indexTerms(terms);
    return { vocabulary: { terms, index }, counts: countWithVocabulary(documents, analyze, index, params.binary) };
  }
  const learned = learnVocabulary(documents, analyze, params, estimator);
  return { vocabulary: { terms: learned.terms, index: indexTerms(learned.terms) }, counts: learned.counts };
}

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
export class CountVectorizer implements TransformerV1<CountVectorizerParams, readonly string[], CsrMatrix> {
  /** The kind written in model documents. */
  static readonly kind = 'CountVectorizer';
  /** The params schema (zod). */
  static readonly paramsSchema = countVectorizerParamsSchema;
  /** What the common checks need to know. */
  static readonly tags: EstimatorV1Tags = {
    estimatorType: 'transformer',
    requiresY: false,
    nonDeterministic: false,
    allowNaN: false,
    inputKind: 'text',
  };
  /** Fast params for the common checks. */
  static readonly testParams: readonly CountVectorizerParams[] = [{}, { ngramRange: [1, 2], stopWords: 'english' }];

  /** Spec version. */
  readonly specificationVersion = 'v1' as const;
  /** The estimator kind. */
  readonly kind = CountVectorizer.kind;
  /** The validated params with defaults; frozen. */
  readonly params: Readonly<ResolvedCountVectorizerParams>;
  #vocabulary: FittedVocabulary | undefined;
  #analyzer: Analyzer | undefined;

  /**
   * @param params See {@link CountVectorizerParams}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the first invalid param.
   */
  constructor(params: CountVectorizerParams = {}) {
    this.params = deepFreeze(parseOrThrow(countVectorizerParamsSchema, params, 'CountVectorizer params', ['params']));
  }

  /** Whether `fit` has run (or a fitted model was restored). */
  get isFitted(): boolean {
    return this.#vocabulary !== undefined;
  }

  /** The analyzer: lower-case, tokenize, drop stop words, form n-grams. Built once, on first use. */
  buildAnalyzer(): Analyzer {
    this.#analyzer ??= buildAnalyzer(this.params);
    return this.#analyzer;
  }

  /**
   * Learns the vocabulary.
   * @param x The documents.
   * @param _y Ignored; accepted so the vectorizer fits in a Pipeline.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for no documents, a non-string, an empty vocabulary, or pruning that leaves nothing.
   */
  fit(x: readonly string[], _y?: readonly Label[]): this {
    this.#fit(x);
    return this;
  }

  /**
   * Learns the vocabulary and returns the count matrix of `x` (documents × terms).
   * @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link CountVectorizer.fit}.
   */
  fitTransform(x: readonly string[], _y?: readonly Label[]): CsrMatrix {
    const counts = this.#fit(x);
    return countsToCsr(counts, this.#vocabulary!.terms.length);
  }

  /**
   * Counts the vocabulary's terms in each document; other terms are ignored.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for no documents or a non-string.
   */
  transform(x: readonly string[]): CsrMatrix {
    const vocabulary = this.#fitted('transform');
    const documents = checkDocuments(x, CountVectorizer.kind);
    const counts = countWithVocabulary(documents, this.buildAnalyzer(), vocabulary.index, this.params.binary);
    return countsToCsr(counts, vocabulary.terms.length);
  }

  /**
   * The terms, in column order (scikit-learn's `get_feature_names_out()`).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  getFeatureNamesOut(): string[] {
    return [...this.#fitted('getFeatureNamesOut').terms];
  }

  /**
   * Term → column (scikit-learn's `vocabulary_`), a copy.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  getVocabulary(): Map<string, number> {
    return new Map(this.#fitted('getVocabulary').index);
  }

  /** A copy of the params. */
  getParams(): CountVectorizerParams {
    return copyParams(this.params);
  }

  /**
   * A new, unfitted vectorizer with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<CountVectorizerParams> = {}): CountVectorizer {
    return new CountVectorizer({ ...this.getParams(), ...overrides });
  }

  /** The model document; `state` is `null` before `fit`. */
  toJSON(): ModelJSONV1<'CountVectorizer', CountVectorizerParams, CountVectorizerStateJSON> {
    const vocabulary = this.#vocabulary;
    return modelDocument(CountVectorizer.kind, this.getParams(), vocabulary ? { terms: [...vocabulary.terms] } : null);
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
    model.#vocabulary = vocabulary;
    return model;
  }

  #fit(x: readonly string[]): TermCounts {
    const documents = checkDocuments(x, CountVectorizer.kind);
    const { vocabulary, counts } = fitVocabulary(documents, this.buildAnalyzer(), this.params, CountVectorizer.kind);
    this.#vocabulary = vocabulary;
    return counts;
  }

  #fitted(method: string): FittedVocabulary {
    if (this.#vocabulary === undefined) throw new NotFittedError({ estimator: CountVectorizer.kind, method });
    return this.#vocabulary;
  }
}
