import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { DatasetV1Column, DatasetV1ColumnSpec } from '../spec/dataset/v1/dataset-v1';
import { checkColumnsExist, forbidReservedName } from './column-names';
import type { ResolvedOptions } from './dataset-options';
import { parseNumber } from './parse-number';
import { type CsvTable, FIELD_ESCAPED, FIELD_PLAIN, fieldText } from './tokenize-csv';

/** Typed columns built from a tokenized CSV, in the order they are kept. */
export interface BuiltColumns {
  /** Column name and spec, in column order. */
  readonly specs: readonly (readonly [string, DatasetV1ColumnSpec])[];
  /** Stored values, parallel to `specs`. */
  readonly columns: readonly DatasetV1Column[];
}

/** Where one CSV column is, and how missing values are written. */
interface CsvColumn {
  readonly table: CsvTable;
  readonly index: number;
  readonly stride: number;
  readonly name: string;
  readonly options: ResolvedOptions;
}

const MAX_SHOWN = 60;

function show(text: string): string {
  return JSON.stringify(text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);
}

function where(column: CsvColumn, row: number): string {
  return `line ${column.table.lines[row]}, column "${column.name}"`;
}

function fieldOf(column: CsvColumn, row: number): string {
  return fieldText(column.table, row * column.stride + column.index);
}

/**
 * Whether field `at` is a missing value. In string columns (`literalQuoted`) a quoted field is
 * always its text; in numeric and boolean columns quoting does not matter.
 */
function isMissing(column: CsvColumn, at: number, literalQuoted: boolean): boolean {
  const { table, options } = column;
  const kind = table.kinds[at];
  if (literalQuoted && kind !== FIELD_PLAIN) return false;
  const start = table.starts[at];
  const end = table.ends[at];
  if (start === end) return options.missing.has('');
  const text = table.text.slice(start, end);
  return options.missing.has(kind === FIELD_ESCAPED ? text.replaceAll('""', '"') : text);
}

function missingNotAllowed(column: CsvColumn, row: number, type: string): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `${where(column, row)}: missing value in a non-nullable ${type} column. Declare it { nullable: true } in options.schema, or fill the value.`,
    field: `line ${column.table.lines[row]}, column ${column.name}`,
  });
}

/** Parses a numeric column; `strict` throws on a non-number, otherwise `undefined` says "not numeric". */
function numericColumn(column: CsvColumn, strict: boolean): { values: Float64Array; firstMissing: number } | undefined {
  const { table, stride, index, options } = column;
  const { text, starts, ends } = table;
  const nRows = table.nRows;
  const values = new Float64Array(nRows);
  const checkMissingFirst = options.missingLooksNumeric;
  let firstMissing = -1;
  for (let row = 0, at = index; row < nRows; row++, at += stride) {
    if (checkMissingFirst && isMissing(column, at, false)) {
      values[row] = Number.NaN;
      if (firstMissing < 0) firstMissing = row;
      continue;
    }
    const value = parseNumber(text, starts[at], ends[at]);
    if (!Number.isNaN(value)) {
      values[row] = value;
      continue;
    }
    if (isMissing(column, at, false)) {
      values[row] = Number.NaN;
      if (firstMissing < 0) firstMissing = row;
      continue;
    }
    if (!strict) return undefined;
    throw new InvalidArgumentError({
      message: `${where(column, row)}: ${show(fieldOf(column, row))} is not a number. Numbers are written like 12, -3.5 or 1e-3; missing values as one of ${[...options.missing].map((token) => JSON.stringify(token)).join(', ')}.`,
      field: `line ${table.lines[row]}, column ${column.name}`,
    });
  }
  return { values, firstMissing };
}

/** 1 for true, 0 for false, -1 for anything else (case-insensitive). */
function parseBoolean(text: string, start: number, end: number): number {
  const length = end - start;
  if (length !== 4 && length !== 5) return -1;
  const word = text.slice(start, end).toLowerCase();
  return word === 'true' ? 1 : word === 'false' ? 0 : -1;
}

