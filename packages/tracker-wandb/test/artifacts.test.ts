import { createHash } from 'node:crypto';
import { createMloop, type ModelJSONV1 } from '@mloop/core';
import { createSqliteBackend } from '@mloop/tracker-sqlite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { artifactTypeOf, buildManifest, manifestDigest, md5Base64, toArtifactName } from '../src/index';
import { backendFor, fakeServer, tempDir } from './helpers';

const modelDocument = (weights: number[]): ModelJSONV1 => ({
  format: 'mloop.model',
  formatVersion: 1,
  kind: 'Fake',
  producer: 'test',
  params: {},
  state: { weights },
});

describe('manifests and digests', () => {
  it('follow W&B storage policy v1: base64 MD5 per file, hex MD5 of the sorted "path:digest" lines', () => {
    const manifest = buildManifest([
      { path: 'b.txt', sha256: 'x', size: 1, md5: md5Base64('b') },
      { path: 'a.txt', sha256: 'y', size: 1, md5: md5Base64('a') },
    ]);
    expect(Object.keys(manifest.contents)).toEqual(['a.txt', 'b.txt']);
    expect(manifest.contents['a.txt']).toEqual({ digest: 'DMF1ucDxtqgxw5niaXcmYQ==', size: 1 });
    const expected = createHash('md5')
      .update(`wandb-artifact-manifest-v1\na.txt:${md5Base64('a')}\nb.txt:${md5Base64('b')}\n`)
      .digest('hex');
    expect(manifestDigest(manifest)).toBe(expected);
  });

  it('give equal digests for equal content in any order, different digests for different content', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ path: fc.stringMatching(/^[a-z]{1,8}$/), body: fc.string() }), {
          selector: (file) => file.path,
          minLength: 1,
          maxLength: 6,
        }),
        (files) => {
          const entries = files.map((file) => ({
            path: file.path,
            sha256: '',
            size: file.body.length,
            md5: md5Base64(file.body),
          }));
          const digest = manifestDigest(buildManifest(entries));
          expect(manifestDigest(buildManifest([...entries].reverse()))).toBe(digest);
          const changed = entries.map((entry, index) =>
            index === 0 ? { ...entry, md5: md5Base64(`${files[0]?.body}!`) } : entry,
          );
          expect(manifestDigest(buildManifest(changed))).not.toBe(digest);
        },
      ),
    );
  });

  it('names artifacts validly and types them by name and media type', () => {
    expect(toArtifactName('reports/drift report.html')).toBe('reports-drift-report.html');
    expect(toArtifactName('///')).toBe('artifact');
    expect(artifactTypeOf({ name: 'model.json', mediaType: 'application/json', metadata: {} })).toBe('model');
    expect(artifactTypeOf({ name: 'train.csv', mediaType: 'text/csv', metadata: {} })).toBe('dataset');
    expect(artifactTypeOf({ name: 'drift.html', mediaType: 'text/html', metadata: {} })).toBe('report');
    expect(
      artifactTypeOf({
        name: 'x.bin',
        mediaType: 'application/octet-stream',
        metadata: { 'wandb.type': 'checkpoint' },
      }),
    ).toBe('checkpoint');
  });
});

