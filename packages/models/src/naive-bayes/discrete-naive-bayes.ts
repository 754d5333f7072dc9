import {
  type EstimatorV1Tags,
  InvalidArgumentError,
  type Label,
  type Matrix,
  type ModelJSONV1,
  NotFittedError,
  SerializationError,
} from '@mloop/core';
import { z } from 'zod';
import { checkLabels, classesSchema, encodeLabels, labelAccuracy, sortLabels } from '../shared/class-labels';
import { copyParams } from '../shared/deep-freeze';
import {
  type CheckedInput,
  checkDenseOrSparse,
  type DenseOrSparse,
  linearScores,
  rowArgmax,
  rowLogSumExp,
} from '../shared/linear-input';
import { corruptState, finiteFloat64ArraySchema, modelDocument, readModelDocument } from '../shared/model-json';
import type { NaiveBayesCommonParams } from './naive-bayes-params';

/** scikit-learn's `_ALPHA_MIN`: the smallest smoothing used unless `forceAlpha`. */
const ALPHA_MIN = 1e-10;

/** The learned counts of a discrete naive Bayes model; everything else is derived from them. */
export interface NaiveBayesCounts {
  /** The classes, sorted. */
  readonly classes: Label[];
  /** Feature count at fit time. */
  readonly nFeatures: number;
  /** Samples seen per class. */
  readonly classCount: Float64Array;
  /** Per class, the summed feature values: `classes.length × nFeatures`, row-major. */
  readonly featureCount: Float64Array;
}

/** What prediction needs: `jll = X · weightsᵀ + intercepts`, plus scikit-learn's attributes. */
export interface NaiveBayesDerived {
  /** Log prior of each class. */
  readonly classLogPrior: Float64Array;
  /** scikit-learn's `feature_log_prob_`, `k × d` row-major. */
  readonly featureLogProb: Float64Array;
  /** Weights of the joint log-likelihood, `k × d` row-major. */
  readonly weights: Float64Array;
  /** Constant term of the joint log-likelihood per class. */
  readonly intercepts: Float64Array;
}

/** The fitted state of a naive Bayes model as stored in its model document. */
export interface NaiveBayesStateJSON {
  /** The classes, sorted. */
  readonly classes: Label[];
  /** Feature count at fit time. */
  readonly nFeatures: number;
  /** Samples seen per class. */
  readonly classCount: number[];
  /** Per class, the summed (binarised, for BernoulliNB) feature values, `classes × nFeatures` row-major. */
  readonly featureCount: number[];
}

/** zod schema of {@link NaiveBayesStateJSON}. */
export const naiveBayesStateSchema = z
  .object({
    classes: classesSchema,
    nFeatures: z.number().int().min(1),
    classCount: finiteFloat64ArraySchema,
    featureCount: finiteFloat64ArraySchema,
  })
  .strict();

/** The class side a naive Bayes model document is read with. */
interface NaiveBayesClass<ParamsSchema extends z.ZodType> {
  readonly kind: string;
  readonly paramsSchema: ParamsSchema;
}

/**
 * Reads a naive Bayes model document with `Class`'s kind and params schema and the shared state
 * schema, for each subclass's `fromJSON` (which builds the model and calls `restoreState`).
 * @throws {SerializationError} SERIALIZATION for a wrong format, kind or formatVersion, or a malformed document.
 */
export function readNaiveBayesDocument<ParamsSchema extends z.ZodType>(
  json: unknown,
  Class: NaiveBayesClass<ParamsSchema>,
): { params: z.output<ParamsSchema>; state: z.output<typeof naiveBayesStateSchema> | null } {
  return readModelDocument(json, {
    kind: Class.kind,
    paramsSchema: Class.paramsSchema,
    stateSchema: naiveBayesStateSchema,
  });
}

/**
 * The machinery MultinomialNB, ComplementNB and BernoulliNB share, as scikit-learn's
 * `_BaseDiscreteNB`: counting (`fit`, `partialFit`), smoothing, priors, prediction from the
 * joint log-likelihood, and the model document. Subclasses say how counts become
 * log-probabilities.
 */
