import { EventEmitter } from 'eventemitter3';
import { z } from 'zod';
import { AlreadyExistsError } from '../errors/already-exists-error';
import { ConflictError } from '../errors/conflict-error';
import { parseOrThrow } from '../errors/from-zod';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { SerializationError } from '../errors/serialization-error';
import { UnsupportedSpecVersionError } from '../errors/unsupported-spec-version-error';
import type { ArtifactStoreV1 } from '../spec/artifact-store/v1/artifact-store-v1';
import type { DatasetV1, DatasetV1Ref } from '../spec/dataset/v1/dataset-v1';
import type { EstimatorV1 } from '../spec/model/v1/estimator-v1';
import { MODEL_JSON_FORMAT, type ModelJSONV1 } from '../spec/model/v1/model-json-v1';
import type { RegistryV1 } from '../spec/registry/v1/registry-v1';
import type { RegistryV1AliasEvent, RegistryV1Change } from '../spec/registry/v1/registry-v1-alias';
import type { RegistryV1Model } from '../spec/registry/v1/registry-v1-model';
import type { RegistryV1Version } from '../spec/registry/v1/registry-v1-version';
import { decodeModelDocument, encodeModelDocumentBytes } from './model-document-codec';
import { ModelKinds } from './model-kinds';

/** The registry spec versions this copy of mloop accepts. */
export const SUPPORTED_REGISTRY_SPEC_VERSIONS = ['v1'] as const;

const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,256}$/;
const ALIAS_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Events of the registry facade (eventemitter3, typed). */
export interface ModelRegistryEvents {
  /** A version was created (by this process or, with a watching backend, another). */
  'version-created': [change: { model: string; version: number }];
  /** An alias was set, moved, rolled back or deleted. */
  'alias-moved': [event: RegistryV1AliasEvent];
}

/** Which version to load or read: a number or an alias. */
export type VersionSelector = { readonly version: number } | { readonly alias: string };

const registerSchema = z
  .object({
    name: z.string().regex(NAME_PATTERN, 'use 1–256 letters, digits, _ . -'),
    description: z.string().max(10_000).optional(),
    metrics: z.record(z.string(), z.number()).optional(),
    tags: z.record(z.string(), z.string()).optional(),
    aliases: z.array(z.string().regex(ALIAS_PATTERN, 'aliases start with a letter; letters, digits, _ -')).optional(),
    reason: z.string().max(10_000).optional(),
  })
  .passthrough();

/** Input of `register`. */
export interface RegisterModelInput {
  /** Registered model name (created on first use): 1–256 letters, digits, `_ . -`. */
  readonly name: string;
  /** A fitted estimator (serialized with `toJSON()`) or a model document. */
  readonly model: EstimatorV1<unknown> | ModelJSONV1;
  /** The producing run (a `Run` handle or its id); recorded as lineage. */
  readonly run?: string | { readonly id: string };
  /** Datasets it was trained/evaluated on (Datasets or refs); recorded by digest. */
  readonly datasets?: readonly (DatasetV1 | DatasetV1Ref)[];
  /** Metrics snapshot, e.g. holdout F1. */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Version tags. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Version description. */
  readonly description?: string;
  /** Aliases to point at the new version right away. */
  readonly aliases?: readonly string[];
  /** Why, recorded with the alias events. */
  readonly reason?: string;
}

function toRef(dataset: DatasetV1 | DatasetV1Ref): DatasetV1Ref {
  if ('specificationVersion' in dataset) {
    return { name: dataset.name, digest: dataset.digest, nRows: dataset.nRows, schema: dataset.schema };
  }
  return dataset;
}

function checkAlias(alias: string): void {
  if (typeof alias !== 'string' || !ALIAS_PATTERN.test(alias)) {
    throw new InvalidArgumentError({
      message: `Invalid alias ${JSON.stringify(alias)}: start with a letter, then up to 63 letters, digits, _ or -.`,
      field: 'alias',
    });
  }
}

function checkVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new InvalidArgumentError({ message: `version must be an integer ≥ 1, got ${version}.`, field: 'version' });
  }
}

/**
 * The user-facing model registry: register fitted models (serialized to a content-addressed
 * artifact with lineage), move aliases with history, roll back, load a version back into a working
 * estimator, and listen for `version-created` / `alias-moved`.
 *
 * @example
 * const v = await mloop.registry.register({ name: 'shuttle-lof', model: lof, run, metrics: { f1: 0.9 } });
 * await mloop.registry.setAlias('shuttle-lof', 'production', v.version, { reason: 'best F1' });
 * const model = await mloop.registry.load('shuttle-lof', { alias: 'production' });
 */
export class ModelRegistry extends EventEmitter<ModelRegistryEvents> {
  /** The backend's registry primitives. */
  readonly backend: RegistryV1;
  /** Where model documents are stored. */
  readonly artifacts: ArtifactStoreV1;
  /** The estimator classes `load` can rebuild. */
  readonly kinds: ModelKinds;
  readonly #unwatch: (() => void) | undefined;

  /**
   * @param backend A `RegistryV1` implementation.
   * @param artifacts The artifact store holding model documents.
   * @param kinds The estimator classes `load` can rebuild.
   */
  constructor(backend: RegistryV1, artifacts: ArtifactStoreV1, kinds: ModelKinds = new ModelKinds()) {
    super();
    const version = (backend as { specificationVersion?: unknown })?.specificationVersion;
    if (!(SUPPORTED_REGISTRY_SPEC_VERSIONS as readonly unknown[]).includes(version)) {
      throw new UnsupportedSpecVersionError({
        message: `Registry backend declares specificationVersion ${JSON.stringify(version)}; this @mloop/core accepts ${SUPPORTED_REGISTRY_SPEC_VERSIONS.join(', ')}.`,
        version: String(version),
        accepted: SUPPORTED_REGISTRY_SPEC_VERSIONS,
      });
    }
    this.backend = backend;
    this.artifacts = artifacts;
    this.kinds = kinds;
    // A watching backend reports every change (ours and other processes'); otherwise we emit our own.
    this.#unwatch =
      backend.capabilities.watch && backend.watch ? backend.watch((change) => this.#relay(change)) : undefined;
  }

  #relay(change: RegistryV1Change): void {
    if (change.type === 'version-created')
      this.emit('version-created', { model: change.model, version: change.version });
    else this.emit('alias-moved', change.event);
  }

  #local(change: RegistryV1Change): void {
    if (!this.#unwatch) this.#relay(change);
  }

  /**
   * Registers a model: stores its document in the artifact store, creates the registered model
   * when needed, creates the next version with lineage, and sets `aliases`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a bad name or alias, or an unserializable model.
   */
  async register(input: RegisterModelInput): Promise<RegistryV1Version> {
    parseOrThrow(registerSchema, input, 'register input');
    for (const alias of input.aliases ?? []) checkAlias(alias);
    const document = this.#document(input.model);
    const info = await this.artifacts.put(encodeModelDocumentBytes(document));
    await this.#ensureModel(input.name);
    const runId = typeof input.run === 'string' ? input.run : input.run?.id;
    const version = await this.backend.createVersion({
      model: input.name,
      artifactDigest: info.digest,
      modelKind: document.kind,
      ...(runId ? { runId } : {}),
      datasets: (input.datasets ?? []).map(toRef),
      metrics: { ...input.metrics },
      tags: { ...input.tags },
      description: input.description ?? '',
    });
    this.#local({ type: 'version-created', model: input.name, version: version.version });
    for (const alias of input.aliases ?? [])
      await this.setAlias(input.name, alias, version.version, { reason: input.reason ?? 'registered' });
    return input.aliases?.length ? this.backend.getVersion(input.name, version.version) : version;
  }

