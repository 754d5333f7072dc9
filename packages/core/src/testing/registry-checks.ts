import { randomUUID } from 'node:crypto';
import type { RegistryV1 } from '../spec/registry/v1/registry-v1';
import type { RegistryV1Change } from '../spec/registry/v1/registry-v1-alias';
import type { RegistryV1Capabilities } from '../spec/registry/v1/registry-v1-capabilities';
import { check, checkEqual, checkThrowsCode } from './assert';
import type { ConformanceCheck } from './check';

/** What the registry kit runs against. */
export interface RegistryKitSubject {
  /** Returns a fresh (or at least isolated) registry for each check. */
  readonly create: () => RegistryV1 | Promise<RegistryV1>;
  /** The backend's capabilities, read to skip checks. */
  readonly capabilities: RegistryV1Capabilities;
  /** Called after each check; default `registry.close?.()`. */
  readonly dispose?: (registry: RegistryV1) => Promise<void> | void;
}

const unique = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;
const DIGEST = 'd'.repeat(64);

function registryCheck(
  id: string,
  description: string,
  body: (registry: RegistryV1) => Promise<void>,
  skip?: (subject: RegistryKitSubject) => string | undefined,
): ConformanceCheck<RegistryKitSubject> {
  return {
    id: `registry/${id}`,
    description,
    ...(skip ? { skip } : {}),
    run: async (subject) => {
      const registry = await subject.create();
      try {
        await body(registry);
      } finally {
        await (subject.dispose ? subject.dispose(registry) : registry.close?.());
      }
    },
  };
}

async function modelWithVersions(registry: RegistryV1, count: number): Promise<string> {
  const name = unique('model');
  await registry.createModel({ name });
  for (let index = 0; index < count; index++) {
    await registry.createVersion({ model: name, artifactDigest: DIGEST, modelKind: 'Fixture' });
  }
  return name;
}

/**
 * The registry conformance kit: every rule of `RegistryV1`'s JSDoc, one check each
 * (conventions B6). Bind it with `describeRegistryConformance` from `@mloop/core/testing/vitest`.
 */
