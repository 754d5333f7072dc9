import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { extractSnippets } from './readme-snippets';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'scripts', '.snippets');
const snippets = extractSnippets(root);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const files = snippets.map((snippet, index) => {
  const path = join(outDir, `${snippet.file.replaceAll(/[/.]/g, '_')}_${snippet.line}_${index}.ts`);
  // `export {}` makes each snippet a module, so top-level await and imports work.
  writeFileSync(path, `${snippet.code}export {};\n`);
  return path;
});

/** Snippets that register tests (conformance bindings) are type-checked but not run here. */
const registersTests = (code: string) => code.includes('/testing/vitest');

describe('README snippets', () => {
  it('there are snippets to check', () => {
    expect(snippets.length).toBeGreaterThan(0);
  });

  it('type-check against the sources', () => {
    const config = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile).config;
    const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
    const program = ts.createProgram(files, { ...options, noEmit: true });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file && files.includes(resolve(diagnostic.file.fileName)));
    const messages = diagnostics.map((diagnostic) => {
      const index = files.indexOf(resolve(diagnostic.file!.fileName));
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      return `${snippets[index].file}:${snippets[index].line + 1 + line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    expect(messages).toEqual([]);
  }, 60_000);

  // Some snippets start a server or fit a model: give a loaded machine room (30 s each).
  for (const [index, snippet] of snippets.entries()) {
    it.skipIf(registersTests(snippet.code))(
      `${snippet.file}:${snippet.line} runs`,
      async () => {
        await import(files[index]);
      },
      30_000,
    );
  }
});
