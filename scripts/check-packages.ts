/**
 * Enforces the package conventions (conventions.md B1, B2, B10) on every workspace package:
 * required files, an exports map that matches the tsup entries, `sideEffects: false`, named
 * exports only in `src/index.ts`, and no imports of another package's `src/`.
 *
 * Run: `pnpm run check:packages` (also run by the test suite through check-packages.test.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REQUIRED_FILES = [
  'README.md',
  'CHANGELOG.md',
  'package.json',
  'tsup.config.ts',
  'tsconfig.json',
  'typedoc.json',
  'vitest.config.ts',
  'src/index.ts',
];
const SOURCE_CONDITION = '@mloop/source';

interface ExportTarget {
  [SOURCE_CONDITION]?: string;
  types?: string;
  import?: string;
}

function listTsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'results') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listTsFiles(path));
    else if (/\.(ts|mts|tsx)$/.test(name)) out.push(path);
  }
  return out;
}

/** The tsup entries of a package as `{ outputName: sourcePath }`. */
async function tsupEntries(packageDir: string): Promise<Record<string, string>> {
  const module = (await import(pathToFileURL(join(packageDir, 'tsup.config.ts')).href)) as {
    default: { entry?: unknown } | { entry?: unknown }[];
  };
  const configs = Array.isArray(module.default) ? module.default : [module.default];
  const entries: Record<string, string> = {};
  for (const config of configs) {
    const entry = config.entry;
    if (Array.isArray(entry)) {
      for (const source of entry as string[]) entries[source.replace(/^src\//, '').replace(/\.ts$/, '')] = source;
    } else if (entry && typeof entry === 'object') {
      Object.assign(entries, entry as Record<string, string>);
    }
  }
  return entries;
}

/** Returns every convention violation found under `root/packages`, as readable lines. */
/** Exported classes with a `static readonly kind` whose doc comment lacks an `@example`. */
export function undocumentedEstimators(text: string): string[] {
  const problems: string[] = [];
  const classes = [...text.matchAll(/^export (?:abstract )?class (\w+)/gm)];
  classes.forEach((match, index) => {
    const start = match.index ?? 0;
    const end = classes[index + 1]?.index ?? text.length;
    if (!/\bstatic readonly kind\b/.test(text.slice(start, end))) return;
    // Line comments (and decorators' notes) may sit between the doc comment and the class.
    const before = text
      .slice(0, start)
      .replace(/(?:\n[ \t]*\/\/[^\n]*)+\s*$/, '')
      .trimEnd();
    const doc = before.endsWith('*/') ? before.slice(before.lastIndexOf('/**')) : '';
    if (!doc.includes('@example')) problems.push(`estimator class ${match[1]} needs a doc comment with an @example`);
  });
  return problems;
}

export async function checkPackages(root: string): Promise<string[]> {
  const problems: string[] = [];
  const packagesDir = join(root, 'packages');
  const packageDirs = readdirSync(packagesDir)
    .map((name) => join(packagesDir, name))
    .filter((dir) => statSync(dir).isDirectory());
  const packageNames = new Map<string, string>();
  for (const dir of packageDirs) {
    const name = relative(root, dir);
    for (const file of REQUIRED_FILES) if (!existsSync(join(dir, file))) problems.push(`${name}: missing ${file}`);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name?: string;
      type?: string;
      sideEffects?: unknown;
      exports?: Record<string, string | ExportTarget>;
      engines?: { node?: string };
    };
    packageNames.set(dir, pkg.name ?? name);
    if (pkg.type !== 'module') problems.push(`${name}: package.json "type" must be "module"`);
    if (pkg.sideEffects !== false) problems.push(`${name}: package.json needs "sideEffects": false`);
    if (!pkg.engines?.node) problems.push(`${name}: package.json needs engines.node`);
    if (!pkg.exports || typeof pkg.exports !== 'object') {
      problems.push(`${name}: package.json needs an exports map`);
      continue;
    }
    const entries = existsSync(join(dir, 'tsup.config.ts')) ? await tsupEntries(dir) : {};
    const exported = new Set<string>();
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (subpath === './package.json') continue;
      if (typeof target !== 'object') {
        problems.push(`${name}: export "${subpath}" must be an object with ${SOURCE_CONDITION}, types and import`);
        continue;
      }
      const keys = Object.keys(target);
      if (keys[0] !== SOURCE_CONDITION || keys[1] !== 'types')
        problems.push(`${name}: export "${subpath}" must list ${SOURCE_CONDITION} first, then types`);
      const source = target[SOURCE_CONDITION];
      const match = /^\.\/dist\/(.+)\.js$/.exec(target.import ?? '');
      if (!source || !existsSync(join(dir, source)))
        problems.push(`${name}: export "${subpath}" source ${source} does not exist`);
      if (!match) {
        problems.push(`${name}: export "${subpath}" import must point at ./dist/<entry>.js`);
        continue;
      }
      const output = match[1];
      exported.add(output);
      if (target.types !== `./dist/${output}.d.ts`)
        problems.push(`${name}: export "${subpath}" types must be ./dist/${output}.d.ts`);
      const entrySource = entries[output];
      if (!entrySource) problems.push(`${name}: export "${subpath}" has no tsup entry "${output}"`);
      else if (`./${entrySource.replace(/^\.\//, '')}` !== source)
        problems.push(`${name}: tsup entry "${output}" is ${entrySource} but export "${subpath}" says ${source}`);
    }
    for (const output of Object.keys(entries)) {
      if (!exported.has(output)) problems.push(`${name}: tsup entry "${output}" is not reachable from exports`);
    }
    const index = join(dir, 'src', 'index.ts');
    if (existsSync(index)) {
      const text = readFileSync(index, 'utf8');
      if (/^\s*export\s+\*/m.test(text))
        problems.push(`${name}: src/index.ts must list exports by name (no "export *")`);
      if (/^\s*export\s+default\b/m.test(text)) problems.push(`${name}: src/index.ts must not have a default export`);
    }
  }
  // Estimators (classes with a static `kind`) document themselves with an example (conventions B7 meta/docs).
  for (const dir of packageDirs) {
    for (const file of listTsFiles(join(dir, 'src'))) {
      if (file.endsWith('.test.ts')) continue;
      for (const problem of undocumentedEstimators(readFileSync(file, 'utf8'))) {
        problems.push(`${relative(root, file)}: ${problem}`);
      }
    }
  }
  // Cross-package imports must go through the package name, never into another package's src/.
  for (const dir of packageDirs) {
    for (const file of listTsFiles(dir)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const specifier = match[1];
        const where = relative(root, file);
        if (/^@mloop\/[^/]+\/src(\/|$)/.test(specifier)) {
          problems.push(`${where}: imports ${specifier}; import the package by name instead`);
        } else if (specifier.startsWith('.')) {
          const target = resolve(dirname(file), specifier);
          const owner = packageDirs.find((candidate) => target === candidate || target.startsWith(candidate + sep));
          if (owner && owner !== dir)
            problems.push(
              `${where}: imports ${specifier}, which is inside ${packageNames.get(owner)}; import the package by name instead`,
            );
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const problems = await checkPackages(root);
  if (problems.length > 0) {
    console.error(
      `check-packages: ${problems.length} problem(s)\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    process.exit(1);
  }
  console.log('check-packages: every package follows the conventions');
}
