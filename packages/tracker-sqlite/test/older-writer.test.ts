import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteBackend } from '../src/index';

const root = mkdtempSync(join(tmpdir(), 'mloop-older-writer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let stores = 0;

/** The write statements of the previous release (schema 1), which never re-reads `user_version`. */
function schemaOneWriter(path: string) {
  const db = new Database(path);
  return {
    db,
    insertRun: db.prepare('INSERT INTO runs (id, experiment_id, name, status, start_time) VALUES (?, ?, ?, ?, ?)'),
    updateRun: db.prepare('UPDATE runs SET name = ?, status = ?, end_time = ? WHERE id = ?'),
    insertParam: db.prepare('INSERT OR IGNORE INTO params (run_id, key, value) VALUES (?, ?, ?)'),
    upsertTag: db.prepare(
      'INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value',
    ),
    upsertLatest: db.prepare(
      'INSERT INTO latest_metrics (run_id, key, value, kind, step, timestamp) VALUES (?, ?, ?, 0, 0, 0) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value',
    ),
  };
}

async function storeWithRuns() {
  const dir = join(root, String(stores++));
  const backend = createSqliteBackend({ dir, synchronous: 'normal' });
  const { id: experimentId } = await backend.tracker.createExperiment({ name: 'sweep' });
  const early = await backend.tracker.createRun({
    experimentId,
    name: 'b-early',
    startTime: 1000,
    tags: { team: 'a' },
  });
  await backend.tracker.logBatch(early.id, {
    params: [{ key: 'lr', value: '0.1' }],
    metrics: [{ key: 'loss', value: 0.5, step: 0, timestamp: 1 }],
  });
  return { backend, path: join(dir, 'mloop.db'), experimentId, early: early.id };
}

const names = (page: { items: readonly { name: string }[] }) => page.items.map((run) => run.name);

describe('a process still writing with schema-1 statements after another one upgraded the file', () => {
  it('fails loudly where its rows would be unsearchable, and keeps logging metrics searchable', async () => {
    const { backend, path, experimentId, early } = await storeWithRuns();
    const old = schemaOneWriter(path);
    try {
      const refused = /upgrade @mloop\/tracker-sqlite/;
      expect(() => old.insertRun.run('late', experimentId, 'late', 'running', 2000)).toThrow(refused);
      expect(() => old.insertParam.run(early, 'momentum', '0.9')).toThrow(refused);
      // A param the run already has is ignored by the old statement, but still refused, not silently kept.
      expect(() => old.insertParam.run(early, 'lr', '0.1')).toThrow(refused);
      expect(() => old.upsertTag.run(early, 'owner', 'x')).toThrow(refused);
      expect(() => old.upsertTag.run(early, 'team', 'b')).toThrow(refused);
      expect(() => old.updateRun.run('a-renamed', 'running', null, early)).toThrow(refused);
      // What SQL can complete goes on: a new latest metric and ending the run under its own name.
      old.upsertLatest.run(early, 'accuracy', 0.9);
      old.updateRun.run('b-early', 'finished', 3000, early);
      const { id: other } = await backend.tracker.createRun({ experimentId, name: 'a-other', startTime: 500 });
      await backend.tracker.logBatch(other, { metrics: [{ key: 'accuracy', value: 0.8, step: 0, timestamp: 0 }] });
      const byAccuracy = { orderBy: { kind: 'metric', key: 'accuracy', direction: 'asc' }, pageSize: 1 } as const;
      const first = await backend.tracker.searchRuns(byAccuracy);
      expect(names(first)).toEqual(['a-other']);
      const second = await backend.tracker.searchRuns({ ...byAccuracy, pageToken: first.nextPageToken });
      expect(names(second)).toEqual(['b-early']);
      expect(second.nextPageToken).toBeUndefined();
      const run = await backend.tracker.getRun(early);
      expect(run).toMatchObject({ name: 'b-early', status: 'finished', params: { lr: '0.1' }, tags: { team: 'a' } });
    } finally {
      old.db.close();
      await backend.close();
    }
  });

  it('has what such a process wrote to a schema-2 file repaired by the upgrade', async () => {
    const { backend, path, experimentId, early } = await storeWithRuns();
    await backend.close();
    // Schema 2 had no guards: take them away (the indexes of later versions may stay, as their
    // migrations create them only if missing) and write as the previous release did.
    const raw = new Database(path);
    for (const { name } of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as {
      name: string;
    }[])
      raw.exec(`DROP TRIGGER ${name}`);
    raw.pragma('user_version = 2');
    raw.close();
    const old = schemaOneWriter(path);
    old.insertRun.run('late', experimentId, 'a-late', 'running', 2000);
    old.insertParam.run('late', 'lr', '0.05');
    old.upsertTag.run('late', 'team', 'a');
    old.upsertLatest.run('late', 'loss', 0.25);
    old.upsertTag.run(early, 'team', 'b');
    // A name that sorts on the other side of 'a-late' than the old one did, so a stale order key shows.
    old.updateRun.run('0-early', 'running', null, early);
    old.db.close();

    const reopened = createSqliteBackend({ dir: join(path, '..'), synchronous: 'normal' });
    try {
      const tracker = reopened.tracker;
      expect(names(await tracker.searchRuns({ filters: [{ kind: 'param', key: 'lr', op: '>=', value: 0 }] }))).toEqual([
        'a-late',
        '0-early',
      ]);
      expect(names(await tracker.searchRuns({ filters: [{ kind: 'tag', key: 'team', op: '=', value: 'b' }] }))).toEqual(
        ['0-early'],
      );
      expect(
        names(await tracker.searchRuns({ orderBy: { kind: 'attribute', key: 'name', direction: 'desc' } })),
      ).toEqual(['a-late', '0-early']);
      expect(
        names(await tracker.searchRuns({ orderBy: { kind: 'attribute', key: 'name', direction: 'asc' } })),
      ).toEqual(['0-early', 'a-late']);
      expect(names(await tracker.searchRuns({ orderBy: { kind: 'param', key: 'lr', direction: 'asc' } }))).toEqual([
        'a-late',
        '0-early',
      ]);
      const byLoss = { orderBy: { kind: 'metric', key: 'loss', direction: 'asc' }, pageSize: 1 } as const;
      const first = await tracker.searchRuns(byLoss);
      expect(names(first)).toEqual(['a-late']);
      expect(names(await tracker.searchRuns({ ...byLoss, pageToken: first.nextPageToken }))).toEqual(['0-early']);
    } finally {
      await reopened.close();
    }
  });
});
