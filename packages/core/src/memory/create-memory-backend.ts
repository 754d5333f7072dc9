import type { BackendV1 } from '../spec/backend/v1/backend-v1';
import { MemoryArtifactStore } from './memory-artifact-store';
import { MemoryRegistry } from './memory-registry';
import { MemoryTracker } from './memory-tracker';

/** Options of {@link createMemoryBackend}. */
export interface MemoryBackendOptions {
  /** Clock in Unix ms shared by tracker and registry; default `Date.now`. */
  readonly now?: () => number;
  /** Largest batch the tracker accepts; default 10,000. */
  readonly maxBatchSize?: number;
}

/** The in-memory backend's parts, with their concrete types. */
export interface MemoryBackend extends BackendV1 {
  /** The memory tracker. */
  readonly tracker: MemoryTracker;
  /** The memory registry. */
  readonly registry: MemoryRegistry;
  /** The memory artifact store. */
  readonly artifacts: MemoryArtifactStore;
}

/**
 * An ephemeral backend for tests and experiments: tracker, registry and artifact store in
 * memory. It is the reference every other backend is compared with by the conformance kits.
 *
 * @example
 * const mloop = createMloop({ backend: createMemoryBackend() });
 */
export function createMemoryBackend(options: MemoryBackendOptions = {}): MemoryBackend {
  const tracker = new MemoryTracker(options);
  const registry = new MemoryRegistry(options);
  const artifacts = new MemoryArtifactStore();
  return {
    specificationVersion: 'v1',
    name: 'memory',
    capabilities: { registry: true, artifacts: true, persistent: false, multiProcess: false },
    tracker,
    registry,
    artifacts,
    async close() {
      await Promise.all([tracker.close(), registry.close(), artifacts.close()]);
    },
  };
}
