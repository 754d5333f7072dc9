import {
  MemoryRegistry,
  type PageRequestV1,
  type PageV1,
  type RegistryV1,
  type RegistryV1AliasEvent,
  type RegistryV1Capabilities,
  type RegistryV1Change,
  type RegistryV1CreateModelInput,
  type RegistryV1CreateVersionInput,
  type RegistryV1Model,
  type RegistryV1Version,
} from '@mloop/core';
import type { WandbSink } from './online-sink';
import { md5Base64, toArtifactName } from './wandb-manifest';
import type { WandbArtifactSpec } from './wandb-records';

/** What the registry needs from its backend. @internal */
export interface WandbRegistryContext {
  /** Where records go: W&B or the offline journal. */
  readonly sink: WandbSink;
  /** Entity, when configured. */
  readonly entity: string | null;
  /** Project model artifacts are logged to. */
  readonly project: string;
  /** Clock, Unix ms. */
  readonly now: () => number;
  /** Bytes of a blob of the backend's own artifact store, or undefined. */
  readonly artifactBytes: (sha256: string) => Promise<Uint8Array | undefined>;
  /** The W&B run id of an mloop run of this backend's tracker, when known. */
  readonly wandbRunId: (runId: string) => string | undefined;
}

/**
 * The registry mapped onto W&B's model registry: a version is a `model` artifact (the model
 * document from the artifact store) linked into the registered model's portfolio in the
 * `model-registry` project; `setAlias` moves the alias there (LinkArtifact with the alias),
 * `deleteAlias` removes it (DeleteAliases). Each change reaches W&B (or the offline journal)
 * before the call resolves. Reads, tags and the alias history are answered from an in-process
 * mirror (core's memory registry), so every `RegistryV1` rule holds as in the reference.
 */
export class WandbRegistry implements RegistryV1 {
  readonly specificationVersion = 'v1' as const;
  readonly backend = 'wandb';
  readonly capabilities: RegistryV1Capabilities = { watch: true, persistent: false };
  readonly #context: WandbRegistryContext;
  readonly #local: MemoryRegistry;

  /** @internal Use `createWandbBackend`. */
  constructor(context: WandbRegistryContext) {
    this.#context = context;
    this.#local = new MemoryRegistry({ now: context.now });
  }

  async createModel(input: RegistryV1CreateModelInput): Promise<RegistryV1Model> {
    return this.#local.createModel(input);
  }

  async getModel(name: string): Promise<RegistryV1Model> {
    return this.#local.getModel(name);
  }

  async searchModels(query?: PageRequestV1 & { readonly nameContains?: string }): Promise<PageV1<RegistryV1Model>> {
    return this.#local.searchModels(query);
  }

  async deleteModel(name: string): Promise<void> {
    const model = await this.#local.getModel(name);
    for (const [alias, version] of Object.entries(model.aliases)) {
      await this.#context.sink.registry({ t: 'unalias', model: name, alias, version });
    }
    await this.#local.deleteModel(name);
  }

  async setModelTag(name: string, key: string, value: string): Promise<void> {
    await this.#local.setModelTag(name, key, value);
  }

  async createVersion(input: RegistryV1CreateVersionInput): Promise<RegistryV1Version> {
    const version = await this.#local.createVersion(input);
    const bytes = await this.#context.artifactBytes(input.artifactDigest);
    const artifact: WandbArtifactSpec = {
      type: 'model',
      name: toArtifactName(input.model),
      description: input.description ?? null,
      metadata: {
        mloop: {
          model: input.model,
          version: version.version,
          modelKind: input.modelKind,
          runId: input.runId ?? null,
          metrics: input.metrics ?? {},
          tags: input.tags ?? {},
          datasets: input.datasets ?? [],
        },
      },
      files: [
        {
          path: 'model.json',
          sha256: input.artifactDigest,
          size: bytes?.length ?? 0,
          md5: bytes ? md5Base64(bytes) : null,
        },
      ],
      aliases: [],
    };
    try {
      await this.#context.sink.registry({
        t: 'link',
        entity: this.#context.entity,
        project: this.#context.project,
        model: input.model,
        version: version.version,
        artifact,
        run: input.runId === undefined ? null : (this.#context.wandbRunId(input.runId) ?? null),
      });
    } catch (error) {
      await this.#local.deleteVersion(input.model, version.version);
      throw error;
    }
    return version;
  }

  async getVersion(model: string, version: number): Promise<RegistryV1Version> {
    return this.#local.getVersion(model, version);
  }

  async searchVersions(model: string, query?: PageRequestV1): Promise<PageV1<RegistryV1Version>> {
    return this.#local.searchVersions(model, query);
  }

  async deleteVersion(model: string, version: number): Promise<void> {
    const record = await this.#local.getVersion(model, version);
    for (const alias of record.aliases) {
      await this.#context.sink.registry({ t: 'unalias', model, alias, version });
    }
    await this.#local.deleteVersion(model, version);
  }

  async setVersionTag(model: string, version: number, key: string, value: string): Promise<void> {
    await this.#local.setVersionTag(model, version, key, value);
  }

  async setAlias(
    model: string,
    alias: string,
    version: number,
    options?: { readonly reason?: string; readonly action?: 'set' | 'rollback' },
  ): Promise<RegistryV1AliasEvent> {
    await this.#local.getVersion(model, version);
    const current = (await this.#local.getModel(model)).aliases[alias];
    if (current !== version) await this.#context.sink.registry({ t: 'alias', model, alias, version });
    return this.#local.setAlias(model, alias, version, options);
  }

  async deleteAlias(
    model: string,
    alias: string,
    options?: { readonly reason?: string },
  ): Promise<RegistryV1AliasEvent> {
    const current = (await this.#local.getModel(model)).aliases[alias];
    if (current !== undefined) await this.#context.sink.registry({ t: 'unalias', model, alias, version: current });
    return this.#local.deleteAlias(model, alias, options);
  }

  async getVersionByAlias(model: string, alias: string): Promise<RegistryV1Version> {
    return this.#local.getVersionByAlias(model, alias);
  }

  async getAliasHistory(model: string, alias?: string): Promise<RegistryV1AliasEvent[]> {
    return this.#local.getAliasHistory(model, alias);
  }

  watch(listener: (change: RegistryV1Change) => void): () => void {
    return this.#local.watch(listener);
  }

  /** Closes the mirror; the backend's `close()` calls it after the last change reached W&B. @internal */
  async closeMirror(): Promise<void> {
    await this.#local.close();
  }

  /** Closes the whole backend. Replaced by `createWandbBackend`. */
  async close(): Promise<void> {
    await this.closeMirror();
  }
}
