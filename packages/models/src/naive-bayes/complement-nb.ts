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
  type ComplementNBParams,
  complementNBParamsSchema,
  type ResolvedComplementNBParams,
} from './naive-bayes-params';

/**
 * Complement naive Bayes (Rennie et al., 2003), as scikit-learn's `ComplementNB`: each class is
 * scored by how unlike the *other* classes a document is, which copes better with imbalanced text
 * classes than MultinomialNB. Weights `−ln((Σ_c' fc + α − fc) / Σ_j …)`; priors are only used
 * when there is a single class. Dense or CSR input; `partialFit` for online updates.
 *
 * @example
 * ```ts
 * import { ComplementNB, TfidfVectorizer } from '@mloop/models';
 *
 * const tfidf = new TfidfVectorizer();
 * const x = tfidf.fitTransform(['win a free prize', 'lunch at noon?', 'see you at noon', 'call you at noon']);
 * const nb = new ComplementNB().fit(x, ['spam', 'ham', 'ham', 'ham']);
 * nb.predict(tfidf.transform(['free prize'])); // ['spam']
 * ```
 */
export class ComplementNB
  extends DiscreteNaiveBayes<ResolvedComplementNBParams, ComplementNBParams, 'ComplementNB'>
  implements ClassifierV1<ComplementNBParams, DenseOrSparse>
{
  /** The kind written in model documents. */
  static readonly kind = 'ComplementNB';
  /** The params schema (zod). */
  static readonly paramsSchema = complementNBParamsSchema;
  /** Fast params for the common checks. */
  static readonly testParams: readonly ComplementNBParams[] = [{}, { alpha: 0.5, norm: true }];

  /** The estimator kind. */
  readonly kind = ComplementNB.kind;
  protected readonly nonNegative = true;

  /**
   * @param params See {@link ComplementNBParams}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the first invalid param.
   */
  constructor(params: ComplementNBParams = {}) {
    super(deepFreeze(parseOrThrow(complementNBParamsSchema, params, 'ComplementNB params', ['params'])));
  }

  protected derive(counts: NaiveBayesCounts, alpha: number, classLogPrior: Float64Array): NaiveBayesDerived {
    const k = counts.classes.length;
    const d = counts.nFeatures;
    const { featureCount } = counts;
    // scikit-learn's feature_all_: each feature summed over every class.
    const featureAll = new Float64Array(d);
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) featureAll[j] += featureCount[c * d + j];
    const featureLogProb = new Float64Array(k * d);
    const complement = new Float64Array(d);
    for (let c = 0; c < k; c++) {
      let total = 0;
      for (let j = 0; j < d; j++) {
        complement[j] = featureAll[j] + alpha - featureCount[c * d + j];
        total += complement[j];
      }
      let logged = 0;
      for (let j = 0; j < d; j++) {
        featureLogProb[c * d + j] = Math.log(complement[j] / total);
        logged += featureLogProb[c * d + j];
      }
      for (let j = 0; j < d; j++) {
        featureLogProb[c * d + j] = this.params.norm ? featureLogProb[c * d + j] / logged : -featureLogProb[c * d + j];
      }
    }
    const intercepts = k === 1 ? classLogPrior : new Float64Array(k);
    return { classLogPrior, featureLogProb, weights: featureLogProb, intercepts };
  }

  /**
   * A new, unfitted model with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<ComplementNBParams> = {}): ComplementNB {
    return new ComplementNB({ ...this.getParams(), ...overrides });
  }

  /**
   * Rebuilds a model from {@link ComplementNB.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a wrong format, kind or formatVersion, or a malformed, truncated or inconsistent document.
   */
  static fromJSON(json: unknown): ComplementNB {
    const { params, state } = readNaiveBayesDocument(json, ComplementNB);
    return new ComplementNB(params).restoreState(state);
  }
}
