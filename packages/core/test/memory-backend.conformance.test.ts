import { describeBackendConformance } from '@mloop/core/testing/vitest';
import { createMemoryBackend } from '../src/memory/create-memory-backend';

describeBackendConformance({ name: 'memory', create: () => createMemoryBackend({ maxBatchSize: 500 }) });
