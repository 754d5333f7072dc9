import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { UnsupportedFunctionalityError } from '../errors/unsupported-functionality-error';
import { ModelKinds } from '../registry/model-kinds';
import { ModelRegistry } from '../registry/model-registry';
import type { ArtifactStoreV1 } from '../spec/artifact-store/v1/artifact-store-v1';
import type { BackendV1 } from '../spec/backend/v1/backend-v1';
import type { ModelKindV1 } from '../spec/model/v1/estimator-v1';
import type { RegistryV1 } from '../spec/registry/v1/registry-v1';
import type { TrackerV1 } from '../spec/tracker/v1/tracker-v1';
import { Tracker } from '../tracking/tracker';
import type { TrackerFacadeOptions } from '../tracking/tracker-options';

/** Options of {@link createMloop}: a whole backend, or parts from different backends. */
export interface CreateMloopOptions {
  /** A backend (`createMemoryBackend()`, `createSqliteBackend()` …). Its parts are used unless overridden below. */
  readonly backend?: BackendV1;
  /** A tracker to use instead of the backend's (e.g. W&B tracking with a SQLite registry). */
  readonly tracker?: TrackerV1;
  /** A registry to use instead of the backend's. */
  readonly registry?: RegistryV1;
  /** An artifact store to use instead of the backend's. */
  readonly artifacts?: ArtifactStoreV1;
  /** Estimator classes the registry can load back (e.g. every class of `@mloop/models`). */
  readonly models?: Iterable<ModelKindV1>;
  /** Tracker facade options (flush interval, default experiment). */
  readonly tracking?: TrackerFacadeOptions;
  /** Clock in Unix ms; inject a fake one for deterministic tests. */
  readonly now?: () => number;
}

/** The user facade: tracker, registry and artifacts over the chosen backend parts. */
export interface Mloop {
  /** Experiment tracking. */
  readonly tracker: Tracker;
  /**
   * The model registry.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED on access when no registry and artifact store were given.
   */
  readonly registry: ModelRegistry;
  /**
   * The artifact store.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED on access when none was given.
   */
  readonly artifacts: ArtifactStoreV1;
  /** Whether a registry (and the artifact store it needs) is available. */
  readonly hasRegistry: boolean;
  /** Flushes open runs, then closes every part. Idempotent. */
  close(): Promise<void>;
}

/**
 * Builds the user facade over a backend.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when no tracker is given at all.
 * @example
 * import { createMemoryBackend, createMloop } from '@mloop/core';
 * const mloop = createMloop({ backend: createMemoryBackend() });
 * await mloop.tracker.withRun({ experiment: 'demo' }, async (run) => run.logMetric('loss', 0.1));
 */
export function createMloop(options: CreateMloopOptions): Mloop {
  const trackerBackend = options.tracker ?? options.backend?.tracker;
  if (!trackerBackend) {
    throw new InvalidArgumentError({ message: 'createMloop needs a backend or a tracker.', field: 'backend' });
  }
  const artifacts = options.artifacts ?? options.backend?.artifacts;
  const registryBackend = options.registry ?? options.backend?.registry;
  const tracker = new Tracker(trackerBackend, artifacts, options.tracking, options.now);
  const registry =
    registryBackend && artifacts
      ? new ModelRegistry(registryBackend, artifacts, new ModelKinds(options.models ?? []))
      : undefined;
  let closed: Promise<void> | undefined;
  return {
    tracker,
    get registry(): ModelRegistry {
      if (!registry) {
        throw new UnsupportedFunctionalityError({
          message:
            'No model registry: use a backend with a registry and artifact store, or pass createMloop({ registry, artifacts }).',
          functionality: 'registry',
        });
      }
      return registry;
    },
    get artifacts(): ArtifactStoreV1 {
      if (!artifacts) {
        throw new UnsupportedFunctionalityError({
          message: 'No artifact store: pass createMloop({ artifacts }).',
          functionality: 'artifacts',
        });
      }
      return artifacts;
    },
    hasRegistry: registry !== undefined,
    close() {
      closed ??= (async () => {
        await Promise.allSettled(tracker.openRuns.map((run) => run.flush()));
        registry?.dispose();
        const parts = new Set<{ close?: () => Promise<void> }>([
          trackerBackend,
          registryBackend ?? {},
          artifacts ?? {},
        ]);
        if (options.backend) {
          await options.backend.close();
          for (const part of [options.backend.tracker, options.backend.registry, options.backend.artifacts])
            parts.delete(part ?? {});
        }
        await Promise.all([...parts].map((part) => part.close?.()));
      })();
      return closed;
    },
  };
}
