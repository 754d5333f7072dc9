import { isCsrMatrix, isMatrix, type Matrix, MloopError } from '@mloop/core';
import { type ExplainableModel, topFeatures } from '@mloop/models';
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
  const rows = rowsOf(input);
  const out: TopFeature[][] = [];
  for (const row of rows) {
    try {
      const why = topFeatures(model as unknown as ExplainableModel, row as string | readonly number[], k);
      out.push(why.supporting.map((feature) => ({ feature: feature.name, weight: feature.contribution })));
    } catch (error) {
      // Not an explainable model: answer without top features instead of failing the prediction.
      if (MloopError.isInstance(error) && (error.code === 'UNSUPPORTED' || error.code === 'INVALID_ARGUMENT'))
        return [];
      throw error;
    }
  }
  return out;
};
