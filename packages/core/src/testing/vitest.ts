import { describe, it } from 'vitest';
import type { BackendV1 } from '../spec/backend/v1/backend-v1';
import type { RegistryV1Capabilities } from '../spec/registry/v1/registry-v1-capabilities';
import type { TrackerV1Capabilities } from '../spec/tracker/v1/tracker-v1-capabilities';
import { type ArtifactStoreKitSubject, artifactStoreChecks } from './artifact-store-checks';
import type { ConformanceCheck, ExpectedFailures } from './check';
import {
  type BatchDetectorKitSubject,
  batchDetectorChecks,
  type StreamingDetectorKitSubject,
  streamingDetectorChecks,
} from './drift-detector-checks';
import { type EstimatorClassUnderTest, type EstimatorFixture, estimatorChecks } from './estimator-checks';
import { type RegistryKitSubject, registryChecks } from './registry-checks';
import { type TrackerKitSubject, trackerChecks } from './tracker-checks';

/** Options of {@link describeChecks}. */
export interface DescribeChecksOptions {
  /** Known failures: check id → reason. Bound as `it.fails`, so a fixed bug is noticed. */
  readonly expectedFailures?: ExpectedFailures;
  /** Per-check timeout in ms; default 20,000. */
  readonly timeout?: number;
}

/**
 * Binds a kit to vitest: one `describe(name)` with one test per check, titled by its id, so
 * `vitest -t <id>` runs a single check. Skips come from the check's `skip` (capabilities, tags).
 */
export function describeChecks<Subject>(
  name: string,
  checks: readonly ConformanceCheck<Subject>[],
  subject: Subject,
  options: DescribeChecksOptions = {},
): void {
  const expected = options.expectedFailures ?? {};
  const timeout = options.timeout ?? 20_000;
  describe(name, () => {
    for (const conformanceCheck of checks) {
      const title = `${conformanceCheck.id}: ${conformanceCheck.description}`;
      const skipReason = conformanceCheck.skip?.(subject);
      if (skipReason !== undefined) {
        it.skip(`${title} (skipped: ${skipReason})`, () => {});
      } else if (expected[conformanceCheck.id] !== undefined) {
        it.fails(
          `${title} (expected failure: ${expected[conformanceCheck.id]})`,
          () => conformanceCheck.run(subject),
          timeout,
        );
      } else {
        it(title, () => conformanceCheck.run(subject), timeout);
      }
    }
  });
}

/** Options of {@link describeBackendConformance}. */
export interface DescribeBackendConformanceOptions extends DescribeChecksOptions {
  /** Name shown in the test tree, e.g. `'sqlite'`. */
  readonly name: string;
  /**
   * Returns a fresh backend for each check. If it is async, also give `capabilities`, which the
   * kit reads synchronously to decide skips.
   */
  readonly create: () => BackendV1 | Promise<BackendV1>;
  /** The capabilities of what `create` returns (required when `create` is async). */
  readonly capabilities?: { readonly tracker: TrackerV1Capabilities; readonly registry?: RegistryV1Capabilities };
}

function syncCapabilities(options: DescribeBackendConformanceOptions): {
  tracker: TrackerV1Capabilities;
  registry?: RegistryV1Capabilities;
  hasArtifacts: boolean;
} {
  if (options.capabilities) {
    return { tracker: options.capabilities.tracker, registry: options.capabilities.registry, hasArtifacts: true };
  }
  const probe = options.create();
  if (probe instanceof Promise) {
    throw new Error(`describeBackendConformance(${options.name}): create() is async, so pass capabilities explicitly.`);
  }
  const result = {
    tracker: probe.tracker.capabilities,
    registry: probe.registry?.capabilities,
    hasArtifacts: probe.artifacts !== undefined,
  };
  void probe.close();
  return result;
}

/**
 * Binds every backend kit (tracker, and registry and artifacts when the backend has them) to
 * vitest, each check against a fresh backend from `create()`.
 *
 * @example
 * describeBackendConformance({ name: 'memory', create: () => createMemoryBackend() });
 */
