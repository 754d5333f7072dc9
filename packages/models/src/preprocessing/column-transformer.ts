import {
  type CsrMatrix,
  type DatasetV1,
  type DatasetV1ColumnType,
  type EstimatorV1Tags,
  InvalidArgumentError,
  isCsrMatrix,
  isMatrix,
  type Label,
  type Matrix,
  type MatrixLike,
  type ModelJSONV1,
  type ModelKindV1,
  NotFittedError,
  parseOrThrow,
  toMatrix,
} from '@mloop/core';
import { z } from 'zod';
import { isTransformerStep, restoreNested, type TransformerStep } from '../pipeline/nested-models';
import { corruptState, modelDocument, readModelDocument } from '../shared/model-json';
import { StandardScaler } from './standard-scaler';

/** What a {@link ColumnTransformer} takes: a dataset (columns by name) or a numeric matrix (columns `x0`, `x1` …). */
export type ColumnTransformerInput = DatasetV1 | MatrixLike;

/** One entry of `ColumnTransformerParams.transformers` (see {@link ColumnTransformerParams}). */
export interface ColumnTransformerEntry {
  /** A unique name; output features are prefixed `<name>__`. */
  readonly name: string;
  /** The transformer (it is cloned at fit; this instance stays unfitted). */
  readonly transformer: TransformerStep;
  /**
   * The columns it gets. A list gives a 2-D input: a Matrix when every column is numeric or
   * boolean, otherwise rows of values (for OneHotEncoder). A single name gives a text or
   * categorical column as a list of documents (for TfidfVectorizer), or a numeric one as a
   * one-column Matrix.
   */
  readonly columns: string | readonly string[];
}

const entrySchema = z
  .object({
    /** The entry's name. */
    name: z
      .string()
      .min(1)
      .refine((name) => !name.includes('__'), { message: "names may not contain '__'" }),
    /** The transformer. */
    transformer: z.custom<TransformerStep>(isTransformerStep, {
      message: 'expected an mloop transformer (fit, transform, clone, toJSON)',
    }),
    /** Its columns. */
    columns: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  })
  .strict();

/** Params of {@link ColumnTransformer} (sklearn's `ColumnTransformer`, with named entries). */
export const columnTransformerParamsSchema = z
  .object({
    /** The transformers and the columns each one gets. */
    transformers: z
      .array(entrySchema)
      .default([])
      .refine((entries) => new Set(entries.map((entry) => entry.name)).size === entries.length, {
        message: 'transformer names must be unique',
      }),
    /** Columns no transformer names: `'drop'` them, or `'passthrough'` the numeric ones unchanged. */
    remainder: z.union([z.literal('drop'), z.literal('passthrough')]).default('drop'),
  })
  .strict();

/** Params of {@link ColumnTransformer} as the user writes them. */
export type ColumnTransformerParams = z.input<typeof columnTransformerParamsSchema>;

/** One entry of {@link ColumnTransformerParamsJSON}. */
export interface ColumnTransformerEntryJSON {
  /** The entry's name. */
  name: string;
  /** The unfitted transformer's document. */
  transformer: ModelJSONV1<string, unknown>;
  /** Its columns. */
  columns: string | string[];
}

/** An input column seen at fit. */
export interface ColumnTransformerInputColumn {
  /** Column name. */
  name: string;
  /** Its dataset type. */
  type: DatasetV1ColumnType;
}

/** The params of a {@link ColumnTransformer} as stored in its document (transformers as documents). */
export interface ColumnTransformerParamsJSON {
  /** Entries with the unfitted transformer's document. */
  transformers: ColumnTransformerEntryJSON[];
  /** What happens to the other columns. */
  remainder: 'drop' | 'passthrough';
}

/** The JSON form of a fitted {@link ColumnTransformer}. */
export interface ColumnTransformerStateJSON {
  /** The input columns seen at fit, with their types. */
  inputColumns: ColumnTransformerInputColumn[];
  /** The fitted transformers' documents, in entry order. */
  fitted: ModelJSONV1<string, unknown>[];
  /** Numeric columns passed through (remainder `'passthrough'`). */
  passthrough: string[];
}

interface FittedState {
  inputColumns: { name: string; type: DatasetV1ColumnType }[];
  fitted: TransformerStep[];
  passthrough: string[];
}

