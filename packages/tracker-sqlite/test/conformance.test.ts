import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackendConformance } from '@mloop/core/testing/vitest';
import { afterAll } from 'vitest';
import { createSqliteBackend } from '../src/index';

const root = mkdtempSync(join(tmpdir(), 'mloop-sqlite-kit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

describeBackendConformance({
  name: 'sqlite',
  // A fresh store per check; `synchronous: 'normal'` keeps the kit fast (durability has its own crash test).
  create: () =>
    createSqliteBackend({
      dir: join(root, String(count++)),
      synchronous: 'normal',
      maxBatchSize: 500,
      watchIntervalMs: 20,
    }),
});
