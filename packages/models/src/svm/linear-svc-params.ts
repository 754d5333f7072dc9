import { z } from 'zod';

/** The params schema of {@link LinearSVC} (scikit-learn names, camelCase). */
export const linearSVCParamsSchema = z
  .object({
    /** Penalty on slack: larger fits the training data harder. Default `1`. */
    C: z.number().positive().default(1),
    /** `'squared_hinge'` (default, L2 loss) or `'hinge'` (L1 loss, the classic SVM). */
    loss: z.union([z.literal('squared_hinge'), z.literal('hinge')]).default('squared_hinge'),
    /** Stop when the projected-gradient spread of the dual falls below this (liblinear's `eps`). Default `1e-4`. */
    tol: z.number().positive().default(1e-4),
    /** Passes over the data at most, per one-vs-rest problem. Default `1000`. */
    maxIter: z.number().int().min(1).default(1000),
    /**
     * Learn an intercept, as liblinear does: a constant feature `interceptScaling` is appended and
     * its weight is regularised like the others. Default `true`.
     */
    fitIntercept: z.boolean().default(true),
    /** Value of the constant feature that carries the intercept. Default `1`. */
    interceptScaling: z.number().positive().default(1),
    /**
     * Per-class multipliers of `C`: `'balanced'` (`n / (classes · count)`), a map from label (as a
     * string) to weight, or `null` (default).
     */
    classWeight: z.union([z.literal('balanced'), z.record(z.string(), z.number().positive()), z.null()]).default(null),
    /** Seed of the coordinate order shuffled on every pass. Default `0`. */
    seed: z.number().int().default(0),
  })
  .strict();

/** LinearSVC params as you write them (every field optional). */
export type LinearSVCParams = z.input<typeof linearSVCParamsSchema>;
/** LinearSVC params with defaults filled in. */
export type ResolvedLinearSVCParams = z.output<typeof linearSVCParamsSchema>;
