import { z } from 'zod';

/** The params schema of {@link LogisticRegression} (scikit-learn names, camelCase). */
export const logisticRegressionParamsSchema = z
  .object({
    /** `'l2'` (default) adds `‖w‖² / (2C)` to the loss; `null` fits without penalty. */
    penalty: z.union([z.literal('l2'), z.null()]).default('l2'),
    /** Inverse regularisation strength: smaller is stronger. Default `1`. */
    C: z.number().positive().default(1),
    /** Learn an (unpenalised) intercept. Default `true`. */
    fitIntercept: z.boolean().default(true),
    /**
     * Per-class sample weights: `'balanced'` (`n / (classes · count)`), a map from label (as a
     * string: `'spam'`, `'1'`) to weight, or `null` (default) for equal weights.
     */
    classWeight: z.union([z.literal('balanced'), z.record(z.string(), z.number().positive()), z.null()]).default(null),
    /** Solver iterations at most (per one-vs-rest problem). Default `100`. */
    maxIter: z.number().int().min(0).default(100),
    /** Stop when the largest gradient component of the objective is at most this (scipy's `gtol`). Default `1e-4`. */
    tol: z.number().min(0).default(1e-4),
    /** `'lbfgs'`: limited-memory BFGS, as scikit-learn's default solver (the only one here). */
    solver: z.literal('lbfgs').default('lbfgs'),
    /**
     * `'multinomial'` (one softmax model), `'ovr'` (one binary model per class), or `'auto'`
     * (default): multinomial for more than two classes, a single binary model for two.
     */
    multiClass: z.union([z.literal('auto'), z.literal('ovr'), z.literal('multinomial')]).default('auto'),
  })
  .strict();

/** LogisticRegression params as you write them (every field optional). */
export type LogisticRegressionParams = z.input<typeof logisticRegressionParamsSchema>;
/** LogisticRegression params with defaults filled in. */
export type ResolvedLogisticRegressionParams = z.output<typeof logisticRegressionParamsSchema>;
