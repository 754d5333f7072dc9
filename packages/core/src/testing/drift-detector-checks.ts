import { NotFittedError } from '../errors/not-fitted-error';
import type { BatchDriftDetectorV1 } from '../spec/drift-detector/v1/batch-drift-detector-v1';
import type { DriftResultV1 } from '../spec/drift-detector/v1/drift-result-v1';
import type { StreamingDriftDetectorV1 } from '../spec/drift-detector/v1/streaming-drift-detector-v1';
import { CheckFailure, check, checkEqual } from './assert';
import type { ConformanceCheck } from './check';
import { makeDriftStream } from './estimator-fixtures';

/** What {@link streamingDetectorChecks} run against. */
export interface StreamingDetectorKitSubject {
  /** A fresh detector with the params under test. */
  readonly create: () => StreamingDriftDetectorV1;
  /** Restores a detector from `toJSON()` output. */
  readonly fromJSON: (json: unknown) => StreamingDriftDetectorV1;
  /** The detector watches 0/1 error indicators (DDM, EDDM), so default streams are binary. */
  readonly binary?: boolean;
  /** A stream with a change the detector must find after its change point (default: {@link makeDriftStream}). */
  readonly stream?: ArrayLike<number>;
  /** Index of the change in `stream` (default 1,000, the default stream's). */
  readonly changeAt?: number;
  /** A stream on which the detector must stay quiet (default: 2,000 zeros). */
  readonly stable?: ArrayLike<number>;
  /** Reference detection indices, e.g. River's on a seeded stream from `test-vectors/drift.json`. */
  readonly golden?: { readonly stream: ArrayLike<number>; readonly drifts: readonly number[] };
}

function detections(detector: StreamingDriftDetectorV1, stream: ArrayLike<number>, from = 0): number[] {
  const found: number[] = [];
  for (let i = from; i < stream.length; i++) {
    detector.update(stream[i]);
    if (detector.driftDetected) found.push(i);
  }
  return found;
}

function changeStream(subject: StreamingDetectorKitSubject): ArrayLike<number> {
  return subject.stream ?? makeDriftStream({ binary: subject.binary });
}

function json(detector: { toJSON(): unknown }): string {
  return JSON.stringify(detector.toJSON());
}

/**
 * The checks every streaming drift detector passes (conventions B8, after River's
 * `check_drift_detector` and `perform_test`): `update` returns `this`, `reset()` equals a fresh
 * detector, the JSON round trip continues the stream identically, a stable stream raises nothing,
 * a change is found after it happens, and golden detection indices match when given.
 */
export const streamingDetectorChecks: readonly ConformanceCheck<StreamingDetectorKitSubject>[] = [
  {
    id: 'streaming/update-returns-this',
    description: 'update(x) returns the detector and counts the value in nSeen',
    run(subject) {
      const detector = subject.create();
      check(
        detector.specificationVersion === 'v1',
        `${detector.method}: specificationVersion is ${detector.specificationVersion}`,
      );
      check(detector.update(0) === detector, `${detector.method}.update did not return this`);
      check(detector.nSeen === 1, `${detector.method}: nSeen is ${detector.nSeen} after one update`);
    },
  },
  {
    id: 'streaming/reset',
    description: 'reset() returns this and leaves a state equal to a fresh detector',
    run(subject) {
      const detector = subject.create();
      detections(detector, changeStream(subject));
      check(detector.reset() === detector, `${detector.method}.reset did not return this`);
      checkEqual(json(detector), json(subject.create()), `${detector.method} state after reset`);
      check(!detector.driftDetected && !detector.warningDetected, `${detector.method}: flags still set after reset`);
    },
  },
  {
    id: 'streaming/json-resume',
    description: 'a detector restored from JSON half-way continues exactly like the original',
    run(subject) {
      const stream = changeStream(subject);
      const half = Math.floor(stream.length / 2) - 7;
      const original = subject.create();
      detections(original, Array.prototype.slice.call(stream, 0, half));
      const restored = subject.fromJSON(JSON.parse(json(original)));
      checkEqual(json(restored), json(original), `${original.method} toJSON after fromJSON`);
      const a = detections(original, stream, half);
      const b = detections(restored, stream, half);
      checkEqual(b, a, `${original.method} detections after the round trip`);
      checkEqual(json(restored), json(original), `${original.method} final state after the round trip`);
    },
  },
  {
    id: 'streaming/stable-no-drift',
    description: 'a stream with no change raises no drift',
    run(subject) {
      const detector = subject.create();
      const found = detections(detector, subject.stable ?? new Float64Array(2000));
      checkEqual(found, [], `${detector.method} drifts on a stable stream`);
    },
  },
  {
    id: 'streaming/detects-change',
    description: 'an abrupt change is detected after it happens',
    run(subject) {
      const detector = subject.create();
      const changeAt = subject.changeAt ?? 1000;
      const found = detections(detector, changeStream(subject));
      check(
        found.some((index) => index >= changeAt),
        `${detector.method} found no drift after the change at ${changeAt} (detections: ${JSON.stringify(found.slice(0, 10))})`,
      );
    },
  },
  {
    id: 'streaming/golden',
    description: 'detection indices equal the reference implementation on the golden stream',
    skip: (subject) => (subject.golden ? undefined : 'no golden stream given'),
    run(subject) {
      const golden = subject.golden as NonNullable<StreamingDetectorKitSubject['golden']>;
      const detector = subject.create();
      checkEqual(detections(detector, golden.stream), [...golden.drifts], `${detector.method} golden detections`);
    },
  },
];

