import { describe, expect, it } from 'vitest';
import { createMemoryBackend } from '../memory/create-memory-backend';
import { createMloop } from '../mloop/create-mloop';
import type { EstimatorV1 } from '../spec/model/v1/estimator-v1';
import type { ModelJSONV1 } from '../spec/model/v1/model-json-v1';
import type { RegistryV1AliasEvent } from '../spec/registry/v1/registry-v1-alias';

/** A minimal fitted "model" whose state is one number, enough to exercise the registry. */
class ConstantModel implements EstimatorV1<{ value: number }> {
  static readonly kind = 'ConstantModel';
  readonly specificationVersion = 'v1' as const;
  readonly kind = ConstantModel.kind;
  readonly params: Readonly<{ value: number }>;
  readonly isFitted = true;
  constructor(params: { value: number }) {
    this.params = Object.freeze({ ...params });
  }
  getParams() {
    return { ...this.params };
  }
  clone(overrides: Partial<{ value: number }> = {}) {
    return new ConstantModel({ ...this.params, ...overrides });
  }
  toJSON(): ModelJSONV1<string, { value: number }> {
    return {
      format: 'mloop.model',
      formatVersion: 1,
      kind: this.kind,
      producer: 'test',
      params: this.getParams(),
      state: {},
    };
  }
  static fromJSON(json: unknown): ConstantModel {
    return new ConstantModel((json as ModelJSONV1<string, { value: number }>).params);
  }
}

function setup() {
  return createMloop({ backend: createMemoryBackend(), models: [ConstantModel] });
}

