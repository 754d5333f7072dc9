/**
 * A smooth objective: writes the gradient at `x` into `gradient` and returns the value.
 */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Options of {@link minimizeLbfgs}, with scipy's `L-BFGS-B` meanings. */
export interface LbfgsOptions {
  /** Iterations at most (scipy `maxiter`). */
  readonly maxIter: number;
  /** Stop when the largest gradient component is at most this (scipy `gtol`/`pgtol`). */
  readonly gtol: number;
  /** Stop when the relative decrease `(f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1)` is at most this (scipy `ftol`, default `factr 1e7 × ε` ≈ 2.2e-9). */
  readonly ftol?: number;
  /** Correction pairs kept (scipy `maxcor`, default 10). */
  readonly memory?: number;
  /** Function evaluations per line search at most (scipy `maxls`, default 20). */
  readonly maxLineSearch?: number;
  /** Function evaluations in all at most (scipy `maxfun`, default 15,000). */
  readonly maxEvaluations?: number;
}

/** Outcome of {@link minimizeLbfgs}. */
export interface LbfgsResult {
  /** The minimiser found (the input array, updated in place). */
  readonly x: Float64Array;
  /** Objective value at `x`. */
  readonly value: number;
  /** Iterations run. */
  readonly iterations: number;
  /** Why it stopped. */
  readonly reason: 'gtol' | 'ftol' | 'maxIter' | 'maxEvaluations' | 'lineSearch';
}

const EPSILON = 2.220446049250313e-16;

/**
 * Limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989) for unconstrained smooth problems, with
 * the stopping rules of scipy's `L-BFGS-B` that scikit-learn's `lbfgs` solver relies on: the
 * projected-gradient test `max|g| ≤ gtol`, the relative-decrease test on `f`, `maxIter`, and its
 * rule for skipping correction pairs. Steps come from the Moré–Thuente line search (MINPACK-2
 * `dcsrch`/`dcstep`, strong Wolfe with `c1 = 1e-3`, `c2 = 0.9`, `xtol = 0.1`, as L-BFGS-B calls
 * it); the first step has length `1/‖g‖`. With these, the iterates follow scipy's on the same
 * objective (scikit-learn's WDBC solution is reproduced to 1e-10). A failed line search drops the
 * memory once and retries along the steepest descent before giving up.
 */
export function minimizeLbfgs(objective: Objective, x: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x.length;
  const m = options.memory ?? 10;
  const ftol = options.ftol ?? 1e7 * EPSILON;
  const maxLineSearch = options.maxLineSearch ?? 20;
  const maxEvaluations = options.maxEvaluations ?? 15_000;
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  // sᵀy and yᵀy of each stored pair, kept so that H₀'s scale needs no pass over the vectors.
  const sy: number[] = [];
  const yy: number[] = [];
  const alpha = new Float64Array(m);
  let gradient = new Float64Array(n);
  let value = objective(x, gradient);
  let evaluations = 1;
  const direction = new Float64Array(n);
  const trial = new Float64Array(n);
  let trialGradient = new Float64Array(n);
  let iterations = 0;
  let justReset = false;

  for (;;) {
    if (maxAbs(gradient) <= options.gtol) return { x, value, iterations, reason: 'gtol' };
    if (iterations >= options.maxIter) return { x, value, iterations, reason: 'maxIter' };

    // Two-loop recursion: direction = −H·g with H₀ = (sᵀy / yᵀy)·I. Each update of the
    // direction also computes the dot product the next step needs, in the same pass.
    const stored = s.length;
    let slope: number;
    if (stored > 0) {
      let product = negateThenDot(gradient, direction, s[stored - 1]);
      for (let k = stored - 1; k >= 0; k--) {
        alpha[k] = rho[k] * product;
        product = axpyThenDot(-alpha[k], y[k], direction, k > 0 ? s[k - 1] : y[0]);
      }
      // After scaling, `product` becomes yᵀ₀·direction for the second loop.
      product = scaleThenDot(sy[stored - 1] / yy[stored - 1], direction, y[0]);
      for (let k = 0; k < stored; k++) {
        const beta = rho[k] * product;
        product = axpyThenDot(alpha[k] - beta, s[k], direction, k + 1 < stored ? y[k + 1] : gradient);
      }
      slope = product;
    } else {
      negate(gradient, direction);
      slope = dot(gradient, direction);
    }
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      sy.length = 0;
      yy.length = 0;
      negate(gradient, direction);
      slope = dot(gradient, direction);
    }
    const initialStep = s.length === 0 ? Math.min(1 / Math.sqrt(dot(direction, direction)), 1e10) : 1;

    const search = strongWolfe(
      objective,
      x,
      value,
      slope,
      direction,
      initialStep,
      trial,
      trialGradient,
      Math.min(maxLineSearch, maxEvaluations - evaluations),
    );
    evaluations += search.evaluations;
    if (!search.ok) {
      if (evaluations >= maxEvaluations) return { x, value, iterations, reason: 'maxEvaluations' };
      if (justReset || s.length === 0) return { x, value, iterations, reason: 'lineSearch' };
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      sy.length = 0;
      yy.length = 0;
      justReset = true;
      continue;
    }
    justReset = false;
    iterations++;

    // New correction pair s = t·d, y = g⁺ − g, skipped (as L-BFGS-B does) unless
    // sᵀy > ε·(−gᵀs): the curvature must be clearly positive.
    const step = search.step as number;
    const newSlope = search.slope as number;
    const curvature = (newSlope - slope) * step;
    if (curvature > EPSILON * -slope * step) {
      const sNew = s.length === m ? (s.shift() as Float64Array) : new Float64Array(n);
      const yNew = y.length === m ? (y.shift() as Float64Array) : new Float64Array(n);
      if (rho.length === m) {
        rho.shift();
        sy.shift();
        yy.shift();
      }
      const [sTy, yTy] = correctionPair(step, direction, trialGradient, gradient, sNew, yNew);
      s.push(sNew);
      y.push(yNew);
      rho.push(1 / sTy);
      sy.push(sTy);
      yy.push(yTy);
    }

    const previous = value;
    value = search.value;
    x.set(trial);
    const swap = gradient;
    gradient = trialGradient;
    trialGradient = swap;

    if ((previous - value) / Math.max(Math.abs(previous), Math.abs(value), 1) <= ftol) {
      return { x, value, iterations, reason: 'ftol' };
    }
    if (evaluations >= maxEvaluations) return { x, value, iterations, reason: 'maxEvaluations' };
  }
}

