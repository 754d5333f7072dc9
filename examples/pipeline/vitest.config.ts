import { defineProject } from 'vitest/config';
import { sourceResolve } from '../../vitest.shared.ts';

export default defineProject({ ...sourceResolve, test: { name: '@mloop/example-pipeline', testTimeout: 120_000 } });
