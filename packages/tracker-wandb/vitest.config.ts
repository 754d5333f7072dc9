import { defineProject } from 'vitest/config';
import { sourceResolve } from '../../vitest.shared.ts';

export default defineProject({ ...sourceResolve, test: { name: '@mloop/tracker-wandb', testTimeout: 60_000 } });
