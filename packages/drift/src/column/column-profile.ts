import { z } from 'zod';
import { sortFloat64 } from '../stats/sort';
import { countDistinctSorted, countSorted } from '../stattests/binning';
import { populationStd } from '../stattests/wasserstein';
import { type ColumnValues, cleanCategorical, cleanNumeric } from './clean';

/** What the numeric tests need of one side: the sorted finite values and a few summaries. */
export interface NumericColumnProfile {
  /** Discriminant. */
  readonly type: 'numeric';
  /** Finite values, ascending. */
  readonly sorted: Float64Array;
  /** Number of distinct values. */
  readonly distinct: number;
  /** Population standard deviation (ddof 0). */
  readonly std: number;
  /** Missing values dropped. */
  readonly missing: number;
  /** Non-numeric values found (mixed types); such a column is not tested. */
  readonly nonNumeric: number;
}

/** What the categorical tests need of one side: the count of each category. */
export interface CategoricalColumnProfile {
  /** Discriminant. */
  readonly type: 'categorical';
  /** Categories, ascending by code point. */
  readonly keys: readonly string[];
  /** Count per category. */
  readonly counts: Float64Array;
  /** Number of non-missing values. */
  readonly size: number;
  /** Missing values dropped. */
  readonly missing: number;
}

/** One side of a column, ready for any test. */
export type ColumnProfile = NumericColumnProfile | CategoricalColumnProfile;

/** Non-missing values in a profile. */
export function profileSize(profile: ColumnProfile): number {
  return profile.type === 'numeric' ? profile.sorted.length : profile.size;
}

/**
 * Builds the numeric profile of a column: cleans, sorts and summarises it. `summaries: false`
 * skips the distinct count and the standard deviation (NaN), which only the reference side needs.
 */
export function numericProfile(column: ColumnValues, summaries = true): NumericColumnProfile {
  const clean = cleanNumeric(column);
  const sorted = sortFloat64(clean.values);
  return {
    type: 'numeric',
    sorted,
    distinct: summaries ? countDistinctSorted(sorted) : Number.NaN,
    std: summaries && sorted.length > 0 ? populationStd(sorted) : Number.NaN,
    missing: clean.missing,
    nonNumeric: clean.nonNumeric,
  };
}

/** Builds the categorical profile of a column. */
export function categoricalProfile(column: ColumnValues): CategoricalColumnProfile {
  const clean = cleanCategorical(column);
  return { type: 'categorical', keys: clean.keys, counts: clean.counts, size: clean.size, missing: clean.missing };
}

/** Builds the profile of a numeric or a categorical column; `summaries` as for {@link numericProfile}. */
export function profileColumn(type: ColumnProfile['type'], column: ColumnValues, summaries = true): ColumnProfile {
  return type === 'numeric' ? numericProfile(column, summaries) : categoricalProfile(column);
}

const finiteOrNull = z.union([z.number(), z.null()]);

/** JSON form of a numeric profile: sorted values run-length encoded (`values` distinct, `counts`). */
export const numericColumnProfileJSONSchema = z.object({
  type: z.literal('numeric'),
  values: z.array(z.number()),
  counts: z.array(z.number().int().positive()),
  missing: z.number().int().nonnegative(),
  nonNumeric: z.number().int().nonnegative(),
  std: finiteOrNull,
});

/** JSON form of a categorical profile. */
export const categoricalColumnProfileJSONSchema = z.object({
  type: z.literal('categorical'),
  keys: z.array(z.string()),
  counts: z.array(z.number().int().nonnegative()),
  missing: z.number().int().nonnegative(),
});

/** JSON form of a column profile. */
export const columnProfileJSONSchema = z.discriminatedUnion('type', [
  numericColumnProfileJSONSchema,
  categoricalColumnProfileJSONSchema,
]);

/** JSON form of a column profile. */
export type ColumnProfileJSON = z.infer<typeof columnProfileJSONSchema>;

/** Serialises a profile; numeric values are run-length encoded, so ties cost nothing. */
export function columnProfileToJSON(profile: ColumnProfile): ColumnProfileJSON {
  if (profile.type === 'numeric') {
    const { values, counts } = countSorted(profile.sorted);
    return {
      type: 'numeric',
      values: Array.from(values),
      counts: Array.from(counts),
      missing: profile.missing,
      nonNumeric: profile.nonNumeric,
      std: Number.isFinite(profile.std) ? profile.std : null,
    };
  }
  return { type: 'categorical', keys: [...profile.keys], counts: Array.from(profile.counts), missing: profile.missing };
}

/** Rebuilds a profile from its (already validated) JSON form. */
export function columnProfileFromJSON(json: ColumnProfileJSON): ColumnProfile {
  if (json.type === 'numeric') {
    let size = 0;
    for (const c of json.counts) size += c;
    const sorted = new Float64Array(size);
    let k = 0;
    for (let i = 0; i < json.values.length; i++) {
      sorted.fill(json.values[i] as number, k, k + (json.counts[i] as number));
      k += json.counts[i] as number;
    }
    return {
      type: 'numeric',
      sorted,
      distinct: json.values.length,
      std: json.std ?? Number.NaN,
      missing: json.missing,
      nonNumeric: json.nonNumeric,
    };
  }
  let size = 0;
  for (const c of json.counts) size += c;
  return {
    type: 'categorical',
    keys: json.keys,
    counts: Float64Array.from(json.counts),
    size,
    missing: json.missing,
  };
}
