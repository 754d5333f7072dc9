import { parseOrThrow } from '@mloop/core';
import { z } from 'zod';
import { checkBinary } from './check-value';
import { StreamingDetector, streamingDetectorJSONSchema } from './streaming-detector';

/** Params of {@link Ddm} (River's defaults). */
export const ddmParamsSchema = z.object({
  /** Values before warnings and drifts can be raised. Default 30. */
  warmStart: z.number().int().nonnegative().default(30),
  /** Warning when p + s > p_min + warningThreshold·s_min. Default 2. */
  warningThreshold: z.number().finite().positive().default(2),
  /** Drift when p + s > p_min + driftThreshold·s_min. Default 3. */
  driftThreshold: z.number().finite().positive().default(3),
});

/** Params of {@link Ddm} as given. */
export type DdmParams = z.input<typeof ddmParamsSchema>;

const jsonSchema = streamingDetectorJSONSchema(
  'mloop.drift.ddm',
  ddmParamsSchema,
  z.object({
    n: z.number().int().nonnegative(),
    p: z.number(),
    pMin: z.number().nullable(),
    sMin: z.number().nullable(),
    psMin: z.number().nullable(),
    warning: z.boolean(),
    drift: z.boolean(),
  }),
);

/**
 * Drift Detection Method (Gama et al. 2004) on a stream of errors (1) and correct predictions (0),
 * as River's `binary.DDM` (river/drift/binary/ddm.py).
 *
 * @example
 * ```ts
 * const ddm = new Ddm();
 * for (const correct of outcomes) ddm.update(correct ? 0 : 1);
 * ```
 */
export class Ddm extends StreamingDetector<z.output<typeof ddmParamsSchema>> {
  /** Method name. */
  readonly method = 'ddm';
  #p = 0;
  #pMin = Number.NaN;
  #sMin = Number.NaN;
  #psMin = Number.POSITIVE_INFINITY;

  /** @throws {InvalidArgumentError} INVALID_ARGUMENT for invalid params. */
  constructor(params: DdmParams = {}) {
    super(ddmParamsSchema, params);
  }

  /**
   * Feeds 1 for an error, 0 for a correct prediction.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for anything but 0 or 1.
   */
  update(value: number): this {
    checkBinary('Ddm', value);
    if (this.drift) this.reset();
    const n = ++this.seen;
    this.#p += (1 / n) * (value - this.#p);
    const p = this.#p;
    const s = Math.sqrt((p * (1 - p)) / n);
    if (n > this.params.warmStart) {
      if (p + s <= this.#psMin) {
        this.#pMin = p;
        this.#sMin = s;
        this.#psMin = p + s;
      }
      this.warning = p + s > this.#pMin + this.params.warningThreshold * this.#sMin;
      if (p + s > this.#pMin + this.params.driftThreshold * this.#sMin) {
        this.drift = true;
        this.warning = false;
      }
    }
    return this;
  }

  protected resetState(): void {
    this.#p = 0;
    this.#pMin = Number.NaN;
    this.#sMin = Number.NaN;
    this.#psMin = Number.POSITIVE_INFINITY;
  }

  /** Params and state; {@link Ddm.fromJSON} resumes the stream exactly. */
  toJSON(): z.output<typeof jsonSchema> {
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    return this.document('mloop.drift.ddm', {
      n: this.seen,
      p: this.#p,
      pMin: finite(this.#pMin),
      sMin: finite(this.#sMin),
      psMin: finite(this.#psMin),
      warning: this.warning,
      drift: this.drift,
    });
  }

  /**
   * Restores a detector from {@link Ddm.toJSON} output.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the JSON does not match the schema.
   */
  static fromJSON(json: unknown): Ddm {
    const parsed = parseOrThrow(jsonSchema, json, 'json');
    const detector = new Ddm(parsed.params);
    const s = parsed.state;
    detector.seen = s.n;
    detector.#p = s.p;
    detector.#pMin = s.pMin ?? Number.NaN;
    detector.#sMin = s.sMin ?? Number.NaN;
    detector.#psMin = s.psMin ?? Number.POSITIVE_INFINITY;
    detector.warning = s.warning;
    detector.drift = s.drift;
    return detector;
  }
}
