import {
  AlreadyExistsError,
  decodePageToken,
  encodePageToken,
  NotFoundError,
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
  resolvePageSize,
} from '@mloop/core';
import {
  decodeNumberRecord,
  encodeNumberRecord,
  isUniqueViolation,
  runAction,
  type SqliteConnection,
} from './sqlite-database';
import { checkText } from './sqlite-tracker';

interface ModelRow {
  name: string;
  description: string;
  tags: string;
  latest_version: number;
  created_at: number;
  updated_at: number;
}

interface VersionRow {
  model: string;
  version: number;
  document: string;
  tags: string;
  created_at: number;
}

interface EventRow {
  id: number;
  model: string;
  alias: string;
  version: number | null;
  previous_version: number | null;
  action: RegistryV1AliasEvent['action'];
  reason: string;
  at: number;
}

/** The immutable part of a version, stored as one JSON document. */
interface VersionDocument {
  artifactDigest: string;
  modelKind: string;
  runId?: string;
  datasets: RegistryV1Version['datasets'];
  metrics: string;
  description: string;
}

/** What the registry shares with the rest of the backend. @internal */
export interface SqliteRegistryContext {
  readonly db: SqliteConnection;
  readonly path: string;
  readonly now: () => number;
  readonly watchIntervalMs: number;
  readonly isClosed: () => boolean;
}

function toEvent(row: EventRow): RegistryV1AliasEvent {
  return {
    id: row.id,
    model: row.model,
    alias: row.alias,
    version: row.version,
    previousVersion: row.previous_version,
    action: row.action,
    reason: row.reason,
    at: row.at,
  };
}

/**
 * `RegistryV1` on SQLite. Version numbers come from `models.latest_version` inside an immediate
 * transaction, so they are dense and unique across processes. Every change is appended to a
 * `changes` feed in the same transaction; `watch` polls `PRAGMA data_version` and reads the
 * feed, so another process sees an alias move within `watchIntervalMs`.
 */
export class SqliteRegistry implements RegistryV1 {
  readonly specificationVersion = 'v1' as const;
  readonly backend = 'sqlite';
  readonly capabilities: RegistryV1Capabilities = { watch: true, persistent: true };
  readonly #context: SqliteRegistryContext;
  readonly #statements;
  readonly #watchers = new Set<(change: RegistryV1Change) => void>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastChange = 0;
  #dataVersion = -1;

