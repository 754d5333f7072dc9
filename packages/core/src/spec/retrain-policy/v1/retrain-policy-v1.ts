import type { DriftResultV1 } from '../../drift-detector/v1/drift-result-v1';

/** Everything a retrain policy may look at. Times are Unix ms; durations are ms. */
export interface RetrainContextV1 {
  /** The current time (from the loop's injectable clock). */
  readonly now: number;
  /** Drift measures by name, e.g. `{ dataset: 0.6, tfidf: 0.18 }` (share of drifted columns, distances). */
  readonly drift: Readonly<Record<string, number>>;
  /** The drift results behind those measures, for explanations. */
  readonly driftResults?: readonly DriftResultV1[];
  /** Live model metrics, e.g. `{ f1: 0.81, accuracy: 0.95 }`. */
  readonly metrics: Readonly<Record<string, number>>;
  /** When the serving model was trained; absent when there is none (which a policy may treat as "retrain"). */
  readonly modelTrainedAt?: number;
  /** When the last retrain started; absent if never. */
  readonly lastRetrainAt?: number;
  /** Labelled samples that arrived since the last retrain. */
  readonly newSamples: number;
}

/** One reason a rule gives, whether it fired or not, so every decision can be explained. */
export interface RetrainReasonV1 {
  /** The rule, e.g. `'driftAbove(tfidf, 0.15)'`. */
  readonly rule: string;
  /** Whether this rule asked for a retrain. */
  readonly fired: boolean;
  /** A sentence for humans: `'tfidf drift 0.18 > 0.15'`. */
  readonly message: string;
  /** The observed value, when the rule compares one. */
  readonly value?: number;
  /** The threshold it was compared with. */
  readonly threshold?: number;
}

/** A policy's decision. */
export interface RetrainDecisionV1 {
  /** What to do. */
  readonly action: 'none' | 'retrain';
  /** The reasons of every rule evaluated, fired or not. */
  readonly reasons: readonly RetrainReasonV1[];
}

/** A rule tree in JSON form, so a policy can live in a config file. */
export type RetrainPolicyJSONV1 =
  | { readonly rule: 'driftAbove'; readonly measure: string; readonly threshold: number }
  | { readonly rule: 'metricBelow'; readonly metric: string; readonly threshold: number }
  | { readonly rule: 'every'; readonly durationMs: number }
  | { readonly rule: 'minSamples'; readonly n: number }
  | { readonly rule: 'cooldown'; readonly durationMs: number }
  | { readonly rule: 'anyOf'; readonly policies: readonly RetrainPolicyJSONV1[] }
  | { readonly rule: 'allOf'; readonly policies: readonly RetrainPolicyJSONV1[] }
  | { readonly rule: 'not'; readonly policy: RetrainPolicyJSONV1 };

/** A pure, explainable decision function: same context → same decision. */
export interface RetrainPolicyV1 {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion: 'v1';
  /** Decides; never throws for a well-formed context. */
  decide(context: RetrainContextV1): RetrainDecisionV1;
  /** The policy as JSON (round-trips through the policy parser). */
  toJSON(): RetrainPolicyJSONV1;
}
