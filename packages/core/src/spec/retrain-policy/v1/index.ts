export type {
  RetrainContextV1,
  RetrainDecisionV1,
  RetrainPolicyJSONV1,
  RetrainPolicyV1,
  RetrainReasonV1,
} from './retrain-policy-v1';
