import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { SeededRandom } from '../numeric/random';
import type {
  DatasetV1,
  DatasetV1Column,
  DatasetV1ColumnSpec,
  DatasetV1Ref,
  DatasetV1Row,
  DatasetV1Schema,
} from '../spec/dataset/v1/dataset-v1';
import { checkColumnsExist, checkUnique, forbidReservedName, unknownColumnError } from './column-names';
import { columnsFromCsv } from './csv-columns';
import { computeDatasetDigest } from './dataset-digest';
import {
  type DatasetColumnSpecInput,
  type DatasetCsvOptions,
  type DatasetOptions,
  DEFAULT_MISSING_VALUES,
  type ResolvedOptions,
  resolveOptions,
} from './dataset-options';
import { formatCsv } from './format-csv';
import { tokenizeCsv } from './tokenize-csv';
import { columnFromValues, type Locate } from './value-columns';

const COLUMN_SPEC_TYPES = new Set(['numeric', 'categorical', 'text', 'boolean', 'label']);

/** Decodes UTF-8 bytes (a byte-order mark is dropped); invalid UTF-8 is an error, not U+FFFD. */
function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new InvalidArgumentError({
      message: `${what}: the bytes are not valid UTF-8. Save the file as UTF-8 and load it again.`,
      field: 'input',
      cause: error,
    });
  }
}

function textOf(input: string | Uint8Array, what: string): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (input instanceof Uint8Array) return decodeUtf8(input, what);
  throw new InvalidArgumentError({
    message: `${what} takes the text as a string or UTF-8 bytes (Uint8Array), got ${input === null ? 'null' : typeof input}.`,
    field: 'input',
  });
}

function checkIndex(index: number, nRows: number, field: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= nRows) {
    throw new InvalidArgumentError({
      message: `${field} = ${index} is not a row index; the dataset has ${nRows} row${nRows === 1 ? '' : 's'} (0 … ${nRows - 1}).`,
      field,
    });
  }
}

function isNumericColumn(values: DatasetV1Column): values is Float64Array {
  return values instanceof Float64Array;
}

function rowValue(values: DatasetV1Column, index: number): string | number | boolean | null {
  const value = values[index];
  // Missing numerics are NaN in storage and null in rows.
  return Number.isNaN(value) ? null : (value as string | number | boolean | null);
}

/** The values at `indices`, in that order, in a column of the same storage type. */
function takeValues(values: DatasetV1Column, indices: ArrayLike<number>): DatasetV1Column {
  const count = indices.length;
  if (isNumericColumn(values)) {
    const out = new Float64Array(count);
    for (let k = 0; k < count; k++) out[k] = values[indices[k]];
    return out;
  }
  const source = values as readonly unknown[];
  const out = new Array(count);
  for (let k = 0; k < count; k++) out[k] = source[indices[k]];
  return Object.freeze(out) as DatasetV1Column;
}

/** A key for a row's values that is equal exactly when the values are (NaN equals NaN, 1 differs from '1'). */
function rowKey(columns: readonly DatasetV1Column[], index: number): string {
  const values = new Array(columns.length);
  for (let column = 0; column < columns.length; column++) {
    const value = columns[column][index];
    values[column] = Number.isNaN(value) ? null : value;
  }
  return JSON.stringify(values);
}

function sameSpec(a: DatasetV1ColumnSpec | undefined, b: DatasetV1ColumnSpec | undefined): boolean {
  return a !== undefined && b !== undefined && a.type === b.type && a.nullable === b.nullable;
}

/**
 * An immutable, column-wise table with a schema and a content digest: numeric columns are
 * `Float64Array`s (missing = `NaN`), the others plain frozen arrays (missing = `null`). Every
 * operation returns a new Dataset and shares unchanged columns with the old one. Column order is
 * the schema's key order; a column whose name is an integer (`'0'`, `'42'`) therefore comes first,
 * as JavaScript orders such object keys first.
 *
 * @example
 * const data = await readCsvFile('data/iris.csv', { label: 'target' });
 * data.nRows; // 150
 * data.schema.sepal_length; // { type: 'numeric', nullable: false }
 * data.digest; // 64 hex digits, the same for the same values on every machine
 * const { train, test } = trainTestSplit(data, { testSize: 0.2, seed: 42, stratify: 'target' });
 */
