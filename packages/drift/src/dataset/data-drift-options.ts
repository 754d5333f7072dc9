import { z } from 'zod';
import { STAT_TEST_NAMES, type StatTestName } from '../column/stat-tests';
import { textDriftParamsSchema } from '../text/text-drift-params';

/** zod schema of a test name. */
export const statTestNameSchema = z.union(
  STAT_TEST_NAMES.map((name) => z.literal(name)) as unknown as [
    z.ZodLiteral<StatTestName>,
    z.ZodLiteral<StatTestName>,
    ...z.ZodLiteral<StatTestName>[],
  ],
);

/** zod schema of a drift column type. */
export const driftColumnTypeSchema = z.union([z.literal('numeric'), z.literal('categorical'), z.literal('text')]);

const threshold = z.number().finite().nonnegative();

/**
 * Options of {@link DataDriftDetector}. The test and the threshold of a column follow Evidently's
 * precedence: per column → per type (`num…`/`cat…`) → global → automatic choice / the test's default.
 */
export const dataDriftOptionsSchema = z.object({
  /** Columns to test, in order; default every column of the reference. */
  columns: z.array(z.string()).optional(),
  /** Column types; default from the Dataset schema, else inferred from the values. */
  columnTypes: z.record(z.string(), driftColumnTypeSchema).optional(),
  /** Test for every column. */
  stattest: statTestNameSchema.optional(),
  /** Test for numeric columns. */
  numStattest: statTestNameSchema.optional(),
  /** Test for categorical columns. */
  catStattest: statTestNameSchema.optional(),
  /** Test per column. */
  perColumnStattest: z.record(z.string(), statTestNameSchema).optional(),
  /** Threshold for every column. */
  threshold: threshold.optional(),
  /** Threshold for numeric columns. */
  numThreshold: threshold.optional(),
  /** Threshold for categorical columns. */
  catThreshold: threshold.optional(),
  /** Threshold per column. */
  perColumnThreshold: z.record(z.string(), threshold).optional(),
  /** Dataset drift when the share of drifted columns is ≥ this (inclusive). Default 0.5. */
  driftShare: z.number().min(0).max(1).default(0.5),
  /** Test text columns with TextDriftDetector. Default true. */
  textDrift: z.boolean().default(true),
  /** Params of the text-drift detector for text columns. */
  text: textDriftParamsSchema.optional(),
  /** Compute the per-column histograms reports draw. Default true. */
  histograms: z.boolean().default(true),
  /** Compute SHA-256 digests of plain column tables (Datasets carry their own). Default true. */
  digest: z.boolean().default(true),
});

/** Options of {@link DataDriftDetector} as given. */
export type DataDriftOptions = z.input<typeof dataDriftOptionsSchema>;

/** Options after defaults. */
export type ResolvedDataDriftOptions = z.output<typeof dataDriftOptionsSchema>;