  #document(model: EstimatorV1<unknown> | ModelJSONV1): ModelJSONV1 {
    let document = 'toJSON' in model && typeof model.toJSON === 'function' ? model.toJSON() : model;
    // A document read back from a stored artifact with JSON.parse is still packed; unpack a copy.
    if ((document as { encoding?: unknown })?.encoding !== undefined) {
      try {
        document = decodeModelDocument(JSON.stringify(document));
      } catch (error) {
        throw new InvalidArgumentError({
          message: `model has an "encoding" member but is not a packed model document: ${(error as Error).message}`,
          field: 'model',
          cause: error,
        });
      }
    }
    const candidate = document as Partial<ModelJSONV1>;
    if (candidate?.format !== MODEL_JSON_FORMAT || typeof candidate.kind !== 'string') {
      throw new InvalidArgumentError({
        message: 'model must be an estimator or a model document with format "mloop.model" and a kind.',
        field: 'model',
      });
    }
    if ('isFitted' in model && model.isFitted === false) {
      throw new InvalidArgumentError({
        message: `model (${candidate.kind}) is not fitted; fit it before registering.`,
        field: 'model',
      });
    }
    return document as ModelJSONV1;
  }

  async #ensureModel(name: string): Promise<void> {
    try {
      await this.backend.getModel(name);
    } catch (error) {
      if ((error as { code?: string }).code !== 'NOT_FOUND') throw error;
      try {
        await this.backend.createModel({ name });
      } catch (createError) {
        if (!AlreadyExistsError.isInstance(createError)) throw createError;
      }
    }
  }

  /** Creates a registered model explicitly (with description and tags). @throws {AlreadyExistsError} ALREADY_EXISTS */
  createModel(
    name: string,
    options: { description?: string; tags?: Record<string, string> } = {},
  ): Promise<RegistryV1Model> {
    if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
      throw new InvalidArgumentError({
        message: `Invalid model name ${JSON.stringify(name)}: use 1–256 letters, digits, _ . -.`,
        field: 'name',
      });
    }
    return this.backend.createModel({ name, ...options });
  }

  /** Reads a registered model. @throws {NotFoundError} NOT_FOUND */
  getModel(name: string): Promise<RegistryV1Model> {
    return this.backend.getModel(name);
  }

  /** Every registered model, walking all pages, ordered by name. */
  async listModels(): Promise<RegistryV1Model[]> {
    const models: RegistryV1Model[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.backend.searchModels({ pageSize: 1000, ...(pageToken ? { pageToken } : {}) });
      models.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return models;
  }

  /** Every version of a model, newest first. @throws {NotFoundError} NOT_FOUND */
  async listVersions(name: string): Promise<RegistryV1Version[]> {
    const versions: RegistryV1Version[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.backend.searchVersions(name, { pageSize: 1000, ...(pageToken ? { pageToken } : {}) });
      versions.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return versions;
  }

  /** Reads a version by number or alias. @throws {NotFoundError} NOT_FOUND */
  getVersion(name: string, selector: VersionSelector | number): Promise<RegistryV1Version> {
    const resolved = typeof selector === 'number' ? { version: selector } : selector;
    if ('alias' in resolved) {
      checkAlias(resolved.alias);
      return this.backend.getVersionByAlias(name, resolved.alias);
    }
    checkVersion(resolved.version);
    return this.backend.getVersion(name, resolved.version);
  }

  /**
   * Points `alias` at `version` atomically and records why.
   * @throws {NotFoundError} NOT_FOUND for an unknown model or version.
   */
  async setAlias(
    name: string,
    alias: string,
    version: number,
    options: { reason?: string } = {},
  ): Promise<RegistryV1AliasEvent> {
    checkAlias(alias);
    checkVersion(version);
    const before = (await this.backend.getModel(name)).aliases[alias];
    const event = await this.backend.setAlias(name, alias, version, { reason: options.reason ?? '', action: 'set' });
    if (before !== version) this.#local({ type: 'alias-moved', event });
    return event;
  }

  /** Removes an alias. @throws {NotFoundError} NOT_FOUND */
  async deleteAlias(name: string, alias: string, options: { reason?: string } = {}): Promise<RegistryV1AliasEvent> {
    checkAlias(alias);
    const event = await this.backend.deleteAlias(name, alias, { reason: options.reason ?? '' });
    this.#local({ type: 'alias-moved', event });
    return event;
  }

  /** Alias events, oldest first. @throws {NotFoundError} NOT_FOUND */
  aliasHistory(name: string, alias?: string): Promise<RegistryV1AliasEvent[]> {
    return this.backend.getAliasHistory(name, alias);
  }

  /**
   * Moves `alias` back to the version it pointed at before its current assignment. History is
   * replayed as a stack (a set pushes, a rollback pops), so rolling back twice goes back two
   * assignments; versions deleted since are skipped.
   * @throws {ConflictError} CONFLICT when there is no earlier version to go back to.
   * @throws {NotFoundError} NOT_FOUND for an unknown model.
   */
  async rollback(name: string, alias: string, options: { reason?: string } = {}): Promise<RegistryV1AliasEvent> {
    checkAlias(alias);
    const history = await this.backend.getAliasHistory(name, alias);
    const stack: (number | null)[] = [];
    for (const event of history) {
      if (event.action === 'rollback') {
        stack.pop();
        while (stack.length > 0 && stack[stack.length - 1] !== event.version) stack.pop();
        if (stack.length === 0) stack.push(event.version);
      } else {
        stack.push(event.version);
      }
    }
    const current = stack.pop();
    const existing = new Set((await this.listVersions(name)).map((version) => version.version));
    while (stack.length > 0) {
      const candidate = stack[stack.length - 1];
      if (candidate !== null && candidate !== current && existing.has(candidate)) break;
      stack.pop();
    }
    const target = stack[stack.length - 1];
    if (target === undefined || target === null) {
      throw new ConflictError({
        message: `Alias "${alias}" of model "${name}" has no earlier version to roll back to.`,
        entity: 'alias',
        id: `${name}@${alias}`,
      });
    }
    const event = await this.backend.setAlias(name, alias, target, {
      reason: options.reason ?? 'rollback',
      action: 'rollback',
    });
    this.#local({ type: 'alias-moved', event });
    return event;
  }

  /**
   * Reads the model document of a version.
   * @throws {NotFoundError} NOT_FOUND for an unknown model, version, alias or artifact.
   * @throws {SerializationError} SERIALIZATION when the stored document cannot be decoded (see {@link decodeModelDocument}).
   */
  async loadDocument(
    name: string,
    selector: VersionSelector | number,
  ): Promise<{ version: RegistryV1Version; document: ModelJSONV1 }> {
    const version = await this.getVersion(name, selector);
    const bytes = await this.artifacts.get(version.artifactDigest);
    try {
      return { version, document: decodeModelDocument(bytes) };
    } catch (error) {
      throw new SerializationError({
        message: `The document of ${name} v${version.version} cannot be read: ${(error as Error).message}`,
        kind: version.modelKind,
        cause: error,
      });
    }
  }

  /**
   * Loads a version back into a working estimator through the registered model kinds.
   * @throws {SerializationError} SERIALIZATION when its kind is not registered or the document is bad.
   */
  async load<Model extends EstimatorV1<unknown> = EstimatorV1<unknown>>(
    name: string,
    selector: VersionSelector | number,
  ): Promise<Model> {
    const { document } = await this.loadDocument(name, selector);
    return this.kinds.load(document) as Model;
  }

  /** Stops relaying backend changes and removes listeners. */
  dispose(): void {
    this.#unwatch?.();
    this.removeAllListeners();
  }
}
