// Input cleaning shared by every column test (drift-spec §1.1): null, undefined, NaN and ±Infinity
// are missing values, dropped and counted per side.

import { compareCodePoints } from '../stats/compare-code-points';

/** Values accepted in a column. */
export type ColumnValue = number | string | boolean | null | undefined;

/** A column: any array-like of values (a `Float64Array` for numeric data is fastest). */
export type ColumnValues = ArrayLike<ColumnValue>;

/** Result of {@link cleanNumeric}. */
export interface CleanNumeric {
  /** The finite values, in input order. */
  readonly values: Float64Array;
  /** Values dropped as missing. */
  readonly missing: number;
  /** Values that are neither numbers nor missing (strings, booleans): the column has mixed types. */
  readonly nonNumeric: number;
}

/** Keeps the finite numbers of a column. */
export function cleanNumeric(column: ColumnValues): CleanNumeric {
  const n = column.length;
  const out = new Float64Array(n);
  let k = 0;
  let missing = 0;
  let nonNumeric = 0;
  if (column instanceof Float64Array || column instanceof Float32Array || column instanceof Int32Array) {
    for (let i = 0; i < n; i++) {
      const v = column[i] as number;
      if (v - v === 0) out[k++] = v;
      else missing++;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = column[i];
      if (typeof v === 'number') {
        if (v - v === 0) out[k++] = v;
        else missing++;
      } else if (v === null || v === undefined) missing++;
      else nonNumeric++;
    }
  }
  return { values: k === n ? out : out.slice(0, k), missing, nonNumeric };
}

/** Result of {@link cleanCategorical}. */
export interface CleanCategorical {
  /** Distinct keys, ascending by code point. */
  readonly keys: string[];
  /** Count per key. */
  readonly counts: Float64Array;
  /** Number of non-missing values. */
  readonly size: number;
  /** Values dropped as missing. */
  readonly missing: number;
}

/** Counts the categories of a column; numbers and booleans become their string form. */
export function cleanCategorical(column: ColumnValues): CleanCategorical {
  const counts = new Map<string, number>();
  let missing = 0;
  let size = 0;
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v === null || v === undefined || (typeof v === 'number' && !(v - v === 0))) {
      missing++;
      continue;
    }
    const key = typeof v === 'string' ? v : String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    size++;
  }
  const keys = [...counts.keys()].sort(compareCodePoints);
  return { keys, counts: Float64Array.from(keys, (key) => counts.get(key) as number), size, missing };
}
