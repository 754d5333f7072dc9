import {
  type CsrMatrix,
  InvalidArgumentError,
  isMatrix,
  type Matrix,
  type MatrixLike,
  parseOrThrow,
  type TransformerV1,
} from '@mloop/core';
import { z } from 'zod';
import { sortLabels } from '../shared/class-labels';
import { corruptState, readModelDocument } from '../shared/model-json';
import { StatefulTransformer } from './stateful-transformer';

/** One category value: a string, a finite number, or `null` for missing (NaN counts as missing). */
export type Category = string | number | null;

/** What {@link OneHotEncoder} takes: a numeric matrix, or rows of strings / numbers / nulls. */
export type CategoricalInput = MatrixLike | ReadonlyArray<ReadonlyArray<string | number | null>>;

const categorySchema = z.union([z.string(), z.number().finite(), z.null()]);

/** Params of {@link OneHotEncoder} (sklearn's names in camelCase). */
export const oneHotEncoderParamsSchema = z
  .object({
    /** `'auto'` learns each column's categories (sorted; missing last), or give them per column. */
    categories: z.union([z.literal('auto'), z.array(z.array(categorySchema).min(1))]).default('auto'),
    /** `'error'` refuses a category not seen in training; `'ignore'` encodes it as all zeros. */
    handleUnknown: z.union([z.literal('error'), z.literal('ignore')]).default('error'),
    /** Return a CSR matrix instead of a dense one. Default `false` (sklearn's default is sparse). */
    sparseOutput: z.boolean().default(false),
  })
  .strict();

/** Params of {@link OneHotEncoder} as the user writes them. */
export type OneHotEncoderParams = z.input<typeof oneHotEncoderParamsSchema>;

const stateSchema = z
  .object({ nFeatures: z.number().int().min(1), categories: z.array(z.array(categorySchema).min(1)).min(1) })
  .strict();

/** The JSON form of a fitted {@link OneHotEncoder}. */
export interface OneHotEncoderStateJSON {
  /** Input feature count. */
  nFeatures: number;
  /** The categories of each input column, in output order. */
  categories: Category[][];
}

/** Rows of category values, checked: same length, strings / finite numbers / null (NaN → null). */
function readRows(input: CategoricalInput, nFeatures?: number): Category[][] {
  const name = 'x';
  let rows: Category[][];
  if (isMatrix(input)) {
    rows = [];
    for (let i = 0; i < input.rows; i++) {
      rows.push(
        Array.from(input.data.subarray(i * input.cols, (i + 1) * input.cols), (v) => (!Number.isNaN(v) ? v : null)),
      );
    }
  } else if (Array.isArray(input)) {
    rows = (input as ReadonlyArray<ArrayLike<unknown>>).map((row, i) => {
      if (row == null || typeof row.length !== 'number' || typeof row === 'string') {
        throw new InvalidArgumentError({ message: `OneHotEncoder: x[${i}] is not a row.`, field: `${name}[${i}]` });
      }
      return Array.from(row, (value, j) => {
        if (value === null || (typeof value === 'number' && Number.isNaN(value))) return null;
        if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
        throw new InvalidArgumentError({
          message: `OneHotEncoder: x[${i}][${j}] is ${String(value)}; categories are strings, finite numbers or null.`,
          field: `${name}[${i}][${j}]`,
        });
      });
    });
  } else {
    throw new InvalidArgumentError({ message: 'OneHotEncoder: x must be a Matrix or an array of rows.', field: name });
  }
  if (rows.length === 0 || rows[0].length === 0) {
    throw new InvalidArgumentError({
      message: 'OneHotEncoder: x is empty; at least one row and one column are needed.',
      field: name,
    });
  }
  const cols = rows[0].length;
  rows.forEach((row, i) => {
    if (row.length !== cols) {
      throw new InvalidArgumentError({
        message: `OneHotEncoder: x row ${i} has ${row.length} values; row 0 has ${cols}.`,
        field: `${name}[${i}]`,
      });
    }
  });
  if (nFeatures !== undefined && cols !== nFeatures) {
    throw new InvalidArgumentError({
      message: `OneHotEncoder: x has ${cols} feature(s) but the encoder was fitted on ${nFeatures}.`,
      field: name,
    });
  }
  return rows;
}

