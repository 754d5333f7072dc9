import { AlreadyExistsError } from '../errors/already-exists-error';
import { BackendError } from '../errors/backend-error';
import { NotFoundError } from '../errors/not-found-error';
import { decodePageToken, encodePageToken, resolvePageSize } from '../shared/page-token';
import type { RegistryV1 } from '../spec/registry/v1/registry-v1';
import type { RegistryV1AliasEvent, RegistryV1Change } from '../spec/registry/v1/registry-v1-alias';
import type { RegistryV1Capabilities } from '../spec/registry/v1/registry-v1-capabilities';
import type { RegistryV1CreateModelInput, RegistryV1Model } from '../spec/registry/v1/registry-v1-model';
import type { RegistryV1CreateVersionInput, RegistryV1Version } from '../spec/registry/v1/registry-v1-version';
import type { PageRequestV1, PageV1 } from '../spec/shared/v1/page';

/** Options of {@link createMemoryRegistry}. */
export interface MemoryRegistryOptions {
  /** Clock in Unix ms; default `Date.now`. */
  readonly now?: () => number;
}

interface ModelRecord {
  readonly name: string;
  description: string;
  readonly tags: Map<string, string>;
  readonly aliases: Map<string, number>;
  latestVersion: number;
  readonly createdAt: number;
  updatedAt: number;
  readonly versions: Map<number, Omit<RegistryV1Version, 'aliases'>>;
  readonly history: RegistryV1AliasEvent[];
}

/**
 * The in-memory reference registry. Its `watch` delivers every change synchronously after the
 * write, which is what the facade relays as events.
 */
export class MemoryRegistry implements RegistryV1 {
  readonly specificationVersion = 'v1' as const;
  readonly backend = 'memory';
  readonly capabilities: RegistryV1Capabilities = { watch: true, persistent: false };
  readonly #now: () => number;
  readonly #models = new Map<string, ModelRecord>();
  readonly #watchers = new Set<(change: RegistryV1Change) => void>();
  #eventId = 0;
  #closed = false;

  /** @param options Clock. */
  constructor(options: MemoryRegistryOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  #model(name: string): ModelRecord {
    if (this.#closed)
      throw new BackendError({ message: 'The memory registry is closed.', backend: 'memory', retryable: false });
    const model = this.#models.get(name);
    if (!model) throw new NotFoundError({ message: `Model "${name}" does not exist.`, entity: 'model', id: name });
    return model;
  }

  #version(name: string, version: number): Omit<RegistryV1Version, 'aliases'> {
    const record = this.#model(name).versions.get(version);
    if (!record) {
      throw new NotFoundError({
        message: `Model "${name}" has no version ${version}.`,
        entity: 'version',
        id: `${name}/${version}`,
      });
    }
    return record;
  }

  #emit(change: RegistryV1Change): void {
    for (const watcher of this.#watchers) watcher(change);
  }

