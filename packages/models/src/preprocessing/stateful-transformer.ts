import { type ModelJSONV1, NotFittedError } from '@mloop/core';
import { modelDocument } from '../shared/model-json';

/**
 * What StandardScaler, MinMaxScaler, SimpleImputer and OneHotEncoder share: one fitted state
 * (`isFitted`, NOT_FITTED before `fit`), `fitTransform`, and the model document made of the params
 * and the state's JSON form (`null` before `fit`). Subclasses fit, transform, and say how their
 * state is written and restored.
 */
export abstract class StatefulTransformer<Kind extends string, Params, State, StateJSON, Input, Output> {
  /** Spec version implemented. */
  readonly specificationVersion = 'v1' as const;
  /** The kind written in model documents. */
  abstract readonly kind: Kind;
  #state: State | undefined;

  /** Learns the state from `x`; returns this. */
  abstract fit(x: Input): this;

  /** Transforms `x` with the fitted state. */
  abstract transform(x: Input): Output;

  /** A copy of the params. */
  abstract getParams(): Params;

  /** Whether `fit` has run. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** `fit(x).transform(x)`. */
  fitTransform(x: Input): Output {
    return this.fit(x).transform(x);
  }

  /** The model document. */
  toJSON(): ModelJSONV1<Kind, Params, StateJSON> {
    const state = this.#state;
    return modelDocument(this.kind, this.getParams(), state === undefined ? null : this.stateJSON(state));
  }

  /** The JSON form of the fitted state. @hidden */
  protected abstract stateJSON(state: State): StateJSON;

  /** Stores a fitted (or checked, restored) state. @hidden */
  protected setState(state: State): void {
    this.#state = state;
  }

  /**
   * The fitted state.
   * @throws {NotFittedError} NOT_FITTED before `fit`, naming `method`.
   * @hidden
   */
  protected fitted(method: string): State {
    if (this.#state === undefined) throw new NotFittedError({ estimator: this.kind, method });
    return this.#state;
  }
}