export abstract class DiscreteNaiveBayes<
  Resolved extends NaiveBayesCommonParams,
  Params = Resolved,
  Kind extends string = string,
> {
  /** What the common checks need to know (the same for every variant). */
  static readonly tags: EstimatorV1Tags = {
    estimatorType: 'classifier',
    requiresY: true,
    nonDeterministic: false,
    allowNaN: false,
    inputKind: 'sparse',
  };

  /** Spec version. */
  readonly specificationVersion = 'v1' as const;
  /** The validated params with defaults; frozen. */
  readonly params: Readonly<Resolved>;
  #counts: NaiveBayesCounts | undefined;
  #derived: NaiveBayesDerived | undefined;

  protected constructor(params: Readonly<Resolved>) {
    this.params = params;
  }

  /** The estimator kind. */
  abstract readonly kind: Kind;

  /** Whether the model rejects negative features (count models). */
  protected abstract readonly nonNegative: boolean;

  /** Turns counts into the joint log-likelihood's weights (scikit-learn's `_update_feature_log_prob`). */
  protected abstract derive(counts: NaiveBayesCounts, alpha: number, classLogPrior: Float64Array): NaiveBayesDerived;

  /** Validates (and, for BernoulliNB, binarises) an input. */
  protected checkInput(x: DenseOrSparse, nFeatures: number | undefined): CheckedInput {
    return checkDenseOrSparse(x, { estimator: this.kind, nFeatures, nonNegative: this.nonNegative });
  }

  /** Whether `fit` or `partialFit` has run (or a fitted model was restored). */
  get isFitted(): boolean {
    return this.#counts !== undefined;
  }

  /**
   * The training classes, sorted (numbers ascending, strings by code point).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get classes(): readonly Label[] {
    return [...this.#fitted('classes').classes];
  }

  /**
   * Samples seen per class (scikit-learn's `class_count_`), a copy.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get classCount(): Float64Array {
    return this.#fitted('classCount').classCount.slice();
  }

  /**
   * Summed feature values per class (scikit-learn's `feature_count_`), `classes × features`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get featureCount(): Matrix {
    const counts = this.#fitted('featureCount');
    return { rows: counts.classes.length, cols: counts.nFeatures, data: counts.featureCount.slice() };
  }

  /**
   * Log prior probability of each class (scikit-learn's `class_log_prior_`), a copy.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get classLogPrior(): Float64Array {
    this.#fitted('classLogPrior');
    return this.#derived!.classLogPrior.slice();
  }

  /**
   * Smoothed log-probability of each feature given a class (scikit-learn's
   * `feature_log_prob_`; for ComplementNB the complement weights), `classes × features`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get featureLogProb(): Matrix {
    const counts = this.#fitted('featureLogProb');
    return { rows: counts.classes.length, cols: counts.nFeatures, data: this.#derived!.featureLogProb.slice() };
  }

  /**
   * Learns class and feature counts from scratch.
   * @param x Non-negative features (counts, TF-IDF; any values for BernoulliNB), dense or CSR.
   * @param y One label per row.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty input, NaN, negative values (multinomial, complement), mismatched labels or a `classPrior` of the wrong length.
   */
  fit(x: DenseOrSparse, y: readonly Label[]): this {
    const input = this.checkInput(x, undefined);
    const labels = checkLabels(y, input.matrix.rows, this.kind);
    const { classes, encoded } = encodeLabels(labels, this.kind);
    const counts = emptyCounts(classes, input.matrix.cols);
    accumulate(counts, input, encoded);
    this.#setCounts(counts);
    return this;
  }

  /**
   * Updates the counts with one more batch (scikit-learn's `partial_fit`): online learning
   * that gives the same model as one `fit` on all batches together.
   * @param classes Every class the model will ever see; required on the first call (before any
   * `fit`), optional afterwards (then it must be the same set).
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT without `classes` on the first call, for a label outside them, or a different feature count.
   */
  partialFit(x: DenseOrSparse, y: readonly Label[], classes?: readonly Label[]): this {
    const previous = this.#counts;
    let known: Label[];
    if (previous === undefined) {
      if (classes === undefined) {
        throw new InvalidArgumentError({
          message: `${this.kind}.partialFit: pass every class (\`classes\`) on the first call.`,
          field: 'classes',
        });
      }
      known = sortLabels(checkLabels(classes, classes.length, this.kind, 'classes'));
    } else {
      known = previous.classes;
      if (classes !== undefined) {
        const given = sortLabels(classes);
        if (given.length !== known.length || given.some((label, i) => label !== known[i])) {
          throw new InvalidArgumentError({
            message: `${this.kind}.partialFit: classes ${JSON.stringify(given)} differ from the first call's ${JSON.stringify(known)}.`,
            field: 'classes',
          });
        }
      }
    }
    const input = this.checkInput(x, previous?.nFeatures);
    const labels = checkLabels(y, input.matrix.rows, this.kind);
    const { encoded } = encodeLabels(labels, this.kind, known);
    const counts = previous
      ? {
          classes: known,
          nFeatures: previous.nFeatures,
          classCount: previous.classCount.slice(),
          featureCount: previous.featureCount.slice(),
        }
      : emptyCounts(known, input.matrix.cols);
    accumulate(counts, input, encoded);
    this.#setCounts(counts);
    return this;
  }

  /**
   * Joint log-likelihood `log P(c) + log P(x | c)` of each row and class (scikit-learn's
   * `_joint_log_likelihood`), `n × classes`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a different feature count, NaN, or negative values where not allowed.
   */
  jointLogLikelihood(x: DenseOrSparse): Matrix {
    const counts = this.#fitted('jointLogLikelihood');
    const derived = this.#derived!;
    return linearScores(this.checkInput(x, counts.nFeatures), derived.weights, derived.intercepts);
  }

  /**
   * The most likely class of each row (the first in class order on ties).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT as {@link DiscreteNaiveBayes.jointLogLikelihood}.
   */
  predict(x: DenseOrSparse): Label[] {
    const jll = this.jointLogLikelihood(x);
    const classes = this.#counts!.classes;
    return Array.from(rowArgmax(jll), (c) => classes[c]);
  }

  /**
   * Log class probabilities, `n × classes`: the joint log-likelihood minus its log-sum-exp.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  predictLogProba(x: DenseOrSparse): Matrix {
    const jll = this.jointLogLikelihood(x);
    const norm = rowLogSumExp(jll);
    const { cols, data } = jll;
    for (let i = 0; i < jll.rows; i++) for (let c = 0; c < cols; c++) data[i * cols + c] -= norm[i];
    return jll;
  }

  /**
   * Class probabilities, `n × classes` in `classes` order; rows sum to 1.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  predictProba(x: DenseOrSparse): Matrix {
    const logProba = this.predictLogProba(x);
    const { data } = logProba;
    for (let k = 0; k < data.length; k++) data[k] = Math.exp(data[k]);
    return logProba;
  }

  /**
   * Accuracy of `predict(x)` against `y`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  score(x: DenseOrSparse, y: readonly Label[]): number {
    return labelAccuracy(y, this.predict(x), this.kind);
  }

  /** A copy of the params. */
  getParams(): Params {
    // The resolved params (defaults filled in) are valid constructor params.
    return copyParams(this.params) as unknown as Params;
  }

  /** The model document; `state` is `null` before `fit`. */
  toJSON(): ModelJSONV1<Kind, Params, NaiveBayesStateJSON> {
    return modelDocument(this.kind, this.getParams(), this.stateJSON());
  }

  /** The state for `toJSON`, or `null` before `fit`. */
  protected stateJSON(): NaiveBayesStateJSON | null {
    const counts = this.#counts;
    if (!counts) return null;
    return {
      classes: [...counts.classes],
      nFeatures: counts.nFeatures,
      classCount: Array.from(counts.classCount),
      featureCount: Array.from(counts.featureCount),
    };
  }

  /**
   * Restores a parsed state (from `fromJSON`), after checking its lengths and signs.
   * @throws {SerializationError} SERIALIZATION when the state is inconsistent.
   */
  protected restoreState(state: z.output<typeof naiveBayesStateSchema> | null): this {
    if (state === null) return this;
    const k = state.classes.length;
    if (state.classCount.length !== k)
      corruptState(this.kind, `${state.classCount.length} class counts for ${k} classes`);
    if (state.featureCount.length !== k * state.nFeatures) {
      corruptState(
        this.kind,
        `${state.featureCount.length} feature counts for ${k} classes × ${state.nFeatures} features`,
      );
    }
    if (state.classCount.some((value) => value < 0) || state.featureCount.some((value) => value < 0)) {
      corruptState(this.kind, 'a count is negative');
    }
    try {
      this.#setCounts({
        classes: state.classes as Label[],
        nFeatures: state.nFeatures,
        classCount: state.classCount,
        featureCount: state.featureCount,
      });
    } catch (error) {
      throw new SerializationError({
        message: `${this.kind} document does not fit its params: ${(error as Error).message}`,
        kind: this.kind,
        cause: error,
      });
    }
    return this;
  }

  #setCounts(counts: NaiveBayesCounts): void {
    const alpha = this.#alpha();
    const classLogPrior = this.#classLogPrior(counts);
    this.#derived = this.derive(counts, alpha, classLogPrior);
    this.#counts = counts;
  }

  #alpha(): number {
    const { alpha, forceAlpha } = this.params;
    return alpha < ALPHA_MIN && !forceAlpha ? ALPHA_MIN : alpha;
  }

  #classLogPrior(counts: NaiveBayesCounts): Float64Array {
    const k = counts.classes.length;
    const { classPrior, fitPrior } = this.params;
    const out = new Float64Array(k);
    if (classPrior !== null) {
      if (classPrior.length !== k) {
        throw new InvalidArgumentError({
          message: `${this.kind}: classPrior has ${classPrior.length} values for ${k} classes; the number of priors must match the number of classes.`,
          field: 'classPrior',
        });
      }
      for (let c = 0; c < k; c++) out[c] = Math.log(classPrior[c]);
    } else if (fitPrior) {
      let total = 0;
      for (let c = 0; c < k; c++) total += counts.classCount[c];
      const logTotal = Math.log(total);
      for (let c = 0; c < k; c++) out[c] = Math.log(counts.classCount[c]) - logTotal;
    } else {
      out.fill(-Math.log(k));
    }
    return out;
  }

  #fitted(method: string): NaiveBayesCounts {
    if (this.#counts === undefined) throw new NotFittedError({ estimator: this.kind, method });
    return this.#counts;
  }
}

function emptyCounts(classes: Label[], nFeatures: number): NaiveBayesCounts {
  return {
    classes,
    nFeatures,
    classCount: new Float64Array(classes.length),
    featureCount: new Float64Array(classes.length * nFeatures),
  };
}

/** Adds each row to its class's feature sums (scikit-learn's `Yᵀ · X`). */
function accumulate(counts: NaiveBayesCounts, input: CheckedInput, encoded: Int32Array): void {
  const d = counts.nFeatures;
  const { classCount, featureCount } = counts;
  if (input.sparse) {
    const { indptr, indices, data } = input.matrix;
    for (let i = 0; i < encoded.length; i++) {
      const offset = encoded[i] * d;
      classCount[encoded[i]]++;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) featureCount[offset + indices[p]] += data[p];
    }
  } else {
    const { data } = input.matrix;
    for (let i = 0; i < encoded.length; i++) {
      const offset = encoded[i] * d;
      classCount[encoded[i]]++;
      for (let j = 0; j < d; j++) featureCount[offset + j] += data[i * d + j];
    }
  }
}