  #modelSnapshot(model: ModelRecord): RegistryV1Model {
    return {
      name: model.name,
      description: model.description,
      tags: Object.fromEntries(model.tags),
      aliases: Object.fromEntries(model.aliases),
      latestVersion: model.latestVersion,
      createdAt: model.createdAt,
      updatedAt: model.updatedAt,
    };
  }

  #versionSnapshot(model: ModelRecord, version: Omit<RegistryV1Version, 'aliases'>): RegistryV1Version {
    const aliases = [...model.aliases].filter(([, number]) => number === version.version).map(([alias]) => alias);
    return { ...structuredClone(version), aliases: aliases.sort() };
  }

  async createModel(input: RegistryV1CreateModelInput): Promise<RegistryV1Model> {
    if (this.#closed)
      throw new BackendError({ message: 'The memory registry is closed.', backend: 'memory', retryable: false });
    if (this.#models.has(input.name)) {
      throw new AlreadyExistsError({
        message: `Model "${input.name}" already exists.`,
        entity: 'model',
        id: input.name,
      });
    }
    const now = this.#now();
    const model: ModelRecord = {
      name: input.name,
      description: input.description ?? '',
      tags: new Map(Object.entries(input.tags ?? {})),
      aliases: new Map(),
      latestVersion: 0,
      createdAt: now,
      updatedAt: now,
      versions: new Map(),
      history: [],
    };
    this.#models.set(input.name, model);
    return this.#modelSnapshot(model);
  }

  async getModel(name: string): Promise<RegistryV1Model> {
    return this.#modelSnapshot(this.#model(name));
  }

  async searchModels(query: PageRequestV1 & { readonly nameContains?: string } = {}): Promise<PageV1<RegistryV1Model>> {
    if (this.#closed)
      throw new BackendError({ message: 'The memory registry is closed.', backend: 'memory', retryable: false });
    const pageSize = resolvePageSize(query.pageSize);
    const fingerprint = JSON.stringify({ nameContains: query.nameContains ?? null });
    const after = query.pageToken === undefined ? undefined : String(decodePageToken(query.pageToken, fingerprint));
    const names = [...this.#models.keys()]
      .filter((name) => (query.nameContains ? name.includes(query.nameContains) : true))
      .filter((name) => after === undefined || name > after)
      .sort();
    const page = names.slice(0, pageSize);
    return {
      items: page.map((name) => this.#modelSnapshot(this.#models.get(name) as ModelRecord)),
      nextPageToken: names.length > pageSize ? encodePageToken(fingerprint, page[page.length - 1]) : undefined,
    };
  }

  async deleteModel(name: string): Promise<void> {
    this.#model(name);
    this.#models.delete(name);
  }

  async setModelTag(name: string, key: string, value: string): Promise<void> {
    const model = this.#model(name);
    model.tags.set(key, value);
    model.updatedAt = this.#now();
  }

  async createVersion(input: RegistryV1CreateVersionInput): Promise<RegistryV1Version> {
    const model = this.#model(input.model);
    const version: Omit<RegistryV1Version, 'aliases'> = {
      model: input.model,
      version: model.latestVersion + 1,
      artifactDigest: input.artifactDigest,
      modelKind: input.modelKind,
      ...(input.runId === undefined ? {} : { runId: input.runId }),
      datasets: structuredClone(input.datasets ?? []),
      metrics: { ...input.metrics },
      tags: { ...input.tags },
      description: input.description ?? '',
      createdAt: this.#now(),
    };
    model.latestVersion = version.version;
    model.updatedAt = version.createdAt;
    model.versions.set(version.version, version);
    this.#emit({ type: 'version-created', model: input.model, version: version.version });
    return this.#versionSnapshot(model, version);
  }

  async getVersion(name: string, version: number): Promise<RegistryV1Version> {
    return this.#versionSnapshot(this.#model(name), this.#version(name, version));
  }

  async searchVersions(name: string, query: PageRequestV1 = {}): Promise<PageV1<RegistryV1Version>> {
    const model = this.#model(name);
    const pageSize = resolvePageSize(query.pageSize);
    const fingerprint = `versions:${name}`;
    const after = query.pageToken === undefined ? undefined : Number(decodePageToken(query.pageToken, fingerprint));
    const numbers = [...model.versions.keys()]
      .filter((number) => after === undefined || number < after)
      .sort((a, b) => b - a);
    const page = numbers.slice(0, pageSize);
    return {
      items: page.map((number) =>
        this.#versionSnapshot(model, model.versions.get(number) as Omit<RegistryV1Version, 'aliases'>),
      ),
      nextPageToken: numbers.length > pageSize ? encodePageToken(fingerprint, page[page.length - 1]) : undefined,
    };
  }

  async deleteVersion(name: string, version: number): Promise<void> {
    const model = this.#model(name);
    this.#version(name, version);
    for (const [alias, number] of [...model.aliases]) {
      if (number === version) this.#recordAlias(model, alias, null, 'delete', `version ${version} deleted`);
    }
    model.versions.delete(version);
    model.updatedAt = this.#now();
  }

  async setVersionTag(name: string, version: number, key: string, value: string): Promise<void> {
    const record = this.#version(name, version);
    (record.tags as Record<string, string>)[key] = value;
  }

  #recordAlias(
    model: ModelRecord,
    alias: string,
    version: number | null,
    action: RegistryV1AliasEvent['action'],
    reason: string,
  ): RegistryV1AliasEvent {
    const event: RegistryV1AliasEvent = {
      id: ++this.#eventId,
      model: model.name,
      alias,
      version,
      previousVersion: model.aliases.get(alias) ?? null,
      action,
      reason,
      at: this.#now(),
    };
    if (version === null) model.aliases.delete(alias);
    else model.aliases.set(alias, version);
    model.history.push(event);
    model.updatedAt = event.at;
    this.#emit({ type: 'alias-moved', event: { ...event } });
    return { ...event };
  }

  async setAlias(
    name: string,
    alias: string,
    version: number,
    options: { readonly reason?: string; readonly action?: 'set' | 'rollback' } = {},
  ): Promise<RegistryV1AliasEvent> {
    const model = this.#model(name);
    this.#version(name, version);
    if (model.aliases.get(alias) === version) {
      const last = [...model.history].reverse().find((event) => event.alias === alias);
      if (last) return { ...last };
    }
    return this.#recordAlias(model, alias, version, options.action ?? 'set', options.reason ?? '');
  }

  async deleteAlias(
    name: string,
    alias: string,
    options: { readonly reason?: string } = {},
  ): Promise<RegistryV1AliasEvent> {
    const model = this.#model(name);
    if (!model.aliases.has(alias)) {
      throw new NotFoundError({
        message: `Model "${name}" has no alias "${alias}".`,
        entity: 'alias',
        id: `${name}@${alias}`,
      });
    }
    return this.#recordAlias(model, alias, null, 'delete', options.reason ?? '');
  }

  async getVersionByAlias(name: string, alias: string): Promise<RegistryV1Version> {
    const model = this.#model(name);
    const version = model.aliases.get(alias);
    if (version === undefined) {
      throw new NotFoundError({
        message: `Model "${name}" has no alias "${alias}".`,
        entity: 'alias',
        id: `${name}@${alias}`,
      });
    }
    return this.getVersion(name, version);
  }

  async getAliasHistory(name: string, alias?: string): Promise<RegistryV1AliasEvent[]> {
    return this.#model(name)
      .history.filter((event) => alias === undefined || event.alias === alias)
      .map((event) => ({ ...event }));
  }

  watch(listener: (change: RegistryV1Change) => void): () => void {
    this.#watchers.add(listener);
    return () => this.#watchers.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#watchers.clear();
  }
}

/** Creates an in-memory registry (the reference implementation of `RegistryV1`). */
export function createMemoryRegistry(options: MemoryRegistryOptions = {}): MemoryRegistry {
  return new MemoryRegistry(options);
}