describe('ModelRegistry facade', () => {
  it('registers a model with lineage and loads it back as a working estimator', async () => {
    const mloop = setup();
    const run = await mloop.tracker.startRun({ experiment: 'e' });
    const datasets = [{ name: 'train', digest: 'a'.repeat(64), nRows: 10, schema: {} }];
    const version = await mloop.registry.register({
      name: 'm',
      model: new ConstantModel({ value: 7 }),
      run,
      datasets,
      metrics: { f1: 0.9 },
    });
    expect(version).toMatchObject({
      model: 'm',
      version: 1,
      modelKind: 'ConstantModel',
      runId: run.id,
      datasets,
      metrics: { f1: 0.9 },
    });
    const loaded = await mloop.registry.load<ConstantModel>('m', 1);
    expect(loaded).toBeInstanceOf(ConstantModel);
    expect(loaded.params.value).toBe(7);
    // The document is content-addressed: the same model twice shares one blob.
    const again = await mloop.registry.register({ name: 'm', model: new ConstantModel({ value: 7 }) });
    expect(again.version).toBe(2);
    expect(again.artifactDigest).toBe(version.artifactDigest);
  });

  it('sets aliases at registration and loads by alias', async () => {
    const mloop = setup();
    await mloop.registry.register({ name: 'm', model: new ConstantModel({ value: 1 }) });
    const v2 = await mloop.registry.register({
      name: 'm',
      model: new ConstantModel({ value: 2 }),
      aliases: ['production', 'champion'],
      reason: 'gates passed',
    });
    expect(v2.aliases).toEqual(['champion', 'production']);
    expect((await mloop.registry.load<ConstantModel>('m', { alias: 'production' })).params.value).toBe(2);
    const history = await mloop.registry.aliasHistory('m', 'production');
    expect(history.map((event) => event.reason)).toEqual(['gates passed']);
  });

  it('emits version-created and alias-moved exactly once per change', async () => {
    const mloop = setup();
    const created: number[] = [];
    const moved: RegistryV1AliasEvent[] = [];
    mloop.registry.on('version-created', (change) => created.push(change.version));
    mloop.registry.on('alias-moved', (event) => moved.push(event));
    await mloop.registry.register({ name: 'm', model: new ConstantModel({ value: 1 }) });
    await mloop.registry.register({ name: 'm', model: new ConstantModel({ value: 2 }) });
    await mloop.registry.setAlias('m', 'production', 1);
    await mloop.registry.setAlias('m', 'production', 1);
    await mloop.registry.setAlias('m', 'production', 2);
    expect(created).toEqual([1, 2]);
    expect(moved.map((event) => [event.previousVersion, event.version])).toEqual([
      [null, 1],
      [1, 2],
    ]);
  });

  it('rolls back like a stack: twice goes back two assignments, and skips deleted versions', async () => {
    const mloop = setup();
    for (let value = 1; value <= 4; value++)
      await mloop.registry.register({ name: 'm', model: new ConstantModel({ value }) });
    for (const version of [1, 2, 3, 4]) await mloop.registry.setAlias('m', 'production', version);
    expect((await mloop.registry.rollback('m', 'production')).version).toBe(3);
    expect((await mloop.registry.rollback('m', 'production', { reason: 'bad canary' })).version).toBe(2);
    await mloop.registry.setAlias('m', 'production', 4);
    await mloop.registry.backend.deleteVersion('m', 2);
    expect((await mloop.registry.getVersion('m', { alias: 'production' })).version).toBe(4);
    // Stack is now [1, 4]: 2 was deleted, so rollback lands on 1.
    const event = await mloop.registry.rollback('m', 'production');
    expect(event).toMatchObject({ version: 1, previousVersion: 4, action: 'rollback', reason: 'rollback' });
    await expect(mloop.registry.rollback('m', 'production')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('validates names, aliases and versions before touching the backend', async () => {
    const mloop = setup();
    await expect(
      mloop.registry.register({ name: 'bad name', model: new ConstantModel({ value: 1 }) }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'name' });
    await expect(
      mloop.registry.register({ name: 'm', model: { kind: 'x' } as unknown as ModelJSONV1 }),
    ).rejects.toMatchObject({ field: 'model' });
    await expect(
      mloop.registry.register({ name: 'm', model: new ConstantModel({ value: 1 }), aliases: ['1bad'] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await mloop.registry.listModels()).toEqual([]);
    await mloop.registry.register({ name: 'm', model: new ConstantModel({ value: 1 }) });
    await expect(mloop.registry.setAlias('m', 'prod uction', 1)).rejects.toMatchObject({ field: 'alias' });
    await expect(mloop.registry.setAlias('m', 'production', 0)).rejects.toMatchObject({ field: 'version' });
    await expect(mloop.registry.setAlias('m', 'production', 5)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to load a kind it does not know, naming the known kinds', async () => {
    const mloop = createMloop({ backend: createMemoryBackend() });
    await mloop.registry.register({ name: 'm', model: new ConstantModel({ value: 1 }) });
    await expect(mloop.registry.load('m', 1)).rejects.toMatchObject({ code: 'SERIALIZATION', kind: 'ConstantModel' });
  });

  it('refuses an unfitted estimator', async () => {
    const mloop = setup();
    const unfitted = Object.assign(new ConstantModel({ value: 1 }), {});
    Object.defineProperty(unfitted, 'isFitted', { value: false });
    await expect(mloop.registry.register({ name: 'm', model: unfitted })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'model',
    });
  });
});

describe('createMloop', () => {
  it('mixes parts of different backends and reports a missing registry clearly', async () => {
    const memory = createMemoryBackend();
    const trackingOnly = createMloop({ tracker: memory.tracker });
    expect(trackingOnly.hasRegistry).toBe(false);
    expect(() => trackingOnly.registry).toThrowError(expect.objectContaining({ code: 'UNSUPPORTED' }));
    const mixed = createMloop({
      tracker: createMemoryBackend().tracker,
      registry: memory.registry,
      artifacts: memory.artifacts,
    });
    expect(mixed.hasRegistry).toBe(true);
    await mixed.close();
    await mixed.close();
    expect(() => createMloop({})).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'backend' }));
  });
});
