import { z } from 'zod';

/** A fraction in (0, 1] of the rows or features, or an integer count above 1. */
const sizeSchema = z.union([z.number().gt(0).lte(1), z.number().int().gt(1)]);

/**
 * Params of {@link IsolationForest}: sklearn's `IsolationForest` arguments in camelCase, with the
 * same defaults. One difference: a number in (0, 1] is always a fraction and an integer above 1 a
 * count (sklearn tells `1` from `1.0` by type, which JavaScript cannot).
 */
export const isolationForestParamsSchema = z
  .object({
    /** Number of trees. */
    nEstimators: z.number().int().min(1).default(100),
    /** Rows drawn per tree: `'auto'` = min(256, n), a fraction of n, or a count (capped at n). */
    maxSamples: z.union([z.literal('auto'), sizeSchema]).default('auto'),
    /** Features drawn (without replacement) per tree: a fraction of them or a count. */
    maxFeatures: sizeSchema.default(1),
    /** Draw each tree's rows with replacement. */
    bootstrap: z.boolean().default(false),
    /** Share of outliers: `'auto'` (offset −0.5, the original paper's threshold) or a rate in (0, 0.5]. */
    contamination: z.union([z.literal('auto'), z.number().gt(0).lte(0.5)]).default('auto'),
    /** Seed of the random generator; unset means 0 (mloop never seeds from the clock). */
    seed: z.number().int().optional(),
  })
  .strict();

/** Params of {@link IsolationForest} as the user writes them (every field optional). */
export type IsolationForestParams = z.input<typeof isolationForestParamsSchema>;
/** Params of {@link IsolationForest} with defaults filled in. */
export type IsolationForestResolvedParams = z.output<typeof isolationForestParamsSchema>;
