import { InvalidArgumentError, parseOrThrow } from '@mloop/core';
import { z } from 'zod';
import { checkBinary } from './check-value';
import { StreamingDetector, streamingDetectorJSONSchema } from './streaming-detector';

/** Params of {@link Eddm} (River's defaults). */
export const eddmParamsSchema = z.object({
  /** Values (and errors) before warnings and drifts can be raised. Default 30. */
  warmStart: z.number().int().nonnegative().default(30),
  /** Warning level: p2s / max_p2s < alpha. Default 0.95. */
  alpha: z.number().min(0).max(1).default(0.95),
  /** Drift level: p2s / max_p2s < beta. Default 0.9 (needs alpha ≥ beta). */
  beta: z.number().min(0).max(1).default(0.9),
});

/** Params of {@link Eddm} as given. */
export type EddmParams = z.input<typeof eddmParamsSchema>;

const jsonSchema = streamingDetectorJSONSchema(
  'mloop.drift.eddm',
  eddmParamsSchema,
  z.object({
    n: z.number().int().nonnegative(),
    nErrors: z.number().int().nonnegative(),
    lastError: z.number().int().nonnegative(),
    distanceCount: z.number().int().nonnegative(),
    distanceMean: z.number(),
    distanceM2: z.number(),
    maxP2s: z.number(),
    warning: z.boolean(),
    drift: z.boolean(),
  }),
);

/**
 * Early Drift Detection Method (Baena-García et al. 2006): watches the distance between errors,
 * as River's `binary.EDDM` (river/drift/binary/eddm.py). Feed 1 for an error, 0 otherwise.
 *
 * @example
 * ```ts
 * const eddm = new Eddm();
 * for (const correct of outcomes) if (eddm.update(correct ? 0 : 1).warningDetected) console.log('warning');
 * ```
 */
export class Eddm extends StreamingDetector<z.output<typeof eddmParamsSchema>> {
  /** Method name. */
  readonly method = 'eddm';
  #nErrors = 0;
  #lastError = 0;
  #count = 0;
  #mean = 0;
  #m2 = 0;
  #maxP2s = 0;

  /** @throws {InvalidArgumentError} INVALID_ARGUMENT for invalid params or alpha < beta. */
  constructor(params: EddmParams = {}) {
    super(eddmParamsSchema, params);
    if (this.params.alpha < this.params.beta) {
      throw new InvalidArgumentError({
        message: `Eddm needs alpha ≥ beta (the warning level above the drift level), got alpha ${this.params.alpha} and beta ${this.params.beta}.`,
        field: 'params.alpha',
      });
    }
  }

  /**
   * Feeds 1 for an error, 0 for a correct prediction.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for anything but 0 or 1.
   */
  update(value: number): this {
    checkBinary('Eddm', value);
    if (this.drift) this.reset();
    this.seen++;
    if (value === 1) {
      this.#nErrors++;
      // River's stats.Var (Welford, ddof 1) on the distance since the previous error.
      const distance = this.seen - this.#lastError;
      const count = ++this.#count;
      const oldMean = this.#mean;
      this.#mean += (1 / count) * (distance - this.#mean);
      this.#m2 += (distance - oldMean) * (distance - this.#mean);
      this.#lastError = this.seen;
      if (this.seen > this.params.warmStart) {
        const variance = count > 1 ? this.#m2 / (count - 1) : 0;
        const p2s = this.#mean + 2 * Math.sqrt(variance);
        if (p2s > this.#maxP2s) {
          this.#maxP2s = p2s;
        } else if (this.#nErrors > this.params.warmStart) {
          const level = p2s / this.#maxP2s;
          if (level < this.params.beta) {
            this.drift = true;
          } else {
            this.warning = level < this.params.alpha;
          }
        }
      }
    }
    return this;
  }

  protected resetState(): void {
    this.#nErrors = 0;
    this.#lastError = 0;
    this.#count = 0;
    this.#mean = 0;
    this.#m2 = 0;
    this.#maxP2s = 0;
  }

  /** Params and state; {@link Eddm.fromJSON} resumes the stream exactly. */
  toJSON(): z.output<typeof jsonSchema> {
    return this.document('mloop.drift.eddm', {
      n: this.seen,
      nErrors: this.#nErrors,
      lastError: this.#lastError,
      distanceCount: this.#count,
      distanceMean: this.#mean,
      distanceM2: this.#m2,
      maxP2s: this.#maxP2s,
      warning: this.warning,
      drift: this.drift,
    });
  }

  /**
   * Restores a detector from {@link Eddm.toJSON} output.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the JSON does not match the schema.
   */
  static fromJSON(json: unknown): Eddm {
    const parsed = parseOrThrow(jsonSchema, json, 'json');
    const detector = new Eddm(parsed.params);
    const s = parsed.state;
    detector.seen = s.n;
    detector.#nErrors = s.nErrors;
    detector.#lastError = s.lastError;
    detector.#count = s.distanceCount;
    detector.#mean = s.distanceMean;
    detector.#m2 = s.distanceM2;
    detector.#maxP2s = s.maxP2s;
    detector.warning = s.warning;
    detector.drift = s.drift;
    return detector;
  }
}
