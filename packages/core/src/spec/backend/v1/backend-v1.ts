import type { ArtifactStoreV1 } from '../../artifact-store/v1/artifact-store-v1';
import type { RegistryV1 } from '../../registry/v1/registry-v1';
import type { TrackerV1 } from '../../tracker/v1/tracker-v1';

/** What the parts of a backend add up to; read by `createMloop` to gate features. */
export interface BackendV1Capabilities {
  /** Whether the backend provides a registry. */
  readonly registry: boolean;
  /** Whether the backend provides an artifact store. */
  readonly artifacts: boolean;
  /** Whether data survives the process. */
  readonly persistent: boolean;
  /** Whether several processes may use the same backend at once. */
  readonly multiProcess: boolean;
}

/**
 * A backend plugin: what a `create<Name>Backend(options)` factory returns. The tracker is required;
 * the registry and artifact store are optional, and parts of different backends can be combined
 * (track to W&B, keep the registry in SQLite).
 */
export interface BackendV1 {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion: 'v1';
  /** Backend id, e.g. `'memory'`, `'sqlite'`. */
  readonly name: string;
  /** What the backend provides. */
  readonly capabilities: BackendV1Capabilities;
  /** Experiment tracking. */
  readonly tracker: TrackerV1;
  /** Model registry, when provided. */
  readonly registry?: RegistryV1;
  /** Artifact store, when provided (required by the registry facade). */
  readonly artifacts?: ArtifactStoreV1;
  /** Closes every part. Idempotent. */
  close(): Promise<void>;
}
