/** A model evaluated on the shared holdout. */
export interface PromotionCandidateV1 {
  /** Registry version, when registered. */
  readonly version?: number;
  /** Holdout metrics, e.g. `{ accuracy: 0.97, recall: 0.88, f1: 0.9 }`. */
  readonly metrics: Readonly<Record<string, number>>;
}

/** Input of a promotion decision: both models scored on the **same** holdout. */
export interface PromotionContextV1 {
  /** The serving model; absent when there is none yet (the challenger then only has to pass the gates). */
  readonly champion?: PromotionCandidateV1;
  /** The new model. */
  readonly challenger: PromotionCandidateV1;
}

/** One gate or comparison and its outcome. */
export interface PromotionReasonV1 {
  /** The rule, e.g. `'gate recall ≥ 0.7'`, `'improve accuracy by 0.01'`. */
  readonly rule: string;
  /** Whether the rule passed. */
  readonly passed: boolean;
  /** A sentence for humans. */
  readonly message: string;
}

/** A promotion decision. */
export interface PromotionDecisionV1 {
  /** Promote the challenger, or keep the champion. */
  readonly action: 'promote' | 'keep';
  /** Every rule evaluated. */
  readonly reasons: readonly PromotionReasonV1[];
}

/** Champion vs challenger: gates, a required improvement and a tie rule. Pure. */
export interface PromotionPolicyV1 {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion: 'v1';
  /** Decides; a metric named by a rule but missing from a candidate fails that rule. */
  decide(context: PromotionContextV1): PromotionDecisionV1;
}
