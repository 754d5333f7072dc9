import type { CsrMatrix, EstimatorV1Tags, Label } from '@mloop/core';
import { FittedEstimator } from '../shared/fitted-estimator';
import { corruptState } from '../shared/model-json';
import { type Analyzer, buildAnalyzer } from './analyzer';
import type { ResolvedCountVectorizerParams } from './count-vectorizer-params';
import {
  checkDocuments,
  countsToCsr,
  countWithVocabulary,
  indexTerms,
  learnVocabulary,
  type TermCounts,
  vocabularyTerms,
} from './vectorizer-core';

/** A fitted vocabulary: the terms in column order and each term's column. */
export interface FittedVocabulary {
  /** The terms, in column order. */
  readonly terms: readonly string[];
  /** Term → column. */
  readonly index: ReadonlyMap<string, number>;
}

/**
 * Checks a restored vocabulary: distinct terms, and equal to the fixed `vocabulary` param when
 * there is one.
 * @throws {SerializationError} SERIALIZATION naming the inconsistency.
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
 * Learns the vocabulary and returns the training counts: with a fixed `vocabulary` param the
 * vocabulary is that list, otherwise it is learned and pruned by `minDf`, `maxDf` and `maxFeatures`.
 */
function fitVocabulary(
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
 * What CountVectorizer and TfidfVectorizer share (scikit-learn's TfidfVectorizer is a
 * CountVectorizer too): the analyzer, learning the vocabulary, counting documents against it, the
 * feature names and the vocabulary map. Subclasses say what else fitting learns and how counts
 * are weighted.
 */
export abstract class VocabularyVectorizer<
  Kind extends string,
  Params,
  State extends FittedVocabulary,
  StateJSON,
> extends FittedEstimator<Kind, Params, State, StateJSON> {
  /** What the common checks need to know (the same for both vectorizers). */
  static readonly tags: EstimatorV1Tags = {
    estimatorType: 'transformer',
    requiresY: false,
    nonDeterministic: false,
    allowNaN: false,
    inputKind: 'text',
  };

  /** The validated params with defaults; frozen. */
  abstract override readonly params: Readonly<ResolvedCountVectorizerParams>;
  #analyzer: Analyzer | undefined;

  /** The fitted state from the learned vocabulary and the training counts. @hidden */
  protected abstract fittedState(vocabulary: FittedVocabulary, counts: TermCounts): State;

  /** Weighs raw counts in place (nothing for plain counts). @hidden */
  protected abstract weigh(counts: TermCounts, state: State): void;

  /** The analyzer: lower-case, tokenize, drop stop words, form n-grams. Built once, on first use. */
  buildAnalyzer(): Analyzer {
    this.#analyzer ??= buildAnalyzer(this.params);
    return this.#analyzer;
  }

  /**
   * Learns the vocabulary (and whatever else the weighting needs).
   * @param x The documents.
   * @param _y Ignored; accepted so the vectorizer fits in a Pipeline.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for no documents, a non-string, an empty vocabulary, or pruning that leaves nothing.
   */
  fit(x: readonly string[], _y?: readonly Label[]): this {
    this.#learn(x);
    return this;
  }

  /**
   * Fits on `x` and returns its matrix (documents × terms) in one pass.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT as `fit`.
   */
  fitTransform(x: readonly string[], _y?: readonly Label[]): CsrMatrix {
    const { state, counts } = this.#learn(x);
    this.weigh(counts, state);
    return countsToCsr(counts, state.terms.length);
  }

  /**
   * The rows of `x`; terms outside the vocabulary are ignored, so an unknown document is an all-zero row.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for no documents or a non-string.
   */
  transform(x: readonly string[]): CsrMatrix {
    const state = this.fitted('transform');
    const documents = checkDocuments(x, this.kind);
    const counts = countWithVocabulary(documents, this.buildAnalyzer(), state.index, this.params.binary);
    this.weigh(counts, state);
    return countsToCsr(counts, state.terms.length);
  }

  /**
   * The terms, in column order (scikit-learn's `get_feature_names_out()`).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  getFeatureNamesOut(): string[] {
    return [...this.fitted('getFeatureNamesOut').terms];
  }

  /**
   * Term → column (scikit-learn's `vocabulary_`), a copy.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  getVocabulary(): Map<string, number> {
    return new Map(this.fitted('getVocabulary').index);
  }

  #learn(x: readonly string[]): { state: State; counts: TermCounts } {
    const documents = checkDocuments(x, this.kind);
    const { vocabulary, counts } = fitVocabulary(documents, this.buildAnalyzer(), this.params, this.kind);
    const state = this.fittedState(vocabulary, counts);
    this.setState(state);
    return { state, counts };
  }
}