export const registryChecks: readonly ConformanceCheck<RegistryKitSubject>[] = [
  registryCheck('spec/shape', 'declares specificationVersion v1, a backend id and capabilities', async (registry) => {
    checkEqual(registry.specificationVersion, 'v1', 'specificationVersion');
    check(typeof registry.backend === 'string' && registry.backend.length > 0, 'backend must be a non-empty string');
    check(
      typeof registry.capabilities.watch === 'boolean' && typeof registry.capabilities.persistent === 'boolean',
      'capabilities flags',
    );
  }),
  registryCheck(
    'models/create-get',
    'create then get round-trips name, description and tags; a new model has no versions or aliases',
    async (registry) => {
      const name = unique('model');
      await registry.createModel({ name, description: 'LOF for shuttle', tags: { team: 'ops' } });
      const model = await registry.getModel(name);
      checkEqual(
        [model.name, model.description, model.tags, model.aliases, model.latestVersion],
        [name, 'LOF for shuttle', { team: 'ops' }, {}, 0],
        'model',
      );
    },
  ),
  registryCheck(
    'models/unique',
    'a duplicate model name → ALREADY_EXISTS; an unknown name → NOT_FOUND',
    async (registry) => {
      const name = unique('model');
      await registry.createModel({ name });
      await checkThrowsCode(() => registry.createModel({ name }), 'ALREADY_EXISTS', 'second createModel');
      await checkThrowsCode(() => registry.getModel(unique('missing')), 'NOT_FOUND', 'getModel');
      await checkThrowsCode(
        () => registry.createVersion({ model: unique('missing'), artifactDigest: DIGEST, modelKind: 'X' }),
        'NOT_FOUND',
        'createVersion of an unknown model',
      );
    },
  ),
  registryCheck('models/paging', 'searchModels pages return every model once, ordered by name', async (registry) => {
    const prefix = unique('page');
    const names = Array.from({ length: 11 }, (_, index) => `${prefix}-${String(index).padStart(2, '0')}`);
    for (const name of [...names].reverse()) await registry.createModel({ name });
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await registry.searchModels({
        nameContains: prefix,
        pageSize: 4,
        ...(pageToken ? { pageToken } : {}),
      });
      check(page.items.length <= 4, 'a page is no larger than pageSize');
      seen.push(...page.items.map((model) => model.name));
      pageToken = page.nextPageToken;
    } while (pageToken);
    checkEqual(seen, names, 'models seen, in name order');
  }),
  registryCheck('versions/numbered', 'versions are numbered 1, 2, 3 … per model, independently', async (registry) => {
    const a = unique('a');
    const b = unique('b');
    await registry.createModel({ name: a });
    await registry.createModel({ name: b });
    const numbers = [];
    for (const model of [a, a, b, a, b])
      numbers.push((await registry.createVersion({ model, artifactDigest: DIGEST, modelKind: 'X' })).version);
    checkEqual(numbers, [1, 2, 1, 3, 2], 'version numbers');
    checkEqual((await registry.getModel(a)).latestVersion, 3, 'latestVersion');
  }),
  registryCheck('versions/concurrent', 'concurrent createVersion calls get unique, dense numbers', async (registry) => {
    const name = unique('model');
    await registry.createModel({ name });
    const created = await Promise.all(
      Array.from({ length: 12 }, () => registry.createVersion({ model: name, artifactDigest: DIGEST, modelKind: 'X' })),
    );
    checkEqual(
      created.map((version) => version.version).sort((x, y) => x - y),
      Array.from({ length: 12 }, (_, index) => index + 1),
      'numbers',
    );
  }),
  registryCheck('versions/not-reused', 'a deleted version number is never reused', async (registry) => {
    const name = await modelWithVersions(registry, 3);
    await registry.deleteVersion(name, 3);
    checkEqual(
      (await registry.createVersion({ model: name, artifactDigest: DIGEST, modelKind: 'X' })).version,
      4,
      'next number',
    );
    await checkThrowsCode(() => registry.getVersion(name, 3), 'NOT_FOUND', 'the deleted version');
  }),
  registryCheck(
    'versions/lineage',
    'a version round-trips its digest, kind, run, datasets, metrics (NaN kept), tags and description',
    async (registry) => {
      const name = unique('model');
      await registry.createModel({ name });
      const datasets = [
        {
          name: 'train',
          digest: 'e'.repeat(64),
          nRows: 3,
          schema: { a: { type: 'numeric' as const, nullable: true } },
          context: 'train',
        },
      ];
      await registry.createVersion({
        model: name,
        artifactDigest: DIGEST,
        modelKind: 'LocalOutlierFactor',
        runId: 'run-1',
        datasets,
        metrics: { f1: 0.87, auc: Number.NaN },
        tags: { a: 'b' },
        description: 'first',
      });
      const version = await registry.getVersion(name, 1);
      checkEqual(
        [
          version.model,
          version.version,
          version.artifactDigest,
          version.modelKind,
          version.runId,
          version.datasets,
          version.metrics.f1,
          version.tags,
          version.description,
          version.aliases,
        ],
        [name, 1, DIGEST, 'LocalOutlierFactor', 'run-1', datasets, 0.87, { a: 'b' }, 'first', []],
        'version',
      );
      check(Number.isNaN(version.metrics.auc), 'a NaN metric is kept');
      await checkThrowsCode(() => registry.getVersion(name, 2), 'NOT_FOUND', 'an unknown version');
    },
  ),
  registryCheck('versions/paging', 'searchVersions returns every version once, newest first', async (registry) => {
    const name = await modelWithVersions(registry, 7);
    const seen: number[] = [];
    let pageToken: string | undefined;
    do {
      const page = await registry.searchVersions(name, { pageSize: 3, ...(pageToken ? { pageToken } : {}) });
      seen.push(...page.items.map((version) => version.version));
      pageToken = page.nextPageToken;
    } while (pageToken);
    checkEqual(seen, [7, 6, 5, 4, 3, 2, 1], 'versions');
  }),
  registryCheck(
    'aliases/point-to-one',
    'an alias points to exactly one version and moves when set again',
    async (registry) => {
      const name = await modelWithVersions(registry, 2);
      await registry.setAlias(name, 'production', 1);
      checkEqual((await registry.getVersionByAlias(name, 'production')).version, 1, 'production');
      await registry.setAlias(name, 'production', 2);
      checkEqual((await registry.getVersionByAlias(name, 'production')).version, 2, 'production after the move');
      checkEqual((await registry.getVersion(name, 1)).aliases, [], 'aliases of v1');
      checkEqual((await registry.getVersion(name, 2)).aliases, ['production'], 'aliases of v2');
      checkEqual((await registry.getModel(name)).aliases, { production: 2 }, 'model aliases');
    },
  ),
  registryCheck(
    'aliases/unknown',
    'an unknown alias → NOT_FOUND; setting an alias to an unknown version → NOT_FOUND',
    async (registry) => {
      const name = await modelWithVersions(registry, 1);
      await checkThrowsCode(() => registry.getVersionByAlias(name, 'production'), 'NOT_FOUND', 'getVersionByAlias');
      await checkThrowsCode(() => registry.setAlias(name, 'production', 9), 'NOT_FOUND', 'setAlias to v9');
      await checkThrowsCode(() => registry.deleteAlias(name, 'production'), 'NOT_FOUND', 'deleteAlias');
      checkEqual(await registry.getAliasHistory(name), [], 'no history after failed calls');
    },
  ),
  registryCheck(
    'aliases/history',
    'every alias change is recorded with previous version, action and reason; re-setting the same version records nothing',
    async (registry) => {
      const name = await modelWithVersions(registry, 3);
      await registry.setAlias(name, 'production', 1, { reason: 'first' });
      await registry.setAlias(name, 'production', 2, { reason: 'better f1' });
      await registry.setAlias(name, 'production', 2, { reason: 'no-op' });
      await registry.setAlias(name, 'staging', 3);
      await registry.setAlias(name, 'production', 1, { reason: 'undo', action: 'rollback' });
      await registry.deleteAlias(name, 'staging', { reason: 'cleanup' });
      const history = await registry.getAliasHistory(name);
      checkEqual(
        history.map((event) => [event.alias, event.version, event.previousVersion, event.action, event.reason]),
        [
          ['production', 1, null, 'set', 'first'],
          ['production', 2, 1, 'set', 'better f1'],
          ['staging', 3, null, 'set', ''],
          ['production', 1, 2, 'rollback', 'undo'],
          ['staging', null, 3, 'delete', 'cleanup'],
        ],
        'history',
      );
      check(
        history.every((event, index) => index === 0 || event.id > history[index - 1].id),
        'event ids increase',
      );
      checkEqual((await registry.getAliasHistory(name, 'staging')).length, 2, 'history of one alias');
    },
  ),
  registryCheck(
    'aliases/delete-version',
    'deleting a version removes its aliases (recorded as delete events)',
    async (registry) => {
      const name = await modelWithVersions(registry, 2);
      await registry.setAlias(name, 'production', 2);
      await registry.setAlias(name, 'champion', 2);
      await registry.setAlias(name, 'staging', 1);
      await registry.deleteVersion(name, 2);
      checkEqual((await registry.getModel(name)).aliases, { staging: 1 }, 'aliases left');
      await checkThrowsCode(
        () => registry.getVersionByAlias(name, 'production'),
        'NOT_FOUND',
        'production after delete',
      );
      const deletes = (await registry.getAliasHistory(name)).filter((event) => event.action === 'delete');
      checkEqual(
        deletes.map((event) => [event.alias, event.previousVersion]).sort(),
        [
          ['champion', 2],
          ['production', 2],
        ],
        'delete events',
      );
    },
  ),
  registryCheck(
    'aliases/atomic',
    'concurrent alias moves leave one consistent chain: each event starts where the previous ended',
    async (registry) => {
      const name = await modelWithVersions(registry, 4);
      await Promise.all(
        Array.from({ length: 16 }, (_, index) => registry.setAlias(name, 'production', (index % 4) + 1)),
      );
      const history = await registry.getAliasHistory(name, 'production');
      for (let index = 1; index < history.length; index++) {
        checkEqual(history[index].previousVersion, history[index - 1].version, `event ${index} previousVersion`);
      }
      checkEqual(
        (await registry.getVersionByAlias(name, 'production')).version,
        history[history.length - 1].version,
        'final alias = last event',
      );
    },
  ),
  registryCheck('tags/overwrite', 'model and version tags are set and overwritten', async (registry) => {
    const name = await modelWithVersions(registry, 1);
    await registry.setModelTag(name, 'owner', 'a');
    await registry.setModelTag(name, 'owner', 'b');
    await registry.setVersionTag(name, 1, 'validated', 'no');
    await registry.setVersionTag(name, 1, 'validated', 'yes');
    checkEqual((await registry.getModel(name)).tags.owner, 'b', 'model tag');
    checkEqual((await registry.getVersion(name, 1)).tags.validated, 'yes', 'version tag');
    await checkThrowsCode(() => registry.setVersionTag(name, 5, 'k', 'v'), 'NOT_FOUND', 'tag on an unknown version');
  }),
  registryCheck('models/delete', 'deleting a model removes it with its versions and aliases', async (registry) => {
    const name = await modelWithVersions(registry, 2);
    await registry.setAlias(name, 'production', 1);
    await registry.deleteModel(name);
    await checkThrowsCode(() => registry.getModel(name), 'NOT_FOUND', 'getModel after delete');
    await checkThrowsCode(() => registry.getVersion(name, 1), 'NOT_FOUND', 'getVersion after delete');
    await registry.createModel({ name });
    checkEqual(
      (await registry.createVersion({ model: name, artifactDigest: DIGEST, modelKind: 'X' })).version,
      1,
      'a re-created model starts at 1',
    );
  }),
  registryCheck(
    'watch/delivers',
    'watch delivers version-created and alias-moved changes',
    async (registry) => {
      const changes: RegistryV1Change[] = [];
      const stop = registry.watch!((change) => changes.push(change));
      try {
        const name = await modelWithVersions(registry, 1);
        await registry.setAlias(name, 'production', 1);
        const deadline = Date.now() + 3000;
        while (
          changes.filter((change) => change.type === 'alias-moved' && change.event.model === name).length === 0 &&
          Date.now() < deadline
        ) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        check(
          changes.some((change) => change.type === 'version-created' && change.model === name && change.version === 1),
          'version-created delivered',
        );
        check(
          changes.some(
            (change) => change.type === 'alias-moved' && change.event.model === name && change.event.version === 1,
          ),
          'alias-moved delivered',
        );
      } finally {
        stop();
      }
    },
    (subject) => (subject.capabilities.watch ? undefined : 'capabilities.watch is false'),
  ),
  registryCheck('lifecycle/close', 'close() may be called twice; any call afterwards → BACKEND', async (registry) => {
    if (!registry.close) return;
    await registry.close();
    await registry.close();
    await checkThrowsCode(() => registry.getModel('x'), 'BACKEND', 'getModel after close');
  }),
];
