import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'scripts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
