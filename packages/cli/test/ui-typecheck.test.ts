import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The browser code (ui/) needs DOM types, which the workspace's Node-only typecheck leaves out on
// purpose (they would change how Node's fetch is typed everywhere), so it is checked here.
describe('dashboard browser code', () => {
  it('typechecks with its own tsconfig (DOM lib)', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const project = fileURLToPath(new URL('../ui/tsconfig.json', import.meta.url));
    const result = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
