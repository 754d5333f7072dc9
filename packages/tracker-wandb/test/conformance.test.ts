import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackendConformance } from '@mloop/core/testing/vitest';
import { afterAll, beforeAll } from 'vitest';
import { createWandbBackend } from '../src/index';
import { type FakeWandbServer, startFakeWandbServer } from './fake-wandb-server';
import { FAST } from './helpers';

// One fake server for the file (the kit creates a fresh backend per check); closed after the
// last check, and by its own lifetime timer at the latest.
let server: FakeWandbServer;
beforeAll(async () => {
  server = await startFakeWandbServer({ lifetimeMs: 600_000 });
});
afterAll(() => server.close());

const options = { maxBatchSize: 500 };

// Runs are read back from W&B, so each backend the kit creates gets a project of its own: a
// fresh, empty store, as the kit expects.
let onlineCount = 0;
describeBackendConformance({
  name: 'wandb',
  create: async () =>
    createWandbBackend({
      project: `kit-${onlineCount++}`,
      mode: 'online',
      apiKey: server.apiKey,
      baseUrl: server.url,
      warn: () => {},
      ...FAST,
      ...options,
    }),
  // The probe backend would need the server, which starts in beforeAll: declare them instead.
  capabilities: {
    tracker: {
      search: true,
      deleteRuns: true,
      maxBatchSize: options.maxBatchSize,
      nonFiniteMetrics: true,
      persistent: true,
    },
    registry: { watch: true, persistent: false },
  },
});

// Offline mode answers the same kit: the journal is written, the mirror answers.
const offlineRoot = mkdtempSync(join(tmpdir(), 'mloop-wandb-kit-'));
afterAll(() => rmSync(offlineRoot, { recursive: true, force: true }));
let offlineCount = 0;
describeBackendConformance({
  name: 'wandb offline',
  create: () =>
    createWandbBackend({
      project: 'kit',
      mode: 'offline',
      dir: join(offlineRoot, String(offlineCount++)),
      flushOnExit: false,
      ...options,
    }),
});
