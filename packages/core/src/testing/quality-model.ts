import type { EstimatorV1 } from '../spec/model/v1/estimator-v1';
import type { ModelJSONV1 } from '../spec/model/v1/model-json-v1';

/**
 * A stand-in model whose only param is its quality, so a test of the loop, sweeps or a registry
 * can register, load and "evaluate" models (read `params.quality` back) without fitting anything.
 * @example
 * import { createMemoryBackend, createMloop } from '@mloop/core';
 * import { QualityModel } from '@mloop/core/testing';
 * const mloop = createMloop({ backend: createMemoryBackend(), models: [QualityModel] });
 * await mloop.registry.register({ name: 'm', model: new QualityModel({ quality: 0.9 }) });
 */
export class QualityModel implements EstimatorV1<{ quality: number }> {
  /** The model kind written in its documents. */
  static readonly kind = 'QualityModel';
  /** Spec version of the estimator contract. */
  readonly specificationVersion = 'v1' as const;
  /** The model kind written in its documents. */
  readonly kind = QualityModel.kind;
  /** Always fitted: there is nothing to learn. */
  readonly isFitted = true;
  /** The quality this model stands for. */
  readonly params: Readonly<{ quality: number }>;

  /** @param params The quality. */
  constructor(params: { quality: number }) {
    this.params = Object.freeze({ ...params });
  }

  /** A copy of the params. */
  getParams(): { quality: number } {
    return { ...this.params };
  }

  /** A new model with the same params, or with `overrides`. */
  clone(overrides: Partial<{ quality: number }> = {}): QualityModel {
    return new QualityModel({ ...this.params, ...overrides });
  }

  /** The model document: the params, and an empty state. */
  toJSON(): ModelJSONV1<string, { quality: number }> {
    return {
      format: 'mloop.model',
      formatVersion: 1,
      kind: this.kind,
      producer: 'test',
      params: this.getParams(),
      state: {},
    };
  }

  /** Rebuilds a model from {@link QualityModel.toJSON}'s document. */
  static fromJSON(json: unknown): QualityModel {
    return new QualityModel((json as ModelJSONV1<string, { quality: number }>).params);
  }
}
