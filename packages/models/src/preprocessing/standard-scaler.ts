import { type Matrix, type MatrixLike, parseOrThrow, type TransformerV1 } from '@mloop/core';
import { z } from 'zod';
import { checkMatrix } from '../shared/check-matrix';
import { corruptState, encodeNumbers, float64ArraySchema, readModelDocument } from '../shared/model-json';
import { multiplyThenShift, shiftThenDivide } from './affine-columns';
import { StatefulTransformer } from './stateful-transformer';

/** Params of {@link StandardScaler} (sklearn's names in camelCase, same defaults). */
export const standardScalerParamsSchema = z
  .object({
    /** Subtract the column mean. */
    withMean: z.boolean().default(true),
    /** Divide by the column standard deviation (population, ddof 0). */
    withStd: z.boolean().default(true),
  })
  .strict();

/** Params of {@link StandardScaler} as the user writes them. */
export type StandardScalerParams = z.input<typeof standardScalerParamsSchema>;

interface FittedState {
  mean: Float64Array;
  variance: Float64Array;
  scale: Float64Array;
  nSamplesSeen: Float64Array;
}

const stateSchema = z
  .object({
    mean: float64ArraySchema,
    variance: float64ArraySchema,
    scale: float64ArraySchema,
    nSamplesSeen: float64ArraySchema,
  })
  .strict();

/** The JSON form of a fitted {@link StandardScaler}. */
export interface StandardScalerStateJSON {
  /** Column means (NaN-ignoring). */
  mean: (number | string)[];
  /** Column population variances. */
  variance: (number | string)[];
  /** The divisors: √variance, or 1 for constant columns. */
  scale: (number | string)[];
  /** Non-missing values seen per column. */
  nSamplesSeen: number[];
}

const EPSILON = 2.220446049250313e-16;

/**
 * Per-column statistics ignoring NaN, with sklearn's `_incremental_mean_and_var` arithmetic for
 * one batch: mean = Σx/n, variance = (Σt² − (Σt)²/n)/n with t = x − mean (the second term
 * corrects the rounding of the mean).
 */
export function nanMeanVariance(x: Matrix): { mean: Float64Array; variance: Float64Array; count: Float64Array } {
  const { rows, cols, data } = x;
  const mean = new Float64Array(cols);
  const variance = new Float64Array(cols);
  const count = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const value = data[i * cols + j];
      if (!Number.isNaN(value)) {
        mean[j] += value;
        count[j]++;
      }
    }
  }
  for (let j = 0; j < cols; j++) mean[j] = count[j] > 0 ? mean[j] / count[j] : Number.NaN;
  const correction = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const value = data[i * cols + j];
      if (!Number.isNaN(value)) {
        const t = value - mean[j];
        variance[j] += t * t;
        correction[j] += t;
      }
    }
  }
  for (let j = 0; j < cols; j++) {
    variance[j] = count[j] > 0 ? (variance[j] - (correction[j] * correction[j]) / count[j]) / count[j] : Number.NaN;
  }
  return { mean, variance, count };
}

/**
 * Standardises each column to zero mean and unit variance, as scikit-learn's `StandardScaler`:
 * population standard deviation, constant columns left unscaled (scale 1, by sklearn's
 * `_is_constant_feature` rule), NaN ignored when fitting and kept as NaN when transforming.
 *
 * @example
 * ```ts
 * import { StandardScaler } from '@mloop/models';
 *
 * const scaler = new StandardScaler().fit([[1, 10], [3, 30]]);
 * scaler.transform([[2, 20]]); // Matrix with data [0, 0]
 * ```
 */
