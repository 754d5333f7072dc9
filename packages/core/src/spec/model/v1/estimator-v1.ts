import type { CsrMatrix, Label, Matrix, MatrixLike } from '../../shared/v1/matrix';
import type { EstimatorV1Tags } from './estimator-v1-tags';
import type { ModelJSONV1 } from './model-json-v1';

/**
 * The input an estimator accepts: a dense matrix (or rows), a CSR matrix, or a list of text
 * documents, depending on its `inputKind` tag.
 */
export type EstimatorV1Input = MatrixLike | CsrMatrix | readonly string[];

/**
 * The contract every estimator shares (scikit-learn semantics, TypeScript shape):
 * params are validated in the constructor and frozen; learned state is private and set only by
 * `fit`, which returns `this`; `clone` gives a new unfitted estimator; `toJSON` round-trips through
 * the class's static `fromJSON`.
 *
 * @typeParam Params The params as the user writes them (the zod schema's input type).
 */
export interface EstimatorV1<Params = Record<string, unknown>> {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion: 'v1';
  /** The estimator kind, equal to its class's static `kind`. */
  readonly kind: string;
  /** The validated params with defaults filled in; frozen. */
  readonly params: Readonly<Params>;
  /** Whether `fit` (or `fromJSON` of a fitted document) has run. */
  readonly isFitted: boolean;
  /** A copy of the params, suitable for `new Class(params)`. */
  getParams(): Params;
  /**
   * A new, unfitted estimator with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides?: Partial<Params>): EstimatorV1<Params>;
  /** The model document; `state` is `null` when not fitted. */
  toJSON(): ModelJSONV1<string, Params>;
}

/**
 * A classifier. Labels keep their type (strings stay strings); `classes` is the sorted set of
 * training labels (numbers ascending, strings by code point), and `predictProba` columns follow it.
 */
export interface ClassifierV1<Params = Record<string, unknown>, Input = MatrixLike> extends EstimatorV1<Params> {
  /**
   * Learns from `x` and labels `y` (same length).
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT on empty input, a length mismatch, NaN (unless allowed) or ragged rows.
   */
  fit(x: Input, y: readonly Label[]): this;
  /**
   * The predicted label of each row.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the feature count differs from training.
   */
  predict(x: Input): Label[];
  /**
   * Class probabilities, one row per sample, columns in `classes` order, rows summing to 1.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  predictProba(x: Input): Matrix;
  /**
   * Accuracy of `predict(x)` against `y`, in [0, 1].
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  score(x: Input, y: readonly Label[]): number;
  /**
   * The training classes in sorted order.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  readonly classes: readonly Label[];
}

/**
 * An outlier detector with scikit-learn's sign convention: **lower `scoreSamples` means more
 * abnormal**, `decisionFunction = scoreSamples − offset` is negative for outliers, and
 * `predict` returns −1 for outliers and 1 for inliers. (River's `score_one` runs the other way.)
 */
export interface OutlierDetectorV1<Params = Record<string, unknown>, Input = MatrixLike> extends EstimatorV1<Params> {
  /**
   * Learns what normal looks like from `x`.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT on empty input, NaN (unless allowed) or ragged rows.
   */
  fit(x: Input): this;
  /**
   * Abnormality scores; lower is more abnormal.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  scoreSamples(x: Input): Float64Array;
  /**
   * `scoreSamples(x) − offset`: negative for outliers, non-negative for inliers.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  decisionFunction(x: Input): Float64Array;
  /**
   * 1 for inliers, −1 for outliers (`decisionFunction ≥ 0` → 1).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  predict(x: Input): Int8Array;
  /**
   * The threshold subtracted from `scoreSamples`; −0.5 for contamination `'auto'` in the
   * isolation-forest convention, otherwise the contamination quantile of the training scores.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  readonly offset: number;
}

/**
 * A transformer: learns a mapping in `fit` and applies it in `transform`.
 *
 * @typeParam Input What `fit`/`transform` take (a matrix, documents …).
 * @typeParam Output What `transform` returns (a matrix, a CSR matrix …).
 */
export interface TransformerV1<Params = Record<string, unknown>, Input = MatrixLike, Output = Matrix>
  extends EstimatorV1<Params> {
  /**
   * Learns the mapping; `y` is used by supervised transformers only.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT on empty or malformed input.
   */
  fit(x: Input, y?: readonly Label[]): this;
  /**
   * Applies the mapping to new data.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the input does not match the fitted shape.
   */
  transform(x: Input): Output;
  /** `fit(x, y).transform(x)`, possibly computed in one pass. */
  fitTransform(x: Input, y?: readonly Label[]): Output;
}

/**
 * The static side of an estimator class: what the registry needs to rebuild a model from its JSON
 * and what the common checks need to construct and test it.
 */
export interface EstimatorV1Class<
  Params = Record<string, unknown>,
  Instance extends EstimatorV1<Params> = EstimatorV1<Params>,
> {
  /** Constructs an unfitted estimator; params are validated here (`INVALID_ARGUMENT`). */
  new (params?: Params): Instance;
  /** The kind written in model documents, unique across the registry of model kinds. */
  readonly kind: string;
  /** What the estimator is and accepts. */
  readonly tags: EstimatorV1Tags;
  /** Small, fast params for the common checks (River's `_unit_test_params`); at least one entry. */
  readonly testParams: readonly Params[];
  /**
   * Rebuilds an estimator from `toJSON()` output.
   * @throws {SerializationError} SERIALIZATION on a wrong `format`/`kind`, an unknown (e.g. newer)
   *   `formatVersion`, or a truncated or tampered document; never a half-built estimator.
   */
  fromJSON(json: unknown): Instance;
}

/** Anything the registry can load: a class's `kind` and its `fromJSON`. */
export interface ModelKindV1 {
  /** The `kind` written in model documents. */
  readonly kind: string;
  /** Rebuilds the estimator from its document. */
  fromJSON(json: unknown): EstimatorV1<unknown>;
}
