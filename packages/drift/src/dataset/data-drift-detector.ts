import {
  type BatchDriftDetectorV1,
  type DriftResultV1,
  InvalidArgumentError,
  NotFittedError,
  parseOrThrow,
} from '@mloop/core';
import { z } from 'zod';
import {
  type ColumnProfile,
  columnProfileFromJSON,
  columnProfileJSONSchema,
  columnProfileToJSON,
  profileColumn,
  profileSize,
} from '../column/column-profile';
import { type NotTestedReason, testColumnProfiles } from '../column/column-test';
import type { StatTestName } from '../column/stat-tests';
import { EmptyColumnError } from '../errors';
import { TextDriftDetector } from '../text/text-drift-detector';
import {
  type ColumnTable,
  checkNotEmpty,
  type DriftColumnType,
  type DriftData,
  inferColumnType,
  type TableView,
  tableView,
} from './column-table';
import { type DataDriftOptions, dataDriftOptionsSchema, type ResolvedDataDriftOptions } from './data-drift-options';
import { type ColumnHistogram, columnHistogram } from './histogram';

/** Identity of one side of a comparison. */
export interface DatasetInfo {
  /** Dataset name, when the data was a Dataset. */
  readonly name: string | null;
  /** SHA-256 content digest, or null when digests were turned off. */
  readonly digest: string | null;
  /** Row count. */
  readonly nRows: number;
}

/** The drift verdict for one column, tested or not. */
export interface ColumnDriftEntry {
  /** Column name. */
  readonly column: string;
  /** Column type used. */
  readonly type: DriftColumnType;
  /** `'tested'`, or `'not_tested'` with a reason. */
  readonly status: 'tested' | 'not_tested';
  /** Machine-readable reason when not tested. */
  readonly reasonCode: NotTestedReason | null;
  /** Human-readable reason when not tested. */
  readonly reason: string | null;
  /** The drift result when tested. */
  readonly result: DriftResultV1 | null;
  /** Missing values dropped per side (0 for a side that lacks the column). */
  readonly missing: { readonly reference: number; readonly current: number };
  /** Histogram for reports, when both sides have values and histograms were requested. */
  readonly histogram: ColumnHistogram | null;
}

/** What {@link DataDriftDetector.test} returns: a `DriftResultV1` for the dataset plus every column. */
export interface DatasetDriftResult extends DriftResultV1 {
  /** Per-column entries, in column order. */
  readonly columns: readonly ColumnDriftEntry[];
  /** Columns that were tested. */
  readonly numberOfColumns: number;
  /** Tested columns with drift. */
  readonly numberOfDriftedColumns: number;
  /** `numberOfDriftedColumns / numberOfColumns` (0 when no column was tested). */
  readonly shareOfDriftedColumns: number;
  /** The reference data. */
  readonly reference: DatasetInfo;
  /** The current data. */
  readonly current: DatasetInfo;
}

/** A fitted column: its type and reference profile. */
export interface FittedColumnProfile {
  /** Column name. */
  readonly name: string;
  /** Column type used. */
  readonly type: DriftColumnType;
  /** The reference profile; null for text columns. */
  readonly profile: ColumnProfile | null;
  /** The fitted text-drift profile of a text column (JSON of `TextDriftDetector`), else null. */
  readonly text: ReturnType<TextDriftDetector['toJSON']> | null;
  /** Missing values in the reference. */
  readonly missing: number;
}

type FittedColumn = FittedColumnProfile;

/** The dataset verdict from column entries: share of drifted among tested columns ≥ driftShare. */
export function summarizeColumns(
  entries: readonly ColumnDriftEntry[],
  driftShare: number,
  reference: DatasetInfo,
  current: DatasetInfo,
): DatasetDriftResult {
  const tested = entries.filter((entry) => entry.status === 'tested');
  const drifted = tested.filter((entry) => entry.result?.driftDetected).length;
  const share = tested.length === 0 ? 0 : drifted / tested.length;
  return {
    method: 'dataset_drift_share',
    statistic: share,
    threshold: driftShare,
    driftDetected: tested.length > 0 && share >= driftShare,
    score: share,
    details: { rule: 'share >= driftShare' },
    columns: entries,
    numberOfColumns: tested.length,
    numberOfDriftedColumns: drifted,
    shareOfDriftedColumns: share,
    reference,
    current,
  };
}

