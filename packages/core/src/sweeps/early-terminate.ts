import type { ResolvedSweepConfig } from './sweep-config';

/** An early-termination setting of a sweep config, after validation (Hyperband or median). */
export type EarlyTerminate = NonNullable<ResolvedSweepConfig['earlyTerminate']>;

/** The Hyperband brackets (report counts at which trials are judged), as in W&B. */
export function hyperbandBands(config: Extract<EarlyTerminate, { type: 'hyperband' }>): number[] {
  if (config.minIter !== undefined) {
    const bands: number[] = [];
    for (let k = 0; k < 100; k++) {
      const band = config.minIter * config.eta ** k;
      if (!Number.isFinite(band) || band > 1e9) break;
      bands.push(band);
    }
    return bands;
  }
  const bands: number[] = [];
  for (let i = 1; i <= (config.s as number); i++) {
    const band = Math.trunc((config.maxIter as number) / config.eta ** i);
    if (band < 1) break;
    bands.push(band);
  }
  return bands.sort((a, b) => a - b);
}

/**
 * Whether a running trial should stop now. `history` is the trial's reported objective values
 * (minimised sign) in order; `others` are the histories of every other trial of the sweep.
 * Hyperband (W&B `hyperband_stop_runs`): at the last bracket the trial reached, stop when its value
 * there (or its best so far, if not strict) is worse than the 1/eta quantile of all trials at that
 * bracket. Median: stop when its best so far is worse than the median of the others' best at the
 * same report.
 */
export function shouldStopTrial(
  config: EarlyTerminate,
  history: readonly number[],
  others: readonly (readonly number[])[],
): boolean {
  if (config.type === 'hyperband') {
    const bands = hyperbandBands(config).filter((band) => band <= history.length);
    if (bands.length === 0) return false;
    const band = bands[bands.length - 1];
    const atBand = [history, ...others].filter((h) => h.length >= band).map((h) => h[band - 1]);
    atBand.sort((a, b) => a - b);
    const threshold = atBand[Math.trunc(atBand.length / config.eta)];
    const value = config.strict ? history[band - 1] : Math.min(...history.slice(0, band));
    return value > threshold;
  }
  const step = history.length;
  if (step < config.minIter) return false;
  const bestSoFar = (h: readonly number[]) => Math.min(...h.slice(0, step));
  const peers = others.filter((h) => h.length >= step).map(bestSoFar);
  if (peers.length < config.minTrials) return false;
  peers.sort((a, b) => a - b);
  const middle = peers.length >> 1;
  const median = peers.length % 2 ? peers[middle] : (peers[middle - 1] + peers[middle]) / 2;
  return bestSoFar(history) > median;
}
