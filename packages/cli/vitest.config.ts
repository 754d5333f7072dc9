import { defineProject } from 'vitest/config';
import { sourceResolve } from '../../vitest.shared.ts';

export default defineProject({ ...sourceResolve, test: { name: '@mloop/cli', testTimeout: 60_000 } });
