import { z } from 'zod';

/** The params every discrete naive Bayes model shares (scikit-learn names, camelCase). */
export const naiveBayesParamsShape = {
  /** Additive (Laplace/Lidstone) smoothing; `0` for none. Default `1`. */
  alpha: z.number().min(0).default(1),
  /**
   * Keep `alpha` as given even when below 1e-10. When false (scikit-learn 1.2's behaviour), a
   * smaller `alpha` is raised to 1e-10 so that no log-probability is −∞. Default `false`.
   */
  forceAlpha: z.boolean().default(false),
  /** Learn class priors from the class frequencies; when false, use a uniform prior. Default `true`. */
  fitPrior: z.boolean().default(true),
  /** Fixed class priors, one per class in sorted class order (not renormalised); `null` (default) to use `fitPrior`. */
  classPrior: z.array(z.number().positive()).min(1).nullable().default(null),
};

/** The params schema of {@link MultinomialNB}. */
export const multinomialNBParamsSchema = z.object(naiveBayesParamsShape).strict();
/** MultinomialNB params as you write them (every field optional). */
export type MultinomialNBParams = z.input<typeof multinomialNBParamsSchema>;
/** MultinomialNB params with defaults filled in. */
export type ResolvedMultinomialNBParams = z.output<typeof multinomialNBParamsSchema>;

/** The params schema of {@link ComplementNB}. */
export const complementNBParamsSchema = z
  .object({
    ...naiveBayesParamsShape,
    /** Normalise the complement weights a second time (the "weight normalisation" of Rennie et al.). Default `false`. */
    norm: z.boolean().default(false),
  })
  .strict();
/** ComplementNB params as you write them (every field optional). */
export type ComplementNBParams = z.input<typeof complementNBParamsSchema>;
/** ComplementNB params with defaults filled in. */
export type ResolvedComplementNBParams = z.output<typeof complementNBParamsSchema>;

/** The params schema of {@link BernoulliNB}. */
export const bernoulliNBParamsSchema = z
  .object({
    ...naiveBayesParamsShape,
    /** Values above this threshold count as 1, others as 0; `null` when the input is already 0/1. Default `0`. */
    binarize: z.number().nullable().default(0),
  })
  .strict();
/** BernoulliNB params as you write them (every field optional). */
export type BernoulliNBParams = z.input<typeof bernoulliNBParamsSchema>;
/** BernoulliNB params with defaults filled in. */
export type ResolvedBernoulliNBParams = z.output<typeof bernoulliNBParamsSchema>;

/** What the shared naive Bayes code reads from every variant's params. */
export type NaiveBayesCommonParams = Pick<
  ResolvedMultinomialNBParams,
  'alpha' | 'forceAlpha' | 'fitPrior' | 'classPrior'
>;
