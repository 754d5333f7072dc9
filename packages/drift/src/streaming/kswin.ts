import { InvalidArgumentError, parseOrThrow, SeededRandom } from '@mloop/core';
import { z } from 'zod';
import { ksTestSorted } from '../stattests/ks';
import { checkFinite } from './check-value';
import { StreamingDetector, streamingDetectorJSONSchema } from './streaming-detector';

/** Params of {@link Kswin} (River's defaults). */
export const kswinParamsSchema = z.object({
  /** Significance level of the KS test. Default 0.005. */
  alpha: z.number().min(0).max(1).default(0.005),
  /** Values kept in the sliding window. Default 100. */
  windowSize: z.number().int().positive().default(100),
  /** Size of the most recent sample, compared with as many older values drawn at random. Default 30. */
  statSize: z.number().int().positive().default(30),
  /** Seed of the sampler (River uses Python's `random`; the draws here come from mloop's `SeededRandom`). Default 0. */
  seed: z.number().int().default(0),
});

/** Params of {@link Kswin} as given. */
export type KswinParams = z.input<typeof kswinParamsSchema>;

/** Draws `k` distinct indices from `0 … n − 1`. */
export type KswinSampler = (n: number, k: number) => ArrayLike<number>;

const jsonSchema = streamingDetectorJSONSchema(
  'mloop.drift.kswin',
  kswinParamsSchema,
  z.object({
    window: z.array(z.number()),
    nSeen: z.number().int().nonnegative(),
    pValue: z.number(),
    statistic: z.number(),
    drift: z.boolean(),
    random: z.unknown(),
  }),
);

/**
 * KSWIN (Raab et al. 2020), as River's `KSWIN` (river/drift/kswin.py): once the sliding window is
 * full, the last `statSize` values are compared by a two-sample KS test (SciPy's `auto` p-value)
 * with `statSize` values drawn without replacement from the older part; drift when p ≤ alpha and
 * D > 0.1. The draws come from a seeded, serializable generator (or an injected sampler, for
 * tests), so River's exact indices depend on Python's `random` and are not reproduced; `reset()`
 * re-seeds it, as River does.
 *
 * @example
 * ```ts
 * const kswin = new Kswin({ seed: 42 });
 * for (const x of stream) if (kswin.update(x).driftDetected) console.log('drift', kswin.pValue);
 * ```
 */
export class Kswin extends StreamingDetector<z.output<typeof kswinParamsSchema>> {
  /** Method name. */
  readonly method = 'kswin';
  readonly #sampler: KswinSampler | undefined;
  #window: Float64Array;
  #start = 0;
  #length = 0;
  #pValue = 1;
  #statistic = 0;
  #random: SeededRandom;

  /**
   * @param sampler replaces the seeded draws (for tests that pin the sample); a detector with a
   *   custom sampler still serializes, but resumes with the seeded generator.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for invalid params or statSize ≥ windowSize.
   */
  constructor(params: KswinParams = {}, sampler?: KswinSampler) {
    super(kswinParamsSchema, params);
    if (this.params.statSize >= this.params.windowSize) {
      throw new InvalidArgumentError({
        message: `Kswin needs statSize < windowSize, got ${this.params.statSize} and ${this.params.windowSize}.`,
        field: 'params.statSize',
      });
    }
    this.#sampler = sampler;
    this.#window = new Float64Array(this.params.windowSize);
    this.#random = new SeededRandom(this.params.seed);
  }

  /** p-value of the last test (1 before the window is full). */
  get pValue(): number {
    return this.#pValue;
  }

  /** KS statistic of the last test. */
  get statistic(): number {
    return this.#statistic;
  }

  /**
   * Feeds one value.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a non-finite value.
   */
  update(value: number): this {
    checkFinite('Kswin', value);
    if (this.drift) this.reset();
    this.seen++;
    const size = this.params.windowSize;
    if (this.#length < size) {
      this.#window[(this.#start + this.#length) % size] = value;
      this.#length++;
    } else {
      this.#window[this.#start] = value;
      this.#start = (this.#start + 1) % size;
    }
    if (this.#length < size) return this;
    const stat = this.params.statSize;
    const older = size - stat;
    const indices = this.#sampler ? this.#sampler(older, stat) : this.#random.sampleWithoutReplacement(older, stat);
    const sample = new Float64Array(stat);
    for (let i = 0; i < stat; i++) sample[i] = this.#window[(this.#start + (indices[i] as number)) % size] as number;
    const recent = new Float64Array(stat);
    for (let i = 0; i < stat; i++) recent[i] = this.#window[(this.#start + older + i) % size] as number;
    const result = ksTestSorted(sample.sort(), recent.sort());
    this.#pValue = result.pValue;
    this.#statistic = result.statistic;
    this.drift = result.pValue <= this.params.alpha && result.statistic > 0.1;
    return this;
  }

  protected resetState(): void {
    this.#window = new Float64Array(this.params.windowSize);
    this.#start = 0;
    this.#length = 0;
    this.#pValue = 1;
    this.#statistic = 0;
    // Re-seeded, so a reset detector draws what a fresh one would.
    this.#random = new SeededRandom(this.params.seed);
  }

  /** Params, window and generator state; {@link Kswin.fromJSON} resumes exactly. */
  toJSON(): z.output<typeof jsonSchema> {
    const window = Array.from(
      { length: this.#length },
      (_, i) => this.#window[(this.#start + i) % this.params.windowSize] as number,
    );
    return this.document('mloop.drift.kswin', {
      window,
      nSeen: this.seen,
      pValue: this.#pValue,
      statistic: this.#statistic,
      drift: this.drift,
      random: this.#random.toJSON(),
    });
  }

  /**
   * Restores a detector from {@link Kswin.toJSON} output.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the JSON does not match the schema.
   */
  static fromJSON(json: unknown): Kswin {
    const parsed = parseOrThrow(jsonSchema, json, 'json');
    const detector = new Kswin(parsed.params);
    const s = parsed.state;
    if (s.window.length > parsed.params.windowSize) {
      throw new InvalidArgumentError({
        message: 'Kswin JSON: the window is longer than windowSize.',
        field: 'json.state.window',
      });
    }
    detector.#window.set(s.window);
    detector.#length = s.window.length;
    detector.seen = s.nSeen;
    detector.#pValue = s.pValue;
    detector.#statistic = s.statistic;
    detector.drift = s.drift;
    detector.#random = SeededRandom.fromJSON(s.random);
    return detector;
  }
}
