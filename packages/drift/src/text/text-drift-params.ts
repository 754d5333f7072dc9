import { z } from 'zod';

/** Params of `TextDriftDetector`. */
export const textDriftParamsSchema = z.object({
  /** Top terms compared by Jaccard for vocabulary drift. Default 50. */
  topK: z.number().int().positive().default(50),
  /** Drift when max(vocabulary drift, TF-IDF drift) is above this (strict). Default 0.15 (the SMS project's). */
  threshold: z.number().min(0).max(1).default(0.15),
  /** Stop words; default scikit-learn's 318-word English list. */
  stopWords: z.array(z.string()).optional(),
  /** The label of spam (positive) texts, for new spam patterns. Default `'spam'`. */
  positiveLabel: z.string().default('spam'),
  /** Emerging-term rules. */
  emerging: z
    .object({
      /** Smallest current document frequency. Default 2. */
      minDf: z.number().int().positive().default(2),
      /** Shortest term. Default 3. */
      minLength: z.number().int().nonnegative().default(3),
      /** Smallest lift. Default 2. */
      minLift: z.number().positive().default(2),
      /** Terms kept. Default 10. */
      top: z.number().int().positive().default(10),
    })
    .prefault({}),
  /** Run Evidently's domain-classifier method (keeps the reference texts in the profile). Default true. */
  domainClassifier: z.boolean().default(true),
  /** Seed of the domain classifier's split and random AUCs. Default 42. */
  seed: z.number().int().default(42),
  /** Most texts per side the domain classifier uses (a seeded sample beyond). Default 20,000. */
  maxClassifierTexts: z.number().int().positive().default(20_000),
});

/** Params as given. */
export type TextDriftParams = z.input<typeof textDriftParamsSchema>;
