import type { ModelKindV1 } from '@mloop/core';
import { modelKinds, Pipeline } from '@mloop/models';

/**
 * A pipeline whose last step is an outlier detector, seen without `predictProba`. Pipeline has the
 * method whatever its last step is (it throws UNSUPPORTED for LOF), and @mloop/serve's predictor
 * picks the classifier path whenever the method exists; hiding it sends such a pipeline down the
 * outlier path (`decisionFunction`), as a bare LOF would go.
 */
function asOutlierPipeline(pipeline: Pipeline): Pipeline {
  const steps = pipeline.params.steps ?? [];
  const last = steps[steps.length - 1]?.[1] as { predictProba?: unknown; scoreSamples?: unknown } | undefined;
  if (!last || typeof last.predictProba === 'function' || typeof last.scoreSamples !== 'function') return pipeline;
  return new Proxy(pipeline, {
    get(target, key) {
      if (key === 'predictProba') return undefined;
      const value = Reflect.get(target, key, target);
      // Methods run on the pipeline itself, where its private fields live.
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has(target, key) {
      return key !== 'predictProba' && Reflect.has(target, key);
    },
  });
}

/** Every class of @mloop/models, with pipelines of outlier detectors loaded through {@link asOutlierPipeline}. */
export function shuttleModelKinds(): ModelKindV1[] {
  return [
    ...modelKinds().filter((kind) => kind.kind !== Pipeline.kind),
    { kind: Pipeline.kind, fromJSON: (json: unknown) => asOutlierPipeline(Pipeline.fromJSON(json)) },
  ];
}
