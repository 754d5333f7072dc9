import {
  type BatchDriftDetectorV1,
  type DriftResultV1,
  InvalidArgumentError,
  type Matrix,
  type MatrixLike,
  NotFittedError,
  parseOrThrow,
  SeededRandom,
  toMatrix,
} from '@mloop/core';
import { z } from 'zod';

/** Options of {@link MmdDrift} (alibi-detect's defaults). */
export const mmdDriftOptionsSchema = z.object({
  /** Significance level: drift when the permutation p-value is < this. Default 0.05. */
  pValue: z.number().gt(0).lt(1).default(0.05),
  /** Permutations for the p-value. Default 100. */
  nPermutations: z.number().int().positive().default(100),
  /** Kernel bandwidth; omitted = median heuristic on the reference. */
  sigma: z.number().positive().optional(),
  /** Seed of the permutations. Default 0. */
  seed: z.number().int().default(0),
  /** Most reference rows kept (the kernel matrix is quadratic); more rows → INVALID_ARGUMENT. Default 5000. */
  maxReferenceRows: z.number().int().positive().default(5000),
});

/** Options as given. */
export type MmdDriftOptions = z.input<typeof mmdDriftOptionsSchema>;

const jsonSchema = z.object({
  format: z.literal('mloop.drift.mmd'),
  version: z.literal(1),
  options: mmdDriftOptionsSchema,
  reference: z
    .object({ rows: z.number().int(), cols: z.number().int(), data: z.array(z.number()), sigma: z.number() })
    .nullable(),
});

function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) {
    const diff = (a[i * d + k] as number) - (b[j * d + k] as number);
    s += diff * diff;
  }
  return s;
}

/**
 * alibi-detect's median heuristic: sort the flattened squared-distance matrix of the reference with
 * itself (floored at 1e-30), take index `N + (N² − N)//2 − 1` (past the N zeros of the diagonal,
 * the lower median of the rest), σ = √(0.5·d).
 */
export function medianHeuristicSigma(reference: Matrix): number {
  const n = reference.rows;
  const d = reference.cols;
  const all = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++)
      all[i * n + j] = Math.max(squaredDistance(reference.data, i, reference.data, j, d), 1e-30);
  }
  all.sort();
  const index = n + Math.floor((n * n - n) / 2) - 1;
  return Math.sqrt(0.5 * (all[index] as number));
}

/**
 * Unbiased MMD² with the Gaussian kernel `exp(−‖a−b‖²/(2σ²))` over [x; y], diagonal zeroed:
 * ΣK_xx/(n(n−1)) + ΣK_yy/(m(m−1)) − 2·mean(K_xy).
 */
export function mmd2Unbiased(x: Matrix, y: Matrix, sigma: number): number {
  const kernel = gaussianKernelMatrix(x, y, sigma);
  return mmd2FromKernel(
    kernel,
    x.rows + y.rows,
    x.rows,
    Int32Array.from({ length: x.rows + y.rows }, (_, i) => i),
  );
}

function gaussianKernelMatrix(x: Matrix, y: Matrix, sigma: number): Float64Array {
  const n = x.rows;
  const total = n + y.rows;
  const d = x.cols;
  const data = new Float64Array(total * d);
  data.set(x.data, 0);
  data.set(y.data, n * d);
  const k = new Float64Array(total * total);
  const gamma = 1 / (2 * sigma * sigma);
  for (let i = 0; i < total; i++) {
    for (let j = i + 1; j < total; j++) {
      const v = Math.exp(-gamma * squaredDistance(data, i, data, j, d));
      k[i * total + j] = v;
      k[j * total + i] = v;
    }
  }
  return k;
}

function mmd2FromKernel(k: Float64Array, total: number, n: number, order: Int32Array): number {
  const m = total - n;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let a = 0; a < total; a++) {
    const i = order[a] as number;
    for (let b = 0; b < total; b++) {
      if (a === b) continue;
      const v = k[i * total + (order[b] as number)] as number;
      if (a < n && b < n) xx += v;
      else if (a >= n && b >= n) yy += v;
      else xy += v;
    }
  }
  // xy counted both K_xy and K_yx.
  return xx / (n * (n - 1)) + yy / (m * (m - 1)) - (2 * (xy / 2)) / (n * m);
}

/**
 * Kernel two-sample test on rows (alibi-detect's `MMDDrift`): Gaussian RBF kernel with the
 * median-heuristic bandwidth fixed on the reference, unbiased MMD², permutation p-value
 * `mean(MMD²_obs ≤ MMD²_perm)`; drift when p < `pValue`. Cost O((n+m)²·d + P·(n+m)²), so the
 * reference is capped by `maxReferenceRows`.
 *
 * @example
 * ```ts
 * const detector = new MmdDrift({ seed: 1 }).fit(referenceRows);
 * const { statistic, pValue, driftDetected } = detector.test(currentRows);
 * ```
 */
