import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMloop } from '@mloop/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteBackend } from '../src/index';

const root = mkdtempSync(join(tmpdir(), 'mloop-bad-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
const fresh = () => join(root, `store-${count++}`);

describe('bad input and damaged stores', () => {
  it('refuses a file that is not a database, naming it', () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'mloop.db'), 'this is not sqlite, just text '.repeat(100));
    expect(() => createSqliteBackend({ dir })).toThrowError(
      expect.objectContaining({ code: 'BACKEND', message: expect.stringContaining(join(dir, 'mloop.db')) }),
    );
  });

  it('refuses a schema newer than the code and leaves it untouched', async () => {
    const dir = fresh();
    await createSqliteBackend({ dir }).close();
    const raw = new Database(join(dir, 'mloop.db'));
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => createSqliteBackend({ dir })).toThrowError(
      expect.objectContaining({ code: 'UNSUPPORTED_SPEC_VERSION', version: '99' }),
    );
    const check = new Database(join(dir, 'mloop.db'));
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    check.close();
  });

  it('validates options with zod', () => {
    expect(() => createSqliteBackend({ busyTimeoutMs: -1 })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'busyTimeoutMs' }),
    );
    expect(() => createSqliteBackend({ synchronous: 'off' as 'full' })).toThrowError(
      expect.objectContaining({ field: 'synchronous' }),
    );
    expect(() => createSqliteBackend({ unknown: 1 } as never)).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('rejects text that is not valid UTF-8 and writes nothing', async () => {
    const backend = createSqliteBackend({ dir: fresh() });
    const experiment = await backend.tracker.createExperiment({ name: 'e' });
    const run = await backend.tracker.createRun({ experimentId: experiment.id });
    await expect(
      backend.tracker.logBatch(run.id, {
        params: [
          { key: 'a', value: 'ok' },
          { key: 'b', value: 'bad \uD800 surrogate' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(backend.tracker.createExperiment({ name: 'x\uDFFF' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'name',
    });
    expect((await backend.tracker.getRun(run.id)).params).toEqual({});
    await backend.close();
  });

  it('refuses artifact names that escape and digests that are not digests', async () => {
    const mloop = createMloop({ backend: createSqliteBackend({ dir: fresh() }) });
    const run = await mloop.tracker.startRun({});
    await expect(run.logArtifact('../../etc/passwd', 'x')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'name',
    });
    await expect(run.logArtifact('/abs', 'x')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(mloop.artifacts.get('../../etc/passwd')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'digest',
    });
    expect((await run.get()).artifacts).toEqual([]);
    await mloop.close();
  });

  it('detects a tampered blob on read', async () => {
    const backend = createSqliteBackend({ dir: fresh() });
    const info = await backend.artifacts.put('original content');
    writeFileSync(join(backend.artifacts.dir, info.digest.slice(0, 2), info.digest.slice(2)), 'tampered content');
    await expect(backend.artifacts.get(info.digest)).rejects.toMatchObject({ code: 'SERIALIZATION' });
    const chunks: Uint8Array[] = [];
    await expect(async () => {
      for await (const chunk of backend.artifacts.open(info.digest)) chunks.push(chunk);
    }).rejects.toMatchObject({ code: 'SERIALIZATION' });
    await backend.close();
  });

  it('a failed stream leaves no blob and no temp file behind', async () => {
    const backend = createSqliteBackend({ dir: fresh() });
    async function* failing() {
      yield new Uint8Array([1, 2, 3]);
      throw new Error('source broke');
    }
    await expect(backend.artifacts.put(failing())).rejects.toThrow('source broke');
    expect(readdirSync(backend.artifacts.dir).filter((name) => name !== 'tmp')).toEqual([]);
    expect(readdirSync(join(backend.artifacts.dir, 'tmp'))).toEqual([]);
    await backend.close();
  });

  it('recreates its directories when someone removed them between puts', async () => {
    const backend = createSqliteBackend({ dir: fresh() });
    const first = await backend.artifacts.put('first blob');
    rmSync(join(backend.artifacts.dir, 'tmp'), { recursive: true });
    rmSync(join(backend.artifacts.dir, first.digest.slice(0, 2)), { recursive: true });
    const again = await backend.artifacts.put('first blob');
    expect(again.digest).toBe(first.digest);
    expect(new TextDecoder().decode(await backend.artifacts.get(first.digest))).toBe('first blob');
    await backend.close();
  });

  it('keeps data across reopen and refuses calls after close', async () => {
    const dir = fresh();
    const first = createMloop({ backend: createSqliteBackend({ dir }) });
    const run = await first.tracker.startRun({ experiment: 'persist', params: { k: 1 } });
    run.logMetric('nan', Number.NaN);
    run.logMetric('inf', Number.NEGATIVE_INFINITY);
    await run.end();
    await first.close();
    await expect(first.tracker.getRun(run.id)).rejects.toMatchObject({ code: 'BACKEND' });
    const second = createMloop({ backend: createSqliteBackend({ dir }) });
    const stored = await second.tracker.getRun(run.id);
    expect(stored.params).toEqual({ k: '1' });
    expect(stored.metrics.nan.value).toBeNaN();
    expect(stored.metrics.inf.value).toBe(Number.NEGATIVE_INFINITY);
    await second.close();
  });
});