  /** @internal Use `createSqliteBackend()`. */
  constructor(context: SqliteRegistryContext) {
    this.#context = context;
    const db = context.db;
    this.#statements = {
      insertModel: db.prepare(
        'INSERT INTO models (name, description, tags, latest_version, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)',
      ),
      model: db.prepare(
        'SELECT name, description, tags, latest_version, created_at, updated_at FROM models WHERE name = ?',
      ),
      modelsAfter: db.prepare(
        'SELECT name, description, tags, latest_version, created_at, updated_at FROM models WHERE name > ? AND instr(name, ?) > 0 ORDER BY name LIMIT ?',
      ),
      deleteModel: db.prepare('DELETE FROM models WHERE name = ?'),
      touchModel: db.prepare('UPDATE models SET updated_at = ? WHERE name = ?'),
      setModelTags: db.prepare('UPDATE models SET tags = ?, updated_at = ? WHERE name = ?'),
      bumpVersion: db.prepare(
        'UPDATE models SET latest_version = latest_version + 1, updated_at = ? WHERE name = ? RETURNING latest_version',
      ),
      insertVersion: db.prepare(
        'INSERT INTO versions (model, version, document, tags, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      version: db.prepare(
        'SELECT model, version, document, tags, created_at FROM versions WHERE model = ? AND version = ?',
      ),
      versionsBefore: db.prepare(
        'SELECT model, version, document, tags, created_at FROM versions WHERE model = ? AND version < ? ORDER BY version DESC LIMIT ?',
      ),
      deleteVersion: db.prepare('DELETE FROM versions WHERE model = ? AND version = ?'),
      setVersionTags: db.prepare('UPDATE versions SET tags = ? WHERE model = ? AND version = ?'),
      aliases: db.prepare('SELECT alias, version FROM aliases WHERE model = ?'),
      aliasesOfVersion: db.prepare('SELECT alias FROM aliases WHERE model = ? AND version = ? ORDER BY alias'),
      alias: db.prepare('SELECT version FROM aliases WHERE model = ? AND alias = ?'),
      upsertAlias: db.prepare(
        'INSERT INTO aliases (model, alias, version) VALUES (?, ?, ?) ON CONFLICT (model, alias) DO UPDATE SET version = excluded.version',
      ),
      deleteAlias: db.prepare('DELETE FROM aliases WHERE model = ? AND alias = ?'),
      insertEvent: db.prepare(
        'INSERT INTO alias_events (model, alias, version, previous_version, action, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
      ),
      lastEvent: db.prepare(
        'SELECT id, model, alias, version, previous_version, action, reason, at FROM alias_events WHERE model = ? AND alias = ? ORDER BY id DESC LIMIT 1',
      ),
      event: db.prepare(
        'SELECT id, model, alias, version, previous_version, action, reason, at FROM alias_events WHERE id = ?',
      ),
      history: db.prepare(
        'SELECT id, model, alias, version, previous_version, action, reason, at FROM alias_events WHERE model = ? ORDER BY id',
      ),
      historyOfAlias: db.prepare(
        'SELECT id, model, alias, version, previous_version, action, reason, at FROM alias_events WHERE model = ? AND alias = ? ORDER BY id',
      ),
      insertChange: db.prepare('INSERT INTO changes (type, model, version, event_id) VALUES (?, ?, ?, ?)'),
      changesAfter: db.prepare('SELECT id, type, model, version, event_id FROM changes WHERE id > ? ORDER BY id'),
      lastChange: db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM changes'),
    };
  }

  #do<T>(action: string, body: () => T): Promise<T> {
    return runAction(this.#context, action, () => {
      const result = body();
      // Our own commits do not change data_version for this connection: deliver them now.
      if (this.#watchers.size > 0) this.#poll(true);
      return result;
    });
  }

  #write<T>(body: () => T): T {
    return this.#context.db.transaction(body).immediate();
  }

  #modelRow(name: string): ModelRow {
    const row = this.#statements.model.get(name) as ModelRow | undefined;
    if (!row) throw new NotFoundError({ message: `Model "${name}" does not exist.`, entity: 'model', id: name });
    return row;
  }

  #versionRow(model: string, version: number): VersionRow {
    const row = this.#statements.version.get(model, version) as VersionRow | undefined;
    if (!row)
      throw new NotFoundError({
        message: `Model "${model}" has no version ${version}.`,
        entity: 'version',
        id: `${model}/${version}`,
      });
    return row;
  }

  #model(row: ModelRow): RegistryV1Model {
    const aliases = Object.fromEntries(
      (this.#statements.aliases.all(row.name) as { alias: string; version: number }[]).map((entry) => [
        entry.alias,
        entry.version,
      ]),
    );
    return {
      name: row.name,
      description: row.description,
      tags: JSON.parse(row.tags),
      aliases,
      latestVersion: row.latest_version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  #version(row: VersionRow): RegistryV1Version {
    const document = JSON.parse(row.document) as VersionDocument;
    return {
      model: row.model,
      version: row.version,
      artifactDigest: document.artifactDigest,
      modelKind: document.modelKind,
      ...(document.runId === undefined ? {} : { runId: document.runId }),
      datasets: document.datasets,
      metrics: decodeNumberRecord(document.metrics),
      tags: JSON.parse(row.tags),
      description: document.description,
      aliases: (this.#statements.aliasesOfVersion.all(row.model, row.version) as { alias: string }[]).map(
        (entry) => entry.alias,
      ),
      createdAt: row.created_at,
    };
  }

  createModel(input: RegistryV1CreateModelInput): Promise<RegistryV1Model> {
    return this.#do('createModel', () => {
      checkText(input.name, 'name');
      const now = this.#context.now();
      try {
        this.#statements.insertModel.run(
          input.name,
          input.description ?? '',
          JSON.stringify(input.tags ?? {}),
          now,
          now,
        );
      } catch (error) {
        if (isUniqueViolation(error))
          throw new AlreadyExistsError({
            message: `Model "${input.name}" already exists.`,
            entity: 'model',
            id: input.name,
            cause: error,
          });
        throw error;
      }
      return this.#model(this.#modelRow(input.name));
    });
  }

  getModel(name: string): Promise<RegistryV1Model> {
    return this.#do('getModel', () => this.#model(this.#modelRow(name)));
  }

  searchModels(query: PageRequestV1 & { readonly nameContains?: string } = {}): Promise<PageV1<RegistryV1Model>> {
    return this.#do('searchModels', () => {
      const pageSize = resolvePageSize(query.pageSize);
      const fingerprint = JSON.stringify({ nameContains: query.nameContains ?? null });
      const after = query.pageToken === undefined ? '' : String(decodePageToken(query.pageToken, fingerprint));
      const rows = this.#statements.modelsAfter.all(after, query.nameContains ?? '', pageSize + 1) as ModelRow[];
      const page = rows.slice(0, pageSize);
      return {
        items: page.map((row) => this.#model(row)),
        nextPageToken: rows.length > pageSize ? encodePageToken(fingerprint, page[page.length - 1].name) : undefined,
      };
    });
  }

  deleteModel(name: string): Promise<void> {
    return this.#do('deleteModel', () => {
      this.#write(() => {
        this.#modelRow(name);
        this.#statements.deleteModel.run(name);
      });
    });
  }

  setModelTag(name: string, key: string, value: string): Promise<void> {
    return this.#do('setModelTag', () => {
      checkText(key, 'key');
      checkText(value, 'value');
      this.#write(() => {
        const tags = JSON.parse(this.#modelRow(name).tags) as Record<string, string>;
        tags[key] = value;
        this.#statements.setModelTags.run(JSON.stringify(tags), this.#context.now(), name);
      });
    });
  }

  createVersion(input: RegistryV1CreateVersionInput): Promise<RegistryV1Version> {
    return this.#do('createVersion', () => {
      const document: VersionDocument = {
        artifactDigest: input.artifactDigest,
        modelKind: input.modelKind,
        ...(input.runId === undefined ? {} : { runId: input.runId }),
        datasets: input.datasets ?? [],
        metrics: encodeNumberRecord(input.metrics ?? {}),
        description: input.description ?? '',
      };
      const text = JSON.stringify(document);
      checkText(text, 'version');
      const number = this.#write(() => {
        this.#modelRow(input.model);
        const now = this.#context.now();
        const { latest_version: version } = this.#statements.bumpVersion.get(now, input.model) as {
          latest_version: number;
        };
        this.#statements.insertVersion.run(input.model, version, text, JSON.stringify(input.tags ?? {}), now);
        this.#statements.insertChange.run('version-created', input.model, version, null);
        return version;
      });
      return this.#version(this.#versionRow(input.model, number));
    });
  }

  getVersion(model: string, version: number): Promise<RegistryV1Version> {
    return this.#do('getVersion', () => {
      this.#modelRow(model);
      return this.#version(this.#versionRow(model, version));
    });
  }

  searchVersions(model: string, query: PageRequestV1 = {}): Promise<PageV1<RegistryV1Version>> {
    return this.#do('searchVersions', () => {
      this.#modelRow(model);
      const pageSize = resolvePageSize(query.pageSize);
      const fingerprint = `versions:${model}`;
      const before =
        query.pageToken === undefined ? Number.MAX_SAFE_INTEGER : Number(decodePageToken(query.pageToken, fingerprint));
      const rows = this.#statements.versionsBefore.all(model, before, pageSize + 1) as VersionRow[];
      const page = rows.slice(0, pageSize);
      return {
        items: page.map((row) => this.#version(row)),
        nextPageToken: rows.length > pageSize ? encodePageToken(fingerprint, page[page.length - 1].version) : undefined,
      };
    });
  }

  deleteVersion(model: string, version: number): Promise<void> {
    return this.#do('deleteVersion', () => {
      this.#write(() => {
        this.#versionRow(model, version);
        for (const { alias } of this.#statements.aliasesOfVersion.all(model, version) as { alias: string }[]) {
          this.#recordAlias(model, alias, null, version, 'delete', `version ${version} deleted`);
        }
        this.#statements.deleteVersion.run(model, version);
        this.#statements.touchModel.run(this.#context.now(), model);
      });
    });
  }

  setVersionTag(model: string, version: number, key: string, value: string): Promise<void> {
    return this.#do('setVersionTag', () => {
      checkText(key, 'key');
      checkText(value, 'value');
      this.#write(() => {
        const tags = JSON.parse(this.#versionRow(model, version).tags) as Record<string, string>;
        tags[key] = value;
        this.#statements.setVersionTags.run(JSON.stringify(tags), model, version);
      });
    });
  }

  #recordAlias(
    model: string,
    alias: string,
    version: number | null,
    previous: number | null,
    action: RegistryV1AliasEvent['action'],
    reason: string,
  ): RegistryV1AliasEvent {
    const at = this.#context.now();
    if (version === null) this.#statements.deleteAlias.run(model, alias);
    else this.#statements.upsertAlias.run(model, alias, version);
    const { id } = this.#statements.insertEvent.get(model, alias, version, previous, action, reason, at) as {
      id: number;
    };
    this.#statements.insertChange.run('alias-moved', model, version, id);
    this.#statements.touchModel.run(at, model);
    return { id, model, alias, version, previousVersion: previous, action, reason, at };
  }

  setAlias(
    model: string,
    alias: string,
    version: number,
    options: { readonly reason?: string; readonly action?: 'set' | 'rollback' } = {},
  ): Promise<RegistryV1AliasEvent> {
    return this.#do('setAlias', () => {
      checkText(alias, 'alias');
      checkText(options.reason ?? '', 'reason');
      return this.#write(() => {
        this.#modelRow(model);
        this.#versionRow(model, version);
        const current = (this.#statements.alias.get(model, alias) as { version: number } | undefined)?.version ?? null;
        if (current === version) {
          const last = this.#statements.lastEvent.get(model, alias) as EventRow | undefined;
          if (last) return toEvent(last);
        }
        return this.#recordAlias(model, alias, version, current, options.action ?? 'set', options.reason ?? '');
      });
    });
  }

  deleteAlias(model: string, alias: string, options: { readonly reason?: string } = {}): Promise<RegistryV1AliasEvent> {
    return this.#do('deleteAlias', () =>
      this.#write(() => {
        return this.#recordAlias(model, alias, null, this.#aliasVersion(model, alias), 'delete', options.reason ?? '');
      }),
    );
  }

  /** The version `alias` points at; NOT_FOUND for an unknown model or alias. */
  #aliasVersion(model: string, alias: string): number {
    this.#modelRow(model);
    const current = this.#statements.alias.get(model, alias) as { version: number } | undefined;
    if (!current)
      throw new NotFoundError({
        message: `Model "${model}" has no alias "${alias}".`,
        entity: 'alias',
        id: `${model}@${alias}`,
      });
    return current.version;
  }

  getVersionByAlias(model: string, alias: string): Promise<RegistryV1Version> {
    return this.#do('getVersionByAlias', () => {
      return this.#version(this.#versionRow(model, this.#aliasVersion(model, alias)));
    });
  }

  getAliasHistory(model: string, alias?: string): Promise<RegistryV1AliasEvent[]> {
    return this.#do('getAliasHistory', () => {
      this.#modelRow(model);
      const rows = (
        alias === undefined ? this.#statements.history.all(model) : this.#statements.historyOfAlias.all(model, alias)
      ) as EventRow[];
      return rows.map(toEvent);
    });
  }

  watch(listener: (change: RegistryV1Change) => void): () => void {
    if (this.#watchers.size === 0) {
      // Only changes made after the first watcher subscribed are delivered.
      this.#lastChange = (this.#statements.lastChange.get() as { id: number }).id;
      this.#dataVersion = this.#context.db.pragma('data_version', { simple: true }) as number;
      this.#timer = setInterval(() => this.#poll(false), this.#context.watchIntervalMs);
      this.#timer.unref?.();
    }
    this.#watchers.add(listener);
    return () => {
      this.#watchers.delete(listener);
      if (this.#watchers.size === 0) this.stopWatching();
    };
  }

  /** Reads the change feed past the last delivered id when another process (or `force`) changed it. */
  #poll(force: boolean): void {
    if (this.#context.isClosed() || this.#watchers.size === 0) return;
    try {
      const dataVersion = this.#context.db.pragma('data_version', { simple: true }) as number;
      if (!force && dataVersion === this.#dataVersion) return;
      this.#dataVersion = dataVersion;
      const rows = this.#statements.changesAfter.all(this.#lastChange) as {
        id: number;
        type: string;
        model: string;
        version: number | null;
        event_id: number | null;
      }[];
      for (const row of rows) {
        this.#lastChange = row.id;
        let change: RegistryV1Change | undefined;
        if (row.type === 'version-created' && row.version !== null)
          change = { type: 'version-created', model: row.model, version: row.version };
        else if (row.type === 'alias-moved' && row.event_id !== null) {
          const event = this.#statements.event.get(row.event_id) as EventRow | undefined;
          // The model may have been deleted since; its events went with it.
          if (event) change = { type: 'alias-moved', event: toEvent(event) };
        }
        if (change) for (const watcher of this.#watchers) watcher(change);
      }
    } catch {
      // A busy or closing database: try again on the next tick.
    }
  }

  /** Stops the polling timer (called on close). @internal */
  stopWatching(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
