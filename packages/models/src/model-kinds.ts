import type { EstimatorV1Class, ModelKindV1 } from '@mloop/core';
import { IsolationForest } from './ensemble/isolation-forest';
import { LogisticRegression } from './linear/logistic-regression';
import { BernoulliNB } from './naive-bayes/bernoulli-nb';
import { ComplementNB } from './naive-bayes/complement-nb';
import { MultinomialNB } from './naive-bayes/multinomial-nb';
import { LocalOutlierFactor } from './neighbors/local-outlier-factor';
import { Pipeline } from './pipeline/pipeline';
import { ColumnTransformer } from './preprocessing/column-transformer';
import { LabelEncoder } from './preprocessing/label-encoder';
import { MinMaxScaler } from './preprocessing/min-max-scaler';
import { OneHotEncoder } from './preprocessing/one-hot-encoder';
import { RandomUnderSampler } from './preprocessing/random-under-sampler';
import { SimpleImputer } from './preprocessing/simple-imputer';
import { StandardScaler } from './preprocessing/standard-scaler';
import { LinearSVC } from './svm/linear-svc';
import { CountVectorizer } from './text/count-vectorizer';
import { TfidfVectorizer } from './text/tfidf-vectorizer';

/**
 * Every model class of `@mloop/models` (each has a `kind` and a `fromJSON`), for the core model
 * registry (`createMloop({ models: modelKinds() })` or `new ModelKinds(modelKinds())`), for
 * restoring the steps of a Pipeline or ColumnTransformer, and for the common checks. A function
 * rather than a constant, so the classes that restore nested models can import it without an
 * initialisation cycle.
 */
export function modelKinds(): ModelKindV1[] {
  return [
    // numeric and unsupervised (models-A)
    LocalOutlierFactor,
    IsolationForest,
    StandardScaler,
    MinMaxScaler,
    SimpleImputer,
    OneHotEncoder,
    ColumnTransformer,
    LabelEncoder,
    RandomUnderSampler,
    Pipeline,
    // text and linear (models-B)
    CountVectorizer,
    TfidfVectorizer,
    MultinomialNB,
    ComplementNB,
    BernoulliNB,
    LogisticRegression,
    LinearSVC,
  ];
}

/**
 * The classes of {@link modelKinds} that the matrix/text common checks apply to: those with
 * `tags` and `testParams` (LabelEncoder works on label vectors and RandomUnderSampler only
 * resamples, so they are tested on their own).
 */
// biome-ignore lint/suspicious/noExplicitAny: each class has its own params type.
export function checkedEstimatorClasses(): EstimatorV1Class<any, any>[] {
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  return modelKinds().filter((kind): kind is EstimatorV1Class<any, any> => 'tags' in kind && 'testParams' in kind);
}
