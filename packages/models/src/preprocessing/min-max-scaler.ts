import { type Matrix, type MatrixLike, parseOrThrow, type TransformerV1 } from '@mloop/core';
import { z } from 'zod';
import { checkMatrix } from '../shared/check-matrix';
import { corruptState, encodeNumbers, float64ArraySchema, readModelDocument } from '../shared/model-json';
import { multiplyThenShift, shiftThenDivide } from './affine-columns';
import { StatefulTransformer } from './stateful-transformer';

/** Params of {@link MinMaxScaler} (sklearn's names in camelCase, same defaults). */
export const minMaxScalerParamsSchema = z
  .object({
    /** The target range `[min, max]`, min < max. */
    featureRange: z
      .tuple([z.number().finite(), z.number().finite()])
      .refine(([low, high]) => low < high, { message: 'featureRange must be [min, max] with min < max' })
      .default([0, 1]),
    /** Clip transformed values into `featureRange` (for data outside the training range). */
    clip: z.boolean().default(false),
  })
  .strict();

/** Params of {@link MinMaxScaler} as the user writes them. */
export type MinMaxScalerParams = z.input<typeof minMaxScalerParamsSchema>;

interface FittedState {
  dataMin: Float64Array;
  dataMax: Float64Array;
  scale: Float64Array;
  min: Float64Array;
}

const stateSchema = z
  .object({
    dataMin: float64ArraySchema,
    dataMax: float64ArraySchema,
    scale: float64ArraySchema,
    min: float64ArraySchema,
  })
  .strict();

/** The JSON form of a fitted {@link MinMaxScaler}. */
export interface MinMaxScalerStateJSON {
  /** Column minimums (NaN-ignoring). */
  dataMin: (number | string)[];
  /** Column maximums. */
  dataMax: (number | string)[];
  /** Per-column factor. */
  scale: (number | string)[];
  /** Per-column shift added after scaling. */
  min: (number | string)[];
}

/**
 * Scales each column linearly so its training minimum and maximum map to `featureRange`, as
 * scikit-learn's `MinMaxScaler`: `x·scale + min` with `scale = (hi − lo)/(max − min)` (a constant
 * column keeps range 1), NaN ignored when fitting and kept when transforming.
 *
 * @example
 * ```ts
 * import { MinMaxScaler } from '@mloop/models';
 *
 * const scaler = new MinMaxScaler().fit([[0, 10], [10, 20]]);
 * scaler.transform([[5, 15]]); // Matrix with data [0.5, 0.5]
 * ```
 */
export class MinMaxScaler
  extends StatefulTransformer<
    'MinMaxScaler',
    MinMaxScalerParams,
    FittedState,
    MinMaxScalerStateJSON,
    MatrixLike,
    Matrix
  >
  implements TransformerV1<MinMaxScalerParams>
{
  /** The kind written in model documents. */
  static readonly kind = 'MinMaxScaler';
  /** The params schema (zod). */
  static readonly paramsSchema = minMaxScalerParamsSchema;
  /** Params for the common checks. */
  static readonly testParams: readonly MinMaxScalerParams[] = [{}, { featureRange: [-1, 1], clip: true }];

  /** The kind written in model documents. */
  readonly kind = MinMaxScaler.kind;
  /** The validated params; frozen. */
  readonly params: Readonly<z.output<typeof minMaxScalerParamsSchema>>;

  /**
   * @param params See {@link minMaxScalerParamsSchema}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the bad param.
   */
  constructor(params: MinMaxScalerParams = {}) {
    super();
    const parsed = parseOrThrow(minMaxScalerParamsSchema, params, 'MinMaxScaler params', ['params']);
    Object.freeze(parsed.featureRange);
    this.params = Object.freeze(parsed);
  }

  /**
   * Learns column minimums and maximums.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty input, ±∞ or ragged rows.
   */
  fit(x: MatrixLike): this {
    const { rows, cols, data } = checkMatrix(x, { estimator: 'MinMaxScaler', allowNaN: true });
    const dataMin = new Float64Array(cols).fill(Number.NaN);
    const dataMax = new Float64Array(cols).fill(Number.NaN);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const value = data[i * cols + j];
        if (Number.isNaN(value)) continue;
        if (!(value >= dataMin[j])) dataMin[j] = value;
        if (!(value <= dataMax[j])) dataMax[j] = value;
      }
    }
    const [low, high] = this.params.featureRange;
    const scale = new Float64Array(cols);
    const min = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      const range = dataMax[j] - dataMin[j];
      // sklearn's _handle_zeros_in_scale: a (near-)zero range counts as 1.
      scale[j] = (high - low) / (range < 10 * 2.220446049250313e-16 ? 1 : range);
      min[j] = low - dataMin[j] * scale[j];
    }
    this.setState({ dataMin, dataMax, scale, min });
    return this;
  }

  /**
   * `x·scale + min` per column, clipped to `featureRange` when `clip`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a wrong feature count, ±∞ or empty input.
   */
  transform(x: MatrixLike): Matrix {
    const state = this.fitted('transform');
    const matrix = checkMatrix(x, { estimator: 'MinMaxScaler', nFeatures: state.scale.length, allowNaN: true });
    const out = multiplyThenShift(matrix, state.scale, state.min);
    if (this.params.clip) {
      const [low, high] = this.params.featureRange;
      const { data } = out;
      for (let k = 0; k < data.length; k++) data[k] = Math.min(high, Math.max(low, data[k]));
    }
    return out;
  }

  /**
   * Undoes `transform`: (x − min) / scale.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  inverseTransform(x: MatrixLike): Matrix {
    const state = this.fitted('inverseTransform');
    const matrix = checkMatrix(x, { estimator: 'MinMaxScaler', nFeatures: state.scale.length, allowNaN: true });
    return shiftThenDivide(matrix, state.min, state.scale);
  }

  /**
   * Column minimums seen in training (sklearn `data_min_`); a copy.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get dataMin(): Float64Array {
    return this.fitted('dataMin').dataMin.slice();
  }

  /**
   * Column maximums seen in training (sklearn `data_max_`); a copy.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get dataMax(): Float64Array {
    return this.fitted('dataMax').dataMax.slice();
  }

  /**
   * A new, unfitted scaler with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<MinMaxScalerParams> = {}): MinMaxScaler {
    return new MinMaxScaler({ ...this.getParams(), ...overrides });
  }

  protected stateJSON(state: FittedState): MinMaxScalerStateJSON {
    return {
      dataMin: encodeNumbers(state.dataMin),
      dataMax: encodeNumbers(state.dataMax),
      scale: encodeNumbers(state.scale),
      min: encodeNumbers(state.min),
    };
  }

  /**
   * Rebuilds a scaler from {@link MinMaxScaler.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a wrong kind or format version, or a malformed state.
   */
  static fromJSON(json: unknown): MinMaxScaler {
    const kind = MinMaxScaler.kind;
    const { params, state } = readModelDocument(json, { kind, paramsSchema: minMaxScalerParamsSchema, stateSchema });
    const scaler = new MinMaxScaler(params);
    if (state === null) return scaler;
    const cols = state.scale.length;
    if (cols === 0 || [state.dataMin, state.dataMax, state.min].some((array) => array.length !== cols)) {
      corruptState(kind, 'dataMin, dataMax, scale and min must have one value per column');
    }
    scaler.setState(state);
    return scaler;
  }
}