/** One side's identity; the digest is computed when asked for, and always for a named Dataset. */
export function datasetInfo(view: TableView, digest: boolean): DatasetInfo {
  return {
    name: view.name ?? null,
    digest: digest || view.name !== undefined ? view.digest() : null,
    nRows: view.nRows,
  };
}

/** The entry of a column that only the current data has. */
export function missingInReferenceEntry(
  name: string,
  type: DriftColumnType,
  values: ColumnTable[string],
): ColumnDriftEntry {
  return {
    column: name,
    type,
    status: 'not_tested',
    reasonCode: 'missing_in_reference',
    reason: `column '${name}' is in the current data but not in the reference`,
    result: null,
    missing: { reference: 0, current: countMissing(values) },
    histogram: null,
  };
}

/** JSON of a fitted {@link DataDriftDetector}: the options and the reference profile. */
export const referenceProfileJSONSchema = z.object({
  format: z.literal('mloop.drift.reference-profile'),
  version: z.literal(1),
  options: dataDriftOptionsSchema,
  reference: z.object({
    name: z.string().nullable(),
    digest: z.string().nullable(),
    nRows: z.number().int().nonnegative(),
  }),
  columns: z.array(
    z.object({
      name: z.string(),
      type: z.union([z.literal('numeric'), z.literal('categorical'), z.literal('text')]),
      missing: z.number().int().nonnegative(),
      profile: columnProfileJSONSchema.nullable(),
      text: z.unknown().optional(),
    }),
  ),
});

/** JSON of a fitted {@link DataDriftDetector}. */
export type ReferenceProfileJSON = z.infer<typeof referenceProfileJSONSchema>;

/**
 * Column-by-column drift of a table, Evidently's `DataDriftPreset` semantics: the automatic test
 * choice per column, the per-test thresholds and directions, and dataset drift when the share of
 * drifted columns is ≥ `driftShare`.
 *
 * `fit(reference)` keeps a serializable reference profile (sorted values or category counts per
 * column); `toJSON()` stores it, `DataDriftDetector.fromJSON()` restores it, and `test(current)`
 * then processes only the current batch.
 *
 * Bad input never crashes a report: a column absent on one side, empty after dropping missing
 * values, with mixed types, a type mismatch between sides or an undefined statistic becomes a
 * `not_tested` entry with a reason code. Only an entirely empty table throws. Text columns get
 * {@link TextDriftDetector} (options `text`), unless `textDrift` is false.
 *
 * @example
 * ```ts
 * const detector = new DataDriftDetector().fit({ age: [31, 45, 27, 52, 38, 41], plan: ['a', 'b', 'a', 'a', 'b', 'a'] });
 * const result = detector.test({ age: [61, 66, 58, 70, 64, 59], plan: ['b', 'b', 'b', 'a', 'b', 'b'] });
 * result.driftDetected; // dataset drift: share of drifted columns ≥ 0.5
 * ```
 */
export class DataDriftDetector implements BatchDriftDetectorV1<DriftData> {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion = 'v1' as const;
  /** Method name reported in results. */
  readonly method = 'dataset_drift_share';
  readonly #options: ResolvedDataDriftOptions;
  #columns: FittedColumn[] | undefined;
  #reference: DatasetInfo | undefined;

  /** @throws {InvalidArgumentError} INVALID_ARGUMENT for invalid options. */
  constructor(options: DataDriftOptions = {}) {
    this.#options = parseOrThrow(dataDriftOptionsSchema, options, 'options');
  }

  /** Whether `fit` has run. */
  get isFitted(): boolean {
    return this.#columns !== undefined;
  }

  /** The resolved options. */
  get options(): ResolvedDataDriftOptions {
    return this.#options;
  }

