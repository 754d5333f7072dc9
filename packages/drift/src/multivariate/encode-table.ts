// NannyML's preprocessing for multivariate drift (nannyml/drift/multivariate/data_reconstruction):
// impute (mean / most frequent, fitted on the reference), encode categories by their relative
// frequency in the reference, then standardise with the population std (0 → 1, as scikit-learn).
import { InvalidArgumentError, type Matrix, type MatrixLike, toMatrix } from '@mloop/core';
import { z } from 'zod';
import { type DriftColumnType, type DriftData, inferColumnType, tableView } from '../dataset/column-table';
import { compareCodePoints } from '../stats/compare-code-points';

/** Multivariate input: a numeric matrix (NaN = missing) or a table (numeric and categorical columns). */
export type MultivariateData = MatrixLike | DriftData;

/** How each column becomes a standardised number. */
export const tableEncoderSchema = z.object({
  columns: z.array(
    z.union([
      z.object({ name: z.string(), type: z.literal('numeric'), fill: z.number(), mean: z.number(), scale: z.number() }),
      z.object({
        name: z.string(),
        type: z.literal('categorical'),
        frequencies: z.record(z.string(), z.number()),
        fill: z.string(),
        mean: z.number(),
        scale: z.number(),
      }),
    ]),
  ),
  fromMatrix: z.boolean(),
});

/** The fitted preprocessing. */
export type TableEncoder = z.infer<typeof tableEncoderSchema>;

function isMatrixLike(data: MultivariateData): data is MatrixLike {
  return (
    Array.isArray(data) ||
    (typeof data === 'object' && data !== null && 'data' in data && 'rows' in data && 'cols' in data)
  );
}

interface RawColumns {
  readonly names: string[];
  readonly types: DriftColumnType[];
  readonly values: ((i: number) => number | string | null)[];
  readonly rows: number;
}

function rawColumns(data: MultivariateData, types?: Readonly<Record<string, DriftColumnType>>): RawColumns {
  if (isMatrixLike(data)) {
    const m: Matrix = toMatrix(data, 'data');
    return {
      names: Array.from({ length: m.cols }, (_, j) => `x${j}`),
      types: Array.from({ length: m.cols }, () => 'numeric' as const),
      values: Array.from({ length: m.cols }, (_, j) => (i: number) => {
        const v = m.data[i * m.cols + j] as number;
        return v - v === 0 ? v : null;
      }),
      rows: m.rows,
    };
  }
  const view = tableView(data);
  const names = [...view.columnNames];
  const columnTypes = names.map(
    (name) => types?.[name] ?? view.declaredTypes[name] ?? inferColumnType(view.column(name)),
  );
  const kept = names.map((_, j) => columnTypes[j] !== 'text');
  return {
    names: names.filter((_, j) => kept[j]),
    types: columnTypes.filter((_, j) => kept[j]) as DriftColumnType[],
    values: names
      .filter((_, j) => kept[j])
      .map((name) => {
        const column = view.column(name);
        return (i: number) => {
          const v = column[i];
          if (v === null || v === undefined) return null;
          if (typeof v === 'number') return v - v === 0 ? v : null;
          return String(v);
        };
      }),
    rows: view.nRows,
  };
}

