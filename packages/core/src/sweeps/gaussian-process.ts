/**
 * A Gaussian process with scikit-learn's default `Matern(nu=1.5)` kernel (isotropic, one length
 * scale, signal variance fixed at 1) and `alpha = 1e-7` on the diagonal, as W&B's Bayes search
 * uses it. The length scale maximises the log marginal likelihood over [1e-5, 1e5].
 */

const SQRT3 = Math.sqrt(3);
const ALPHA = 1e-7;
/** Length-scale bounds of sklearn's default Matern kernel. */
export const LENGTH_SCALE_BOUNDS = [1e-5, 1e5] as const;

function matern(distance: number, lengthScale: number): number {
  const r = (SQRT3 * distance) / lengthScale;
  return (1 + r) * Math.exp(-r);
}

function distances(points: readonly Float64Array[]): Float64Array {
  const n = points.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = 0; k < points[i].length; k++) sum += (points[i][k] - points[j][k]) ** 2;
      out[i * n + j] = out[j * n + i] = Math.sqrt(sum);
    }
  }
  return out;
}

/** Lower Cholesky factor of a symmetric positive definite n×n matrix, or undefined if it is not. */
function cholesky(matrix: Float64Array, n: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return undefined;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  return l;
}

/** Solves L·x = b for lower-triangular L. */
function forward(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

/** Solves Lᵀ·x = b for lower-triangular L. */
function backward(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

interface Factorisation {
  readonly l: Float64Array;
  readonly alpha: Float64Array;
  readonly logLikelihood: number;
}

function factorise(dist: Float64Array, n: number, y: Float64Array, lengthScale: number): Factorisation | undefined {
  const k = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) k[i] = matern(dist[i], lengthScale);
  for (let i = 0; i < n; i++) k[i * n + i] += ALPHA;
  const l = cholesky(k, n);
  if (!l) return undefined;
  const alpha = backward(l, n, forward(l, n, y));
  let logDet = 0;
  let fit = 0;
  for (let i = 0; i < n; i++) {
    logDet += Math.log(l[i * n + i]);
    fit += y[i] * alpha[i];
  }
  return { l, alpha, logLikelihood: -0.5 * fit - logDet - 0.5 * n * Math.log(2 * Math.PI) };
}

/** A fitted GP: the training points, standardisation and factorisation. */
export interface FittedGaussianProcess {
  /** The fitted length scale. */
  readonly lengthScale: number;
  /** Whether the length scale ended at (or next to) a bound: W&B then falls back to a random point. */
  readonly atBound: boolean;
  /** Log marginal likelihood at the fitted length scale. */
  readonly logLikelihood: number;
  /** Posterior mean and standard deviation at `point`, in the original units of y. */
  predict(point: Float64Array): { mean: number; std: number };
}

/**
 * Fits the GP to points in the unit cube and their values (minimised). y is standardised as
 * W&B does: `(y − mean) / (std + 1e-6)`.
 */
export function fitGaussianProcess(points: readonly Float64Array[], values: ArrayLike<number>): FittedGaussianProcess {
  const n = points.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] / n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i] - mean) ** 2 / n;
  const scale = Math.sqrt(variance) + 1e-6;
  const y = Float64Array.from({ length: n }, (_, i) => (values[i] - mean) / scale);
  const dist = distances(points);
  const logLow = Math.log(LENGTH_SCALE_BOUNDS[0]);
  const logHigh = Math.log(LENGTH_SCALE_BOUNDS[1]);
  const score = (logL: number) => factorise(dist, n, y, Math.exp(logL))?.logLikelihood ?? Number.NEGATIVE_INFINITY;
  // A coarse grid finds the basin (the likelihood can be multimodal), golden section refines it.
  const steps = 48;
  let best = logLow;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let s = 0; s <= steps; s++) {
    const logL = logLow + ((logHigh - logLow) * s) / steps;
    const value = score(logL);
    if (value > bestScore) {
      bestScore = value;
      best = logL;
    }
  }
  const width = (logHigh - logLow) / steps;
  let a = Math.max(logLow, best - width);
  let b = Math.min(logHigh, best + width);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = score(c);
  let fd = score(d);
  for (let iteration = 0; iteration < 40; iteration++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = score(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = score(d);
    }
  }
  const refined = (a + b) / 2;
  const logL = score(refined) >= bestScore ? refined : best;
  const lengthScale = Math.exp(logL);
  const fitted = factorise(dist, n, y, lengthScale) as Factorisation;
  const near = (x: number, bound: number) => Math.abs(x - bound) <= 1e-8 + 1e-5 * Math.abs(bound);
  return {
    lengthScale,
    atBound: near(lengthScale, LENGTH_SCALE_BOUNDS[0]) || near(lengthScale, LENGTH_SCALE_BOUNDS[1]),
    logLikelihood: fitted.logLikelihood,
    predict(point) {
      const kStar = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let k = 0; k < point.length; k++) sum += (point[k] - points[i][k]) ** 2;
        kStar[i] = matern(Math.sqrt(sum), lengthScale);
      }
      let mu = 0;
      for (let i = 0; i < n; i++) mu += kStar[i] * fitted.alpha[i];
      const v = forward(fitted.l, n, kStar);
      let explained = 0;
      for (let i = 0; i < n; i++) explained += v[i] * v[i];
      const sigma = Math.sqrt(Math.max(0, 1 - explained));
      return { mean: mu * scale + mean, std: sigma * scale };
    },
  };
}
