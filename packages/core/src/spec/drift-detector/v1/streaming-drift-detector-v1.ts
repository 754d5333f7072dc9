/**
 * A streaming drift detector (River's shape): feed values one at a time and read the flags, which
 * describe the state after the last `update`. After a detection the detector restarts from empty
 * on the next value.
 */
export interface StreamingDriftDetectorV1 {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion: 'v1';
  /** The method name, e.g. `'adwin'`, `'page_hinkley'`, `'ddm'`, `'eddm'`. */
  readonly method: string;
  /**
   * Feeds one value (for binary detectors such as DDM: 1 for an error, 0 otherwise).
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a non-finite value (or not 0/1 for binary detectors).
   */
  update(value: number): this;
  /** True when the last `update` detected drift. */
  readonly driftDetected: boolean;
  /** True when the last `update` raised a warning; always false for detectors without a warning zone. */
  readonly warningDetected: boolean;
  /** Values seen since the last reset or detection. */
  readonly nSeen: number;
  /**
   * Back to the state of a fresh instance with the same params.
   * @returns this
   */
  reset(): this;
  /** Params and state, JSON-serializable; `fromJSON` of the class continues the stream identically. */
  toJSON(): unknown;
}
