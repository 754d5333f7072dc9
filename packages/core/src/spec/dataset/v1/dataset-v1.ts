/**
 * The type of a dataset column. It decides how the column is stored, encoded, digested and which
 * drift tests apply to it.
 *
 * - `numeric`: doubles; missing is `NaN`.
 * - `categorical`: strings from a small set; missing is `null`.
 * - `text`: free text (SMS bodies); missing is `null`.
 * - `boolean`: `true`/`false`; missing is `null`.
 * - `label`: the target of supervised learning, strings or numbers; missing is `null`.
 */
export type DatasetV1ColumnType = 'numeric' | 'categorical' | 'text' | 'boolean' | 'label';

/** The declared type of one column. */
export interface DatasetV1ColumnSpec {
  /** How values are stored and interpreted. */
  readonly type: DatasetV1ColumnType;
  /** Whether missing values are allowed. A missing value in a non-nullable column → `INVALID_ARGUMENT`. */
  readonly nullable: boolean;
}

/**
 * A dataset's schema: column name → spec. Key order is column order, and it is part of the
 * dataset's digest.
 */
export type DatasetV1Schema = Readonly<Record<string, DatasetV1ColumnSpec>>;

/**
 * The stored values of a column, by type: `Float64Array` for `numeric` (missing = `NaN`),
 * `(string | null)[]` for `categorical` and `text`, `(boolean | null)[]` for `boolean`,
 * `(string | number | null)[]` for `label`. Arrays are never mutated after construction.
 */
export type DatasetV1Column =
  | Float64Array
  | ReadonlyArray<string | null>
  | ReadonlyArray<boolean | null>
  | ReadonlyArray<string | number | null>;

/** One row as an object: column name → value (`null` for missing; `NaN` never appears here). */
export type DatasetV1Row = Record<string, string | number | boolean | null>;

/**
 * A named, immutable, column-wise table with a schema and a content digest. The digest is the
 * dataset's version: the same columns, types and values in the same order give the same digest on
 * every platform; any change gives another.
 */
export interface DatasetV1 {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion: 'v1';
  /** Human name, e.g. `'shuttle-train'`. Not part of the digest. */
  readonly name: string;
  /** Column name → type. */
  readonly schema: DatasetV1Schema;
  /** Column names in order (the schema's key order). */
  readonly columnNames: readonly string[];
  /** Number of rows; may be 0. */
  readonly nRows: number;
  /**
   * SHA-256 (64 lowercase hex digits) over the canonical encoding of the schema and every value.
   * Computed on first access and cached.
   */
  readonly digest: string;
  /**
   * The stored values of a column.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the column does not exist (the message lists the columns).
   */
  column(name: string): DatasetV1Column;
}

/**
 * How a dataset is recorded as a run input or in model lineage: by digest, with enough to
 * recognise it in a UI.
 */
export interface DatasetV1Ref {
  /** The dataset's name. */
  readonly name: string;
  /** The dataset's content digest. */
  readonly digest: string;
  /** Row count. */
  readonly nRows: number;
  /** The schema, so a UI can show columns without loading the data. */
  readonly schema: DatasetV1Schema;
  /** What the dataset was used for in the run: `'train'`, `'test'`, `'reference'` … */
  readonly context?: string;
}
