import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMloop, type ModelJSONV1, type RegistryV1AliasEvent } from '@mloop/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteBackend } from '../src/index';
import { spawnWorker } from './fixtures/spawn-worker';

const root = mkdtempSync(join(tmpdir(), 'mloop-multi-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('several processes on one database', () => {
  it('4 writers (25,000 points and 5 versions each) and an alias flipper lose nothing', async () => {
    const dir = join(root, 'load');
    // Create the schema first so the workers do not race on migrations (they would serialise anyway).
    await createSqliteBackend({ dir }).close();
    const writers = Array.from({ length: 4 }, () => spawnWorker('load-writer', dir, '25000', '5'));
    const flipper = spawnWorker('alias-flipper', dir, '4000');
    const codes = await Promise.all([...writers.map((worker) => worker.exited), flipper.exited]);
    expect(codes).toEqual([0, 0, 0, 0, 0]);
    const backend = createSqliteBackend({ dir });
    try {
      const runIds = writers.map((worker) => worker.lines.find((line) => line.startsWith('done '))!.slice(5));
      for (const runId of runIds) {
        const history = await backend.tracker.getMetricHistory(runId, 'm');
        expect(history).toHaveLength(25_000);
        expect(history.every((point, index) => point.step === index)).toBe(true);
        expect((await backend.tracker.getRun(runId)).status).toBe('finished');
      }
      const model = await backend.registry.getModel('shared');
      expect(model.latestVersion).toBe(20);
      const page = await backend.registry.searchVersions('shared', { pageSize: 100 });
      expect(page.items.map((version) => version.version)).toEqual(
        Array.from({ length: 20 }, (_, index) => 20 - index),
      );
      const history: RegistryV1AliasEvent[] = await backend.registry.getAliasHistory('shared', 'production');
      expect(history.length).toBeGreaterThan(10);
      for (let index = 1; index < history.length; index++)
        expect(history[index].previousVersion).toBe(history[index - 1].version);
      expect(Number(flipper.lines.find((line) => line.startsWith('moves '))!.slice(6))).toBe(history.length);
      expect(backend.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await backend.close();
    }
  }, 120_000);

  it('a watcher sees an alias moved by another process within a second', async () => {
    const dir = join(root, 'watch');
    const mloop = createMloop({ backend: createSqliteBackend({ dir }) });
    const model: ModelJSONV1 = {
      format: 'mloop.model',
      formatVersion: 1,
      kind: 'Fixture',
      producer: 'test',
      params: {},
      state: {},
    };
    await mloop.registry.register({ name: 'watched', model });
    await mloop.registry.register({ name: 'watched', model, aliases: ['production'] });
    const seen: { event: RegistryV1AliasEvent; at: number }[] = [];
    mloop.registry.on('alias-moved', (event) => seen.push({ event, at: Date.now() }));
    const worker = spawnWorker('set-alias', dir, 'watched', 'production', '1');
    await worker.waitFor(/^set$/);
    const setAt = Date.now();
    while (seen.length === 0 && Date.now() - setAt < 3000) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.map((entry) => [entry.event.version, entry.event.previousVersion, entry.event.reason])).toEqual([
      [1, 2, 'from another process'],
    ]);
    expect(seen[0].at - setAt).toBeLessThan(1000);
    await worker.exited;
    await mloop.close();
  }, 30_000);
});
