import { type ModelJSONV1, NotFittedError } from '@mloop/core';
import { copyParams } from './deep-freeze';
import { modelDocument } from './model-json';

/**
 * The scaffolding every single-state model of this package shares: one fitted state (`isFitted`,
 * NOT_FITTED before `fit`) and the model document made of the params and the state's JSON form
 * (`null` before `fit`). Subclasses fit, predict or transform, and say how their state is written
 * and restored (`fromJSON` checks a document's state, then calls `setState`).
 */
export abstract class FittedEstimator<Kind extends string, Params, State, StateJSON> {
  /** Spec version implemented. */
  readonly specificationVersion = 'v1' as const;
  /** The kind written in model documents. */
  abstract readonly kind: Kind;
  /** The validated params, defaults filled in; frozen. */
  abstract readonly params: object;
  #state: State | undefined;

  /** A copy of the params (nested arrays included), suitable for the constructor. */
  getParams(): Params {
    // The resolved params (defaults filled in) are valid constructor params.
    return copyParams(this.params) as Params;
  }

  /** Whether the model has been fitted (`fit`, or `fitResample` for a sampler) or restored fitted. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** The model document; `state` is `null` before `fit`. */
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
