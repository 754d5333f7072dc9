import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The absolute path of the shared design folder (`../shared` beside the repository root), which
 * holds `data/` and `test-vectors/`. `MLOOP_SHARED_DIR` overrides it.
 * @throws {Error} with a clear message when it cannot be found.
 */
export function sharedDir(from: string = process.cwd()): string {
  const override = process.env.MLOOP_SHARED_DIR;
  if (override) {
    if (!existsSync(override)) throw new Error(`MLOOP_SHARED_DIR points at ${override}, which does not exist.`);
    return resolve(override);
  }
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) {
      const shared = resolve(dir, '..', 'shared');
      if (existsSync(join(shared, 'test-vectors')) && existsSync(join(shared, 'data'))) return shared;
      throw new Error(
        `The shared data folder is missing: expected ${shared} (with data/ and test-vectors/) beside the repository root ${dir}. Clone or link it there, or set MLOOP_SHARED_DIR.`,
      );
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`Could not find the repository root (pnpm-workspace.yaml) above ${from}; set MLOOP_SHARED_DIR.`);
    }
    dir = parent;
  }
}

/** The absolute path of a file under the shared folder, e.g. `sharedPath('data/iris/iris.csv')`. */
export function sharedPath(relative: string): string {
  const path = join(sharedDir(), relative);
  if (!existsSync(path)) throw new Error(`Shared file missing: ${path}. Check the shared folder is complete.`);
  return path;
}
