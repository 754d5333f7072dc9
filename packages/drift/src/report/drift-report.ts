import { type DriftResultV1, parseOrThrow } from '@mloop/core';
import { z } from 'zod';
import type { ClassificationQuality } from '../classification/classification-quality';
import { STAT_TESTS, type StatTestName } from '../column/stat-tests';
import type { DatasetDriftResult } from '../dataset/data-drift-detector';
import { columnHistogramSchema } from '../dataset/histogram';
import { TextDriftDetector, type TextDriftResult } from '../text/text-drift-detector';

/** Format marker of a drift report. */
export const DRIFT_REPORT_FORMAT = 'mloop.drift-report';
/** Schema version of a drift report; changes only with a breaking change of the schema. */
export const DRIFT_REPORT_VERSION = 1;

/** A number as JSON can carry it: finite numbers as numbers, ±Infinity and NaN as strings. */
export const reportNumberSchema = z.union([
  z.number(),
  z.literal('Infinity'),
  z.literal('-Infinity'),
  z.literal('NaN'),
]);

/** A number as JSON can carry it. */
export type ReportNumber = z.infer<typeof reportNumberSchema>;

/** Encodes a number for the report (non-finite values as strings, the test-vector convention). */
export function toReportNumber(value: number): ReportNumber {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** Decodes {@link toReportNumber}. */
export function fromReportNumber(value: ReportNumber): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  return value === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

const datasetInfoSchema = z.object({
  /** Dataset name, when known. */
  name: z.string().nullable(),
  /** SHA-256 content digest (64 hex digits), or null when digests were turned off. */
  digest: z.string().nullable(),
  /** Row count. */
  nRows: z.number().int().nonnegative(),
});

/** One column of a report. */
export const driftReportColumnSchema = z.object({
  /** Column name. */
  column: z.string(),
  /** `'numeric'`, `'categorical'` or `'text'`. */
  type: z.union([z.literal('numeric'), z.literal('categorical'), z.literal('text')]),
  /** `'tested'` or `'not_tested'`. */
  status: z.union([z.literal('tested'), z.literal('not_tested')]),
  /** Why not tested (machine-readable), else null. */
  reasonCode: z.string().nullable(),
  /** Why not tested (for people), else null. */
  reason: z.string().nullable(),
  /** The test (`ks`, `chisquare`, `z`, `wasserstein`, `jensenshannon`, `psi`, `anderson`), null when not tested. */
  method: z.string().nullable(),
  /** The statistic (D, χ², z or the distance). */
  statistic: reportNumberSchema.nullable(),
  /** The p-value of p-value tests, else null. */
  pValue: reportNumberSchema.nullable(),
  /** The threshold used. */
  threshold: z.number().nullable(),
  /** The comparison: `'p <= t'`, `'p < t'` or `'score >= t'`. */
  rule: z.string().nullable(),
  /** The value compared with the threshold. */
  score: reportNumberSchema.nullable(),
  /** The verdict; false when not tested. */
  driftDetected: z.boolean(),
  /** Missing values dropped per side. */
  missing: z.object({ reference: z.number().int().nonnegative(), current: z.number().int().nonnegative() }),
  /** Bucket shares per side (Evidently's bins), null when a side has no values. */
  histogram: columnHistogramSchema.nullable(),
});

/** One column of a report. */
export type DriftReportColumn = z.infer<typeof driftReportColumnSchema>;

const driftResultSchema = z.object({
  method: z.string(),
  column: z.string().optional(),
  statistic: reportNumberSchema,
  pValue: reportNumberSchema.nullable(),
  threshold: reportNumberSchema,
  driftDetected: z.boolean(),
  score: reportNumberSchema,
  details: z.record(z.string(), z.unknown()),
});

const metricsSchema = z.object({
  rows: z.number().int(),
  accuracy: z.number(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  rocAuc: z.number().nullable(),
  confusionMatrix: z.array(z.array(z.number())),
  targetShares: z.array(z.number()),
  predictionShares: z.array(z.number()),
});

/** Text-drift section (see `TextDriftDetector`). */
export const textDriftSectionSchema = z.object({
  /** Column or corpus name. */
  name: z.string(),
  /** 1 − Jaccard of the top-k terms. */
  vocabularyDrift: z.number(),
  /** Cosine distance of the mean TF-IDF vectors. */
  tfidfDrift: z.number(),
  /** Drift when either measure is above this (strict). */
  threshold: z.number(),
  /** The verdict. */
  driftDetected: z.boolean(),
  /** Top terms of each side. */
  referenceTopTerms: z.array(z.string()),
  /** Top terms of each side. */
  currentTopTerms: z.array(z.string()),
  /** New spam (or emerging) terms, by lift. */
  newPatterns: z.array(z.string()),
  /** Domain-classifier ROC AUC, when computed. */
  domainClassifierAuc: z.number().nullable(),
  /** Words that best tell current from reference, when computed. */
  tellingWords: z.array(z.string()),
  /** Recommendation text. */
  recommendation: z.string(),
});

/** Text-drift section of a report. */
export type TextDriftSection = z.infer<typeof textDriftSectionSchema>;

/**
 * The drift report: stable, versioned, validated JSON. Its size depends on the number of columns
 * and buckets, never on the number of rows.
 */
export const driftReportSchema = z.object({
  /** Always {@link DRIFT_REPORT_FORMAT}. */
  format: z.literal(DRIFT_REPORT_FORMAT),
  /** Always {@link DRIFT_REPORT_VERSION}. */
  version: z.literal(DRIFT_REPORT_VERSION),
  /** Report title. */
  title: z.string(),
  /** ISO-8601 creation time. */
  createdAt: z.string(),
  /** The reference data. */
  reference: datasetInfoSchema,
  /** The current data. */
  current: datasetInfoSchema,
  /** Dataset verdict. */
  dataset: z.object({
    driftDetected: z.boolean(),
    driftShare: z.number(),
    numberOfColumns: z.number().int(),
    numberOfDriftedColumns: z.number().int(),
    shareOfDriftedColumns: z.number(),
    numberNotTested: z.number().int(),
  }),
  /** Every column, tested or not. */
  columns: z.array(driftReportColumnSchema),
  /** Multivariate results (PCA reconstruction, MMD), when computed. */
  multivariate: z.array(driftResultSchema),
  /** Classification quality, when computed. */
  classification: z
    .object({
      labels: z.array(z.union([z.string(), z.number()])),
      positiveLabel: z.union([z.string(), z.number()]).nullable(),
      average: z.union([z.literal('binary'), z.literal('macro')]),
      reference: metricsSchema,
      current: metricsSchema,
      change: z.object({
        accuracy: z.number(),
        precision: z.number(),
        recall: z.number(),
        f1: z.number(),
        rocAuc: z.number().nullable(),
      }),
      predictionDrift: driftResultSchema,
      targetDrift: driftResultSchema,
      scoreDrift: driftResultSchema.nullable(),
    })
    .nullable(),
  /** Text drift, when computed; the HTML report omits the section otherwise. */
  text: z.array(textDriftSectionSchema),
});

/** The drift report. */
export type DriftReport = z.infer<typeof driftReportSchema>;

/** Extra sections of a report. */
export interface DriftReportExtras {
  /** Title (default `'Data drift report'`). */
  readonly title?: string;
  /** Creation time (default now). */
  readonly createdAt?: Date;
  /** Multivariate results to include. */
  readonly multivariate?: readonly DriftResultV1[];
  /** Classification quality to include. */
  readonly classification?: ClassificationQuality;
  /** Text-drift sections to include. */
  readonly text?: readonly TextDriftSection[];
}

/** Keeps only JSON-safe values in `details` (non-finite numbers encoded, typed arrays as arrays). */
function jsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return toReportNumber(value);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => toReportNumber(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

function resultJSON(result: DriftResultV1): z.infer<typeof driftResultSchema> {
  return {
    method: result.method,
    ...(result.column !== undefined ? { column: result.column } : {}),
    statistic: toReportNumber(result.statistic),
    pValue: result.pValue === undefined ? null : toReportNumber(result.pValue),
    threshold: toReportNumber(result.threshold),
    driftDetected: result.driftDetected,
    score: toReportNumber(result.score),
    details: jsonSafe(result.details) as Record<string, unknown>,
  };
}

/**
 * Builds the JSON report from a dataset drift result and optional sections; the output is
 * validated against {@link driftReportSchema}.
 * @example
 * ```ts
 * const report = createDriftReport(new DataDriftDetector().fit(reference).test(current));
 * writeFileSync('drift_report.json', JSON.stringify(report));
 * ```
 */
export function createDriftReport(result: DatasetDriftResult, extras: DriftReportExtras = {}): DriftReport {
  const columns: DriftReportColumn[] = result.columns.map((entry) => {
    const r = entry.result;
    const method = r ? r.method : null;
    return {
      column: entry.column,
      type: entry.type,
      status: entry.status,
      reasonCode: entry.reasonCode,
      reason: entry.reason,
      method,
      statistic: r ? toReportNumber(r.statistic) : null,
      pValue: r?.pValue !== undefined ? toReportNumber(r.pValue) : null,
      threshold: r ? r.threshold : null,
      rule:
        method && method in STAT_TESTS
          ? STAT_TESTS[method as StatTestName].rule
          : method === 'text_vocabulary'
            ? 'score > t'
            : null,
      score: r ? toReportNumber(r.score) : null,
      driftDetected: r?.driftDetected ?? false,
      missing: { ...entry.missing },
      histogram: entry.histogram,
    };
  });
  const q = extras.classification;
  const report: DriftReport = {
    format: DRIFT_REPORT_FORMAT,
    version: DRIFT_REPORT_VERSION,
    title: extras.title ?? 'Data drift report',
    createdAt: (extras.createdAt ?? new Date()).toISOString(),
    reference: { ...result.reference },
    current: { ...result.current },
    dataset: {
      driftDetected: result.driftDetected,
      driftShare: result.threshold,
      numberOfColumns: result.numberOfColumns,
      numberOfDriftedColumns: result.numberOfDriftedColumns,
      shareOfDriftedColumns: result.shareOfDriftedColumns,
      numberNotTested: result.columns.filter((c) => c.status === 'not_tested').length,
    },
    columns,
    multivariate: (extras.multivariate ?? []).map(resultJSON),
    classification: q
      ? {
          labels: q.labels,
          positiveLabel: q.positiveLabel,
          average: q.average,
          reference: q.reference,
          current: q.current,
          change: q.change,
          predictionDrift: resultJSON(q.predictionDrift),
          targetDrift: resultJSON(q.targetDrift),
          scoreDrift: q.scoreDrift ? resultJSON(q.scoreDrift) : null,
        }
      : null,
    // Text columns tested by the dataset detector bring their own section.
    text: [
      ...result.columns
        .filter((entry) => entry.result?.method === 'text_vocabulary')
        .map((entry) => TextDriftDetector.toReportSection(entry.column, entry.result as TextDriftResult)),
      ...(extras.text ?? []),
    ],
  };
  return parseOrThrow(driftReportSchema, report, 'report');
}

/**
 * Validates a stored report.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the first bad field.
 */
export function parseDriftReport(json: unknown): DriftReport {
  return parseOrThrow(driftReportSchema, json, 'report');
}
