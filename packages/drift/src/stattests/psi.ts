// Evidently's PSI (legacy/calculations/stattests/psi.py) after `feel_zeroes` (stattests/utils.py).

/**
 * Evidently's `feel_zeroes` for one percent vector: zeros become `min_nonzero / 1e6` when the
 * smallest non-zero share is ≤ 1e-4, else 1e-4. No renormalisation (as Evidently).
 */
export function fillZeroes(percents: ArrayLike<number>): Float64Array {
  let minNonZero = Number.POSITIVE_INFINITY;
  for (let i = 0; i < percents.length; i++) {
    const v = percents[i] as number;
    if (v > 0 && v < minNonZero) minNonZero = v;
  }
  const fill = minNonZero <= 1e-4 ? minNonZero / 1e6 : 1e-4;
  const out = new Float64Array(percents.length);
  for (let i = 0; i < percents.length; i++) {
    const v = percents[i] as number;
    out[i] = v === 0 ? fill : v;
  }
  return out;
}

/** PSI = Σ (r − c)·ln(r / c) over already-filled percent vectors. */
export function populationStabilityIndex(referenceFilled: ArrayLike<number>, currentFilled: ArrayLike<number>): number {
  let psi = 0;
  for (let i = 0; i < referenceFilled.length; i++) {
    const r = referenceFilled[i] as number;
    const c = currentFilled[i] as number;
    psi += (r - c) * Math.log(r / c);
  }
  return psi;
}

/** PSI reading: < 0.1 none, 0.1–0.25 moderate, > 0.25 significant (industry convention, not Evidently's). */
export function psiBand(psi: number): 'none' | 'moderate' | 'significant' {
  if (psi < 0.1) return 'none';
  if (psi <= 0.25) return 'moderate';
  return 'significant';
}