const paramsJSONSchema = z
  .object({
    transformers: z.array(
      z
        .object({ name: z.string(), transformer: z.unknown(), columns: z.union([z.string(), z.array(z.string())]) })
        .strict(),
    ),
    remainder: z.union([z.literal('drop'), z.literal('passthrough')]),
  })
  .strict();

const stateSchema = z
  .object({
    inputColumns: z
      .array(
        z
          .object({
            name: z.string(),
            type: z.union([
              z.literal('numeric'),
              z.literal('categorical'),
              z.literal('text'),
              z.literal('boolean'),
              z.literal('label'),
            ]),
          })
          .strict(),
      )
      .min(1),
    fitted: z.array(z.unknown()),
    passthrough: z.array(z.string()),
  })
  .strict();

/** A uniform view of the input: column names, types and values. */
interface Table {
  readonly names: readonly string[];
  readonly rows: number;
  type(name: string): DatasetV1ColumnType;
  numeric(name: string): Float64Array;
  values(name: string): readonly (string | number | boolean | null)[];
}

function isDataset(value: unknown): value is DatasetV1 {
  const candidate = value as Partial<DatasetV1> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.specificationVersion === 'v1' &&
    typeof candidate.column === 'function'
  );
}

function asTable(input: ColumnTransformerInput): Table {
  if (isDataset(input)) {
    return {
      names: input.columnNames,
      rows: input.nRows,
      type: (name) => input.schema[name].type,
      numeric: (name) => {
        const column = input.column(name);
        if (column instanceof Float64Array) return column;
        return Float64Array.from(column as readonly (boolean | null)[], (value) =>
          value === null ? Number.NaN : Number(value),
        );
      },
      values: (name) => {
        const column = input.column(name);
        return column instanceof Float64Array
          ? Array.from(column, (v) => (!Number.isNaN(v) ? v : null))
          : (column as (string | number | boolean | null)[]);
      },
    };
  }
  const matrix = isMatrix(input) ? input : toMatrix(input);
  const names = Array.from({ length: matrix.cols }, (_, j) => `x${j}`);
  const columnOf = (name: string) => {
    const j = Number(name.slice(1));
    const out = new Float64Array(matrix.rows);
    for (let i = 0; i < matrix.rows; i++) out[i] = matrix.data[i * matrix.cols + j];
    return out;
  };
  return {
    names,
    rows: matrix.rows,
    type: () => 'numeric',
    numeric: columnOf,
    values: (name) => Array.from(columnOf(name), (v) => (!Number.isNaN(v) ? v : null)),
  };
}

function isNumericType(type: DatasetV1ColumnType): boolean {
  return type === 'numeric' || type === 'boolean';
}

/** The input one entry's transformer receives. */
function sliceFor(table: Table, columns: string | readonly string[]): unknown {
  if (typeof columns === 'string') {
    if (isNumericType(table.type(columns))) return { rows: table.rows, cols: 1, data: table.numeric(columns) };
    return table.values(columns).map((value) => (value === null ? '' : String(value)));
  }
  if (columns.every((name) => isNumericType(table.type(name)))) {
    const data = new Float64Array(table.rows * columns.length);
    columns.forEach((name, j) => {
      const column = table.numeric(name);
      for (let i = 0; i < table.rows; i++) data[i * columns.length + j] = column[i];
    });
    return { rows: table.rows, cols: columns.length, data };
  }
  const columnValues = columns.map((name) => table.values(name));
  return Array.from({ length: table.rows }, (_, i) =>
    columnValues.map((values) => {
      const value = values[i];
      return typeof value === 'boolean' ? String(value) : value;
    }),
  );
}

/** Horizontal concatenation; CSR as soon as one block is sparse. */
function hstack(blocks: (Matrix | CsrMatrix)[], rows: number): Matrix | CsrMatrix {
  const width = blocks.reduce((sum, block) => sum + block.cols, 0);
  if (!blocks.some(isCsrMatrix)) {
    const data = new Float64Array(rows * width);
    let offset = 0;
    for (const block of blocks as Matrix[]) {
      for (let i = 0; i < rows; i++) {
        data.set(block.data.subarray(i * block.cols, (i + 1) * block.cols), i * width + offset);
      }
      offset += block.cols;
    }
    return { rows, cols: width, data };
  }
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows; i++) {
    let offset = 0;
    for (const block of blocks) {
      if (isCsrMatrix(block)) {
        for (let k = block.indptr[i]; k < block.indptr[i + 1]; k++) {
          indices.push(offset + block.indices[k]);
          values.push(block.data[k]);
        }
      } else {
        for (let j = 0; j < block.cols; j++) {
          const value = block.data[i * block.cols + j];
          if (value !== 0) {
            indices.push(offset + j);
            values.push(value);
          }
        }
      }
      offset += block.cols;
    }
    indptr[i + 1] = indices.length;
  }
  return { rows, cols: width, indptr, indices: Int32Array.from(indices), data: Float64Array.from(values) };
}

