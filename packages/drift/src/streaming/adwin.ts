import { parseOrThrow } from '@mloop/core';
import { z } from 'zod';
import { checkFinite } from './check-value';
import { StreamingDetector, streamingDetectorJSONSchema } from './streaming-detector';

/** Params of {@link Adwin} (River's defaults). */
export const adwinParamsSchema = z.object({
  /** Confidence of a cut. Default 0.002. */
  delta: z.number().gt(0).lt(1).default(0.002),
  /** Look for a cut every `clock` values. Default 32. */
  clock: z.number().int().positive().default(32),
  /** Buckets per row of the exponential histogram before two are merged. Default 5. */
  maxBuckets: z.number().int().positive().default(5),
  /** Minimum size of each sub-window of a cut. Default 5. */
  minWindowLength: z.number().int().positive().default(5),
  /** Values before the first check. Default 10. */
  gracePeriod: z.number().int().nonnegative().default(10),
});

/** Params of {@link Adwin} as given. */
export type AdwinParams = z.input<typeof adwinParamsSchema>;

const jsonSchema = streamingDetectorJSONSchema(
  'mloop.drift.adwin',
  adwinParamsSchema,
  z.object({
    width: z.number().int().nonnegative(),
    total: z.number(),
    variance: z.number(),
    tick: z.number().int().nonnegative(),
    nSeen: z.number().int().nonnegative(),
    drift: z.boolean(),
    /** Row r holds buckets of 2^r values, oldest first: [sum, varsum] pairs. */
    rows: z.array(z.array(z.tuple([z.number(), z.number()]))),
  }),
);

interface Row {
  readonly totals: Float64Array;
  readonly variances: Float64Array;
  count: number;
}

/**
 * ADWIN, adaptive windowing (Bifet & Gavaldà 2007), as River's `ADWIN` with the current full
 * bucket scan (river/drift/adwin_c.pyx, PR #1613): an exponential histogram of the window, checked
 * every `clock` values for a cut whose sub-window means differ by more than ε; the older part is
 * dropped bucket by bucket.
 *
 * @example
 * ```ts
 * const adwin = new Adwin();
 * for (const x of stream) if (adwin.update(x).driftDetected) console.log('drift at width', adwin.width);
 * ```
 */
export class Adwin extends StreamingDetector<z.output<typeof adwinParamsSchema>> {
  /** Method name. */
  readonly method = 'adwin';
  #rows: Row[] = [];
  #width = 0;
  #total = 0;
  #variance = 0;
  #tick = 0;

  /** @throws {InvalidArgumentError} INVALID_ARGUMENT for invalid params. */
  constructor(params: AdwinParams = {}) {
    super(adwinParamsSchema, params);
    this.reset();
  }

  /** Current window length. */
  get width(): number {
    return this.#width;
  }

  /** Mean of the window (0 when empty). */
  get estimation(): number {
    return this.#width === 0 ? 0 : this.#total / this.#width;
  }

  /** Sum of squared deviations in the window divided by its width. */
  get variance(): number {
    return this.#width === 0 ? 0 : this.#variance / this.#width;
  }