describe('artifacts on W&B', () => {
  it('logs datasets, models and reports as committed W&B artifacts with manifests, and uploads equal bytes once', async () => {
    const server = await fakeServer();
    const backend = backendFor(server);
    const mloop = createMloop({ backend });
    const first = await mloop.tracker.startRun({ experiment: 'artifacts' });
    await first.logArtifact('data/train.csv', 'a,b\n1,2\n');
    await first.logArtifact('model.json', JSON.stringify(modelDocument([1, 2])));
    await first.logArtifact('drift.html', '<p>no drift</p>', { mediaType: 'text/html' });
    await first.end();
    const second = await mloop.tracker.startRun({ experiment: 'artifacts' });
    // Same name and bytes: the server already has this digest → COMMITTED at once, nothing uploaded.
    await second.logArtifact('model.json', JSON.stringify(modelDocument([1, 2])));
    // Same bytes under another name: a new artifact, but the file is not uploaded again.
    await second.logArtifact('copy.csv', 'a,b\n1,2\n');
    await second.end();
    const artifacts = [...server.artifacts.values()];
    expect(artifacts.map((artifact) => `${artifact.type}:${artifact.collection}`).sort()).toEqual([
      'dataset:copy.csv',
      'dataset:data-train.csv',
      'model:model.json',
      'report:drift.html',
    ]);
    expect(artifacts.every((artifact) => artifact.state === 'COMMITTED')).toBe(true);
    const model = artifacts.find((artifact) => artifact.collection === 'model.json');
    expect(model?.aliases.has('latest')).toBe(true);
    expect(model?.createdBy).toBe(backend.tracker.wandbRunId(first.id));
    const uploads = server.requests.filter((request) => request.operation === 'storage PUT' && request.status === 200);
    const fileUploads = [...server.storage.values()].filter(
      (entry) => entry.label.startsWith('artifact-file:') && entry.bytes,
    );
    expect(fileUploads.length).toBe(3);
    // 2 metadata files, 3 artifact files, 4 manifests.
    expect(uploads.length).toBe(2 + 3 + 4);
    const manifest = JSON.parse(Buffer.from(server.stored(`manifest:${model?.id}`) ?? []).toString());
    expect(manifest.contents['model.json'].digest).toBe(md5Base64(JSON.stringify(modelDocument([1, 2]))));
    await mloop.close();
  });

  it('maps the registry onto W&B model registry: versions linked into the portfolio, setAlias moves production there', async () => {
    const server = await fakeServer();
    const backend = backendFor(server);
    const mloop = createMloop({ backend });
    const run = await mloop.tracker.startRun({ experiment: 'registry' });
    const v1 = await mloop.registry.register({
      name: 'churn',
      model: modelDocument([1]),
      run,
      aliases: ['production'],
    });
    const v2 = await mloop.registry.register({ name: 'churn', model: modelDocument([2]), run });
    const portfolio = server.portfolio('churn');
    expect(portfolio?.versions.length).toBe(2);
    const [first, secondVersion] = portfolio?.versions ?? [];
    expect(portfolio?.aliases.get('production')).toBe(first);
    await mloop.registry.setAlias('churn', 'production', v2.version, { reason: 'better F1' });
    expect(portfolio?.aliases.get('production')).toBe(secondVersion);
    await mloop.registry.rollback('churn', 'production');
    expect(portfolio?.aliases.get('production')).toBe(first);
    expect((await mloop.registry.getVersion('churn', { alias: 'production' })).version).toBe(v1.version);
    const linked = server.artifacts.get(first as string);
    expect(linked?.type).toBe('model');
    expect(linked?.createdBy).toBe(backend.tracker.wandbRunId(run.id));
    expect(linked?.metadata).toMatchObject({ mloop: { version: 1, model: 'churn' } });
    await mloop.registry.deleteAlias('churn', 'production');
    expect(portfolio?.aliases.has('production')).toBe(false);
    await run.end();
    await mloop.close();
  });

  it('mixed use: tracking to W&B while the registry and artifacts stay in SQLite', async () => {
    const server = await fakeServer();
    const wandb = backendFor(server);
    const sqlite = createSqliteBackend({ dir: tempDir(), synchronous: 'normal' });
    const mloop = createMloop({ tracker: wandb.tracker, registry: sqlite.registry, artifacts: sqlite.artifacts });
    const run = await mloop.tracker.startRun({ experiment: 'mixed', params: { lr: 0.1 } });
    for (let step = 0; step < 10; step++) run.logMetric('f1', step / 10, { step });
    const artifact = await run.logArtifact('model.json', JSON.stringify(modelDocument([3])));
    const version = await mloop.registry.register({
      name: 'mixed-model',
      model: modelDocument([3]),
      run,
      aliases: ['production'],
    });
    await run.end();
    // The registry is SQLite's: the alias is there, W&B's model registry is untouched.
    expect((await sqlite.registry.getVersionByAlias('mixed-model', 'production')).version).toBe(version.version);
    expect(server.portfolios.size).toBe(0);
    // The run is W&B's, with its history and the artifact as a reference to the SQLite store.
    const wandbId = wandb.tracker.wandbRunId(run.id) as string;
    expect(server.history(wandbId).map((row) => row.f1)).toEqual(Array.from({ length: 10 }, (_, step) => step / 10));
    expect(server.run(wandbId).complete).toBe(true);
    const [logged] = [...server.artifacts.values()];
    const manifest = JSON.parse(Buffer.from(server.stored(`manifest:${logged?.id}`) ?? []).toString());
    expect(manifest.contents['model.json']).toMatchObject({
      ref: `mloop://sha256/${artifact.digest}`,
      digest: artifact.digest,
    });
    expect(await sqlite.artifacts.stat(artifact.digest)).toBeDefined();
    await mloop.close();
  });

  it('an artifact W&B refuses is reported and does not stop the run', async () => {
    const server = await fakeServer();
    const warnings: string[] = [];
    const backend = backendFor(server, { warn: (message) => warnings.push(message) });
    const mloop = createMloop({ backend });
    const run = await mloop.tracker.startRun({ experiment: 'refused' });
    server.inject({
      operation: 'CreateArtifact',
      fault: { kind: 'status', status: 422, body: '{"errors":[{"message":"quota"}]}' },
    });
    await run.logArtifact('model.json', '{}');
    for (let step = 0; step < 5; step++) run.logMetric('loss', step, { step });
    await run.end();
    const wandbId = backend.tracker.wandbRunId(run.id) as string;
    expect(server.history(wandbId).length).toBe(5);
    expect(server.run(wandbId).complete).toBe(true);
    expect(warnings.join('\n')).toMatch(/artifact model\.json \(model\) was not saved: .*422/);
    await mloop.close();
  });

  it('a run whose metadata upload is refused still runs, with a warning', async () => {
    const server = await fakeServer();
    const warnings: string[] = [];
    const backend = backendFor(server, { warn: (message) => warnings.push(message) });
    server.inject({ route: 'storage', fault: { kind: 'status', status: 400 } });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    await backend.tracker.updateRun(run.id, { status: 'finished' });
    const stored = server.run(backend.tracker.wandbRunId(run.id) as string);
    expect(stored.complete).toBe(true);
    expect(stored.uploaded.has('wandb-metadata.json')).toBe(false);
    expect(warnings.join('\n')).toMatch(/wandb-metadata.json was not uploaded/);
  });
});