interface LineSearchResult {
  readonly ok: boolean;
  readonly value: number;
  readonly evaluations: number;
  /** The accepted step length. */
  readonly step?: number;
  /** The directional derivative at the accepted step. */
  readonly slope?: number;
}

// scipy's L-BFGS-B calls dcsrch with ftol 1e-3, gtol 0.9, xtol 0.1, stpmin 0, stpmax 1e10.
const C1 = 1e-3;
const C2 = 0.9;
const XTOL = 0.1;
const STEP_MAX = 1e10;

/**
 * The Moré–Thuente line search (MINPACK-2 `dcsrch`, as scipy's L-BFGS-B drives it): finds a step
 * `t` along `direction` with `f(x + t·d) ≤ f(x) + c1·t·f'(0)` and `|f'(t)| ≤ c2·|f'(0)|`, keeping
 * an interval of uncertainty updated by {@link moreThuenteStep}. Warnings (rounding errors, the
 * interval below `xtol`) end the search with the last point, as in L-BFGS-B. On success `trial`
 * and `trialGradient` hold the accepted point.
 */
function strongWolfe(
  objective: Objective,
  x: Float64Array,
  value0: number,
  slope0: number,
  direction: Float64Array,
  initialStep: number,
  trial: Float64Array,
  trialGradient: Float64Array,
  budget: number,
): LineSearchResult {
  let evaluations = 0;
  const gtest = C1 * slope0;
  let width = STEP_MAX;
  let width1 = width / 0.5;
  const state: StepState = {
    stx: 0,
    fx: value0,
    gx: slope0,
    sty: 0,
    fy: value0,
    gy: slope0,
    brackt: false,
    stp: initialStep,
  };
  let stage = 1;
  let stmin = 0;
  let stmax = initialStep + 4 * initialStep;
  for (;;) {
    if (evaluations >= budget) return { ok: false, value: value0, evaluations };
    const stp = state.stp;
    // x + d exactly when the step is 1, as L-BFGS-B does (it keeps x + d from the subspace step).
    if (stp === 1) difference(x, direction, trial, -1);
    else stepFrom(x, stp, direction, trial);
    const f = objective(trial, trialGradient);
    evaluations++;
    const g = dot(trialGradient, direction);
    if (!Number.isFinite(f) || !Number.isFinite(g)) {
      // Overflow: treat as a higher value so the interval shrinks towards the start.
      state.stp = state.stx + (stp - state.stx) / 10;
      state.brackt = true;
      state.sty = stp;
      state.fy = Number.MAX_VALUE;
      state.gy = 0;
      continue;
    }
    const ftest = value0 + stp * gtest;
    if (stage === 1 && f <= ftest && g >= 0) stage = 2;
    let warning = false;
    if (state.brackt && (stp <= stmin || stp >= stmax)) warning = true;
    if (state.brackt && stmax - stmin <= XTOL * stmax) warning = true;
    if (stp === STEP_MAX && f <= ftest && g <= gtest) warning = true;
    if (stp === 0 && (f > ftest || g >= gtest)) warning = true;
    if (f <= ftest && Math.abs(g) <= C2 * -slope0) return { ok: true, value: f, evaluations, step: stp, slope: g };
    // A warning accepts the current point, as L-BFGS-B does, unless it increased f.
    if (warning)
      return f <= value0 ? { ok: true, value: f, evaluations, step: stp } : { ok: false, value: value0, evaluations };

    if (stage === 1 && f <= state.fx && f > ftest) {
      // The modified function psi(t) = f(t) − f(0) − c1·t·f'(0) predicts the step in stage 1.
      const modified: StepState = {
        ...state,
        fx: state.fx - state.stx * gtest,
        fy: state.fy - state.sty * gtest,
        gx: state.gx - gtest,
        gy: state.gy - gtest,
      };
      moreThuenteStep(modified, f - stp * gtest, g - gtest, stmin, stmax);
      Object.assign(state, modified, {
        fx: modified.fx + modified.stx * gtest,
        fy: modified.fy + modified.sty * gtest,
        gx: modified.gx + gtest,
        gy: modified.gy + gtest,
      });
    } else {
      moreThuenteStep(state, f, g, stmin, stmax);
    }
    if (state.brackt) {
      if (Math.abs(state.sty - state.stx) >= 0.66 * width1) state.stp = state.stx + 0.5 * (state.sty - state.stx);
      width1 = width;
      width = Math.abs(state.sty - state.stx);
      stmin = Math.min(state.stx, state.sty);
      stmax = Math.max(state.stx, state.sty);
    } else {
      stmin = state.stp + 1.1 * (state.stp - state.stx);
      stmax = state.stp + 4 * (state.stp - state.stx);
    }
    state.stp = Math.min(Math.max(state.stp, 0), STEP_MAX);
    if (
      (state.brackt && (state.stp <= stmin || state.stp >= stmax)) ||
      (state.brackt && stmax - stmin <= XTOL * stmax)
    ) {
      state.stp = state.stx;
    }
  }
}

