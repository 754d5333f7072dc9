import type { EstimatorV1Class } from '@mloop/core';
import { IsolationForest } from './ensemble/isolation-forest';
import { LocalOutlierFactor } from './neighbors/local-outlier-factor';

/**
 * Every estimator class of `@mloop/models`, for the core model registry
 * (`createMloop({ models: modelKinds() })` or `new ModelKinds(modelKinds())`) and for the common
 * checks. A function rather than a constant, so the classes that restore nested estimators
 * (Pipeline, ColumnTransformer) can import it without an initialisation cycle.
 */
// biome-ignore lint/suspicious/noExplicitAny: each class has its own params type.
export function modelKinds(): EstimatorV1Class<any, any>[] {
  return [
    // numeric and unsupervised (models-A)
    LocalOutlierFactor,
    IsolationForest,
    // text and linear (models-B)
  ];
}