export class MmdDrift implements BatchDriftDetectorV1<MatrixLike> {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion = 'v1' as const;
  /** Method name. */
  readonly method = 'mmd';
  readonly #options: z.output<typeof mmdDriftOptionsSchema>;
  #reference: Matrix | undefined;
  #sigma = Number.NaN;

  /** @throws {InvalidArgumentError} INVALID_ARGUMENT for invalid options. */
  constructor(options: MmdDriftOptions = {}) {
    this.#options = parseOrThrow(mmdDriftOptionsSchema, options, 'options');
  }

  /** Whether `fit` has run. */
  get isFitted(): boolean {
    return this.#reference !== undefined;
  }

  /** The kernel bandwidth. @throws {NotFittedError} NOT_FITTED before `fit`. */
  get sigma(): number {
    if (!this.#reference) throw new NotFittedError({ estimator: 'MmdDrift', method: 'sigma' });
    return this.#sigma;
  }

  #check(data: MatrixLike, field: string): Matrix {
    const m = toMatrix(data, field);
    if (m.rows < 2)
      throw new InvalidArgumentError({ message: `${field} needs at least 2 rows for the unbiased MMD².`, field });
    for (let i = 0; i < m.data.length; i++) {
      const v = m.data[i] as number;
      if (!(v - v === 0))
        throw new InvalidArgumentError({ message: `${field} holds a non-finite value at flat index ${i}.`, field });
    }
    return m;
  }

  /**
   * Keeps the reference rows and fixes σ.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for fewer than 2 rows, non-finite values or more than `maxReferenceRows` rows.
   */
  fit(reference: MatrixLike): this {
    const m = this.#check(reference, 'reference');
    if (m.rows > this.#options.maxReferenceRows) {
      throw new InvalidArgumentError({
        message: `MmdDrift keeps at most ${this.#options.maxReferenceRows} reference rows (got ${m.rows}); sample the reference or raise maxReferenceRows.`,
        field: 'reference',
      });
    }
    this.#reference = { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
    this.#sigma = this.#options.sigma ?? medianHeuristicSigma(m);
    return this;
  }

  /**
   * MMD² and its permutation p-value.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for fewer than 2 rows, non-finite values or another column count.
   */
  test(current: MatrixLike): DriftResultV1 {
    const reference = this.#reference;
    if (!reference) throw new NotFittedError({ estimator: 'MmdDrift', method: 'test' });
    const y = this.#check(current, 'current');
    if (y.cols !== reference.cols) {
      throw new InvalidArgumentError({
        message: `current has ${y.cols} columns; the reference has ${reference.cols}.`,
        field: 'current',
      });
    }
    const total = reference.rows + y.rows;
    const kernel = gaussianKernelMatrix(reference, y, this.#sigma);
    const identity = Int32Array.from({ length: total }, (_, i) => i);
    const observed = mmd2FromKernel(kernel, total, reference.rows, identity);
    const random = new SeededRandom(this.#options.seed);
    const permuted: number[] = [];
    let atLeast = 0;
    for (let p = 0; p < this.#options.nPermutations; p++) {
      const value = mmd2FromKernel(kernel, total, reference.rows, random.permutation(total));
      permuted.push(value);
      if (observed <= value) atLeast++;
    }
    const pValue = atLeast / this.#options.nPermutations;
    permuted.sort((a, b) => b - a);
    return {
      method: this.method,
      statistic: observed,
      pValue,
      threshold: this.#options.pValue,
      driftDetected: pValue < this.#options.pValue,
      score: pValue,
      details: {
        sigma: this.#sigma,
        distanceThreshold: permuted[Math.floor(this.#options.pValue * this.#options.nPermutations)] ?? null,
        nPermutations: this.#options.nPermutations,
      },
    };
  }

  /** Options, reference rows and σ. */
  toJSON(): z.output<typeof jsonSchema> {
    return {
      format: 'mloop.drift.mmd',
      version: 1,
      options: this.#options,
      reference: this.#reference
        ? {
            rows: this.#reference.rows,
            cols: this.#reference.cols,
            data: Array.from(this.#reference.data),
            sigma: this.#sigma,
          }
        : null,
    };
  }

  /**
   * Restores a detector from {@link MmdDrift.toJSON} output.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the JSON does not match the schema.
   */
  static fromJSON(json: unknown): MmdDrift {
    const parsed = parseOrThrow(jsonSchema, json, 'json');
    const detector = new MmdDrift(parsed.options);
    if (parsed.reference) {
      const r = parsed.reference;
      if (r.data.length !== r.rows * r.cols)
        throw new InvalidArgumentError({
          message: 'MmdDrift JSON: data length differs from rows × cols.',
          field: 'json.reference.data',
        });
      detector.#reference = { rows: r.rows, cols: r.cols, data: Float64Array.from(r.data) };
      detector.#sigma = r.sigma;
    }
    return detector;
  }
}
