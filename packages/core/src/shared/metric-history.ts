import type { TrackerV1Metric, TrackerV1MetricColumns } from '../spec/tracker/v1/tracker-v1-metric';

/**
 * Puts metric points in history order, `(step, timestamp)` ascending with insertion order kept
 * among equals (the order `getMetricHistory` promises). Sorts in place, and only when the points
 * are not already in order, which is the common case.
 */
export function sortMetricHistory(points: TrackerV1Metric[]): TrackerV1Metric[] {
  for (let index = 1; index < points.length; index++) {
    const previous = points[index - 1];
    const current = points[index];
    if (current.step < previous.step || (current.step === previous.step && current.timestamp < previous.timestamp)) {
      return points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
    }
  }
  return points;
}

/**
 * Builds history-ordered columns from points stored in insertion order (see
 * {@link sortMetricHistory}); reorders with a stable permutation only when needed.
 */
export function metricColumnsInHistoryOrder(
  key: string,
  values: Float64Array,
  steps: Float64Array,
  timestamps: Float64Array,
): TrackerV1MetricColumns {
  let sorted = true;
  for (let index = 1; index < steps.length && sorted; index++) {
    if (
      steps[index] < steps[index - 1] ||
      (steps[index] === steps[index - 1] && timestamps[index] < timestamps[index - 1])
    )
      sorted = false;
  }
  if (sorted) return { key, values, steps, timestamps };
  const order = Array.from(steps, (_, index) => index).sort(
    (a, b) => steps[a] - steps[b] || timestamps[a] - timestamps[b] || a - b,
  );
  const pick = (column: Float64Array) => Float64Array.from(order, (index) => column[index]);
  return { key, values: pick(values), steps: pick(steps), timestamps: pick(timestamps) };
}
