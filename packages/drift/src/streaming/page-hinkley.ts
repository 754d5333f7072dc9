import { parseOrThrow } from '@mloop/core';
import { z } from 'zod';
import { checkFinite } from './check-value';
import { StreamingDetector, streamingDetectorJSONSchema } from './streaming-detector';

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

const jsonSchema = streamingDetectorJSONSchema('mloop.drift.page-hinkley', pageHinkleyParamsSchema, stateSchema);

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
export class PageHinkley extends StreamingDetector<z.output<typeof pageHinkleyParamsSchema>> {
  /** Method name. */
  readonly method = 'page_hinkley';
  #mean = 0;
  #sumIncrease = 0;
  #sumDecrease = 0;
  #minIncrease = Number.POSITIVE_INFINITY;
  #maxDecrease = Number.NEGATIVE_INFINITY;
  readonly #up: boolean;
  readonly #down: boolean;

  /** @throws {InvalidArgumentError} INVALID_ARGUMENT for invalid params. */
  constructor(params: PageHinkleyParams = {}) {
    super(pageHinkleyParamsSchema, params);
    this.#up = this.params.mode !== 'down';
    this.#down = this.params.mode !== 'up';
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
    if (this.drift) this.reset();
    const n = ++this.seen;
    // River's stats.Mean: mean += (w / n)·(x − mean); the same operation order keeps indices exact.
    this.#mean += (1 / n) * (value - this.#mean);
    const dev = value - this.#mean;
    const { alpha, delta, threshold } = this.params;
    this.#sumIncrease = alpha * this.#sumIncrease + dev - delta;
    this.#sumDecrease = alpha * this.#sumDecrease + dev + delta;
    if (this.#sumIncrease < this.#minIncrease) this.#minIncrease = this.#sumIncrease;
    if (this.#sumDecrease > this.#maxDecrease) this.#maxDecrease = this.#sumDecrease;
    if (n >= this.params.minInstances) {
      this.drift =
        (this.#up && this.#sumIncrease - this.#minIncrease > threshold) ||
        (this.#down && this.#maxDecrease - this.#sumDecrease > threshold);
    }
    return this;
  }

  protected resetState(): void {
    this.#mean = 0;
    this.#sumIncrease = 0;
    this.#sumDecrease = 0;
    this.#minIncrease = Number.POSITIVE_INFINITY;
    this.#maxDecrease = Number.NEGATIVE_INFINITY;
  }

  /** Params and state; {@link PageHinkley.fromJSON} resumes the stream exactly. */
  toJSON(): z.output<typeof jsonSchema> {
    return this.document('mloop.drift.page-hinkley', {
      n: this.seen,
      mean: this.#mean,
      sumIncrease: this.#sumIncrease,
      sumDecrease: this.#sumDecrease,
      minIncrease: Number.isFinite(this.#minIncrease) ? this.#minIncrease : null,
      maxDecrease: Number.isFinite(this.#maxDecrease) ? this.#maxDecrease : null,
      driftDetected: this.drift,
    });
  }

  /**
   * Restores a detector from {@link PageHinkley.toJSON} output.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the JSON does not match the schema.
   */
  static fromJSON(json: unknown): PageHinkley {
    const parsed = parseOrThrow(jsonSchema, json, 'json');
    const detector = new PageHinkley(parsed.params);
    const s = parsed.state;
    detector.seen = s.n;
    detector.#mean = s.mean;
    detector.#sumIncrease = s.sumIncrease;
    detector.#sumDecrease = s.sumDecrease;
    detector.#minIncrease = s.minIncrease ?? Number.POSITIVE_INFINITY;
    detector.#maxDecrease = s.maxDecrease ?? Number.NEGATIVE_INFINITY;
    detector.drift = s.driftDetected;
    return detector;
  }
}
