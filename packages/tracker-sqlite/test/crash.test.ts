import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteBackend } from '../src/index';
import { spawnWorker } from './fixtures/spawn-worker';

const root = mkdtempSync(join(tmpdir(), 'mloop-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A deterministic schedule of kill delays (ms after the first acknowledgement). */
const delays = Array.from({ length: 20 }, (_, round) => 40 + ((round * 7919) % 23) * 30);

describe('crash safety', () => {
  it('after SIGKILL at random points, every acknowledged write is there and the database is intact (20 rounds)', async () => {
    const dir = join(root, 'store');
    const acknowledged = new Map<string, number>();
    const artifacts: string[] = [];
    for (const delay of delays) {
      const worker = spawnWorker('crash-writer', dir);
      const runLine = await worker.waitFor(/^run /);
      await worker.waitFor(/^ack /);
      await new Promise((resolve) => setTimeout(resolve, delay));
      worker.child.kill('SIGKILL');
      expect(await worker.exited).toBe('SIGKILL');
      const acks = worker.lines.filter((line) => line.startsWith('ack ')).map((line) => Number(line.slice(4)));
      acknowledged.set(runLine.slice(4), Math.max(...acks));
      artifacts.push(...worker.lines.filter((line) => line.startsWith('artifact ')).map((line) => line.slice(9)));
    }
    const backend = createSqliteBackend({ dir });
    try {
      expect(backend.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(backend.db.pragma('foreign_key_check')).toEqual([]);
      for (const [runId, count] of acknowledged) {
        const history = await backend.tracker.getMetricHistory(runId, 'm');
        // Everything acknowledged is there, in order, with nothing duplicated.
        expect(history.length).toBeGreaterThanOrEqual(count);
        expect(history.slice(0, count).every((point, index) => point.step === index && point.value === index)).toBe(
          true,
        );
        expect(new Set(history.map((point) => point.step)).size).toBe(history.length);
      }
      for (const digest of artifacts) await expect(backend.artifacts.get(digest)).resolves.toHaveLength(65536);
      // No half-written blob is visible: every file outside tmp/ verifies against its name.
      for (const prefix of readdirSync(backend.artifacts.dir).filter((name) => name.length === 2)) {
        for (const rest of readdirSync(join(backend.artifacts.dir, prefix))) await backend.artifacts.get(prefix + rest);
      }
    } finally {
      await backend.close();
    }
  }, 180_000);
});
