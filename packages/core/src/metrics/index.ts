export { accuracyScore } from './accuracy-score';
export { type AveragePrecisionScoreOptions, averagePrecisionScore } from './average-precision-score';
export { type BalancedAccuracyScoreOptions, balancedAccuracyScore } from './balanced-accuracy-score';
export { type BrierScoreLossOptions, brierScoreLoss } from './brier-score-loss';
export {
  type ClassificationReport,
  type ClassificationReportOptions,
  type ClassificationReportRow,
  classificationReport,
} from './classification-report';
export { type ConfusionMatrixOptions, confusionMatrix } from './confusion-matrix';
export { type LogLossOptions, logLoss } from './log-loss';
export { matthewsCorrcoef } from './matthews-corrcoef';
export {
  type PrecisionRecallCurve,
  type PrecisionRecallCurveOptions,
  precisionRecallCurve,
} from './precision-recall-curve';
export {
  type AveragedScores,
  type FbetaScoreOptions,
  f1Score,
  fbetaScore,
  type MetricAverage,
  type PerClassScores,
  type PrecisionRecallFscoreSupportOptions,
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
  type ScoreOptions,
} from './precision-recall-fscore-support';
export { type RocAucScoreOptions, rocAucScore } from './roc-auc-score';
export { type RocCurve, type RocCurveOptions, rocCurve } from './roc-curve';
