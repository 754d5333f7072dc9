import {
  type BatchDriftDetectorV1,
  type DriftResultV1,
  InvalidArgumentError,
  NotFittedError,
  parseOrThrow,
} from '@mloop/core';
import { z } from 'zod';
import { EmptyColumnError } from '../errors';
import type { ColumnValues } from './clean';
import {
  type ColumnProfile,
  columnProfileFromJSON,
  columnProfileJSONSchema,
  columnProfileToJSON,
  profileColumn,
  profileSize,
} from './column-profile';
import { testColumnProfiles } from './column-test';
import { STAT_TEST_NAMES, type StatTestName } from './stat-tests';

const statTestSchema = z.union(
  STAT_TEST_NAMES.map((name) => z.literal(name)) as [
    z.ZodLiteral<StatTestName>,
    z.ZodLiteral<StatTestName>,
    ...z.ZodLiteral<StatTestName>[],
  ],
);

/** Params of {@link ColumnDriftDetector}. */
export const columnDriftDetectorParamsSchema = z.object({
  /** `'numeric'` or `'categorical'`. */
  type: z.union([z.literal('numeric'), z.literal('categorical')]),
  /** The test; omitted = Evidently's automatic choice. */
  stattest: statTestSchema.optional(),
  /** The threshold; omitted = the test's default. */
  threshold: z.number().finite().nonnegative().optional(),
  /** Column name reported in results. */
  column: z.string().optional(),
});

/** Params of {@link ColumnDriftDetector}. */
export type ColumnDriftDetectorParams = z.input<typeof columnDriftDetectorParamsSchema>;

const columnDriftDetectorJSONSchema = z.object({
  format: z.literal('mloop.drift.column-detector'),
  version: z.literal(1),
  params: columnDriftDetectorParamsSchema,
  reference: columnProfileJSONSchema.nullable(),
});

/**
 * Drift test of one column (numeric or categorical): `fit(reference)` keeps a profile of the
 * reference (sorted values or category counts), `test(current)` processes only the current batch.
 * Missing values are dropped and counted on both sides.
 *
 * @example
 * ```ts
 * const detector = new ColumnDriftDetector({ type: 'numeric' }).fit([1.2, 0.4, 2.2, 1.9, 0.1, 1.4]);
 * const result = detector.test([3.1, 2.8, 3.6, 2.9, 3.3, 3.0]);
 * result.method; // 'ks' (≤ 1000 reference rows, > 5 distinct values)
 * ```
 */
export class ColumnDriftDetector implements BatchDriftDetectorV1<ColumnValues> {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion = 'v1' as const;
  readonly #params: z.output<typeof columnDriftDetectorParamsSchema>;
  #reference: ColumnProfile | undefined;

  /**
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for an unknown type or test, or a negative threshold.
   */
  constructor(params: ColumnDriftDetectorParams) {
    this.#params = parseOrThrow(columnDriftDetectorParamsSchema, params, 'params');
  }

  /** The configured test, or `'auto'` for Evidently's automatic choice. */
  get method(): string {
    return this.#params.stattest ?? 'auto';
  }

  /** Whether `fit` has run. */
  get isFitted(): boolean {
    return this.#reference !== undefined;
  }

  /** The fitted reference profile. @throws {NotFittedError} NOT_FITTED before `fit`. */
  get referenceProfile(): ColumnProfile {
    if (!this.#reference) throw this.#notFitted('referenceProfile');
    return this.#reference;
  }

  /**
   * Profiles the reference.
   * @throws {EmptyColumnError} INVALID_ARGUMENT when no value is left after dropping missing values.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when a numeric column holds non-numbers.
   */
  fit(reference: ColumnValues): this {
    const profile = profileColumn(this.#params.type, reference);
    this.#check(profile, 'reference');
    this.#reference = profile;
    return this;
  }

  #check(profile: ColumnProfile, side: 'reference' | 'current'): void {
    const column = this.#params.column ?? 'column';
    if (profile.type === 'numeric' && profile.nonNumeric > 0) {
      throw new InvalidArgumentError({
        message: `The ${side} values of numeric column '${column}' hold ${profile.nonNumeric} non-numeric values. Convert them to numbers or declare the column categorical.`,
        field: `${side}.${column}`,
      });
    }
    if (profileSize(profile) === 0) {
      throw new EmptyColumnError({
        message: `An empty column '${column}' was provided for drift calculation in the ${side} data (${profile.missing} missing values dropped).`,
        field: `${side}.${column}`,
        side,
      });
    }
  }

  #notFitted(method: string): NotFittedError {
    return new NotFittedError({ estimator: 'ColumnDriftDetector', method });
  }

  /**
   * Tests the current values against the reference profile. When the chosen test is undefined
   * (chi-square over a single category) the result has `pValue` NaN and `driftDetected` false, with
   * `details.undefinedReason`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {EmptyColumnError} INVALID_ARGUMENT when the current batch is empty after dropping missing values.
   */
  test(current: ColumnValues): DriftResultV1 {
    if (!this.#reference) throw this.#notFitted('test');
    const profile = profileColumn(this.#params.type, current);
    this.#check(profile, 'current');
    const column = this.#params.column ?? 'column';
    const outcome = testColumnProfiles(column, this.#reference, profile, this.#params);
    if (outcome.status === 'tested') return outcome.result;
    const method = outcome.method ?? 'auto';
    return {
      method,
      column,
      statistic: Number.NaN,
      pValue: Number.NaN,
      threshold: this.#params.threshold ?? Number.NaN,
      driftDetected: false,
      score: Number.NaN,
      missing: { reference: this.#reference.missing, current: profile.missing },
      details: { undefinedReason: outcome.reason, reasonCode: outcome.reasonCode },
    };
  }

  /** Params and the reference profile, JSON-serializable. */
  toJSON(): z.output<typeof columnDriftDetectorJSONSchema> {
    return {
      format: 'mloop.drift.column-detector',
      version: 1,
      params: this.#params,
      reference: this.#reference ? columnProfileToJSON(this.#reference) : null,
    };
  }

  /**
   * Restores a detector from {@link ColumnDriftDetector.toJSON} output.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the JSON does not match the schema.
   */
  static fromJSON(json: unknown): ColumnDriftDetector {
    const parsed = parseOrThrow(columnDriftDetectorJSONSchema, json, 'json');
    const detector = new ColumnDriftDetector(parsed.params);
    if (parsed.reference) detector.#reference = columnProfileFromJSON(parsed.reference);
    return detector;
  }
}
