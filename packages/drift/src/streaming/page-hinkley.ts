import { parseOrThrow, type StreamingDriftDetectorV1 } from '@mloop/core';
import { z } from 'zod';
import { checkFinite } from './check-value';

/** Params of {@link PageHinkley} (River's defaults). */
export const pageHinkleyParamsSchema = z.object({
  /** Values needed before a drift can be flagged. Default 30. */
  minInstances: z.number().int().positive().default(30),
  /** Tolerated change of the mean. Default 0.005. */
  delta: z.number().finite().nonnegative().default(0.005),
  /** Detection threshold λ. Default 50. */
  threshold: z.number().finite().positive().default(50),
  /** Forgetting factor of the cumulative sums. Default 1 − 0.0001. */
  alpha: z
    .number()
    .min(0)
    .max(1)
    .default(1 - 0.0001),
  /** Which changes to detect: `'up'`, `'down'` or `'both'`. Default `'both'`. */
  mode: z.union([z.literal('up'), z.literal('down'), z.literal('both')]).default('both'),
});

/** Params of {@link PageHinkley} as given. */
export type PageHinkleyParams = z.input<typeof pageHinkleyParamsSchema>;

const stateSchema = z.object({
  n: z.number().int().nonnegative(),
  mean: z.number(),
  sumIncrease: z.number(),
  sumDecrease: z.number(),
  minIncrease: z.union([z.number(), z.null()]),
  maxDecrease: z.union([z.number(), z.null()]),
  driftDetected: z.boolean(),
});

const jsonSchema = z.object({
  format: z.literal('mloop.drift.page-hinkley'),
  version: z.literal(1),
  params: pageHinkleyParamsSchema,
  state: stateSchema,
});

/**
 * Page–Hinkley test for a change in the mean, two-sided by default, as River's `PageHinkley`
 * (river/drift/page_hinkley.py): the running mean includes every value since the last reset, and
 * after a detection the detector restarts on the next value.
 *
 * @example
 * ```ts
 * const ph = new PageHinkley();
 * for (const x of stream) if (ph.update(x).driftDetected) console.log('drift');
 * ```
 */
export class PageHinkley implements StreamingDriftDetectorV1 {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion = 'v1' as const;
  /** Method name. */
  readonly method = 'page_hinkley';
  /** The resolved params. */
  readonly params: Readonly<z.output<typeof pageHinkleyParamsSchema>>;
  #n = 0;
  #mean = 0;
  #sumIncrease = 0;
  #sumDecrease = 0;
  #minIncrease = Number.POSITIVE_INFINITY;
  #maxDecrease = Number.NEGATIVE_INFINITY;
  #drift = false;
  readonly #up: boolean;
  readonly #down: boolean;

  /** @throws {InvalidArgumentError} INVALID_ARGUMENT for invalid params. */
  constructor(params: PageHinkleyParams = {}) {
    this.params = parseOrThrow(pageHinkleyParamsSchema, params, 'params');
    this.#up = this.params.mode !== 'down';
    this.#down = this.params.mode !== 'up';
  }

  /** True when the last update detected drift. */
  get driftDetected(): boolean {
    return this.#drift;
  }

  /** Page–Hinkley has no warning zone: always false. */
  get warningDetected(): boolean {
    return false;
  }

  /** Values seen since the last reset or detection. */
  get nSeen(): number {
    return this.#n;
  }

  /** Running mean since the last reset. */
  get mean(): number {
    return this.#mean;
  }

  /**
   * Feeds one value.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a non-finite value.
   */
  update(value: number): this {
    checkFinite('PageHinkley', value);
    if (this.#drift) this.reset();
    const n = ++this.#n;
    // River's stats.Mean: mean += (w / n)·(x − mean); the same operation order keeps indices exact.
    this.#mean += (1 / n) * (value - this.#mean);
    const dev = value - this.#mean;
    const { alpha, delta, threshold } = this.params;
    this.#sumIncrease = alpha * this.#sumIncrease + dev - delta;
    this.#sumDecrease = alpha * this.#sumDecrease + dev + delta;
    if (this.#sumIncrease < this.#minIncrease) this.#minIncrease = this.#sumIncrease;
    if (this.#sumDecrease > this.#maxDecrease) this.#maxDecrease = this.#sumDecrease;
    if (n >= this.params.minInstances) {
      this.#drift =
        (this.#up && this.#sumIncrease - this.#minIncrease > threshold) ||
        (this.#down && this.#maxDecrease - this.#sumDecrease > threshold);
    }
    return this;
  }

  /** Back to a fresh state with the same params. */
  reset(): this {
    this.#n = 0;
    this.#mean = 0;
    this.#sumIncrease = 0;
    this.#sumDecrease = 0;
    this.#minIncrease = Number.POSITIVE_INFINITY;
    this.#maxDecrease = Number.NEGATIVE_INFINITY;
    this.#drift = false;
    return this;
  }

  /** Params and state; {@link PageHinkley.fromJSON} resumes the stream exactly. */
  toJSON(): z.output<typeof jsonSchema> {
    return {
      format: 'mloop.drift.page-hinkley',
      version: 1,
      params: { ...this.params },
      state: {
        n: this.#n,
        mean: this.#mean,
        sumIncrease: this.#sumIncrease,
        sumDecrease: this.#sumDecrease,
        minIncrease: Number.isFinite(this.#minIncrease) ? this.#minIncrease : null,
        maxDecrease: Number.isFinite(this.#maxDecrease) ? this.#maxDecrease : null,
        driftDetected: this.#drift,
      },
    };
  }

  /**
   * Restores a detector from {@link PageHinkley.toJSON} output.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the JSON does not match the schema.
   */
  static fromJSON(json: unknown): PageHinkley {
    const parsed = parseOrThrow(jsonSchema, json, 'json');
    const detector = new PageHinkley(parsed.params);
    const s = parsed.state;
    detector.#n = s.n;
    detector.#mean = s.mean;
    detector.#sumIncrease = s.sumIncrease;
    detector.#sumDecrease = s.sumDecrease;
    detector.#minIncrease = s.minIncrease ?? Number.POSITIVE_INFINITY;
    detector.#maxDecrease = s.maxDecrease ?? Number.NEGATIVE_INFINITY;
    detector.#drift = s.driftDetected;
    return detector;
  }
}