/**
 * Applies a transformer to each group of dataset columns, chosen by name, and concatenates the
 * results side by side — scikit-learn's `ColumnTransformer` for mloop datasets: numeric columns
 * to scalers and imputers, categorical ones to a {@link OneHotEncoder}, a text column to
 * `TfidfVectorizer`. The output is dense unless some transformer returns CSR.
 *
 * @example
 * ```ts
 * import { Dataset } from '@mloop/core';
 * import { ColumnTransformer, OneHotEncoder, StandardScaler } from '@mloop/models';
 *
 * const data = Dataset.fromObjects([
 *   { age: 30, colour: 'red' },
 *   { age: 50, colour: 'blue' },
 * ]);
 * const columns = new ColumnTransformer({
 *   transformers: [
 *     { name: 'num', transformer: new StandardScaler(), columns: ['age'] },
 *     { name: 'cat', transformer: new OneHotEncoder(), columns: ['colour'] },
 *   ],
 * });
 * columns.fitTransform(data); // rows [-1, 0, 1] and [1, 1, 0]
 * columns.getFeatureNamesOut(); // ['num__age', 'cat__colour_blue', 'cat__colour_red']
 * ```
 */
// Not declared `implements TransformerV1`: its document stores nested documents in `params`, where
// the spec types params as the constructor input.
export class ColumnTransformer {
  /** The kind written in model documents. */
  static readonly kind = 'ColumnTransformer';
  /** The params schema (zod). */
  static readonly paramsSchema = columnTransformerParamsSchema;
  /** What the estimator is and accepts (in the common checks, a matrix with columns `x0` …). */
  static readonly tags: EstimatorV1Tags = {
    estimatorType: 'transformer',
    requiresY: false,
    nonDeterministic: false,
    allowNaN: true,
    inputKind: 'matrix',
  };
  /** Params for the common checks (matrix input, so columns are `x0`, `x1` …). */
  static get testParams(): readonly ColumnTransformerParams[] {
    return [
      {
        transformers: [{ name: 'scaled', transformer: new StandardScaler(), columns: ['x0'] }],
        remainder: 'passthrough',
      },
    ];
  }

  /** Spec version implemented. */
  readonly specificationVersion = 'v1' as const;
  /** The kind written in model documents. */
  readonly kind = ColumnTransformer.kind;
  /** The validated params; frozen (the transformer instances are templates, never fitted). */
  readonly params: Readonly<z.output<typeof columnTransformerParamsSchema>>;
  #state: FittedState | undefined;

  /**
   * @param params See {@link columnTransformerParamsSchema}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the bad param.
   */
  constructor(params: ColumnTransformerParams = {}) {
    const parsed = parseOrThrow(columnTransformerParamsSchema, params, 'ColumnTransformer params', ['params']);
    for (const entry of parsed.transformers) {
      Object.freeze(entry);
      if (Array.isArray(entry.columns)) Object.freeze(entry.columns);
    }
    Object.freeze(parsed.transformers);
    this.params = Object.freeze(parsed);
  }

  /** Whether `fit` has run. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /**
   * Fits a clone of each transformer on its columns.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for an unknown column, an empty input, a
   *   non-numeric remainder column under `'passthrough'`, or whatever a transformer refuses.
   */
  fit(x: ColumnTransformerInput, y?: readonly Label[]): this {
    this.#fitTransform(x, y);
    return this;
  }

  /** `fit(x, y).transform(x)`, computed in one pass. */
  fitTransform(x: ColumnTransformerInput, y?: readonly Label[]): Matrix | CsrMatrix {
    return this.#fitTransform(x, y);
  }