export class StandardScaler
  extends StatefulTransformer<
    'StandardScaler',
    StandardScalerParams,
    FittedState,
    StandardScalerStateJSON,
    MatrixLike,
    Matrix
  >
  implements TransformerV1<StandardScalerParams>
{
  /** The kind written in model documents. */
  static readonly kind = 'StandardScaler';
  /** The params schema (zod). */
  static readonly paramsSchema = standardScalerParamsSchema;
  /** Params for the common checks. */
  static readonly testParams: readonly StandardScalerParams[] = [{}, { withMean: false }];

  /** The kind written in model documents. */
  readonly kind = StandardScaler.kind;
  /** The validated params; frozen. */
  readonly params: Readonly<z.output<typeof standardScalerParamsSchema>>;

  /**
   * @param params See {@link standardScalerParamsSchema}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the bad param.
   */
  constructor(params: StandardScalerParams = {}) {
    super();
    this.params = Object.freeze(parseOrThrow(standardScalerParamsSchema, params, 'StandardScaler params', ['params']));
  }

  /**
   * Learns column means and standard deviations.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty input, ±∞ or ragged rows.
   */
  fit(x: MatrixLike): this {
    const matrix = checkMatrix(x, { estimator: 'StandardScaler', allowNaN: true });
    const { mean, variance, count } = nanMeanVariance(matrix);
    const scale = new Float64Array(matrix.cols);
    for (let j = 0; j < matrix.cols; j++) {
      // sklearn's _is_constant_feature: a variance within rounding error of 0 means constant.
      const bound = count[j] * EPSILON * variance[j] + (count[j] * mean[j] * EPSILON) ** 2;
      scale[j] = variance[j] <= bound ? 1 : Math.sqrt(variance[j]);
      if (Number.isNaN(variance[j])) scale[j] = Number.NaN;
    }
    this.setState({ mean, variance, scale, nSamplesSeen: count });
    return this;
  }

  /**
   * (x − mean) / scale per column (each part only when enabled); NaN stays NaN.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a wrong feature count, ±∞ or empty input.
   */
  transform(x: MatrixLike): Matrix {
    const state = this.fitted('transform');
    const matrix = checkMatrix(x, { estimator: 'StandardScaler', nFeatures: state.mean.length, allowNaN: true });
    const { withMean, withStd } = this.params;
    return shiftThenDivide(matrix, withMean ? state.mean : null, withStd ? state.scale : null);
  }

  /**
   * Undoes `transform`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  inverseTransform(x: MatrixLike): Matrix {
    const state = this.fitted('inverseTransform');
    const matrix = checkMatrix(x, { estimator: 'StandardScaler', nFeatures: state.mean.length, allowNaN: true });
    const { withMean, withStd } = this.params;
    return multiplyThenShift(matrix, withStd ? state.scale : null, withMean ? state.mean : null);
  }

  /**
   * Column means (sklearn `mean_`); a copy.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get mean(): Float64Array {
    return this.fitted('mean').mean.slice();
  }

  /**
   * The divisors (sklearn `scale_`); a copy.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get scale(): Float64Array {
    return this.fitted('scale').scale.slice();
  }

  /**
   * Column population variances (sklearn `var_`); a copy.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get variance(): Float64Array {
    return this.fitted('variance').variance.slice();
  }

  /**
   * A new, unfitted scaler with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<StandardScalerParams> = {}): StandardScaler {
    return new StandardScaler({ ...this.params, ...overrides });
  }

  protected stateJSON(state: FittedState): StandardScalerStateJSON {
    return {
      mean: encodeNumbers(state.mean),
      variance: encodeNumbers(state.variance),
      scale: encodeNumbers(state.scale),
      nSamplesSeen: Array.from(state.nSamplesSeen),
    };
  }

  /**
   * Rebuilds a scaler from {@link StandardScaler.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a wrong kind or format version, or a malformed state.
   */
  static fromJSON(json: unknown): StandardScaler {
    const kind = StandardScaler.kind;
    const { params, state } = readModelDocument(json, { kind, paramsSchema: standardScalerParamsSchema, stateSchema });
    const scaler = new StandardScaler(params);
    if (state === null) return scaler;
    const cols = state.mean.length;
    if (cols === 0 || [state.variance, state.scale, state.nSamplesSeen].some((array) => array.length !== cols)) {
      corruptState(kind, 'mean, variance, scale and nSamplesSeen must have one value per column');
    }
    if (state.scale.some((value) => value <= 0)) corruptState(kind, 'scale must be positive');
    scaler.setState(state);
    return scaler;
  }
}
