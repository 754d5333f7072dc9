import { type ClassifierV1, InvalidArgumentError, parseOrThrow } from '@mloop/core';
import { deepFreeze } from '../shared/deep-freeze';
import { type CheckedInput, checkDenseOrSparse, type DenseOrSparse } from '../shared/linear-input';
import {
  DiscreteNaiveBayes,
  type NaiveBayesCounts,
  type NaiveBayesDerived,
  readNaiveBayesDocument,
} from './discrete-naive-bayes';
import { type BernoulliNBParams, bernoulliNBParamsSchema, type ResolvedBernoulliNBParams } from './naive-bayes-params';

/**
 * Bernoulli naive Bayes for binary (present/absent) features, as scikit-learn's `BernoulliNB`:
 * inputs are binarised at `binarize` (values above it are 1), and absent features count as
 * evidence too (`ln(1 − p)`). `P(feature | class) = (count + α) / (class count + 2α)`. Dense or
 * CSR input; `partialFit` for online updates.
 *
 * @example
 * ```ts
 * import { BernoulliNB, CountVectorizer } from '@mloop/models';
 *
 * const counts = new CountVectorizer({ binary: true });
 * const x = counts.fitTransform(['win a free prize', 'lunch at noon?', 'free cash prize', 'call you at noon']);
 * const nb = new BernoulliNB().fit(x, ['spam', 'ham', 'spam', 'ham']);
 * nb.predict(counts.transform(['free lunch prize'])); // ['spam']
 * ```
 */
export class BernoulliNB
  extends DiscreteNaiveBayes<ResolvedBernoulliNBParams, BernoulliNBParams, 'BernoulliNB'>
  implements ClassifierV1<BernoulliNBParams, DenseOrSparse>
{
  /** The kind written in model documents. */
  static readonly kind = 'BernoulliNB';
  /** The params schema (zod). */
  static readonly paramsSchema = bernoulliNBParamsSchema;
  /** Fast params for the common checks. */
  static readonly testParams: readonly BernoulliNBParams[] = [{}, { binarize: 5, alpha: 0.5 }];

  /** The estimator kind. */
  readonly kind = BernoulliNB.kind;
  protected readonly nonNegative = false;

  /**
   * @param params See {@link BernoulliNBParams}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the first invalid param.
   */
  constructor(params: BernoulliNBParams = {}) {
    super(deepFreeze(parseOrThrow(bernoulliNBParamsSchema, params, 'BernoulliNB params', ['params'])));
  }

  protected override checkInput(x: DenseOrSparse, nFeatures: number | undefined): CheckedInput {
    const input = checkDenseOrSparse(x, { estimator: BernoulliNB.kind, nFeatures });
    const threshold = this.params.binarize;
    if (threshold === null) return input;
    if (input.sparse) {
      // Implicit zeros would become ones below a negative threshold; scikit-learn refuses too.
      if (threshold < 0) {
        throw new InvalidArgumentError({
          message: `BernoulliNB: cannot binarize a sparse matrix with a negative threshold (binarize = ${threshold}); pass a dense matrix.`,
          field: 'x',
        });
      }
      const data = input.matrix.data.map((value) => (value > threshold ? 1 : 0));
      return { sparse: true, matrix: { ...input.matrix, data } };
    }
    const data = input.matrix.data.map((value) => (value > threshold ? 1 : 0));
    return { sparse: false, matrix: { ...input.matrix, data } };
  }

  protected derive(counts: NaiveBayesCounts, alpha: number, classLogPrior: Float64Array): NaiveBayesDerived {
    const k = counts.classes.length;
    const d = counts.nFeatures;
    const featureLogProb = new Float64Array(k * d);
    const weights = new Float64Array(k * d);
    const intercepts = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      const logTotal = Math.log(counts.classCount[c] + alpha * 2);
      let negativeSum = 0;
      for (let j = 0; j < d; j++) {
        const logProb = Math.log(counts.featureCount[c * d + j] + alpha) - logTotal;
        const negative = Math.log(1 - Math.exp(logProb));
        featureLogProb[c * d + j] = logProb;
        weights[c * d + j] = logProb - negative;
        negativeSum += negative;
      }
      intercepts[c] = classLogPrior[c] + negativeSum;
    }
    return { classLogPrior, featureLogProb, weights, intercepts };
  }

  /**
   * A new, unfitted model with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<BernoulliNBParams> = {}): BernoulliNB {
    return new BernoulliNB({ ...this.getParams(), ...overrides });
  }

  /**
   * Rebuilds a model from {@link BernoulliNB.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a wrong format, kind or formatVersion, or a malformed, truncated or inconsistent document.
   */
  static fromJSON(json: unknown): BernoulliNB {
    const { params, state } = readNaiveBayesDocument(json, BernoulliNB);
    return new BernoulliNB(params).restoreState(state);
  }
}
