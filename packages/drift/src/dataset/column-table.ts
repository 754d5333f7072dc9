import { createSha256, type DatasetV1, InvalidArgumentError } from '@mloop/core';
import type { ColumnValues } from '../column/clean';

/** A table given as columns: name → values. All columns should have the same length. */
export type ColumnTable = Readonly<Record<string, ColumnValues>>;

/** The column types drift detection distinguishes. */
export type DriftColumnType = 'numeric' | 'categorical' | 'text';

/** Data a drift detector accepts: a core `Dataset` (any `DatasetV1`) or a plain column table. */
export type DriftData = DatasetV1 | ColumnTable;

/** True for a `DatasetV1` (core `Dataset`). */
export function isDataset(data: DriftData): data is DatasetV1 {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { specificationVersion?: unknown }).specificationVersion === 'v1' &&
    typeof (data as { column?: unknown }).column === 'function' &&
    Array.isArray((data as { columnNames?: unknown }).columnNames)
  );
}

/** Uniform read access to either form. */
export interface TableView {
  /** Column names in order. */
  readonly columnNames: readonly string[];
  /** Row count (the longest column for a plain table). */
  readonly nRows: number;
  /** Declared types (from a Dataset schema), when known. */
  readonly declaredTypes: Readonly<Record<string, DriftColumnType>>;
  /** Dataset name, when known. */
  readonly name: string | undefined;
  /** The values of a column. */
  column(name: string): ColumnValues;
  /** Content digest: the Dataset's own, or SHA-256 over the column names and values of a plain table. */
  digest(): string;
}

function datasetType(type: string): DriftColumnType {
  if (type === 'numeric') return 'numeric';
  if (type === 'text') return 'text';
  return 'categorical';
}

/** Wraps a Dataset or a plain table. */
export function tableView(data: DriftData): TableView {
  if (isDataset(data)) {
    const declaredTypes: Record<string, DriftColumnType> = {};
    for (const name of data.columnNames)
      declaredTypes[name] = datasetType((data.schema[name] as { type: string }).type);
    return {
      columnNames: data.columnNames,
      nRows: data.nRows,
      declaredTypes,
      name: data.name,
      column: (name) => data.column(name) as ColumnValues,
      digest: () => data.digest,
    };
  }
  const columnNames = Object.keys(data);
  let nRows = 0;
  for (const name of columnNames) nRows = Math.max(nRows, (data[name] as ColumnValues).length);
  return {
    columnNames,
    nRows,
    declaredTypes: {},
    name: undefined,
    column: (name) => data[name] as ColumnValues,
    digest: () => digestColumnTable(data),
  };
}

/**
 * Drift needs at least one column and one row on each side.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when `view` has none.
 */
export function checkNotEmpty(view: TableView, side: 'reference' | 'current'): void {
  if (view.columnNames.length === 0 || view.nRows === 0) {
    throw new InvalidArgumentError({
      message: `The ${side} data is empty: it needs at least one column and one row.`,
      field: side,
    });
  }
}

/** SHA-256 over the names, lengths and values of a plain column table (typed arrays hashed as bytes). */
export function digestColumnTable(table: ColumnTable): string {
  const hash = createSha256();
  for (const name of Object.keys(table)) {
    const values = table[name] as ColumnValues;
    hash.update(`${JSON.stringify(name)}:${values.length}:`);
    if (ArrayBuffer.isView(values)) {
      const view = values as unknown as ArrayBufferView;
      hash.update(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
    } else {
      const chunk = 4096;
      for (let i = 0; i < values.length; i += chunk) {
        hash.update(JSON.stringify(Array.prototype.slice.call(values, i, Math.min(values.length, i + chunk))));
      }
    }
    hash.update(';');
  }
  return hash.digest('hex');
}

/**
 * Infers a column's type from its values: all numbers (or a typed array) → numeric, otherwise
 * categorical. Numbers mixed with strings give numeric, which the tests then report as mixed types.
 */
export function inferColumnType(values: ColumnValues): DriftColumnType {
  if (ArrayBuffer.isView(values)) return 'numeric';
  let numbers = 0;
  let others = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v === 'number') numbers++;
    else others++;
  }
  if (numbers > 0) return 'numeric';
  return others > 0 ? 'categorical' : 'numeric';
}