  #fitTransform(x: ColumnTransformerInput, y?: readonly Label[]): Matrix | CsrMatrix {
    const table = asTable(x);
    if (table.rows === 0 || table.names.length === 0) {
      throw new InvalidArgumentError({ message: 'ColumnTransformer: the input is empty.', field: 'x' });
    }
    const used = new Set<string>();
    for (const entry of this.params.transformers) {
      const columns = typeof entry.columns === 'string' ? [entry.columns] : entry.columns;
      for (const name of columns) {
        if (!table.names.includes(name)) {
          throw new InvalidArgumentError({
            message: `ColumnTransformer: transformer "${entry.name}" asks for column "${name}", which the input does not have (columns: ${table.names.join(', ')}).`,
            field: `params.transformers.${entry.name}.columns`,
          });
        }
        used.add(name);
      }
    }
    const passthrough = this.params.remainder === 'passthrough' ? table.names.filter((name) => !used.has(name)) : [];
    for (const name of passthrough) {
      if (!isNumericType(table.type(name))) {
        throw new InvalidArgumentError({
          message: `ColumnTransformer: remainder 'passthrough' cannot pass the ${table.type(name)} column "${name}"; give it a transformer or use remainder 'drop'.`,
          field: name,
        });
      }
    }
    const fitted: TransformerStep[] = [];
    const blocks: (Matrix | CsrMatrix)[] = [];
    for (const entry of this.params.transformers) {
      const transformer = entry.transformer.clone() as TransformerStep;
      const input = sliceFor(table, entry.columns);
      transformer.fit(input, y);
      blocks.push(transformer.transform(input));
      fitted.push(transformer);
    }
    if (passthrough.length > 0) blocks.push(sliceFor(table, passthrough) as Matrix);
    const state: FittedState = {
      inputColumns: table.names.map((name) => ({ name, type: table.type(name) })),
      fitted,
      passthrough,
    };
    const out = hstack(blocks, table.rows);
    this.#state = state;
    return out;
  }

  /**
   * Transforms each column group with its fitted transformer and concatenates the results.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when a fitted column is missing or changed type, or a transformer refuses its input.
   */
  transform(x: ColumnTransformerInput): Matrix | CsrMatrix {
    const state = this.#fitted('transform');
    const table = asTable(x);
    if (table.rows === 0)
      throw new InvalidArgumentError({ message: 'ColumnTransformer: the input is empty.', field: 'x' });
    if (!isDataset(x) && table.names.length !== state.inputColumns.length) {
      throw new InvalidArgumentError({
        message: `ColumnTransformer: x has ${table.names.length} feature(s) but it was fitted on ${state.inputColumns.length}.`,
        field: 'x',
      });
    }
    for (const { name, type } of state.inputColumns) {
      if (!table.names.includes(name)) {
        throw new InvalidArgumentError({
          message: `ColumnTransformer: the input lacks column "${name}" seen at fit.`,
          field: name,
        });
      }
      if (table.type(name) !== type) {
        throw new InvalidArgumentError({
          message: `ColumnTransformer: column "${name}" is ${table.type(name)} but was ${type} at fit.`,
          field: name,
        });
      }
    }
    const blocks = this.params.transformers.map((entry, k) =>
      state.fitted[k].transform(sliceFor(table, entry.columns)),
    );
    if (state.passthrough.length > 0) blocks.push(sliceFor(table, state.passthrough) as Matrix);
    return hstack(blocks, table.rows);
  }

  /**
   * Output column names: `<entry>__<feature>` (the transformer's own names when it has
   * `getFeatureNamesOut`, else its input column names or positions), then `remainder__<column>`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  getFeatureNamesOut(): string[] {
    const state = this.#fitted('getFeatureNamesOut');
    const names: string[] = [];
    this.params.transformers.forEach((entry, k) => {
      const transformer = state.fitted[k];
      const inputs = typeof entry.columns === 'string' ? [entry.columns] : [...entry.columns];
      let own: string[];
      if (typeof transformer.getFeatureNamesOut === 'function') {
        own =
          typeof entry.columns === 'string' ? transformer.getFeatureNamesOut() : transformer.getFeatureNamesOut(inputs);
      } else {
        own = inputs;
      }
      for (const name of own) names.push(`${entry.name}__${name}`);
    });
    for (const name of state.passthrough) names.push(`remainder__${name}`);
    return names;
  }

  /**
   * The fitted transformer of an entry.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for an unknown name.
   */
  namedTransformer(name: string): TransformerStep {
    const state = this.#fitted('namedTransformer');
    const index = this.params.transformers.findIndex((entry) => entry.name === name);
    if (index < 0)
      throw new InvalidArgumentError({ message: `ColumnTransformer has no transformer "${name}".`, field: 'name' });
    return state.fitted[index];
  }

  /** The params (transformer instances are shared, not copied: they are never fitted). */
  getParams(): ColumnTransformerParams {
    return {
      transformers: this.params.transformers.map((entry) => ({
        name: entry.name,
        transformer: entry.transformer,
        columns: typeof entry.columns === 'string' ? entry.columns : [...entry.columns],
      })),
      remainder: this.params.remainder,
    };
  }

  /**
   * A new, unfitted ColumnTransformer with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<ColumnTransformerParams> = {}): ColumnTransformer {
    return new ColumnTransformer({ ...this.getParams(), ...overrides });
  }

  /** The model document: params and state hold the nested transformers' documents. */
  toJSON(): ModelJSONV1<'ColumnTransformer', ColumnTransformerParamsJSON, ColumnTransformerStateJSON> {
    const state = this.#state;
    return modelDocument(
      ColumnTransformer.kind,
      {
        transformers: this.params.transformers.map((entry) => ({
          name: entry.name,
          transformer: entry.transformer.toJSON(),
          columns: typeof entry.columns === 'string' ? entry.columns : [...entry.columns],
        })),
        remainder: this.params.remainder,
      },
      state
        ? {
            inputColumns: state.inputColumns.map((column) => ({ ...column })),
            fitted: state.fitted.map((transformer) => transformer.toJSON()),
            passthrough: [...state.passthrough],
          }
        : null,
    );
  }

  /**
   * Rebuilds a ColumnTransformer, restoring every nested transformer by its kind.
   * @param kinds Extra classes for nested kinds that are not part of `@mloop/models`.
   * @throws {SerializationError} SERIALIZATION for a wrong kind or format version, an unknown nested kind, or a malformed state.
   */
  static fromJSON(json: unknown, kinds: Iterable<ModelKindV1> = []): ColumnTransformer {
    const kind = ColumnTransformer.kind;
    const extra = [...kinds];
    const { params, state } = readModelDocument(json, { kind, paramsSchema: paramsJSONSchema, stateSchema });
    const transformers = params.transformers.map((entry, k) => {
      const transformer = restoreNested(entry.transformer, `ColumnTransformer transformer ${k}`, extra);
      if (!isTransformerStep(transformer)) corruptState(kind, `transformer ${k} is not a transformer`);
      return { name: entry.name, transformer, columns: entry.columns };
    });
    let model: ColumnTransformer;
    try {
      model = new ColumnTransformer({ transformers, remainder: params.remainder });
    } catch (error) {
      return corruptState(kind, `its params are invalid (${(error as Error).message})`);
    }
    if (state === null) return model;
    if (state.fitted.length !== transformers.length)
      corruptState(kind, 'the number of fitted transformers differs from the params');
    const fitted = state.fitted.map((document, k) => {
      const transformer = restoreNested(document, `ColumnTransformer fitted transformer ${k}`, extra);
      if (
        !isTransformerStep(transformer) ||
        !transformer.isFitted ||
        transformer.kind !== transformers[k].transformer.kind
      ) {
        corruptState(kind, `fitted transformer ${k} is not a fitted ${transformers[k].transformer.kind}`);
      }
      return transformer;
    });
    const names = new Set(state.inputColumns.map((column) => column.name));
    for (const entry of transformers) {
      for (const name of typeof entry.columns === 'string' ? [entry.columns] : entry.columns) {
        if (!names.has(name)) corruptState(kind, `column "${name}" is not among the input columns`);
      }
    }
    if (!state.passthrough.every((name) => names.has(name)))
      corruptState(kind, 'a passthrough column is not an input column');
    model.#state = { inputColumns: state.inputColumns, fitted, passthrough: state.passthrough };
    return model;
  }

  #fitted(method: string): FittedState {
    if (!this.#state) throw new NotFittedError({ estimator: 'ColumnTransformer', method });
    return this.#state;
  }
}
