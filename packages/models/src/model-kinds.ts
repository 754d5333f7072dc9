import type { EstimatorV1Class, ModelKindV1 } from '@mloop/core';
import { IsolationForest } from './ensemble/isolation-forest';
import { LocalOutlierFactor } from './neighbors/local-outlier-factor';
import { ColumnTransformer } from './preprocessing/column-transformer';
import { LabelEncoder } from './preprocessing/label-encoder';
import { MinMaxScaler } from './preprocessing/min-max-scaler';
import { OneHotEncoder } from './preprocessing/one-hot-encoder';
import { RandomUnderSampler } from './preprocessing/random-under-sampler';
import { SimpleImputer } from './preprocessing/simple-imputer';
import { StandardScaler } from './preprocessing/standard-scaler';

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
    // text and linear (models-B)
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
