import { type ClassifierV1, parseOrThrow } from '@mloop/core';
import { deepFreeze } from '../shared/deep-freeze';
import type { DenseOrSparse } from '../shared/linear-input';
import {
  DiscreteNaiveBayes,
  type NaiveBayesCounts,
  type NaiveBayesDerived,
  readNaiveBayesDocument,
} from './discrete-naive-bayes';
import {
  type MultinomialNBParams,
  multinomialNBParamsSchema,
  type ResolvedMultinomialNBParams,
} from './naive-bayes-params';

/**
 * Multinomial naive Bayes for counts or TF-IDF weights, as scikit-learn's `MultinomialNB`:
 * `P(feature | class) ∝ count + alpha`, log-probabilities `ln(fc + α) − ln(Σ(fc + α))`, priors
 * from class frequencies. Dense or CSR input; `partialFit` for online updates.
 *
 * @example
 * ```ts
 * import { MultinomialNB, TfidfVectorizer } from '@mloop/models';
 *
 * const tfidf = new TfidfVectorizer();
 * const x = tfidf.fitTransform(['win a free prize', 'lunch at noon?', 'free cash prize', 'call you at noon']);
 * const nb = new MultinomialNB({ alpha: 0.5 }).fit(x, ['spam', 'ham', 'spam', 'ham']);
 * nb.predictProba(tfidf.transform(['free prize'])); // one row: [P(ham), P(spam)]
 * nb.partialFit(tfidf.transform(['noon lunch']), ['ham']); // learn one more message
 * ```
 */
export class MultinomialNB
  extends DiscreteNaiveBayes<ResolvedMultinomialNBParams, MultinomialNBParams, 'MultinomialNB'>
  implements ClassifierV1<MultinomialNBParams, DenseOrSparse>
{
  /** The kind written in model documents. */
  static readonly kind = 'MultinomialNB';
  /** The params schema (zod). */
  static readonly paramsSchema = multinomialNBParamsSchema;
  /** Fast params for the common checks. */
  static readonly testParams: readonly MultinomialNBParams[] = [{}, { alpha: 0.1, fitPrior: false }];

  /** The estimator kind. */
  readonly kind = MultinomialNB.kind;
  protected readonly nonNegative = true;

  /**
   * @param params See {@link MultinomialNBParams}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the first invalid param.
   */
  constructor(params: MultinomialNBParams = {}) {
    super(deepFreeze(parseOrThrow(multinomialNBParamsSchema, params, 'MultinomialNB params', ['params'])));
  }

  protected derive(counts: NaiveBayesCounts, alpha: number, classLogPrior: Float64Array): NaiveBayesDerived {
    const k = counts.classes.length;
    const d = counts.nFeatures;
    const featureLogProb = new Float64Array(k * d);
    for (let c = 0; c < k; c++) {
      let total = 0;
      for (let j = 0; j < d; j++) total += counts.featureCount[c * d + j] + alpha;
      const logTotal = Math.log(total);
      for (let j = 0; j < d; j++)
        featureLogProb[c * d + j] = Math.log(counts.featureCount[c * d + j] + alpha) - logTotal;
    }
    return { classLogPrior, featureLogProb, weights: featureLogProb, intercepts: classLogPrior };
  }

  /**
   * A new, unfitted model with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<MultinomialNBParams> = {}): MultinomialNB {
    return new MultinomialNB({ ...this.getParams(), ...overrides });
  }

  /**
   * Rebuilds a model from {@link MultinomialNB.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a wrong format, kind or formatVersion, or a malformed, truncated or inconsistent document.
   */
  static fromJSON(json: unknown): MultinomialNB {
    const { params, state } = readNaiveBayesDocument(json, MultinomialNB);
    return new MultinomialNB(params).restoreState(state);
  }
}
