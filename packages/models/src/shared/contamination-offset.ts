import { quantile } from '@mloop/core';

/**
 * The threshold that flags a `contamination` share of the training scores: numpy's
 * `percentile(scores, 100 · contamination)` (linear interpolation). numpy divides the percentage
 * by 100 again, and that round trip can move the last bit, so it is reproduced here.
 */
export function contaminationOffset(scores: ArrayLike<number>, contamination: number): number {
  return quantile(scores, (100 * contamination) / 100);
}