/** What {@link batchDetectorChecks} run against. */
export interface BatchDetectorKitSubject<Sample = unknown> {
  /** A fresh, unfitted detector with the params under test. */
  readonly create: () => BatchDriftDetectorV1<Sample>;
  /** Restores a fitted detector from `toJSON()` output; the round-trip check needs it. */
  readonly fromJSON?: (json: unknown) => BatchDriftDetectorV1<Sample>;
  /** The reference sample. */
  readonly reference: Sample;
  /** A current sample that clearly differs from the reference. */
  readonly drifted: Sample;
}

function checkResult(result: DriftResultV1, what: string): void {
  check(typeof result.method === 'string' && result.method !== '', `${what}: result.method is empty`);
  check(Number.isFinite(result.statistic), `${what}: statistic is ${result.statistic}`);
  check(Number.isFinite(result.threshold), `${what}: threshold is ${result.threshold}`);
  check(typeof result.driftDetected === 'boolean', `${what}: driftDetected is not a boolean`);
  if (result.pValue !== undefined) {
    check(result.pValue >= 0 && result.pValue <= 1, `${what}: pValue ${result.pValue} is outside [0, 1]`);
  }
}

/**
 * The checks every batch drift detector passes (conventions B8): `fit` returns `this`, `test`
 * before `fit` throws NOT_FITTED, identical samples report no drift, p-values lie in [0, 1],
 * a clear shift is detected, `test` changes nothing, and the JSON round trip gives the same result.
 */
export const batchDetectorChecks: readonly ConformanceCheck<BatchDetectorKitSubject>[] = [
  {
    id: 'batch/fit-returns-this',
    description: 'fit(reference) returns the detector and sets isFitted',
    run(subject) {
      const detector = subject.create();
      check(!detector.isFitted, `${detector.method}: a new detector says isFitted`);
      check(detector.fit(subject.reference) === detector, `${detector.method}.fit did not return this`);
      check(detector.isFitted, `${detector.method}: isFitted is false after fit`);
    },
  },
  {
    id: 'batch/not-fitted',
    description: 'test before fit throws NotFittedError',
    run(subject) {
      const detector = subject.create();
      try {
        detector.test(subject.drifted);
      } catch (error) {
        check(NotFittedError.isInstance(error), `${detector.method}.test before fit threw ${(error as Error).message}`);
        return;
      }
      throw new CheckFailure(`${detector.method}.test before fit did not throw`);
    },
  },
  {
    id: 'batch/identical-no-drift',
    description: 'the reference tested against itself reports no drift, with a valid result',
    run(subject) {
      const detector = subject.create().fit(subject.reference);
      const result = detector.test(subject.reference);
      checkResult(result, `${detector.method} on identical samples`);
      check(
        !result.driftDetected,
        `${detector.method} reports drift on identical samples (statistic ${result.statistic})`,
      );
    },
  },
  {
    id: 'batch/detects-drift',
    description: 'a clearly shifted sample is reported as drift, with a valid result',
    run(subject) {
      const detector = subject.create().fit(subject.reference);
      const result = detector.test(subject.drifted);
      checkResult(result, `${detector.method} on the drifted sample`);
      check(
        result.driftDetected,
        `${detector.method} misses the drift (statistic ${result.statistic}, threshold ${result.threshold})`,
      );
    },
  },
  {
    id: 'batch/test-is-pure',
    description: 'test(current) changes neither the detector state nor its result on a second call',
    run(subject) {
      const detector = subject.create().fit(subject.reference);
      const before = json(detector);
      const first = detector.test(subject.drifted);
      checkEqual(json(detector), before, `${detector.method} state after test`);
      checkEqual(detector.test(subject.drifted), first, `${detector.method} second test`);
    },
  },
  {
    id: 'batch/json-round-trip',
    description: 'a detector restored from JSON gives the same result',
    skip: (subject) => (subject.fromJSON ? undefined : 'no fromJSON given'),
    run(subject) {
      const detector = subject.create().fit(subject.reference);
      const restored = subject.fromJSON?.(JSON.parse(json(detector))) as BatchDriftDetectorV1<unknown>;
      check(restored.isFitted, `${detector.method}: restored detector is not fitted`);
      checkEqual(
        restored.test(subject.drifted),
        detector.test(subject.drifted),
        `${detector.method} result after fromJSON`,
      );
    },
  },
];
