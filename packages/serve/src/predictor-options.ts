import type { EstimatorV1, Label, Mloop } from '@mloop/core';
import { z } from 'zod';

/** One term or feature that pushed a prediction, as an explainer reports it. */
export interface TopFeature {
  /** The feature or term. */
  readonly feature: string;
  /** Its contribution (sign: towards (+) or away from (−) the predicted class). */
  readonly weight: number;
}

/** Explains predictions: for each input row, the `k` features that pushed it most. */
export type Explainer = (model: EstimatorV1<unknown>, input: unknown, k: number) => TopFeature[][];

/** What a prediction request carries, and how it becomes model input. */
export type PredictorInputSpec =
  | {
      /** Text models (TF-IDF pipelines): the request is `{ [field]: string }`. */
      readonly kind: 'text';
      /** The request field holding the text; default `'text'`. */
      readonly field?: string;
      /** Longest accepted text in characters; default 10,000. */
      readonly maxLength?: number;
    }
  | {
      /** Numeric models: the request is `{ feature: number, … }` with every named feature. */
      readonly kind: 'features';
      /** Feature names in model column order. */
      readonly features: readonly string[];
    };

/** Options of `createPredictor`. */
export interface PredictorOptions {
  /** The mloop facade whose registry holds the model (with its kind registered in `models`). */
  readonly mloop: Mloop;
  /** The registered model name. */
  readonly model: string;
  /** The alias to serve; default `'production'`. */
  readonly alias?: string;
  /** The request shape. */
  readonly input: PredictorInputSpec;
  /** The positive class for live precision/recall/F1 (binary); macro averages otherwise. */
  readonly positiveLabel?: Label;
  /**
   * Explainer for `topFeatures`; default `explainWithTopFeatures` (linear models and naive Bayes of
   * `@mloop/models`, TF-IDF pipelines included; other models answer without top features).
   * `false` turns explanations off.
   */
  readonly explain?: Explainer | false;
  /** How many top features to return when an explainer is set; default 5. */
  readonly topFeatures?: number;
  /** A/B split: `share` of request keys (by stable hash) go to `alias`. */
  readonly ab?: { readonly alias: string; readonly share: number };
  /** Called on every newly loaded model before it replaces the old one; throw to refuse it. */
  readonly verify?: (model: EstimatorV1<unknown>) => void | Promise<void>;
  /** Prediction log: ring capacity (default 10,000) and an optional sink for every record. */
  readonly log?: { readonly capacity?: number; readonly sink?: (record: PredictionRecord) => void | Promise<void> };
  /** Labelled predictions the live metrics look at; default 500. */
  readonly feedbackWindow?: number;
  /** Clock in Unix ms. */
  readonly now?: () => number;
}

/** One logged prediction. */
export interface PredictionRecord {
  /** The prediction id (returned to the caller, used by `recordFeedback`). */
  readonly id: string;
  /** Unix ms. */
  readonly at: number;
  /** The registry version that served it. */
  readonly modelVersion: number;
  /** The alias it was served under. */
  readonly alias: string;
  /** SHA-256 of the canonical input (inputs themselves are not kept). */
  readonly inputDigest: string;
  /** The predicted label (classifiers) or −1/1 (outlier detectors). */
  readonly prediction: Label;
  /** Probability of the predicted class, or a squashed decision score for outlier detectors. */
  readonly confidence: number;
  /** Time spent in the model, ms. */
  readonly latencyMs: number;
  /** The true label, once `recordFeedback` was called. */
  label?: Label;
}

/** Predictor option checks that zod can express (the rest are functions or objects checked by shape). */
export const predictorOptionsSchema = z
  .object({
    model: z.string().min(1),
    alias: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/)
      .default('production'),
    topFeatures: z.number().int().min(1).max(100).default(5),
    ab: z
      .object({ alias: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/), share: z.number().min(0).max(1) })
      .optional(),
    feedbackWindow: z.number().int().min(1).max(1_000_000).default(500),
    logCapacity: z.number().int().min(1).max(10_000_000).default(10_000),
  })
  .strict();
