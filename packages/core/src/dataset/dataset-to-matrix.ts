import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { DatasetV1, DatasetV1Column } from '../spec/dataset/v1/dataset-v1';
import type { Label, Matrix } from '../spec/shared/v1/matrix';
import { checkColumnsExist, checkUnique } from './column-names';

/** Which columns {@link datasetToMatrix} takes, by name. */
export interface MatrixColumnSpec {
  /** The columns to take, in this order (default: every numeric and boolean column, in order). */
  readonly columns?: readonly string[];
  /** Columns to leave out of the default selection, typically the label. */
  readonly exclude?: readonly string[];
  /**
   * What a missing value becomes: `'error'` (default) refuses the dataset and names the first
   * missing cell; `'nan'` keeps it as `NaN` for an imputer downstream.
   */
  readonly missing?: 'error' | 'nan';
}

/**
 * Numeric and boolean columns as a row-major {@link Matrix} (booleans become 0/1), the input every
 * estimator takes. Categorical and text columns must be encoded first (OneHotEncoder, TF-IDF).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for an unknown or repeated column, a column that
 *   is not numeric or boolean, no column to take, or a missing value under `missing: 'error'`
 *   (the message names row and column).
 * @example
 * const x = datasetToMatrix(shuttle, { exclude: ['label'] }); // 49,097 × 9
 */
export function datasetToMatrix(dataset: DatasetV1, spec: MatrixColumnSpec = {}): Matrix {
  const excluded = new Set(spec.exclude ?? []);
  if (spec.exclude) checkColumnsExist(spec.exclude, dataset.columnNames, 'exclude');
  let names: readonly string[];
  if (spec.columns) {
    checkColumnsExist(spec.columns, dataset.columnNames, 'columns');
    checkUnique(spec.columns, 'columns');
    names = spec.columns.filter((name) => !excluded.has(name));
  } else {
    names = dataset.columnNames.filter((name) => {
      const type = dataset.schema[name].type;
      return !excluded.has(name) && (type === 'numeric' || type === 'boolean');
    });
  }
  if (names.length === 0) {
    throw new InvalidArgumentError({
      message: `datasetToMatrix: no column to take. Numeric and boolean columns: ${dataset.columnNames.filter((n) => dataset.schema[n].type === 'numeric' || dataset.schema[n].type === 'boolean').join(', ') || 'none'}.`,
      field: 'columns',
    });
  }
  const keepMissing = spec.missing === 'nan';
  const rows = dataset.nRows;
  const cols = names.length;
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const name = names[j];
    const { type } = dataset.schema[name];
    const values: DatasetV1Column = dataset.column(name);
    if (type !== 'numeric' && type !== 'boolean') {
      throw new InvalidArgumentError({
        message: `datasetToMatrix: column "${name}" is ${type}; only numeric and boolean columns become matrix columns. Encode it first (OneHotEncoder for categories, TfidfVectorizer for text) or leave it out.`,
        field: `columns.${name}`,
      });
    }
    for (let i = 0; i < rows; i++) {
      const raw = values[i];
      const value = raw === null ? Number.NaN : raw === true ? 1 : raw === false ? 0 : (raw as number);
      if (Number.isNaN(value) && !keepMissing) {
        throw new InvalidArgumentError({
          message: `datasetToMatrix: row ${i}, column "${name}" is missing. Impute it, drop the row, or pass { missing: 'nan' } and impute downstream.`,
          field: `columns.${name}`,
        });
      }
      data[i * cols + j] = value;
    }
  }
  return { rows, cols, data };
}

/**
 * A column's values as labels (`string | number`), the `y` every classifier takes.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for an unknown column, a numeric or text column
 *   whose type cannot be a label, or a missing value (the message names the row).
 * @example
 * const y = datasetLabels(shuttle, 'label');
 */
export function datasetLabels(dataset: DatasetV1, column: string): Label[] {
  checkColumnsExist([column], dataset.columnNames, 'column');
  const values = dataset.column(column);
  const out: Label[] = new Array(dataset.nRows);
  for (let i = 0; i < dataset.nRows; i++) {
    const value = values[i];
    if (value === null || Number.isNaN(value)) {
      throw new InvalidArgumentError({
        message: `datasetLabels: row ${i} of column "${column}" has no label. Drop unlabelled rows first.`,
        field: column,
      });
    }
    out[i] = typeof value === 'boolean' ? (value ? 1 : 0) : (value as Label);
  }
  return out;
}
