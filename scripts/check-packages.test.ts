import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPackages, undocumentedEstimators } from './check-packages';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('check-packages', () => {
  it('finds no problem in the workspace', async () => {
    expect(await checkPackages(root)).toEqual([]);
  });

  const scratch = mkdtempSync(join(tmpdir(), 'mloop-check-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reports each kind of violation in a broken package', async () => {
    const other = join(scratch, 'packages', 'other');
    mkdirSync(join(other, 'src'), { recursive: true });
    writeFileSync(join(other, 'package.json'), JSON.stringify({ name: '@mloop/other' }));
    writeFileSync(join(other, 'src', 'index.ts'), 'export const x = 1;\n');
    const broken = join(scratch, 'packages', 'broken');
    mkdirSync(join(broken, 'src'), { recursive: true });
    writeFileSync(
      join(broken, 'package.json'),
      JSON.stringify({ name: '@mloop/broken', type: 'module', exports: { '.': { import: './dist/index.js' } } }),
    );
    writeFileSync(
      join(broken, 'tsup.config.ts'),
      "export default { entry: { index: 'src/index.ts', extra: 'src/extra.ts' } };\n",
    );
    writeFileSync(join(broken, 'src', 'index.ts'), "export * from '../../other/src/index';\n");
    const problems = await checkPackages(scratch);
    const mine = problems.filter((problem) => problem.includes('broken'));
    expect(mine).toEqual(
      expect.arrayContaining([
        'packages/broken: missing README.md',
        'packages/broken: missing CHANGELOG.md',
        'packages/broken: package.json needs "sideEffects": false',
        'packages/broken: tsup entry "extra" is not reachable from exports',
        'packages/broken: src/index.ts must list exports by name (no "export *")',
        'packages/broken/src/index.ts: imports ../../other/src/index, which is inside @mloop/other; import the package by name instead',
      ]),
    );
  });

  it('asks every estimator class for a doc comment with an @example', () => {
    const documented =
      '/**\n * A model.\n * @example\n * new Good();\n */\nexport class Good {\n  static readonly kind = "Good";\n}\n';
    const bare = '/** A model. */\nexport class Bare {\n  static readonly kind = "Bare";\n}\n';
    const notEstimator = 'export class Helper {}\n';
    expect(undocumentedEstimators(documented + notEstimator)).toEqual([]);
    const noted = documented.replace('export class Good', '// Not declared implements X: a note.\nexport class Good');
    expect(undocumentedEstimators(noted)).toEqual([]);
    expect(undocumentedEstimators(documented + bare)).toEqual([
      'estimator class Bare needs a doc comment with an @example',
    ]);
  });
});
