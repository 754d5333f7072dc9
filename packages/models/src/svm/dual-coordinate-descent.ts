import type { SeededRandom } from '@mloop/core';
import type { CheckedInput } from '../shared/linear-input';

/** One binary problem for {@link solveSvcDual}. */
export interface SvcDualProblem {
  /** Features, `n × d`. */
  readonly input: CheckedInput;
  /** +1 or −1 per row. */
  readonly y: Int8Array;
  /** `C` of the positive rows. */
  readonly positiveC: number;
  /** `C` of the negative rows. */
  readonly negativeC: number;
  /** `'squared_hinge'` (L2 loss) or `'hinge'` (L1 loss). */
  readonly loss: 'squared_hinge' | 'hinge';
  /** Stopping tolerance on the projected-gradient spread. */
  readonly tol: number;
  /** Passes at most. */
  readonly maxIter: number;
  /** Value of the appended constant feature; 0 for no intercept. */
  readonly bias: number;
}

/**
 * Dual coordinate descent for L2-regularised linear SVMs (Hsieh et al., ICML 2008), as liblinear's
 * `solve_l2r_l1l2_svc` runs it for scikit-learn's `LinearSVC`: coordinates visited in a fresh
 * random order each pass, shrinking of coordinates stuck at a bound, and the stop rule
 * `max PG − min PG ≤ tol` over a full pass. With the squared hinge the dual has no upper bound and
 * a diagonal `1 / (2C)`; with the hinge, bound `C` and no diagonal. The intercept is the weight of
 * a constant feature `bias`, regularised like the others. Returns `[w (d), w_bias]` and the passes run.
 */
export function solveSvcDual(problem: SvcDualProblem, random: SeededRandom): { w: Float64Array; iterations: number } {
  const { input, y, tol, maxIter, bias } = problem;
  const n = input.matrix.rows;
  const d = input.matrix.cols;
  const w = new Float64Array(d + 1);
  const squared = problem.loss === 'squared_hinge';
  const diagonal = (i: number) => (squared ? 0.5 / (y[i] > 0 ? problem.positiveC : problem.negativeC) : 0);
  const upper = (i: number) => (squared ? Number.POSITIVE_INFINITY : y[i] > 0 ? problem.positiveC : problem.negativeC);
  const alpha = new Float64Array(n);
  const qd = new Float64Array(n);
  const index = new Int32Array(n);
  const sparse = input.sparse;
  const indptr = sparse ? input.matrix.indptr : undefined;
  const indices = sparse ? input.matrix.indices : undefined;
  const data = input.matrix.data;
  for (let i = 0; i < n; i++) {
    let norm = bias * bias;
    if (indptr) for (let p = indptr[i]; p < indptr[i + 1]; p++) norm += data[p] * data[p];
    else for (let j = 0; j < d; j++) norm += data[i * d + j] ** 2;
    qd[i] = diagonal(i) + norm;
    index[i] = i;
  }

  let activeSize = n;
  let pgMaxOld = Number.POSITIVE_INFINITY;
  let pgMinOld = Number.NEGATIVE_INFINITY;
  let iterations = 0;
  while (iterations < maxIter) {
    let pgMaxNew = Number.NEGATIVE_INFINITY;
    let pgMinNew = Number.POSITIVE_INFINITY;
    for (let i = 0; i < activeSize; i++) {
      const j = i + random.nextInt(activeSize - i);
      const swap = index[i];
      index[i] = index[j];
      index[j] = swap;
    }
    for (let s = 0; s < activeSize; s++) {
      const i = index[s];
      const yi = y[i];
      let dot = w[d] * bias;
      if (indptr && indices) for (let p = indptr[i]; p < indptr[i + 1]; p++) dot += w[indices[p]] * data[p];
      else for (let j = 0; j < d; j++) dot += w[j] * data[i * d + j];
      const bound = upper(i);
      const gradient = yi * dot - 1 + alpha[i] * diagonal(i);
      let projected = 0;
      if (alpha[i] === 0) {
        if (gradient > pgMaxOld) {
          // Shrink: this coordinate is at its bound and likely to stay there.
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = i;
          s--;
          continue;
        }
        if (gradient < 0) projected = gradient;
      } else if (alpha[i] === bound) {
        if (gradient < pgMinOld) {
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = i;
          s--;
          continue;
        }
        if (gradient > 0) projected = gradient;
      } else {
        projected = gradient;
      }
      if (projected > pgMaxNew) pgMaxNew = projected;
      if (projected < pgMinNew) pgMinNew = projected;
      if (Math.abs(projected) > 1e-12) {
        const old = alpha[i];
        alpha[i] = Math.min(Math.max(old - gradient / qd[i], 0), bound);
        const step = (alpha[i] - old) * yi;
        if (indptr && indices) for (let p = indptr[i]; p < indptr[i + 1]; p++) w[indices[p]] += step * data[p];
        else for (let j = 0; j < d; j++) w[j] += step * data[i * d + j];
        w[d] += step * bias;
      }
    }
    iterations++;
    if (pgMaxNew - pgMinNew <= tol) {
      if (activeSize === n) break;
      // Converged on the shrunk set: check once more on every coordinate.
      activeSize = n;
      pgMaxOld = Number.POSITIVE_INFINITY;
      pgMinOld = Number.NEGATIVE_INFINITY;
      continue;
    }
    pgMaxOld = pgMaxNew <= 0 ? Number.POSITIVE_INFINITY : pgMaxNew;
    pgMinOld = pgMinNew >= 0 ? Number.NEGATIVE_INFINITY : pgMinNew;
  }
  return { w, iterations };
}
