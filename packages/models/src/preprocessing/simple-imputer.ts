import { type Matrix, type MatrixLike, parseOrThrow, type TransformerV1 } from '@mloop/core';
import { z } from 'zod';
import { checkMatrix } from '../shared/check-matrix';
import { corruptState, encodeNumbers, float64ArraySchema, readModelDocument } from '../shared/model-json';
import { StatefulTransformer } from './stateful-transformer';

/** Params of {@link SimpleImputer} (sklearn's names in camelCase, same defaults). Missing values are NaN. */
export const simpleImputerParamsSchema = z
  .object({
    /** What replaces a missing value: the column mean, median, most frequent value, or `fillValue`. */
    strategy: z
      .union([z.literal('mean'), z.literal('median'), z.literal('most_frequent'), z.literal('constant')])
      .default('mean'),
    /** The value used by strategy `'constant'` (default 0). */
    fillValue: z.number().finite().optional(),
    /**
     * Keep columns that were entirely missing in training (filled with 0, or `fillValue`); by
     * default they are dropped from the output, as in sklearn.
     */
    keepEmptyFeatures: z.boolean().default(false),
  })
  .strict();

/** Params of {@link SimpleImputer} as the user writes them. */
export type SimpleImputerParams = z.input<typeof simpleImputerParamsSchema>;

const stateSchema = z.object({ nFeatures: z.number().int().min(1), statistics: float64ArraySchema }).strict();

/** The JSON form of a fitted {@link SimpleImputer}. */
export interface SimpleImputerStateJSON {
  /** Input feature count. */
  nFeatures: number;
  /** The fill value of each column; `"NaN"` for a column that was entirely missing. */
  statistics: (number | string)[];
}

/**
 * Replaces missing values (NaN) column by column, as scikit-learn's `SimpleImputer`: the mean,
 * the median, the most frequent value (the smallest among ties) or a constant. Columns with no
 * observed value in training are dropped from the output unless `keepEmptyFeatures`.
 *
 * @example
 * ```ts
 * import { SimpleImputer } from '@mloop/models';
 *
 * const imputer = new SimpleImputer({ strategy: 'median' }).fit([[1, NaN], [3, 4], [5, 8]]);
 * imputer.transform([[NaN, NaN]]); // Matrix with data [3, 6]
 * ```
 */
export class SimpleImputer
  extends StatefulTransformer<
    'SimpleImputer',
    SimpleImputerParams,
    Float64Array,
    SimpleImputerStateJSON,
    MatrixLike,
    Matrix
  >
  implements TransformerV1<SimpleImputerParams>
{
  /** The kind written in model documents. */
  static readonly kind = 'SimpleImputer';
  /** The params schema (zod). */
  static readonly paramsSchema = simpleImputerParamsSchema;
  /** Params for the common checks. */
  static readonly testParams: readonly SimpleImputerParams[] = [
    {},
    { strategy: 'median' },
    { strategy: 'most_frequent' },
    { strategy: 'constant', fillValue: -1 },
  ];

  /** The kind written in model documents. */
  readonly kind = SimpleImputer.kind;
  /** The validated params; frozen. */
  readonly params: Readonly<z.output<typeof simpleImputerParamsSchema>>;

  /**
   * @param params See {@link simpleImputerParamsSchema}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the bad param.
   */
  constructor(params: SimpleImputerParams = {}) {
    super();
    this.params = Object.freeze(parseOrThrow(simpleImputerParamsSchema, params, 'SimpleImputer params', ['params']));
  }

  /**
   * Learns each column's fill value from its observed (non-NaN) values.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty input, ±∞ or ragged rows.
   */
  fit(x: MatrixLike): this {
    const { rows, cols, data } = checkMatrix(x, { estimator: 'SimpleImputer', allowNaN: true });
    const { strategy } = this.params;
    const statistics = new Float64Array(cols);
    const column = new Float64Array(rows);
    for (let j = 0; j < cols; j++) {
      if (strategy === 'constant') {
        statistics[j] = this.params.fillValue ?? 0;
        continue;
      }
      let count = 0;
      for (let i = 0; i < rows; i++) {
        const value = data[i * cols + j];
        if (!Number.isNaN(value)) column[count++] = value;
      }
      const observed = column.subarray(0, count);
      statistics[j] = count === 0 ? Number.NaN : columnStatistic(observed, strategy);
    }
    this.setState(statistics);
    return this;
  }

  /**
   * Fills the missing values; drops the columns that had no observed value in training (unless
   * `keepEmptyFeatures`).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a wrong feature count, ±∞ or empty input.
   */
  transform(x: MatrixLike): Matrix {
    const statistics = this.fitted('transform');
    const { rows, cols, data } = checkMatrix(x, {
      estimator: 'SimpleImputer',
      nFeatures: statistics.length,
      allowNaN: true,
    });
    const keep: number[] = [];
    const fill: number[] = [];
    for (let j = 0; j < cols; j++) {
      if (!Number.isNaN(statistics[j])) {
        keep.push(j);
        fill.push(statistics[j]);
      } else if (this.params.keepEmptyFeatures) {
        keep.push(j);
        fill.push(this.params.fillValue ?? 0);
      }
    }
    const outCols = keep.length;
    const out = new Float64Array(rows * outCols);
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < outCols; k++) {
        const value = data[i * cols + keep[k]];
        out[i * outCols + k] = !Number.isNaN(value) ? value : fill[k];
      }
    }
    return { rows, cols: outCols, data: out };
  }

  /**
   * The fill value of each input column (sklearn `statistics_`; NaN for an empty column); a copy.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get statistics(): Float64Array {
    return this.fitted('statistics').slice();
  }

  /**
   * A new, unfitted imputer with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<SimpleImputerParams> = {}): SimpleImputer {
    return new SimpleImputer({ ...this.params, ...overrides });
  }

  protected stateJSON(statistics: Float64Array): SimpleImputerStateJSON {
    return { nFeatures: statistics.length, statistics: encodeNumbers(statistics) };
  }

  /**
   * Rebuilds an imputer from {@link SimpleImputer.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a wrong kind or format version, or a malformed state.
   */
  static fromJSON(json: unknown): SimpleImputer {
    const kind = SimpleImputer.kind;
    const { params, state } = readModelDocument(json, { kind, paramsSchema: simpleImputerParamsSchema, stateSchema });
    const imputer = new SimpleImputer(params);
    if (state === null) return imputer;
    if (state.statistics.length !== state.nFeatures) corruptState(kind, 'statistics must hold one value per feature');
    imputer.setState(state.statistics);
    return imputer;
  }
}

/** Mean (Σ/n), median (numpy's, averaging the middle pair) or the most frequent value (smallest on ties). */
function columnStatistic(values: Float64Array, strategy: 'mean' | 'median' | 'most_frequent'): number {
  if (strategy === 'mean') {
    let sum = 0;
    for (const value of values) sum += value;
    return sum / values.length;
  }
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (strategy === 'median') {
    const middle = n >> 1;
    return n % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
  let best = sorted[0];
  let bestCount = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && sorted[j] === sorted[i]) j++;
    // Runs are visited in ascending order, so `>` keeps the smallest of tied values.
    if (j - i > bestCount) {
      bestCount = j - i;
      best = sorted[i];
    }
    i = j;
  }
  return best;
}
