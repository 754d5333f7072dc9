import { normalCdf, normalPdf } from '../numeric/normal';
import type { SeededRandom } from '../numeric/random';
import { fitGaussianProcess } from './gaussian-process';
import type { SweepSpace } from './parameter-space';

/** A finished trial as Bayes search sees it: its point in the unit cube and its value, to be minimised. */
export interface BayesObservation {
  /** The trial's parameters as a unit-cube point. */
  readonly point: Float64Array;
  /** The objective, sign already flipped for maximisation; must be finite. */
  readonly value: number;
}

/** Why a point was suggested. */
export interface BayesSuggestionInfo {
  /** `'gp'` when chosen by expected improvement, `'random'` otherwise (too few trials, or a GP fit at a length-scale bound). */
  readonly source: 'gp' | 'random';
  /** Expected improvement over the best value so far (GP suggestions only). */
  readonly expectedImprovement?: number;
  /** Probability of improving on the best value so far (GP suggestions only). */
  readonly successProbability?: number;
  /** GP mean of the objective at the point, minimised sign (GP suggestions only). */
  readonly predictedValue?: number;
  /** GP standard deviation at the point (GP suggestions only). */
  readonly predictedStd?: number;
}

const CANDIDATES = 1000;
const MAX_SAMPLES = 100;
const MAX_IN_FLIGHT = 95;

function randomPoint(dimensions: number, rng: SeededRandom): Float64Array {
  return Float64Array.from({ length: dimensions }, () => rng.next());
}

/**
 * The next point of a Bayes sweep, following W&B's `bayes_search_next_run`: a GP with a Matérn
 * kernel over the unit cube, in-flight trials added as their predicted value ("kriging
 * believer"), then the best expected improvement among 1,000 random candidates.
 */
export function suggestBayes(
  space: SweepSpace,
  observations: readonly BayesObservation[],
  inFlight: readonly Float64Array[],
  rng: SeededRandom,
): { point: Float64Array; info: BayesSuggestionInfo } {
  const d = space.searched.length;
  const finite = observations.filter((o) => Number.isFinite(o.value));
  if (finite.length < 2 || d === 0) return { point: randomPoint(d, rng), info: { source: 'random' } };
  let sample = finite;
  if (sample.length > MAX_SAMPLES)
    sample = Array.from({ length: MAX_SAMPLES }, () => finite[rng.nextInt(finite.length)]);
  let points = sample.map((o) => o.point);
  let values = sample.map((o) => o.value);
  let gp = fitGaussianProcess(points, values);
  if (inFlight.length > 0) {
    const pending = inFlight.slice(0, MAX_IN_FLIGHT);
    points = [...points, ...pending];
    values = [...values, ...pending.map((p) => gp.predict(p).mean)];
    gp = fitGaussianProcess(points, values);
  }
  if (gp.atBound) return { point: randomPoint(d, rng), info: { source: 'random' } };
  const best = Math.min(...sample.map((o) => o.value));
  let chosen = randomPoint(d, rng);
  let chosenInfo: BayesSuggestionInfo = { source: 'gp', expectedImprovement: Number.NEGATIVE_INFINITY };
  for (let c = 0; c < CANDIDATES; c++) {
    const candidate = c === 0 ? chosen : randomPoint(d, rng);
    const { mean, std } = gp.predict(candidate);
    const z = (best - mean) / (std + 1e-6);
    const ei = (best - mean) * normalCdf(z) + std * normalPdf(z);
    if (ei > (chosenInfo.expectedImprovement as number)) {
      chosen = candidate;
      chosenInfo = {
        source: 'gp',
        expectedImprovement: ei,
        successProbability: normalCdf(z),
        predictedValue: mean,
        predictedStd: std,
      };
    }
  }
  return { point: chosen, info: chosenInfo };
}
