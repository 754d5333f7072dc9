import { isCsrMatrix, isMatrix, type Matrix, MloopError } from '@mloop/core';
import { createExplainer, type ExplainableModel, type FeatureExplainer } from '@mloop/models';
import type { Explainer, TopFeature } from './predictor-options';

function rowsOf(input: unknown): unknown[] {
  if (Array.isArray(input)) return input;
  if (isMatrix(input)) {
    const m = input as Matrix;
    return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  }
  if (isCsrMatrix(input)) return [];
  return [input];
}

/**
 * An {@link Explainer} backed by `topFeatures` of `@mloop/models`: for logistic regression, linear
 * SVC and naive Bayes (alone or at the end of a pipeline, TF-IDF included) it lists the features
 * that pushed each prediction most, with their contribution (log-odds, or margin for LinearSVC).
 * Models it cannot explain (LOF, isolation forest) get no `topFeatures` rather than an error.
 * @example
 * const predictor = await createPredictor({ mloop, model: 'sms-spam', input: { kind: 'text' }, explain: explainWithTopFeatures });
 */
export const explainWithTopFeatures: Explainer = (model, input, k) => {
  // A served version is loaded once and never refit, so its scoring weights are read once.
  let explain = explainers.get(model);
  if (explain === undefined) {
    try {
      explain = createExplainer(model as unknown as ExplainableModel);
    } catch (error) {
      // Not an explainable model: answer without top features instead of failing the prediction.
      if (!(MloopError.isInstance(error) && (error.code === 'UNSUPPORTED' || error.code === 'INVALID_ARGUMENT')))
        throw error;
      explain = null;
    }
    explainers.set(model, explain);
  }
  if (explain === null) return [];
  const out: TopFeature[][] = [];
  try {
    for (const row of rowsOf(input)) {
      const why = explain(row as string | readonly number[], k);
      out.push(why.supporting.map((feature) => ({ feature: feature.name, weight: feature.contribution })));
    }
  } catch (error) {
    // An explanation must never fail the prediction it explains.
    if (MloopError.isInstance(error)) return [];
    throw error;
  }
  return out;
};

const explainers = new WeakMap<object, FeatureExplainer | null>();
