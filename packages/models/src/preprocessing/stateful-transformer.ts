import type { EstimatorV1Tags } from '@mloop/core';
import { FittedEstimator } from '../shared/fitted-estimator';

/**
 * What StandardScaler, MinMaxScaler, SimpleImputer and OneHotEncoder share beyond
 * {@link FittedEstimator}: their tags and `fitTransform` as `fit(x).transform(x)`.
 */
export abstract class StatefulTransformer<
  Kind extends string,
  Params,
  State,
  StateJSON,
  Input,
  Output,
> extends FittedEstimator<Kind, Params, State, StateJSON> {
  /** What the estimator is and accepts (the same for all four: NaN-tolerant matrix transformers). */
  static readonly tags: EstimatorV1Tags = {
    estimatorType: 'transformer',
    requiresY: false,
    nonDeterministic: false,
    allowNaN: true,
    inputKind: 'matrix',
  };

  /** Learns the state from `x`; returns this. */
  abstract fit(x: Input): this;

  /** Transforms `x` with the fitted state. */
  abstract transform(x: Input): Output;

  /** `fit(x).transform(x)`. */
  fitTransform(x: Input): Output {
    return this.fit(x).transform(x);
  }
}
