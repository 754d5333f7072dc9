import type { DriftResultV1 } from './drift-result-v1';

/**
 * A batch drift detector: learn the reference once, then test any number of current batches.
 *
 * @typeParam Reference What `fit` takes (an array of values, a Dataset, documents …).
 * @typeParam Current What `test` takes; usually the same as `Reference`.
 */
export interface BatchDriftDetectorV1<Reference = readonly unknown[], Current = Reference> {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion: 'v1';
  /** The method name reported in results. */
  readonly method: string;
  /** Whether `fit` has run. */
  readonly isFitted: boolean;
  /**
   * Learns the reference. Missing values are excluded and counted, never a crash.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the reference is empty after dropping missing values.
   */
  fit(reference: Reference): this;
  /**
   * Tests a current batch against the reference. Does not change the detector.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the batch is empty after dropping missing values.
   */
  test(current: Current): DriftResultV1;
  /** The fitted reference profile and params, JSON-serializable; `fromJSON` of the class reads it back. */
  toJSON(): unknown;
}