  #newRow(): Row {
    const size = this.params.maxBuckets + 1;
    return { totals: new Float64Array(size), variances: new Float64Array(size), count: 0 };
  }

  /**
   * Feeds one value.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a non-finite value.
   */
  update(value: number): this {
    checkFinite('Adwin', value);
    if (this.drift) this.reset();
    this.seen++;
    this.#insert(value);
    this.#compress();
    this.drift = this.#detect();
    return this;
  }

  #insert(value: number): void {
    const row = this.#rows[0] as Row;
    row.totals[row.count] = value;
    row.variances[row.count] = 0;
    row.count++;
    this.#width++;
    if (this.#width > 1) {
      const w = this.#width;
      const d = value - this.#total / (w - 1);
      this.#variance += ((w - 1) * d * d) / w;
    }
    this.#total += value;
  }

  #compress(): void {
    const maxBuckets = this.params.maxBuckets;
    for (let r = 0; r < this.#rows.length; r++) {
      const row = this.#rows[r] as Row;
      if (row.count !== maxBuckets + 1) break;
      if (r + 1 === this.#rows.length) this.#rows.push(this.#newRow());
      const next = this.#rows[r + 1] as Row;
      const n = 2 ** r;
      const s0 = row.totals[0] as number;
      const s1 = row.totals[1] as number;
      const mu0 = s0 / n;
      const mu1 = s1 / n;
      next.totals[next.count] = s0 + s1;
      next.variances[next.count] =
        (row.variances[0] as number) + (row.variances[1] as number) + (n * n * (mu0 - mu1) * (mu0 - mu1)) / (2 * n);
      next.count++;
      row.totals.copyWithin(0, 2, row.count);
      row.variances.copyWithin(0, 2, row.count);
      row.count -= 2;
      if (next.count <= maxBuckets) break;
    }
  }

  #detect(): boolean {
    this.#tick++;
    if (this.#tick % this.params.clock !== 0 || this.#width <= this.params.gracePeriod) return false;
    const minLength = this.params.minWindowLength;
    let changed = false;
    let reduce = true;
    while (reduce) {
      reduce = false;
      let exit = false;
      let n0 = 0;
      let n1 = this.#width;
      let u0 = 0;
      let u1 = this.#total;
      for (let r = this.#rows.length - 1; r >= 0 && !exit; r--) {
        const row = this.#rows[r] as Row;
        const n2 = 2 ** r;
        for (let k = 0; k < row.count; k++) {
          const u2 = row.totals[k] as number;
          n0 += n2;
          n1 -= n2;
          u0 += u2;
          u1 -= u2;
          if (r === 0 && k === row.count - 1) {
            exit = true;
            break;
          }
          if (n1 >= minLength && n0 >= minLength && this.#cut(n0, n1, Math.abs(u0 / n0 - u1 / n1))) {
            reduce = true;
            changed = true;
            if (this.#width > 0) {
              this.#deleteOldest();
              exit = true;
              break;
            }
          }
        }
      }
    }
    return changed;
  }

  #cut(n0: number, n1: number, absDelta: number): boolean {
    const minLength = this.params.minWindowLength;
    const deltaPrime = Math.log((2 * Math.log(this.#width)) / this.params.delta);
    const m = 1 / (n0 - minLength + 1) + 1 / (n1 - minLength + 1);
    const epsilon = Math.sqrt(2 * m * (this.#variance / this.#width) * deltaPrime) + (2 / 3) * deltaPrime * m;
    return absDelta > epsilon;
  }

  #deleteOldest(): void {
    const last = this.#rows.length - 1;
    const row = this.#rows[last] as Row;
    const n = 2 ** last;
    const u = row.totals[0] as number;
    const v = row.variances[0] as number;
    const mu = u / n;
    this.#width -= n;
    this.#total -= u;
    const muWindow = this.#total / this.#width;
    this.#variance -= v + (n * this.#width * (mu - muWindow) * (mu - muWindow)) / (n + this.#width);
    row.totals.copyWithin(0, 1, row.count);
    row.variances.copyWithin(0, 1, row.count);
    row.count--;
    if (row.count === 0) this.#rows.pop();
  }

  protected resetState(): void {
    this.#rows = [this.#newRow()];
    this.#width = 0;
    this.#total = 0;
    this.#variance = 0;
    this.#tick = 0;
  }

  /** Params and state (the whole exponential histogram); {@link Adwin.fromJSON} resumes exactly. */
  toJSON(): z.output<typeof jsonSchema> {
    return this.document('mloop.drift.adwin', {
      width: this.#width,
      total: this.#total,
      variance: this.#variance,
      tick: this.#tick,
      nSeen: this.seen,
      drift: this.drift,
      rows: this.#rows.map((row) =>
        Array.from({ length: row.count }, (_, k): [number, number] => [
          row.totals[k] as number,
          row.variances[k] as number,
        ]),
      ),
    });
  }

  /**
   * Restores a detector from {@link Adwin.toJSON} output.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the JSON does not match the schema.
   */
  static fromJSON(json: unknown): Adwin {
    const parsed = parseOrThrow(jsonSchema, json, 'json');
    const detector = new Adwin(parsed.params);
    const s = parsed.state;
    detector.#rows = s.rows.map((buckets) => {
      const row = detector.#newRow();
      buckets.slice(0, row.totals.length).forEach(([total, variance], k) => {
        row.totals[k] = total;
        row.variances[k] = variance;
      });
      row.count = Math.min(buckets.length, row.totals.length);
      return row;
    });
    if (detector.#rows.length === 0) detector.#rows.push(detector.#newRow());
    detector.#width = s.width;
    detector.#total = s.total;
    detector.#variance = s.variance;
    detector.#tick = s.tick;
    detector.seen = s.nSeen;
    detector.drift = s.drift;
    return detector;
  }
}
