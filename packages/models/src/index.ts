/**
 * @mloop/models: scikit-learn-faithful estimators for Node.
 *
 * @packageDocumentation
 */

// numeric and unsupervised models, preprocessing, pipeline, model selection (models-A)
export {
  IsolationForest,
  type IsolationForestStateJSON,
  type IsolationTreeJSON,
} from './ensemble/isolation-forest';
export {
  type IsolationForestParams,
  type IsolationForestResolvedParams,
  isolationForestParamsSchema,
} from './ensemble/isolation-forest-params';
export { checkedEstimatorClasses, modelKinds } from './model-kinds';
export {
  type CrossValidatable,
  type CrossValidateOptions,
  type CrossValidateResult,
  crossValidate,
  type ScoredModel,
  type Scorer,
  type ScorerName,
} from './model-selection/cross-validate';
export { KFold, type KFoldOptions, kFoldOptionsSchema, StratifiedKFold } from './model-selection/k-fold';
export {
  type RowsInput,
  type RowTakingDataset,
  type TrainTestSplit,
  type TrainTestSplitOptions,
  trainTestSplit,
} from './model-selection/train-test-split';
export {
  LocalOutlierFactor,
  type LocalOutlierFactorStateJSON,
} from './neighbors/local-outlier-factor';
export {
  type LocalOutlierFactorParams,
  type LocalOutlierFactorResolvedParams,
  localOutlierFactorParamsSchema,
} from './neighbors/local-outlier-factor-params';
export type { SamplerOutput, SamplerStep, StepEstimator, TransformerStep } from './pipeline/nested-models';
export {
  Pipeline,
  type PipelineInput,
  type PipelineParams,
  type PipelineParamsJSON,
  type PipelineResolvedParams,
  type PipelineStateJSON,
  type PipelineStep,
  pipelineParamsSchema,
} from './pipeline/pipeline';
export {
  ColumnTransformer,
  type ColumnTransformerEntry,
  type ColumnTransformerEntryJSON,
  type ColumnTransformerInput,
  type ColumnTransformerInputColumn,
  type ColumnTransformerParams,
  type ColumnTransformerParamsJSON,
  type ColumnTransformerStateJSON,
  columnTransformerParamsSchema,
} from './preprocessing/column-transformer';
export {
  LabelEncoder,
  type LabelEncoderParams,
  type LabelEncoderStateJSON,
  labelEncoderParamsSchema,
} from './preprocessing/label-encoder';
export {
  MinMaxScaler,
  type MinMaxScalerParams,
  type MinMaxScalerStateJSON,
  minMaxScalerParamsSchema,
} from './preprocessing/min-max-scaler';
export {
  type CategoricalInput,
  type Category,
  OneHotEncoder,
  type OneHotEncoderParams,
  type OneHotEncoderStateJSON,
  oneHotEncoderParamsSchema,
} from './preprocessing/one-hot-encoder';
export {
  RandomUnderSampler,
  type RandomUnderSamplerParams,
  type RandomUnderSamplerStateJSON,
  type Resampled,
  type ResampleInput,
  randomUnderSamplerParamsSchema,
} from './preprocessing/random-under-sampler';
export {
  SimpleImputer,
  type SimpleImputerParams,
  type SimpleImputerStateJSON,
  simpleImputerParamsSchema,
} from './preprocessing/simple-imputer';
export {
  StandardScaler,
  type StandardScalerParams,
  type StandardScalerStateJSON,
  standardScalerParamsSchema,
} from './preprocessing/standard-scaler';
export { PRODUCER, VERSION } from './version';

// end numeric and unsupervised models (models-A)

// text and linear models (models-B)
export {
  createExplainer,
  type ExplainableModel,
  type ExplainablePipeline,
  type FeatureContribution,
  type FeatureExplainer,
  type TopFeatures,
  type TopFeaturesOptions,
  topFeatures,
} from './explain/top-features';
export { type LbfgsOptions, type LbfgsResult, minimizeLbfgs, type Objective } from './linear/lbfgs';
export { LogisticRegression, type LogisticRegressionStateJSON } from './linear/logistic-regression';
export {
  type LogisticRegressionParams,
  logisticRegressionParamsSchema,
  type ResolvedLogisticRegressionParams,
} from './linear/logistic-regression-params';
export { BernoulliNB } from './naive-bayes/bernoulli-nb';
export { ComplementNB } from './naive-bayes/complement-nb';
export {
  DiscreteNaiveBayes,
  type NaiveBayesCounts,
  type NaiveBayesDerived,
  type NaiveBayesStateJSON,
} from './naive-bayes/discrete-naive-bayes';
export { MultinomialNB } from './naive-bayes/multinomial-nb';
export {
  type BernoulliNBParams,
  bernoulliNBParamsSchema,
  type ComplementNBParams,
  complementNBParamsSchema,
  type MultinomialNBParams,
  multinomialNBParamsSchema,
  type NaiveBayesCommonParams,
  type ResolvedBernoulliNBParams,
  type ResolvedComplementNBParams,
  type ResolvedMultinomialNBParams,
} from './naive-bayes/naive-bayes-params';
export { type ClassWeightParam, computeClassWeights } from './shared/class-weights';
export type { CheckedInput, DenseOrSparse } from './shared/linear-input';
export { LinearSVC, type LinearSVCStateJSON } from './svm/linear-svc';
export { type LinearSVCParams, linearSVCParamsSchema, type ResolvedLinearSVCParams } from './svm/linear-svc-params';
export type { Analyzer } from './text/analyzer';
export { CountVectorizer, type CountVectorizerStateJSON } from './text/count-vectorizer';
export {
  type CountVectorizerParams,
  countVectorizerParamsSchema,
  type ResolvedCountVectorizerParams,
} from './text/count-vectorizer-params';
export { ENGLISH_STOP_WORDS } from './text/english-stop-words';
export { TfidfVectorizer, type TfidfVectorizerStateJSON } from './text/tfidf-vectorizer';
export {
  type ResolvedTfidfVectorizerParams,
  type TfidfVectorizerParams,
  tfidfVectorizerParamsSchema,
} from './text/tfidf-vectorizer-params';
export {
  useWinkNlp,
  WINK_TOKEN_TYPES,
  type WinkNlpFactory,
  type WinkNlpLike,
  type WinkOptions,
  type WinkTokenType,
  winkOptionsSchema,
} from './text/wink-analyzer';
// end text and linear models (models-B)
