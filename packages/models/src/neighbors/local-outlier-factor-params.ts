import { z } from 'zod';

/**
 * Params of {@link LocalOutlierFactor}: sklearn's `LocalOutlierFactor` arguments in camelCase,
 * with the same defaults.
 */
export const localOutlierFactorParamsSchema = z
  .object({
    /** Neighbours per point (sklearn `n_neighbors`); capped at n − 1 when fitting on fewer rows. */
    nNeighbors: z.number().int().min(1).default(20),
    /** Neighbour search: `'auto'` picks a KD-tree for ≤ 15 features and a blocked brute force otherwise. */
    algorithm: z.union([z.literal('auto'), z.literal('kd_tree'), z.literal('brute')]).default('auto'),
    /** Leaf size of the KD-tree (affects speed only). */
    leafSize: z.number().int().min(1).default(30),
    /** Distance: `'minkowski'` (with `p`), `'euclidean'`, `'manhattan'`, `'chebyshev'` or `'cosine'`. */
    metric: z
      .union([
        z.literal('minkowski'),
        z.literal('euclidean'),
        z.literal('manhattan'),
        z.literal('chebyshev'),
        z.literal('cosine'),
      ])
      .default('minkowski'),
    /** Minkowski power (≥ 1); 2 is euclidean, 1 manhattan. Ignored by the other metrics. */
    p: z.number().min(1).finite().default(2),
    /** Share of outliers: `'auto'` (offset −1.5, as in the LOF paper) or a rate in (0, 0.5]. */
    contamination: z.union([z.literal('auto'), z.number().gt(0).lte(0.5)]).default('auto'),
    /**
     * `false` (default): outlier detection on the training data (`fitPredict`,
     * `negativeOutlierFactor`). `true`: novelty detection on new data (`scoreSamples`,
     * `decisionFunction`, `predict`).
     */
    novelty: z.boolean().default(false),
  })
  .strict()
  .refine((params) => !(params.metric === 'cosine' && params.algorithm === 'kd_tree'), {
    message: "metric 'cosine' has no KD-tree; use algorithm 'brute' or 'auto'",
    path: ['algorithm'],
  });

/** Params of {@link LocalOutlierFactor} as the user writes them (every field optional). */
export type LocalOutlierFactorParams = z.input<typeof localOutlierFactorParamsSchema>;
/** Params of {@link LocalOutlierFactor} with defaults filled in. */
export type LocalOutlierFactorResolvedParams = z.output<typeof localOutlierFactorParamsSchema>;