export class Dataset implements DatasetV1 {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion = 'v1' as const;
  /** Human name, e.g. `'shuttle-train'`; not part of the digest. */
  readonly name: string;
  /** Column name → type, in column order (frozen). */
  readonly schema: DatasetV1Schema;
  /** Column names in order (frozen). */
  readonly columnNames: readonly string[];
  /** Number of rows; may be 0. */
  readonly nRows: number;
  readonly #columns: ReadonlyMap<string, DatasetV1Column>;
  #digest: string | undefined;

  private constructor(
    name: string,
    schema: DatasetV1Schema,
    columns: ReadonlyMap<string, DatasetV1Column>,
    nRows: number,
  ) {
    this.name = name;
    this.schema = schema;
    this.columnNames = Object.freeze(Object.keys(schema));
    this.#columns = columns;
    this.nRows = nRows;
  }

  /** Builds a dataset from checked parts; the specs are copied and frozen, string columns frozen. */
  static #create(
    name: string,
    entries: readonly (readonly [string, DatasetV1ColumnSpec, DatasetV1Column])[],
    nRows: number,
  ): Dataset {
    const schema: Record<string, DatasetV1ColumnSpec> = {};
    const columns = new Map<string, DatasetV1Column>();
    for (const [column, spec, values] of entries) {
      schema[column] = Object.freeze({ type: spec.type, nullable: spec.nullable });
      columns.set(column, isNumericColumn(values) || Object.isFrozen(values) ? values : Object.freeze(values));
    }
    return new Dataset(name, Object.freeze(schema), columns, nRows);
  }

  /** Builds from JavaScript value columns (objects, JSONL, columns): options checked, types declared or inferred. */
  static #fromValues(
    names: readonly string[],
    valuesOf: (column: string) => ArrayLike<unknown>,
    nRows: number,
    options: ResolvedOptions,
    locate: Locate,
  ): Dataset {
    let available = names;
    if (nRows === 0) {
      // With no rows the schema alone defines the columns.
      available = [...names, ...[...options.declared.keys()].filter((column) => !names.includes(column))];
    }
    for (const column of available) forbidReservedName(column, `column "${column}"`);
    checkColumnsExist(options.declared.keys(), available, 'options.schema');
    if (options.columns) checkColumnsExist(options.columns, available, 'options.columns');
    if (options.label !== undefined) checkColumnsExist([options.label], available, 'options.label');
    const kept = options.columns ?? available;
    const entries = kept.map((column) => {
      const built = columnFromValues(
        column,
        names.includes(column) ? valuesOf(column) : [],
        options.declared.get(column),
        column === options.label,
        locate,
      );
      return [column, built.spec, built.values] as const;
    });
    return Dataset.#create(options.name, entries, nRows);
  }

  /**
   * Builds a dataset from an array of row objects. Columns are the keys in order of first
   * appearance; an absent key, `null`, `undefined` and `NaN` are missing values. Without a schema,
   * a column's type is that of its values: numbers → numeric, booleans → boolean, strings →
   * categorical (a column of missing values only is numeric); mixing types is an error.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when `rows` is not an array of objects, an option is
   *   invalid or names an unknown column (the message lists the columns), or a value does not fit its
   *   column (the message names `row <index>` and the column).
   * @example
   * const data = Dataset.fromObjects(
   *   [{ x: 1.5, color: 'red', y: 'spam' }, { x: 2, color: null, y: 'ham' }],
   *   { name: 'toy', label: 'y' },
   * );
   * data.schema.color; // { type: 'categorical', nullable: true }
   */
  static fromObjects(rows: readonly Readonly<Record<string, unknown>>[], options?: DatasetOptions): Dataset {
    const resolved = resolveOptions(options, 'Dataset.fromObjects');
    if (!Array.isArray(rows)) {
      throw new InvalidArgumentError({
        message: `Dataset.fromObjects takes an array of row objects, got ${rows === null ? 'null' : typeof rows}.`,
        field: 'rows',
      });
    }
    return Dataset.#fromRowObjects(rows, resolved, (index) => `row ${index}`, 'rows');
  }

  static #fromRowObjects(rows: readonly unknown[], options: ResolvedOptions, locate: Locate, field: string): Dataset {
    const names: string[] = [];
    const seen = new Set<string>();
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index];
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        throw new InvalidArgumentError({
          message: `${locate(index)}: expected an object mapping column names to values, got ${row === null ? 'null' : Array.isArray(row) ? 'an array' : typeof row}.`,
          field: field === 'rows' ? `rows[${index}]` : locate(index),
        });
      }
      for (const key in row) {
        if (!seen.has(key) && Object.hasOwn(row, key)) {
          seen.add(key);
          names.push(key);
        }
      }
    }
    const valuesOf = (column: string): unknown[] => {
      const values = new Array(rows.length);
      for (let index = 0; index < rows.length; index++)
        values[index] = (rows[index] as Record<string, unknown>)[column];
      return values;
    };
    return Dataset.#fromValues(names, valuesOf, rows.length, options, locate);
  }

  /**
   * Builds a dataset from columns of values: a `Float64Array` or any numeric typed array is a
   * numeric column (copied), an array follows the rules of {@link Dataset.fromObjects}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the columns differ in length, an option is
   *   invalid or names an unknown column, or a value does not fit its column (`index <i>` in the message).
   * @example
   * const data = Dataset.fromColumns({ x: new Float64Array([1, 2, 3]), y: ['a', 'b', 'a'] }, { label: 'y' });
   */
  static fromColumns(columns: Readonly<Record<string, ArrayLike<unknown>>>, options?: DatasetOptions): Dataset {
    const resolved = resolveOptions(options, 'Dataset.fromColumns');
    if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
      throw new InvalidArgumentError({
        message: 'Dataset.fromColumns takes an object mapping column names to arrays of values.',
        field: 'columns',
      });
    }
    const names = Object.keys(columns);
    let nRows: number | undefined;
    for (const name of names) {
      const values = columns[name];
      if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
        throw new InvalidArgumentError({
          message: `columns.${name} must be an array or a typed array of values.`,
          field: `columns.${name}`,
        });
      }
      if (nRows === undefined) nRows = values.length;
      else if (values.length !== nRows) {
        throw new InvalidArgumentError({
          message: `columns.${name} has ${values.length} values, but columns.${names[0]} has ${nRows}. Every column needs one value per row.`,
          field: `columns.${name}`,
        });
      }
    }
    return Dataset.#fromValues(
      names,
      (name) => columns[name],
      nRows ?? 0,
      resolved,
      (index) => `index ${index}`,
    );
  }

  /**
   * Parses CSV text (RFC 4180) with a header row. Quoted fields, `""` escapes, line breaks inside
   * quotes, CRLF / LF / CR line endings, a UTF-8 byte-order mark and a trailing line break are
   * handled; blank lines are skipped. Without a schema a column is numeric when every present value
   * is a finite number, boolean when every one is `true`/`false` (any case), else categorical; it is
   * nullable when a missing value was seen. A label column holds numbers when every present value
   * is a number, else strings. Nothing is returned unless the whole text parses.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for an empty text, a row with the wrong number of
   *   fields (`line 17: expected 10 fields, got 9`), an unclosed quote, a value that does not fit its
   *   declared type (`line 5, column "a3": "abc" is not a number`), a missing value in a non-nullable
   *   column, or an option naming an unknown column (the message lists the columns).
   * @example
   * const data = Dataset.fromCsv('a,b,label\n1,x,spam\n2,,ham\n', { name: 'toy', label: 'label' });
   * data.schema; // { a: numeric, b: categorical nullable, label: label }
   */
  static fromCsv(input: string | Uint8Array, options?: DatasetCsvOptions): Dataset {
    const resolved = resolveOptions(options, 'Dataset.fromCsv');
    const table = tokenizeCsv(textOf(input, 'Dataset.fromCsv'), resolved.delimiter);
    const built = columnsFromCsv(table, resolved);
    const entries = built.specs.map(([name, spec], index) => [name, spec, built.columns[index]] as const);
    return Dataset.#create(resolved.name, entries, table.nRows);
  }

  /**
   * Parses JSON Lines: one JSON object per line (blank lines are skipped), whose values follow the
   * rules of {@link Dataset.fromObjects}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for malformed JSON or a line that is not an object
   *   (the message names the line), a value that does not fit its column (`line <n>, column "x"`),
   *   or an option naming an unknown column.
   * @example
   * const data = Dataset.fromJsonl('{"text":"win a prize","label":"spam"}\n{"text":"hi","label":"ham"}\n', {
   *   schema: { text: { type: 'text' } },
   *   label: 'label',
   * });
   */
  static fromJsonl(input: string | Uint8Array, options?: DatasetOptions): Dataset {
    const resolved = resolveOptions(options, 'Dataset.fromJsonl');
    const text = textOf(input, 'Dataset.fromJsonl');
    const rows: unknown[] = [];
    const lines: number[] = [];
    let start = 0;
    let line = 1;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const content = text.slice(start, end).trim();
      if (content !== '') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(content);
        } catch (error) {
          throw new InvalidArgumentError({
            message: `line ${line}: malformed JSON (${(error as Error).message}). Each line must hold one JSON object.`,
            field: `line ${line}`,
            cause: error,
          });
        }
        rows.push(parsed);
        lines.push(line);
      }
      start = end + 1;
      line++;
    }
    return Dataset.#fromRowObjects(rows, resolved, (index) => `line ${lines[index]}`, 'lines');
  }

  /**
   * The SHA-256 (64 lowercase hex digits) of the canonical encoding of the column names, types,
   * nullable flags and every value (see {@link computeDatasetDigest}); computed once, then cached.
   */
  get digest(): string {
    this.#digest ??= computeDatasetDigest(
      this.schema,
      this.columnNames,
      this.columnNames.map((name) => this.#columns.get(name) as DatasetV1Column),
      this.nRows,
    );
    return this.#digest;
  }

  /**
   * The stored values of a column, not copied: a `Float64Array` for numeric columns (treat it as
   * read-only; the digest is cached), a frozen array otherwise.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the column does not exist (the message lists the columns).
   */
  column(name: string): DatasetV1Column {
    const values = this.#columns.get(name);
    if (values === undefined) throw unknownColumnError(name, this.columnNames, 'column');
    return values;
  }

  /**
   * Row `index` as an object (missing values are `null`).
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when `index` is not an integer in `[0, nRows)`.
   */
  row(index: number): DatasetV1Row {
    checkIndex(index, this.nRows, 'index');
    return this.#rowAt(index, this.#orderedColumns());
  }

  #orderedColumns(): DatasetV1Column[] {
    return this.columnNames.map((name) => this.#columns.get(name) as DatasetV1Column);
  }

  #rowAt(index: number, columns: readonly DatasetV1Column[]): DatasetV1Row {
    const row: DatasetV1Row = {};
    for (let column = 0; column < columns.length; column++) {
      row[this.columnNames[column]] = rowValue(columns[column], index);
    }
    return row;
  }

  /** Yields every row as an object, in order (missing values are `null`). */
  *rows(): Generator<DatasetV1Row, void, undefined> {
    const columns = this.#orderedColumns();
    for (let index = 0; index < this.nRows; index++) yield this.#rowAt(index, columns);
  }

  /** Every row as an object (missing values are `null`); `Dataset.fromObjects(d.toObjects(), { schema: d.schema })` gives `d` back. */
  toObjects(): DatasetV1Row[] {
    const columns = this.#orderedColumns();
    const out: DatasetV1Row[] = new Array(this.nRows);
    for (let index = 0; index < this.nRows; index++) out[index] = this.#rowAt(index, columns);
    return out;
  }

  /**
   * The dataset as CSV text with a header row and `\n` line endings, which
   * `Dataset.fromCsv(text, { schema: d.schema })` reads back to the same digest. Missing values are
   * empty fields; a string that is empty, is a missing token or holds a delimiter, quote or line
   * break is quoted.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when `delimiter` is not one character other than a quote or line break.
   */
  toCsv(options: { readonly delimiter?: string; readonly missing?: readonly string[] } = {}): string {
    const resolved = resolveOptions({ delimiter: options.delimiter, missing: options.missing }, 'Dataset.toCsv');
    return formatCsv(this.columnNames, this.#orderedColumns(), this.nRows, resolved.delimiter, [
      ...(options.missing ?? DEFAULT_MISSING_VALUES),
    ]);
  }

  /** The same data under another name (the digest does not change). */
  withName(name: string): Dataset {
    if (typeof name !== 'string' || name === '') {
      throw new InvalidArgumentError({ message: 'withName(name) takes a non-empty string.', field: 'name' });
    }
    return new Dataset(name, this.schema, this.#columns, this.nRows);
  }

  /**
   * How a run or model version records this dataset: name, digest, row count, schema and what it was used for.
   * @param context What the dataset was used for, e.g. `'train'`, `'test'`, `'reference'`.
   */
  ref(context?: string): DatasetV1Ref {
    const ref = { name: this.name, digest: this.digest, nRows: this.nRows, schema: this.schema };
    return context === undefined ? ref : { ...ref, context };
  }

  /**
   * The named columns, in the given order.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for an unknown (the message lists the columns) or repeated name.
   */
  select(columns: readonly string[]): Dataset {
    checkColumnsExist(columns, this.columnNames, 'select');
    checkUnique(columns, 'select');
    return Dataset.#create(
      this.name,
      columns.map((column) => [column, this.schema[column], this.#columns.get(column) as DatasetV1Column] as const),
      this.nRows,
    );
  }

  /**
   * Every column but the named ones.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for an unknown column (the message lists the columns).
   */
  drop(columns: readonly string[]): Dataset {
    checkColumnsExist(columns, this.columnNames, 'drop');
    const dropped = new Set(columns);
    return this.select(this.columnNames.filter((column) => !dropped.has(column)));
  }

  /**
   * Renames columns, keeping their order: `rename({ old: 'new' })`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for an unknown column or when two columns would share a name.
   */
  rename(mapping: Readonly<Record<string, string>>): Dataset {
    checkColumnsExist(Object.keys(mapping), this.columnNames, 'rename');
    const renamed = this.columnNames.map((column) => (Object.hasOwn(mapping, column) ? mapping[column] : column));
    for (const column of renamed) {
      if (typeof column !== 'string') {
        throw new InvalidArgumentError({ message: 'rename maps column names to strings.', field: 'rename' });
      }
      forbidReservedName(column, 'rename');
    }
    checkUnique(renamed, 'rename');
    return Dataset.#create(
      this.name,
      this.columnNames.map(
        (column, index) => [renamed[index], this.schema[column], this.#columns.get(column) as DatasetV1Column] as const,
      ),
      this.nRows,
    );
  }

  /**
   * Adds a column, or replaces the one with that name in place, from one value per row.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when `values` does not have `nRows` values, the spec is
   *   invalid, or a value does not fit the spec (`index <i>` in the message).
   */
  withColumn(name: string, values: ArrayLike<unknown>, spec: DatasetColumnSpecInput): Dataset {
    if (typeof name !== 'string') {
      throw new InvalidArgumentError({ message: 'withColumn(name, …) takes a string name.', field: 'name' });
    }
    forbidReservedName(name, 'name');
    if (typeof spec !== 'object' || spec === null || !COLUMN_SPEC_TYPES.has(spec.type)) {
      throw new InvalidArgumentError({
        message: `withColumn(${JSON.stringify(name)}, values, spec): spec.type must be one of numeric, categorical, text, boolean, label.`,
        field: 'spec.type',
      });
    }
    if (values === null || typeof values !== 'object' || values.length !== this.nRows) {
      throw new InvalidArgumentError({
        message: `withColumn(${JSON.stringify(name)}, …) needs ${this.nRows} values, one per row, got ${values?.length ?? 'none'}.`,
        field: 'values',
      });
    }
    const declared = { type: spec.type, nullable: spec.nullable ?? false };
    const built = columnFromValues(name, values, declared, spec.type === 'label', (index) => `index ${index}`);
    const entries = this.columnNames.map(
      (column) => [column, this.schema[column], this.#columns.get(column) as DatasetV1Column] as const,
    );
    const position = this.columnNames.indexOf(name);
    const entry = [name, built.spec, built.values] as const;
    if (position >= 0) entries[position] = entry;
    else entries.push(entry);
    return Dataset.#create(this.name, entries, this.nRows);
  }

  /**
   * The rows at `indices`, in that order (an index may repeat, as in a bootstrap sample).
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an index is not an integer in `[0, nRows)`.
   */
  take(indices: ArrayLike<number>): Dataset {
    if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number') {
      throw new InvalidArgumentError({ message: 'take(indices) takes an array of row indices.', field: 'indices' });
    }
    for (let k = 0; k < indices.length; k++) checkIndex(indices[k], this.nRows, `indices[${k}]`);
    return this.#takeUnchecked(indices);
  }

  #takeUnchecked(indices: ArrayLike<number>): Dataset {
    return Dataset.#create(
      this.name,
      this.columnNames.map((column) => {
        const values = this.#columns.get(column) as DatasetV1Column;
        return [column, this.schema[column], takeValues(values, indices)] as const;
      }),
      indices.length,
    );
  }

  /**
   * The rows for which `predicate(row, index)` is truthy, in order.
   * @param predicate Called once per row with the row object (missing values are `null`) and its index.
   */
  filter(predicate: (row: DatasetV1Row, index: number) => unknown): Dataset {
    if (typeof predicate !== 'function') {
      throw new InvalidArgumentError({ message: 'filter(predicate) takes a function.', field: 'predicate' });
    }
    const columns = this.#orderedColumns();
    const kept: number[] = [];
    for (let index = 0; index < this.nRows; index++) {
      if (predicate(this.#rowAt(index, columns), index)) kept.push(index);
    }
    return this.#takeUnchecked(kept);
  }

  /**
   * The first `n` rows (all of them when `n ≥ nRows`).
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when `n` is not a non-negative integer.
   */
  head(n: number): Dataset {
    if (!Number.isInteger(n) || n < 0) {
      throw new InvalidArgumentError({ message: `head(n) takes a non-negative integer, got ${n}.`, field: 'n' });
    }
    const count = Math.min(n, this.nRows);
    return Dataset.#create(
      this.name,
      this.columnNames.map((column) => {
        const values = this.#columns.get(column) as DatasetV1Column;
        return [column, this.schema[column], values.slice(0, count) as DatasetV1Column] as const;
      }),
      count,
    );
  }

  /**
   * This dataset's rows followed by `other`'s; the name is this dataset's.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT unless both have the same columns, in the same order, with the same specs.
   */
  concat(other: DatasetV1): Dataset {
    const names = other?.columnNames;
    if (
      !Array.isArray(names) ||
      names.length !== this.columnNames.length ||
      names.some(
        (column, index) => column !== this.columnNames[index] || !sameSpec(this.schema[column], other.schema[column]),
      )
    ) {
      throw new InvalidArgumentError({
        message: `concat needs the same schema on both sides. This: ${describeSchema(this.schema)}; other: ${other?.schema ? describeSchema(other.schema) : 'not a dataset'}.`,
        field: 'other',
      });
    }
    const nRows = this.nRows + other.nRows;
    return Dataset.#create(
      this.name,
      this.columnNames.map((column) => {
        const left = this.#columns.get(column) as DatasetV1Column;
        const right = other.column(column);
        let values: DatasetV1Column;
        if (isNumericColumn(left)) {
          const out = new Float64Array(nRows);
          out.set(left);
          out.set(right as Float64Array, left.length);
          values = out;
        } else {
          values = [...(left as readonly unknown[]), ...(right as readonly unknown[])] as DatasetV1Column;
        }
        return [column, this.schema[column], values] as const;
      }),
      nRows,
    );
  }

  /**
   * Drops rows equal to an earlier row on `columns` (default: all), keeping the first occurrence.
   * Missing values are equal to each other (NaN equals NaN here); `1` and `'1'` differ.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for an unknown column (the message lists the columns).
   */
  dedupe(columns?: readonly string[]): Dataset {
    const keyColumns = columns ?? this.columnNames;
    checkColumnsExist(keyColumns, this.columnNames, 'dedupe');
    const values = keyColumns.map((column) => this.#columns.get(column) as DatasetV1Column);
    const seen = new Set<string>();
    const kept: number[] = [];
    for (let index = 0; index < this.nRows; index++) {
      const key = rowKey(values, index);
      if (!seen.has(key)) {
        seen.add(key);
        kept.push(index);
      }
    }
    return kept.length === this.nRows ? this : this.#takeUnchecked(kept);
  }

  /**
   * The rows in a random order determined by `seed` (Fisher–Yates with {@link SeededRandom}).
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when `seed` is not an integer.
   */
  shuffle(seed: number): Dataset {
    return this.#takeUnchecked(new SeededRandom(seed).permutation(this.nRows));
  }
}

function describeSchema(schema: DatasetV1Schema): string {
  const entries = Object.entries(schema);
  if (entries.length === 0) return '(no columns)';
  return entries.map(([name, spec]) => `${name}: ${spec.type}${spec.nullable ? '?' : ''}`).join(', ');
}
