import type { PageRequestV1, PageV1 } from '../../shared/v1/page';
import type { RegistryV1AliasEvent, RegistryV1Change } from './registry-v1-alias';
import type { RegistryV1Capabilities } from './registry-v1-capabilities';
import type { RegistryV1CreateModelInput, RegistryV1Model } from './registry-v1-model';
import type { RegistryV1CreateVersionInput, RegistryV1Version } from './registry-v1-version';

/**
 * Specification for a model-registry backend, version 1: MLflow's method set with aliases
 * instead of stages. Model documents live in the artifact store; the registry keeps pointers and
 * lineage. Every method may also throw `BackendError` (BACKEND), and after `close()`.
 */
export interface RegistryV1 {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion: 'v1';
  /** Backend id. */
  readonly backend: string;
  /** What this backend supports. */
  readonly capabilities: RegistryV1Capabilities;

  /**
   * Creates a registered model.
   * @throws {AlreadyExistsError} ALREADY_EXISTS when the name is taken.
   */
  createModel(input: RegistryV1CreateModelInput): Promise<RegistryV1Model>;
  /**
   * Reads a model with its aliases.
   * @throws {NotFoundError} NOT_FOUND for an unknown name.
   */
  getModel(name: string): Promise<RegistryV1Model>;
  /** Models ordered by name, paged. */
  searchModels(query?: PageRequestV1 & { readonly nameContains?: string }): Promise<PageV1<RegistryV1Model>>;
  /**
   * Deletes a model, its versions, aliases and alias history (not the artifacts).
   * @throws {NotFoundError} NOT_FOUND for an unknown name.
   */
  deleteModel(name: string): Promise<void>;
  /**
   * Sets (or overwrites) a model tag.
   * @throws {NotFoundError} NOT_FOUND for an unknown name.
   */
  setModelTag(name: string, key: string, value: string): Promise<void>;

  /**
   * Creates the next version (1 for the first) atomically: concurrent calls get distinct, dense numbers.
   * @throws {NotFoundError} NOT_FOUND when the model does not exist.
   */
  createVersion(input: RegistryV1CreateVersionInput): Promise<RegistryV1Version>;
  /**
   * Reads a version.
   * @throws {NotFoundError} NOT_FOUND for an unknown model or version.
   */
  getVersion(model: string, version: number): Promise<RegistryV1Version>;
  /**
   * A model's versions, newest first, paged.
   * @throws {NotFoundError} NOT_FOUND for an unknown model.
   */
  searchVersions(model: string, query?: PageRequestV1): Promise<PageV1<RegistryV1Version>>;
  /**
   * Deletes a version and every alias pointing at it (each recorded as a `delete` event). Its
   * number is not reused.
   * @throws {NotFoundError} NOT_FOUND for an unknown model or version.
   */
  deleteVersion(model: string, version: number): Promise<void>;
  /**
   * Sets (or overwrites) a version tag.
   * @throws {NotFoundError} NOT_FOUND for an unknown model or version.
   */
  setVersionTag(model: string, version: number, key: string, value: string): Promise<void>;

  /**
   * Points an alias at a version, atomically, and records the event. Setting it to the version it
   * already points at records nothing and returns the last event.
   * @param options `reason` is recorded with the event; `action` is `'set'` for a normal move, `'rollback'` when the facade rolls back.
   * @throws {NotFoundError} NOT_FOUND for an unknown model or version.
   */
  setAlias(
    model: string,
    alias: string,
    version: number,
    options?: { readonly reason?: string; readonly action?: 'set' | 'rollback' },
  ): Promise<RegistryV1AliasEvent>;
  /**
   * Removes an alias and records the event.
   * @throws {NotFoundError} NOT_FOUND for an unknown model or alias.
   */
  deleteAlias(model: string, alias: string, options?: { readonly reason?: string }): Promise<RegistryV1AliasEvent>;
  /**
   * The version an alias points at.
   * @throws {NotFoundError} NOT_FOUND for an unknown model or alias.
   */
  getVersionByAlias(model: string, alias: string): Promise<RegistryV1Version>;
  /**
   * Alias events of a model, oldest first; only those of `alias` when given.
   * @throws {NotFoundError} NOT_FOUND for an unknown model.
   */
  getAliasHistory(model: string, alias?: string): Promise<RegistryV1AliasEvent[]>;

  /**
   * Delivers changes made by any process (present when `capabilities.watch`), within about a
   * second. Returns the function that stops watching.
   */
  watch?(listener: (change: RegistryV1Change) => void): () => void;
  /** Releases resources. Idempotent. */
  close?(): Promise<void>;
}