/** The interval of uncertainty and the next trial step of the Moré–Thuente search. */
interface StepState {
  /** Best step so far, its value and slope. */
  stx: number;
  fx: number;
  gx: number;
  /** Other end of the interval, its value and slope. */
  sty: number;
  fy: number;
  gy: number;
  /** Whether a minimiser is bracketed. */
  brackt: boolean;
  /** The step just evaluated on entry; the next trial step on exit. */
  stp: number;
}

/**
 * One safeguarded step of Moré & Thuente (1994), MINPACK-2 `dcstep`: from the trial `stp` with
 * value `fp` and slope `dp`, picks the next step by cubic, quadratic or secant interpolation
 * (four cases) and updates the interval.
 */
function moreThuenteStep(state: StepState, fp: number, dp: number, stpmin: number, stpmax: number): void {
  const { stx, fx, gx: dx, sty, fy, gy: dy, stp } = state;
  const sgnd = dp * Math.sign(dx);
  let stpf: number;
  if (fp > fx) {
    // Higher value: the minimum is bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (dx / s) * (dp / s));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const stpc = stx + (p / q) * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    state.brackt = true;
  } else if (sgnd < 0) {
    // Lower value, slopes of opposite sign: bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (dx / s) * (dp / s));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const stpc = stp + (p / q) * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    state.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Lower value, same sign, slope magnitude decreasing.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (state.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (state.brackt) {
    // Lower value, same sign, slope not decreasing, bracketed: cubic towards sty.
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (dy / s) * (dp / s));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dy;
    stpf = stp + (p / q) * (sty - stp);
  } else {
    stpf = stp > stx ? stpmax : stpmin;
  }
  if (fp > fx) {
    state.sty = stp;
    state.fy = fp;
    state.gy = dp;
  } else {
    if (sgnd < 0) {
      state.sty = stx;
      state.fy = fx;
      state.gy = dx;
    }
    state.stx = stp;
    state.fx = fp;
    state.gx = dp;
  }
  state.stp = stpf;
}

function dot(a: Float64Array, b: Float64Array): number {
  // Four partial sums break the add-latency chain (as BLAS ddot does); about 3× faster here.
  const n = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; i++) s0 += a[i] * b[i];
  return s0 + s1 + (s2 + s3);
}

/**
 * `target += factor·source`, returning `next·target` (the updated target) summed exactly as
 * {@link dot} sums it, so fusing the two passes changes no bit.
 */
