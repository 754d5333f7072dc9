import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, '..', 'node_modules', '.bin', 'tsx');

describe('dataDriftInWorkers', () => {
  // Worker threads load TypeScript sources only through tsx's loader, so this runs in a child process.
  it.skipIf(!existsSync(tsx))(
    'gives the same result and profile as the single-threaded detector',
    () => {
      const output = execFileSync(tsx, ['--conditions=@mloop/source', join(here, 'fixtures', 'workers-run.ts')], {
        encoding: 'utf8',
        timeout: 90_000,
      });
      const outcome = JSON.parse(output.trim().split('\n').pop() as string);
      expect(outcome).toEqual({
        sameResult: true,
        sameProfile: true,
        restoredSame: true,
        drifted: expect.any(Number),
        columns: 10,
      });
      expect(outcome.drifted).toBeGreaterThan(0);
    },
    120_000,
  );
});
