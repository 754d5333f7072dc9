/**
 * Extracts the fenced `ts` blocks of the root README and every package README, so a test can
 * type-check and run them: a README cannot drift from the API (conventions B9, D2).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One fenced TypeScript block. */
export interface Snippet {
  /** README path relative to the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The code. */
  readonly code: string;
}

/** The READMEs whose snippets are checked. */
export function readmeFiles(root: string): string[] {
  const files = [join(root, 'README.md')];
  for (const dir of ['packages', 'examples']) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const readme = join(base, name, 'README.md');
      if (existsSync(readme)) files.push(readme);
    }
  }
  return files;
}

/** Every ```ts block of the given READMEs. */
export function extractSnippets(root: string, files: readonly string[] = readmeFiles(root)): Snippet[] {
  const snippets: Snippet[] = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let index = 0; index < lines.length; index++) {
      if (!/^```(ts|typescript)\s*$/.test(lines[index])) continue;
      const start = index;
      const body: string[] = [];
      while (++index < lines.length && !lines[index].startsWith('```')) body.push(lines[index]);
      snippets.push({ file: relative(root, file), line: start + 1, code: `${body.join('\n')}\n` });
    }
  }
  return snippets;
}