/** Fits the imputation, frequency encoding and standardisation on the reference. */
export function fitTableEncoder(
  reference: MultivariateData,
  types?: Readonly<Record<string, DriftColumnType>>,
): TableEncoder {
  const raw = rawColumns(reference, types);
  if (raw.rows === 0 || raw.names.length === 0) {
    throw new InvalidArgumentError({
      message: 'The reference data is empty: it needs at least one row and one numeric or categorical column.',
      field: 'reference',
    });
  }
  const columns: TableEncoder['columns'] = raw.names.map((name, j) => {
    const get = raw.values[j] as (i: number) => number | string | null;
    if (raw.types[j] === 'numeric') {
      let sum = 0;
      let count = 0;
      for (let i = 0; i < raw.rows; i++) {
        const v = get(i);
        if (typeof v === 'number') {
          sum += v;
          count++;
        } else if (typeof v === 'string') {
          throw new InvalidArgumentError({
            message: `Numeric column '${name}' holds the string '${v}' at row ${i}.`,
            field: `reference.${name}`,
          });
        }
      }
      if (count === 0)
        throw new InvalidArgumentError({
          message: `Column '${name}' has no value in the reference data.`,
          field: `reference.${name}`,
        });
      const fill = sum / count;
      return { name, type: 'numeric' as const, fill, mean: 0, scale: 1 };
    }
    const counts = new Map<string, number>();
    for (let i = 0; i < raw.rows; i++) {
      const v = get(i);
      if (v === null) continue;
      const key = String(v);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (counts.size === 0)
      throw new InvalidArgumentError({
        message: `Column '${name}' has no value in the reference data.`,
        field: `reference.${name}`,
      });
    let fill = '';
    let best = -1;
    for (const [key, count] of [...counts].sort((a, b) => compareCodePoints(a[0], b[0]))) {
      if (count > best) {
        best = count;
        fill = key;
      }
    }
    counts.set(fill, (counts.get(fill) ?? 0) + (raw.rows - [...counts.values()].reduce((s, c) => s + c, 0)));
    const frequencies: Record<string, number> = {};
    for (const [key, count] of counts) frequencies[key] = count / raw.rows;
    return { name, type: 'categorical' as const, frequencies, fill, mean: 0, scale: 1 };
  });
  const encoder: TableEncoder = { columns, fromMatrix: isMatrixLike(reference) };
  // Standardisation statistics on the imputed, encoded reference (population std; 0 → 1).
  const encoded = encodeUnscaled(encoder, reference, types);
  const d = columns.length;
  for (let j = 0; j < d; j++) {
    let sum = 0;
    for (let i = 0; i < encoded.rows; i++) sum += encoded.data[i * d + j] as number;
    const mean = sum / encoded.rows;
    let ss = 0;
    for (let i = 0; i < encoded.rows; i++) {
      const dv = (encoded.data[i * d + j] as number) - mean;
      ss += dv * dv;
    }
    const std = Math.sqrt(ss / encoded.rows);
    const column = columns[j] as TableEncoder['columns'][number];
    column.mean = mean;
    column.scale = std === 0 ? 1 : std;
  }
  return encoder;
}

function encodeUnscaled(
  encoder: TableEncoder,
  data: MultivariateData,
  types?: Readonly<Record<string, DriftColumnType>>,
): Matrix {
  const raw = rawColumns(data, types);
  const d = encoder.columns.length;
  const out = new Float64Array(raw.rows * d);
  encoder.columns.forEach((column, j) => {
    const index = encoder.fromMatrix ? j : raw.names.indexOf(column.name);
    if (index < 0) {
      throw new InvalidArgumentError({
        message: `Column '${column.name}' of the reference is missing from the data. Columns: ${raw.names.join(', ')}.`,
        field: column.name,
      });
    }
    const get = raw.values[index] as (i: number) => number | string | null;
    for (let i = 0; i < raw.rows; i++) {
      const v = get(i);
      let x: number;
      if (column.type === 'numeric') {
        if (typeof v === 'string')
          throw new InvalidArgumentError({
            message: `Numeric column '${column.name}' holds the string '${v}' at row ${i}.`,
            field: column.name,
          });
        x = v === null ? column.fill : v;
      } else {
        const key = v === null ? column.fill : String(v);
        // Categories unseen in the reference have frequency 0 there.
        x = column.frequencies[key] ?? 0;
      }
      out[i * d + j] = x;
    }
  });
  return { rows: raw.rows, cols: d, data: out };
}

/** Imputes, encodes and standardises data with a fitted encoder. */
export function encodeTable(
  encoder: TableEncoder,
  data: MultivariateData,
  types?: Readonly<Record<string, DriftColumnType>>,
): Matrix {
  const m = encodeUnscaled(encoder, data, types);
  const d = m.cols;
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < d; j++) {
      const column = encoder.columns[j] as TableEncoder['columns'][number];
      m.data[i * d + j] = ((m.data[i * d + j] as number) - column.mean) / column.scale;
    }
  }
  return m;
}