export function describeBackendConformance(options: DescribeBackendConformanceOptions): void {
  const capabilities = syncCapabilities(options);
  const open = new Map<object, BackendV1>();
  const part = async <Part extends object>(pick: (backend: BackendV1) => Part | undefined): Promise<Part> => {
    const backend = await options.create();
    const selected = pick(backend);
    if (!selected) throw new Error(`Backend ${options.name} lacks a part the kit needs.`);
    open.set(selected, backend);
    return selected;
  };
  const dispose = async (selected: object): Promise<void> => {
    const backend = open.get(selected);
    open.delete(selected);
    await backend?.close();
  };
  describe(`${options.name} backend conformance`, () => {
    describeChecks(
      'tracker kit',
      trackerChecks,
      { create: () => part((backend) => backend.tracker), capabilities: capabilities.tracker, dispose },
      options,
    );
    if (capabilities.registry) {
      describeChecks(
        'registry kit',
        registryChecks,
        { create: () => part((backend) => backend.registry), capabilities: capabilities.registry, dispose },
        options,
      );
    }
    if (capabilities.hasArtifacts) {
      describeChecks(
        'artifact-store kit',
        artifactStoreChecks,
        { create: () => part((backend) => backend.artifacts), dispose },
        options,
      );
    }
  });
}

/** Binds the tracker kit alone to vitest (for tracker-only backends such as W&B). */
export function describeTrackerConformance(
  name: string,
  subject: TrackerKitSubject,
  options: DescribeChecksOptions = {},
): void {
  describeChecks(`${name} tracker conformance`, trackerChecks, subject, options);
}

/** Binds the registry kit alone to vitest. */
export function describeRegistryConformance(
  name: string,
  subject: RegistryKitSubject,
  options: DescribeChecksOptions = {},
): void {
  describeChecks(`${name} registry conformance`, registryChecks, subject, options);
}

/** Binds the artifact-store kit alone to vitest. */
export function describeArtifactStoreConformance(
  name: string,
  subject: ArtifactStoreKitSubject,
  options: DescribeChecksOptions = {},
): void {
  describeChecks(`${name} artifact-store conformance`, artifactStoreChecks, subject, options);
}

/** Options of {@link describeEstimatorChecks}. */
export interface DescribeEstimatorChecksOptions extends DescribeChecksOptions {
  /** Training data (default: chosen from the class's `tags.inputKind`). */
  readonly fixture?: EstimatorFixture;
}

/**
 * Registers the estimator common checks (conventions B7) for one class as a vitest `describe`
 * block, one test per check.
 * @example
 * describeEstimatorChecks(IsolationForest);
 */
export function describeEstimatorChecks(
  model: EstimatorClassUnderTest,
  options: DescribeEstimatorChecksOptions = {},
): void {
  describeChecks(`${model.kind} estimator checks`, estimatorChecks, { model, fixture: options.fixture }, options);
}

/**
 * Registers the streaming drift-detector checks (conventions B8) as a vitest `describe` block.
 * @example
 * describeStreamingDetectorChecks('ADWIN', { create: () => new Adwin(), fromJSON: Adwin.fromJSON });
 */
export function describeStreamingDetectorChecks(
  name: string,
  subject: StreamingDetectorKitSubject,
  options: DescribeChecksOptions = {},
): void {
  describeChecks(`${name} streaming detector checks`, streamingDetectorChecks, subject, options);
}

/**
 * Registers the batch drift-detector checks (conventions B8) as a vitest `describe` block.
 * @example
 * describeBatchDetectorChecks('KS', { create: () => new KsTest(), fromJSON: KsTest.fromJSON, reference, drifted });
 */
export function describeBatchDetectorChecks<Sample>(
  name: string,
  subject: BatchDetectorKitSubject<Sample>,
  options: DescribeChecksOptions = {},
): void {
  describeChecks(
    `${name} batch detector checks`,
    batchDetectorChecks as readonly ConformanceCheck<BatchDetectorKitSubject<Sample>>[],
    subject,
    options,
  );
}