  #typeOf(view: TableView, name: string): DriftColumnType {
    return this.#options.columnTypes?.[name] ?? view.declaredTypes[name] ?? inferColumnType(view.column(name));
  }

  /**
   * Profiles every column of the reference.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the reference has no rows or no columns, or a listed column is absent.
   */
  fit(reference: DriftData): this {
    const view = tableView(reference);
    checkNotEmpty(view, 'reference');
    const names = this.#options.columns ?? view.columnNames;
    const present = new Set(view.columnNames);
    const absent = names.filter((name) => !present.has(name));
    if (absent.length > 0) {
      throw new InvalidArgumentError({
        message: `options.columns lists columns the reference does not have: ${absent.join(', ')}. Reference columns: ${view.columnNames.join(', ')}.`,
        field: 'options.columns',
      });
    }
    this.#columns = names.map((name) => {
      const type = this.#typeOf(view, name);
      const values = view.column(name);
      const profile = type === 'text' ? null : profileColumn(type, values);
      return {
        name,
        type,
        profile,
        text: type === 'text' ? this.#fitText(values) : null,
        missing: profile ? profile.missing : countMissing(values),
      };
    });
    this.#reference = datasetInfo(view, this.#options.digest);
    return this;
  }

  // A text column that cannot be fitted (no text at all) is reported at test time as empty_reference.
  #fitText(values: ColumnTable[string]): ReturnType<TextDriftDetector['toJSON']> | null {
    if (!this.#options.textDrift) return null;
    try {
      return new TextDriftDetector(this.#options.text).fit(values as readonly (string | null)[]).toJSON();
    } catch (error) {
      if (EmptyColumnError.isInstance(error)) return null;
      throw error;
    }
  }

  /** The reference identity. @throws {NotFittedError} NOT_FITTED before `fit`. */
  get reference(): DatasetInfo {
    if (!this.#reference) throw new NotFittedError({ estimator: 'DataDriftDetector', method: 'reference' });
    return this.#reference;
  }

  #settings(name: string, type: DriftColumnType): { stattest?: StatTestName; threshold?: number } {
    const o = this.#options;
    const stattest =
      o.perColumnStattest?.[name] ??
      (type === 'numeric' ? o.numStattest : type === 'categorical' ? o.catStattest : undefined) ??
      o.stattest;
    const threshold =
      o.perColumnThreshold?.[name] ??
      (type === 'numeric' ? o.numThreshold : type === 'categorical' ? o.catThreshold : undefined) ??
      o.threshold;
    return { ...(stattest ? { stattest } : {}), ...(threshold !== undefined ? { threshold } : {}) };
  }

  /**
   * Tests every reference column on the current data. Columns only present in the current data are
   * reported as `missing_in_reference`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the current data has no rows or no columns.
   */
  test(current: DriftData): DatasetDriftResult {
    if (!this.#columns || !this.#reference)
      throw new NotFittedError({ estimator: 'DataDriftDetector', method: 'test' });
    const view = tableView(current);
    checkNotEmpty(view, 'current');
    const present = new Set(view.columnNames);
    const entries: ColumnDriftEntry[] = [];
    for (const fitted of this.#columns) entries.push(this.#testColumn(fitted, view, present));
    const known = new Set(this.#columns.map((column) => column.name));
    if (!this.#options.columns) {
      for (const name of view.columnNames) {
        if (!known.has(name)) entries.push(missingInReferenceEntry(name, this.#typeOf(view, name), view.column(name)));
      }
    }
    return summarizeColumns(
      entries,
      this.#options.driftShare,
      this.#reference,
      datasetInfo(view, this.#options.digest),
    );
  }

  /** The fitted column profiles, in column order (`profile` is null and `text` set for text columns). @throws {NotFittedError} NOT_FITTED before `fit`. */
  get profiles(): readonly FittedColumnProfile[] {
    if (!this.#columns) throw new NotFittedError({ estimator: 'DataDriftDetector', method: 'profiles' });
    return this.#columns;
  }

  /**
   * Assembles a fitted detector from column profiles computed elsewhere (for example in worker
   * threads by {@link dataDriftInWorkers}).
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for invalid options.
   */
  static fromProfiles(
    options: DataDriftOptions,
    reference: DatasetInfo,
    columns: readonly FittedColumnProfile[],
  ): DataDriftDetector {
    const detector = new DataDriftDetector(options);
    detector.#columns = [...columns];
    detector.#reference = { ...reference };
    return detector;
  }

  #testColumn(fitted: FittedColumn, view: TableView, present: ReadonlySet<string>): ColumnDriftEntry {
    const base = { column: fitted.name, type: fitted.type };
    if (!present.has(fitted.name)) {
      return {
        ...base,
        status: 'not_tested',
        reasonCode: 'missing_in_current',
        reason: `column '${fitted.name}' is in the reference but not in the current data`,
        result: null,
        missing: { reference: fitted.missing, current: 0 },
        histogram: null,
      };
    }
    const values = view.column(fitted.name);
    const currentType = this.#options.columnTypes?.[fitted.name] ?? view.declaredTypes[fitted.name] ?? fitted.type;
    if (fitted.type === 'text' || currentType === 'text') {
      const missing = { reference: fitted.missing, current: countMissing(values) };
      const notTested = (reasonCode: NotTestedReason, reason: string): ColumnDriftEntry => ({
        ...base,
        status: 'not_tested',
        reasonCode,
        reason,
        result: null,
        missing,
        histogram: null,
      });
      if (fitted.type !== currentType) {
        return notTested(
          'type_mismatch',
          `column '${fitted.name}' is ${fitted.type} in the reference and ${currentType} in the current data`,
        );
      }
      if (!this.#options.textDrift)
        return notTested('text_column', `text column '${fitted.name}': text drift is turned off (options.textDrift)`);
      if (!fitted.text)
        return notTested('empty_reference', `text column '${fitted.name}' has no text in the reference data`);
      if (values.length - missing.current === 0)
        return notTested('empty_current', `text column '${fitted.name}' has no text in the current data`);
      const strings = Array.from(values as ArrayLike<unknown>);
      if (strings.some((v) => v !== null && v !== undefined && typeof v !== 'string')) {
        return notTested('mixed_types', `text column '${fitted.name}' holds values that are not strings`);
      }
      const result = TextDriftDetector.fromJSON(fitted.text).test(strings as (string | null)[]);
      return {
        ...base,
        status: 'tested',
        reasonCode: null,
        reason: null,
        result: { ...result, column: fitted.name },
        missing,
        histogram: null,
      };
    }
    // The current side needs no distinct count or standard deviation.
    const profile = profileColumn(currentType, values, false);
    const reference = fitted.profile as ColumnProfile;
    const outcome = testColumnProfiles(fitted.name, reference, profile, this.#settings(fitted.name, fitted.type));
    const histogram =
      this.#options.histograms &&
      reference.type === profile.type &&
      profileSize(reference) > 0 &&
      profileSize(profile) > 0 &&
      !(reference.type === 'numeric' && (reference.nonNumeric > 0 || (profile as typeof reference).nonNumeric > 0))
        ? columnHistogram(reference, profile)
        : null;
    const missing = { reference: reference.missing, current: profile.missing };
    if (outcome.status === 'tested') {
      return { ...base, status: 'tested', reasonCode: null, reason: null, result: outcome.result, missing, histogram };
    }
    return {
      ...base,
      status: 'not_tested',
      reasonCode: outcome.reasonCode,
      reason: outcome.reason,
      result: null,
      missing,
      histogram,
    };
  }

  /** The options and the reference profile, JSON-serializable (store it next to a model version). */
  toJSON(): ReferenceProfileJSON {
    if (!this.#columns || !this.#reference)
      throw new NotFittedError({ estimator: 'DataDriftDetector', method: 'toJSON' });
    return {
      format: 'mloop.drift.reference-profile',
      version: 1,
      options: this.#options,
      reference: { ...this.#reference },
      columns: this.#columns.map((column) => ({
        name: column.name,
        type: column.type,
        missing: column.missing,
        profile: column.profile ? columnProfileToJSON(column.profile) : null,
        ...(column.text ? { text: column.text } : {}),
      })),
    };
  }

  /**
   * Restores a fitted detector from {@link DataDriftDetector.toJSON} output (for example a stored
   * artifact), so `test(current)` needs no reference data.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the JSON does not match the schema.
   */
  static fromJSON(json: unknown): DataDriftDetector {
    const parsed = parseOrThrow(referenceProfileJSONSchema, json, 'json');
    const detector = new DataDriftDetector(parsed.options);
    detector.#columns = parsed.columns.map((column) => ({
      name: column.name,
      type: column.type,
      missing: column.missing,
      profile: column.profile ? columnProfileFromJSON(column.profile) : null,
      // Validated (and rejected when malformed) by TextDriftDetector.fromJSON.
      text: column.text === undefined || column.text === null ? null : TextDriftDetector.fromJSON(column.text).toJSON(),
    }));
    detector.#reference = parsed.reference;
    return detector;
  }
}

/** Missing values (null, undefined, NaN, ±Infinity) in a column. */
export function countMissing(values: ColumnTable[string]): number {
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && !(v - v === 0))) missing++;
  }
  return missing;
}
