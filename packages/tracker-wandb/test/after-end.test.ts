import { NotFoundError } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { createWandbBackend, syncOfflineRuns, type WandbTracker } from '../src/index';
import { backendFor, FAST, fakeServer, tempDir } from './helpers';

const T0 = 1_700_000_000_000;

/** Ends two runs, then renames one and moves its end time and deletes the other: all after their end. */
async function changeAfterEnd(tracker: WandbTracker): Promise<{ renamed: string; deleted: string }> {
  const experiment = await tracker.createExperiment({ name: 'x' });
  const renamed = await tracker.createRun({ experimentId: experiment.id, startTime: T0, name: 'first' });
  await tracker.updateRun(renamed.id, { status: 'finished', endTime: T0 + 100 });
  await tracker.updateRun(renamed.id, { name: 'renamed' });
  await tracker.updateRun(renamed.id, { endTime: T0 + 5000 });
  const deleted = await tracker.createRun({ experimentId: experiment.id, startTime: T0 + 1 });
  await tracker.updateRun(deleted.id, { status: 'finished', endTime: T0 + 100 });
  await tracker.deleteRun(deleted.id);
  return { renamed: renamed.id, deleted: deleted.id };
}

/** What a fresh process reads back of the two runs. */
async function expectDelivered(reader: WandbTracker, ids: { renamed: string; deleted: string }): Promise<void> {
  const run = await reader.getRun(ids.renamed);
  expect(run.name).toBe('renamed');
  expect(run.status).toBe('finished');
  expect(run.endTime).toBe(T0 + 5000);
  await expect(reader.getRun(ids.deleted)).rejects.toSatisfy(NotFoundError.isInstance);
  expect((await reader.searchRuns({})).items.map((item) => item.id)).toEqual([ids.renamed]);
}

describe('changes to a run after it ended', () => {
  it('online: a rename, a new end time and a delete reach W&B; a fresh backend sees them', async () => {
    const server = await fakeServer();
    const writer = backendFor(server);
    const ids = await changeAfterEnd(writer.tracker);
    await writer.close();
    expect(server.requests.filter((request) => request.operation === 'DeleteRun').length).toBe(1);
    await expectDelivered(backendFor(server).tracker, ids);
  });

  it('offline: the journal keeps them and syncOfflineRuns replays them', async () => {
    const dir = tempDir();
    const writer = createWandbBackend({ project: 'mloop-test', mode: 'offline', dir, flushOnExit: false });
    const ids = await changeAfterEnd(writer.tracker);
    await writer.close();
    const server = await fakeServer();
    const report = await syncOfflineRuns(dir, { apiKey: server.apiKey, baseUrl: server.url, ...FAST, warn: () => {} });
    expect(report.ok).toBe(true);
    await expectDelivered(backendFor(server).tracker, ids);
  });

  it('close() right after a change to an ended run waits until W&B has it', async () => {
    const server = await fakeServer();
    const writer = backendFor(server);
    const experiment = await writer.tracker.createExperiment({ name: 'x' });
    const run = await writer.tracker.createRun({ experimentId: experiment.id, startTime: T0, name: 'first' });
    await writer.tracker.updateRun(run.id, { status: 'finished', endTime: T0 + 100 });
    await writer.tracker.updateRun(run.id, { name: 'renamed' });
    await writer.close();
    expect((await backendFor(server).tracker.getRun(run.id)).name).toBe('renamed');
  });
});
