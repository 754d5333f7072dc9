// scipy.spatial.distance.jensenshannon: both vectors renormalised, rel_entr against the midpoint.

/**
 * Jensen–Shannon distance between two non-negative vectors (each renormalised to sum 1).
 * @param base logarithm base; `undefined` for the natural log (Evidently's convention, max √ln 2).
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>, base?: number): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i] as number;
    sq += q[i] as number;
  }
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const a = (p[i] as number) / sp;
    const b = (q[i] as number) / sq;
    const m = (a + b) / 2;
    if (a > 0) js += a * Math.log(a / m);
    if (b > 0) js += b * Math.log(b / m);
  }
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(Math.max(0, js / 2));
}
