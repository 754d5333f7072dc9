import { parseOrThrow, type StreamingDriftDetectorV1 } from '@mloop/core';
import { z } from 'zod';

/**
 * The zod schema of a streaming detector's JSON document, `{ format, version: 1, params, state }`;
 * `fromJSON` of each detector parses with it.
 */
export function streamingDetectorJSONSchema<Format extends string, Params extends z.ZodType, State extends z.ZodType>(
  format: Format,
  params: Params,
  state: State,
) {
  return z.object({ format: z.literal(format), version: z.literal(1), params, state });
}

/**
 * What the streaming detectors (ADWIN, DDM, EDDM, KSWIN, Page–Hinkley) share: params validated
 * once by their zod schema, the drift and warning flags and the count that describe the stream
 * since the last reset, `reset()`, and the `{ format, version: 1, params, state }` document.
 *
 * `update` stays in each detector: it is the hot path, and a shared one calling back into five
 * classes would make that call site polymorphic. The protected members are `@hidden` so the API
 * docs show each detector's public surface only.
 */
export abstract class StreamingDetector<Params extends object> implements StreamingDriftDetectorV1 {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion = 'v1' as const;
  /** Method name. */
  abstract readonly method: string;
  /** The resolved params. */
  readonly params: Readonly<Params>;
  /**
   * Whether the last update detected drift; the next update then starts from a fresh state.
   * @hidden
   */
  protected drift = false;
  /**
   * Whether the last update is in the warning zone; stays false for detectors without one.
   * @hidden
   */
  protected warning = false;
  /**
   * Values seen since the last reset or detection.
   * @hidden
   */
  protected seen = 0;

  /** @throws {InvalidArgumentError} INVALID_ARGUMENT for invalid params. */
  protected constructor(schema: z.ZodType<Params>, params: unknown) {
    this.params = parseOrThrow(schema, params, 'params');
  }

  /** True when the last update detected drift. */
  get driftDetected(): boolean {
    return this.drift;
  }

  /** True when the last update is in the warning zone; always false for ADWIN, KSWIN and Page–Hinkley. */
  get warningDetected(): boolean {
    return this.warning;
  }

  /** Values seen since the last reset or detection. */
  get nSeen(): number {
    return this.seen;
  }

  /** Feeds one value. */
  abstract update(value: number): this;

  /** Back to a fresh state with the same params. */
  reset(): this {
    this.drift = false;
    this.warning = false;
    this.seen = 0;
    this.resetState();
    return this;
  }

  /** Params and state; `fromJSON` of the class resumes the stream exactly. */
  abstract toJSON(): unknown;

  /**
   * Returns the detector's own state (everything but the flags and the count) to its initial values.
   * @hidden
   */
  protected abstract resetState(): void;

  /**
   * The JSON document of the detector around its `state`.
   * @hidden
   */
  protected document<Format extends string, State>(
    format: Format,
    state: State,
  ): { format: Format; version: 1; params: Params; state: State } {
    return { format, version: 1, params: { ...this.params }, state };
  }
}