function booleanColumn(
  column: CsvColumn,
  strict: boolean,
): { values: (boolean | null)[]; firstMissing: number } | undefined {
  const { table, stride, index } = column;
  const nRows = table.nRows;
  const values: (boolean | null)[] = new Array(nRows);
  let firstMissing = -1;
  for (let row = 0, at = index; row < nRows; row++, at += stride) {
    const parsed = parseBoolean(table.text, table.starts[at], table.ends[at]);
    if (parsed >= 0) {
      values[row] = parsed === 1;
      continue;
    }
    if (isMissing(column, at, false)) {
      values[row] = null;
      if (firstMissing < 0) firstMissing = row;
      continue;
    }
    if (!strict) return undefined;
    throw new InvalidArgumentError({
      message: `${where(column, row)}: ${show(fieldOf(column, row))} is not a boolean. Write true or false (any case), or a missing value.`,
      field: `line ${table.lines[row]}, column ${column.name}`,
    });
  }
  return { values, firstMissing };
}

function stringColumn(column: CsvColumn): { values: (string | null)[]; firstMissing: number } {
  const { table, stride, index } = column;
  const nRows = table.nRows;
  const values: (string | null)[] = new Array(nRows);
  let firstMissing = -1;
  for (let row = 0, at = index; row < nRows; row++, at += stride) {
    if (isMissing(column, at, true)) {
      values[row] = null;
      if (firstMissing < 0) firstMissing = row;
    } else {
      values[row] = fieldText(table, at);
    }
  }
  return { values, firstMissing };
}

/** Labels stay strings unless every present value is a number. */
function labelColumn(column: CsvColumn): { values: (string | number | null)[]; firstMissing: number } {
  const { table, stride, index } = column;
  const strings = stringColumn(column);
  const numbers: (number | null)[] = new Array(table.nRows);
  for (let row = 0, at = index; row < table.nRows; row++, at += stride) {
    if (strings.values[row] === null) {
      numbers[row] = null;
      continue;
    }
    const value = parseNumber(table.text, table.starts[at], table.ends[at]);
    if (Number.isNaN(value)) return strings;
    numbers[row] = value;
  }
  return { values: numbers, firstMissing: strings.firstMissing };
}

function buildColumn(column: CsvColumn, declared: DatasetV1ColumnSpec | undefined, isLabel: boolean) {
  const type = isLabel ? 'label' : declared?.type;
  let built: { values: DatasetV1Column; firstMissing: number } | undefined;
  let resolvedType = type;
  switch (type) {
    case 'numeric':
      built = numericColumn(column, true);
      break;
    case 'boolean':
      built = booleanColumn(column, true);
      break;
    case 'categorical':
    case 'text':
      built = stringColumn(column);
      break;
    case 'label':
      built = labelColumn(column);
      break;
    default:
      built = numericColumn(column, false);
      resolvedType = 'numeric';
      if (!built) {
        built = booleanColumn(column, false);
        resolvedType = 'boolean';
      }
      if (!built) {
        built = stringColumn(column);
        resolvedType = 'categorical';
      }
  }
  if (built === undefined || resolvedType === undefined) throw new Error('unreachable');
  let nullable: boolean;
  if (declared) {
    nullable = declared.nullable;
    if (!nullable && built.firstMissing >= 0) throw missingNotAllowed(column, built.firstMissing, resolvedType);
  } else {
    nullable = built.firstMissing >= 0;
  }
  return { spec: { type: resolvedType, nullable } satisfies DatasetV1ColumnSpec, values: built.values };
}

/**
 * Turns a tokenized CSV into typed columns: declared columns are parsed as declared (a value that
 * does not fit names its line and column), the others are inferred: numeric when every present
 * value is a finite number, boolean when every one is true/false, else categorical.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for an unknown column in the options, a value that
 *   does not fit its declared type, or a missing value in a non-nullable column.
 */
export function columnsFromCsv(table: CsvTable, options: ResolvedOptions): BuiltColumns {
  const { header } = table;
  for (const name of header) forbidReservedName(name, 'CSV header');
  checkColumnsExist(options.declared.keys(), header, 'options.schema');
  if (options.columns) checkColumnsExist(options.columns, header, 'options.columns');
  if (options.label !== undefined) checkColumnsExist([options.label], header, 'options.label');
  const kept = options.columns ?? header;
  const positions = new Map(header.map((name, index) => [name, index]));
  const specs: [string, DatasetV1ColumnSpec][] = [];
  const columns: DatasetV1Column[] = [];
  for (const name of kept) {
    const column: CsvColumn = {
      table,
      index: positions.get(name) as number,
      stride: header.length,
      name,
      options,
    };
    const built = buildColumn(column, options.declared.get(name), name === options.label);
    specs.push([name, built.spec]);
    columns.push(built.values);
  }
  return { specs, columns };
}
