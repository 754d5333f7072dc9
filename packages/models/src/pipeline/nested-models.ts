import {
  type CsrMatrix,
  type EstimatorV1,
  type Label,
  type Matrix,
  type ModelJSONV1,
  type ModelKindV1,
  SerializationError,
} from '@mloop/core';
import { modelKinds } from '../model-kinds';

/** Any estimator a Pipeline or ColumnTransformer can hold: fit, clone and a model document. */
// biome-ignore lint/suspicious/noExplicitAny: steps take their own input types; the composite forwards them.
export interface StepEstimator extends EstimatorV1<any> {
  /** Learns from `x` (and `y` for supervised steps). */
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  fit?(x: any, y?: readonly Label[]): unknown;
  /** A new, unfitted copy with the same params. */
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  clone(overrides?: any): StepEstimator;
  /** The model document. */
  toJSON(): ModelJSONV1<string, unknown>;
}

/** A step that maps inputs to features. */
export interface TransformerStep extends StepEstimator {
  /** Learns the mapping. */
  // biome-ignore lint/suspicious/noExplicitAny: see StepEstimator.
  fit(x: any, y?: readonly Label[]): unknown;
  /** Applies it. */
  // biome-ignore lint/suspicious/noExplicitAny: see StepEstimator.
  transform(x: any): Matrix | CsrMatrix;
  /** Output column names, when the transformer knows them. */
  getFeatureNamesOut?(inputFeatures?: readonly string[]): string[];
}

/** What a sampler step returns. */
export interface SamplerOutput {
  /** The kept (or generated) rows. */
  // biome-ignore lint/suspicious/noExplicitAny: any row representation the next step takes.
  readonly x: any;
  /** Their labels. */
  readonly y: Label[];
}

/** A step that resamples the training rows (during fit only), as imbalanced-learn's samplers. */
export interface SamplerStep extends StepEstimator {
  /** Returns the resampled rows and labels. */
  // biome-ignore lint/suspicious/noExplicitAny: see StepEstimator.
  fitResample(x: any, y: readonly Label[]): SamplerOutput;
}

/** True for an object shaped like an mloop estimator. */
export function isStepEstimator(value: unknown): value is StepEstimator {
  const candidate = value as Partial<StepEstimator> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.specificationVersion === 'v1' &&
    typeof candidate.kind === 'string' &&
    typeof candidate.clone === 'function' &&
    typeof candidate.toJSON === 'function'
  );
}

/** True for a step with `fit` and `transform`. */
export function isTransformerStep(value: unknown): value is TransformerStep {
  const candidate = value as Partial<TransformerStep>;
  return isStepEstimator(value) && typeof candidate.fit === 'function' && typeof candidate.transform === 'function';
}

/** True for a step with `fitResample`. */
export function isSamplerStep(value: unknown): value is SamplerStep {
  return isStepEstimator(value) && typeof (value as Partial<SamplerStep>).fitResample === 'function';
}

/**
 * Rebuilds a nested estimator from its document with the class registered for its kind (the
 * classes of this package, plus `extraKinds`).
 * @throws {SerializationError} SERIALIZATION for an unknown kind, or whatever the class's fromJSON throws.
 */
export function restoreNested(document: unknown, where: string, extraKinds: Iterable<ModelKindV1> = []): StepEstimator {
  const kind = (document as { kind?: unknown } | null)?.kind;
  const known = new Map<string, ModelKindV1>();
  for (const entry of modelKinds()) known.set(entry.kind, entry);
  for (const entry of extraKinds) known.set(entry.kind, entry);
  const entry = typeof kind === 'string' ? known.get(kind) : undefined;
  if (!entry) {
    throw new SerializationError({
      message: `${where} holds a model of kind ${JSON.stringify(kind)}, which is not known; known kinds: ${[...known.keys()].sort().join(', ')}. Pass its class in the kinds argument of fromJSON.`,
      kind: typeof kind === 'string' ? kind : undefined,
    });
  }
  const restored = entry.fromJSON(document);
  if (!isStepEstimator(restored)) {
    throw new SerializationError({ message: `${where}: the ${String(kind)} class did not return an estimator.` });
  }
  return restored;
}