/** Key of a category in lookup maps (numbers and strings must not collide). */
function keyOf(value: Category): string {
  return value === null ? 'n:' : typeof value === 'number' ? `d:${value}` : `s:${value}`;
}

/**
 * Encodes categorical columns as one-hot indicator columns, as scikit-learn's `OneHotEncoder`:
 * categories sorted per column (numbers ascending, strings by code point, missing last as its
 * own category), `handleUnknown: 'ignore'` encodes unseen values as all zeros. Output is dense
 * by default (`sparseOutput: true` gives CSR).
 *
 * @example
 * ```ts
 * import { OneHotEncoder } from '@mloop/models';
 *
 * const encoder = new OneHotEncoder({ handleUnknown: 'ignore' }).fit([['red'], ['blue']]);
 * encoder.transform([['red'], ['green']]); // Matrix with data [0, 1, 0, 0]
 * encoder.getFeatureNamesOut(); // ['x0_blue', 'x0_red']
 * ```
 */
export class OneHotEncoder
  extends StatefulTransformer<
    'OneHotEncoder',
    OneHotEncoderParams,
    FittedCategories,
    OneHotEncoderStateJSON,
    CategoricalInput,
    Matrix | CsrMatrix
  >
  implements TransformerV1<OneHotEncoderParams, CategoricalInput, Matrix | CsrMatrix>
{
  /** The kind written in model documents. */
  static readonly kind = 'OneHotEncoder';
  /** The params schema (zod). */
  static readonly paramsSchema = oneHotEncoderParamsSchema;
  /** Params for the common checks. */
  static readonly testParams: readonly OneHotEncoderParams[] = [{}, { handleUnknown: 'ignore', sparseOutput: true }];

  /** The kind written in model documents. */
  readonly kind = OneHotEncoder.kind;
  /** The validated params; frozen. */
  readonly params: Readonly<z.output<typeof oneHotEncoderParamsSchema>>;

  /**
   * @param params See {@link oneHotEncoderParamsSchema}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the bad param.
   */
  constructor(params: OneHotEncoderParams = {}) {
    super();
    const parsed = parseOrThrow(oneHotEncoderParamsSchema, params, 'OneHotEncoder params', ['params']);
    if (parsed.categories !== 'auto') for (const list of parsed.categories) Object.freeze(list);
    this.params = Object.freeze(parsed);
  }

  /**
   * Learns the categories of each column.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty or ragged input, a column mixing
   *   strings and numbers, or (with explicit `categories`) a value outside the given list.
   */
  fit(x: CategoricalInput): this {
    const rows = readRows(x);
    const cols = rows[0].length;
    const explicit = this.params.categories;
    if (explicit !== 'auto' && explicit.length !== cols) {
      throw new InvalidArgumentError({
        message: `OneHotEncoder: categories lists ${explicit.length} column(s) but x has ${cols}.`,
        field: 'params.categories',
      });
    }
    const categories: Category[][] = [];
    for (let j = 0; j < cols; j++) {
      const seen = new Map<string, Category>();
      for (const row of rows) seen.set(keyOf(row[j]), row[j]);
      const values = [...seen.values()];
      const present = values.filter((value): value is string | number => value !== null);
      if (new Set(present.map((value) => typeof value)).size > 1) {
        throw new InvalidArgumentError({
          message: `OneHotEncoder: column ${j} mixes strings and numbers; encode it with one type.`,
          field: `x[*][${j}]`,
        });
      }
      if (explicit === 'auto') {
        categories.push([...sortLabels(present), ...(seen.has('n:') ? [null] : [])]);
      } else {
        const allowed = new Set(explicit[j].map(keyOf));
        const unknown = values.find((value) => !allowed.has(keyOf(value)));
        if (unknown !== undefined) {
          throw new InvalidArgumentError({
            message: `OneHotEncoder: column ${j} holds ${JSON.stringify(unknown)}, which is not in the given categories.`,
            field: `x[*][${j}]`,
          });
        }
        categories.push([...explicit[j]]);
      }
    }
    this.setState(fittedCategories(categories));
    return this;
  }

  /**
   * One indicator column per (input column, category), in column then category order.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a wrong feature count, or an unseen
   *   category when `handleUnknown` is `'error'` (the message names row, column and value).
   */
  transform(x: CategoricalInput): Matrix | CsrMatrix {
    const { categories, lookup } = this.fitted('transform');
    const rows = readRows(x, categories.length);
    const offsets: number[] = [];
    let width = 0;
    for (const list of categories) {
      offsets.push(width);
      width += list.length;
    }
    const n = rows.length;
    const indptr = new Int32Array(n + 1);
    const indices: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < categories.length; j++) {
        const position = lookup[j].get(keyOf(rows[i][j]));
        if (position === undefined) {
          if (this.params.handleUnknown === 'ignore') continue;
          throw new InvalidArgumentError({
            message: `OneHotEncoder: x[${i}][${j}] = ${JSON.stringify(rows[i][j])} was not seen in training; pass handleUnknown: 'ignore' to encode unseen values as zeros.`,
            field: `x[${i}][${j}]`,
          });
        }
        indices.push(offsets[j] + position);
      }
      indptr[i + 1] = indices.length;
    }
    if (this.params.sparseOutput) {
      return {
        rows: n,
        cols: width,
        indptr,
        indices: Int32Array.from(indices),
        data: new Float64Array(indices.length).fill(1),
      };
    }
    const data = new Float64Array(n * width);
    for (let i = 0; i < n; i++) for (let k = indptr[i]; k < indptr[i + 1]; k++) data[i * width + indices[k]] = 1;
    return { rows: n, cols: width, data };
  }

  /**
   * The categories of each input column (sklearn `categories_`); a copy.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get categories(): Category[][] {
    return this.fitted('categories').categories.map((list) => [...list]);
  }

  /**
   * Output column names, `<input>_<category>` (inputs default to `x0`, `x1` …; missing is `None`,
   * as sklearn prints it).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const { categories } = this.fitted('getFeatureNamesOut');
    return categories.flatMap((list, j) =>
      list.map((value) => `${inputFeatures?.[j] ?? `x${j}`}_${value === null ? 'None' : String(value)}`),
    );
  }

  /**
   * A new, unfitted encoder with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<OneHotEncoderParams> = {}): OneHotEncoder {
    return new OneHotEncoder({ ...this.getParams(), ...overrides });
  }

  protected stateJSON({ categories }: FittedCategories): OneHotEncoderStateJSON {
    return { nFeatures: categories.length, categories: categories.map((list) => [...list]) };
  }

  /**
   * Rebuilds an encoder from {@link OneHotEncoder.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a wrong kind or format version, or a malformed state.
   */
  static fromJSON(json: unknown): OneHotEncoder {
    const kind = OneHotEncoder.kind;
    const { params, state } = readModelDocument(json, { kind, paramsSchema: oneHotEncoderParamsSchema, stateSchema });
    const encoder = new OneHotEncoder(params);
    if (state === null) return encoder;
    if (state.categories.length !== state.nFeatures) corruptState(kind, 'categories must hold one list per feature');
    for (const list of state.categories) {
      if (new Set(list.map(keyOf)).size !== list.length) corruptState(kind, 'a column lists a category twice');
    }
    if (params.categories !== 'auto' && params.categories.length !== state.categories.length) {
      corruptState(kind, 'the fitted categories do not match the categories param');
    }
    encoder.setState(fittedCategories(state.categories));
    return encoder;
  }
}

/** The fitted categories of each column and, per column, each category's position. */
interface FittedCategories {
  readonly categories: Category[][];
  readonly lookup: Map<string, number>[];
}

function fittedCategories(categories: Category[][]): FittedCategories {
  return {
    categories,
    lookup: categories.map((list) => new Map(list.map((value, position) => [keyOf(value), position]))),
  };
}