function axpyThenDot(factor: number, source: Float64Array, target: Float64Array, next: Float64Array): number {
  const n = target.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const t0 = target[i] + factor * source[i];
    const t1 = target[i + 1] + factor * source[i + 1];
    const t2 = target[i + 2] + factor * source[i + 2];
    const t3 = target[i + 3] + factor * source[i + 3];
    target[i] = t0;
    target[i + 1] = t1;
    target[i + 2] = t2;
    target[i + 3] = t3;
    s0 += next[i] * t0;
    s1 += next[i + 1] * t1;
    s2 += next[i + 2] * t2;
    s3 += next[i + 3] * t3;
  }
  for (; i < n; i++) {
    const t = target[i] + factor * source[i];
    target[i] = t;
    s0 += next[i] * t;
  }
  return s0 + s1 + (s2 + s3);
}

/** `target = −source`, returning `next·target`, summed as {@link dot}. */
function negateThenDot(source: Float64Array, target: Float64Array, next: Float64Array): number {
  const n = target.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const t0 = -source[i];
    const t1 = -source[i + 1];
    const t2 = -source[i + 2];
    const t3 = -source[i + 3];
    target[i] = t0;
    target[i + 1] = t1;
    target[i + 2] = t2;
    target[i + 3] = t3;
    s0 += next[i] * t0;
    s1 += next[i + 1] * t1;
    s2 += next[i + 2] * t2;
    s3 += next[i + 3] * t3;
  }
  for (; i < n; i++) {
    const t = -source[i];
    target[i] = t;
    s0 += next[i] * t;
  }
  return s0 + s1 + (s2 + s3);
}

/**
 * Writes the correction pair `s = step·direction`, `y = g⁺ − g` and returns `[sᵀy, yᵀy]`, each
 * summed as {@link dot}.
 */
function correctionPair(
  step: number,
  direction: Float64Array,
  newGradient: Float64Array,
  gradient: Float64Array,
  sOut: Float64Array,
  yOut: Float64Array,
): [number, number] {
  const n = direction.length;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const s0 = step * direction[i];
    const s1 = step * direction[i + 1];
    const s2 = step * direction[i + 2];
    const s3 = step * direction[i + 3];
    const y0 = newGradient[i] - gradient[i];
    const y1 = newGradient[i + 1] - gradient[i + 1];
    const y2 = newGradient[i + 2] - gradient[i + 2];
    const y3 = newGradient[i + 3] - gradient[i + 3];
    sOut[i] = s0;
    sOut[i + 1] = s1;
    sOut[i + 2] = s2;
    sOut[i + 3] = s3;
    yOut[i] = y0;
    yOut[i + 1] = y1;
    yOut[i + 2] = y2;
    yOut[i + 3] = y3;
    a0 += s0 * y0;
    a1 += s1 * y1;
    a2 += s2 * y2;
    a3 += s3 * y3;
    b0 += y0 * y0;
    b1 += y1 * y1;
    b2 += y2 * y2;
    b3 += y3 * y3;
  }
  for (; i < n; i++) {
    const si = step * direction[i];
    const yi = newGradient[i] - gradient[i];
    sOut[i] = si;
    yOut[i] = yi;
    a0 += si * yi;
    b0 += yi * yi;
  }
  return [a0 + a1 + (a2 + a3), b0 + b1 + (b2 + b3)];
}

/** `target *= factor`, returning `next·target`, summed as {@link dot}. */
function scaleThenDot(factor: number, target: Float64Array, next: Float64Array): number {
  const n = target.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const t0 = target[i] * factor;
    const t1 = target[i + 1] * factor;
    const t2 = target[i + 2] * factor;
    const t3 = target[i + 3] * factor;
    target[i] = t0;
    target[i + 1] = t1;
    target[i + 2] = t2;
    target[i + 3] = t3;
    s0 += next[i] * t0;
    s1 += next[i + 1] * t1;
    s2 += next[i + 2] * t2;
    s3 += next[i + 3] * t3;
  }
  for (; i < n; i++) {
    const t = target[i] * factor;
    target[i] = t;
    s0 += next[i] * t;
  }
  return s0 + s1 + (s2 + s3);
}

// Vector kernels live in small functions so V8 optimises them on their own, independently of the
// long-running loops that call them.
function negate(source: Float64Array, target: Float64Array): void {
  for (let i = 0; i < source.length; i++) target[i] = -source[i];
}

/** `target = a − sign·b` (sign −1 gives `a + b`). */
function difference(a: Float64Array, b: Float64Array, target: Float64Array, sign = 1): void {
  if (sign === 1) for (let i = 0; i < a.length; i++) target[i] = a[i] - b[i];
  else for (let i = 0; i < a.length; i++) target[i] = a[i] + b[i];
}

function stepFrom(x: Float64Array, step: number, direction: Float64Array, target: Float64Array): void {
  for (let i = 0; i < x.length; i++) target[i] = step * direction[i] + x[i];
}

function maxAbs(values: Float64Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const value = Math.abs(values[i]);
    if (value > max || Number.isNaN(value)) max = value;
  }
  return max;
}
