/**
 * Outlier labels as scikit-learn's outlier detectors give them: −1 where a value is below
 * `threshold` (an outlier), 1 otherwise. `predict` labels `decisionFunction` against 0, LOF's
 * `fitPredict` labels the training scores against the offset.
 */
export function outlierLabels(values: Float64Array, threshold = 0): Int8Array {
  const out = new Int8Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = values[i] < threshold ? -1 : 1;
  return out;
}

/** `scores − offset` in place (scikit-learn's `decision_function` from `score_samples`): negative for outliers. */
export function subtractOffset(scores: Float64Array, offset: number): Float64Array {
  for (let i = 0; i < scores.length; i++) scores[i] -= offset;
  return scores;
}
