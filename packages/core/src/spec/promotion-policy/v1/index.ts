export type {
  PromotionCandidateV1,
  PromotionContextV1,
  PromotionDecisionV1,
  PromotionPolicyV1,
  PromotionReasonV1,
} from './promotion-policy-v1';
