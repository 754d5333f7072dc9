import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CliFailure } from '../cli/cli-errors';
import type { CommandContext } from '../cli/command-context';

/** Folders that may hold `examples/<name>`: the working directory and its parents, then this package's repository. */
function exampleRoots(cwd: string, env: CommandContext['io']['env']): string[] {
  const roots: string[] = [];
  if (env.MLOOP_EXAMPLES) roots.push(resolve(cwd, env.MLOOP_EXAMPLES));
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    roots.push(join(dir, 'examples'));
    if (dirname(dir) === dir) break;
  }
  // src/commands/… or dist/… inside packages/cli of the monorepo.
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../../../../examples', '../../../examples']) roots.push(resolve(here, up));
  return [...new Set(roots)];
}

/** Scenario names found under the example roots. */
export function listScenarios(cwd: string, env: CommandContext['io']['env']): Map<string, string> {
  const found = new Map<string, string>();
  for (const root of exampleRoots(cwd, env)) {
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root).sort()) {
      const dir = join(root, name);
      if (!found.has(name) && existsSync(join(dir, 'package.json'))) found.set(name, dir);
    }
  }
  return found;
}

/** `mloop demo <scenario>`. */
export function registerDemoCommand(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description("run a scenario end to end (an example package's demo script) against the store")
    .argument('<scenario>', 'shuttle, adas, sms or pipeline')
    .argument('[args...]', 'passed to the demo script')
    .allowUnknownOption(true)
    .addHelpText('after', '\nExample:\n  $ mloop demo shuttle --store sqlite:.mloop && mloop ui\n')
    .action(async (scenario: string, passed: string[], _options: unknown, command: Command) => {
      let args = passed;
      const scenarios = listScenarios(ctx.io.cwd, ctx.io.env);
      const dir = scenarios.get(scenario);
      if (!dir) {
        throw new CliFailure(
          `No example named "${scenario}"${scenarios.size ? ` (found: ${[...scenarios.keys()].join(', ')})` : ' (no examples/ folder found; run from the mloop repository)'}.`,
        );
      }
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        scripts?: Record<string, string>;
      };
      const script = manifest.scripts?.demo;
      if (!script)
        throw new CliFailure(`The example "${scenario}" has no "demo" script in ${join(dir, 'package.json')}.`);
      const store = ctx.location(command);
      // The examples keep their store in `<dir>/.mloop` and take `--dir`: point it at the store's
      // parent so the demo writes where `mloop runs` and `mloop ui` look.
      if (!args.includes('--dir')) {
        if (basename(store.dir) === '.mloop') args = [...args, '--dir', dirname(store.dir)];
        else
          ctx.warn(
            `the examples keep their store in <dir>/.mloop; this demo writes to ${join(ctx.io.cwd, '.mloop')}, not ${store.dir} (pass --store sqlite:<dir>/.mloop to share one).`,
          );
      }
      const bins = [join(dir, 'node_modules', '.bin')];
      for (let up = dirname(dir); dirname(up) !== up; up = dirname(up)) bins.push(join(up, 'node_modules', '.bin'));
      const env = {
        ...ctx.io.env,
        // For demos that read them; the shipped examples take --dir.
        MLOOP_STORE: `sqlite:${store.dir}`,
        MLOOP_HOME: store.dir,
        PATH: [...bins, ctx.io.env.PATH ?? ''].join(delimiter),
      };
      const quoted = args.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
      ctx.io.stderr.write(`${ctx.err.dim(`> ${scenario}: ${script}${quoted ? ` ${quoted}` : ''}`)}\n`);
      const code = await new Promise<number>((resolvePromise, reject) => {
        const child = spawn(quoted ? `${script} ${quoted}` : script, {
          cwd: dir,
          env,
          shell: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout.on('data', (chunk: Buffer) => ctx.io.stdout.write(chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => ctx.io.stderr.write(chunk.toString('utf8')));
        child.on('error', reject);
        ctx.io.signal?.addEventListener('abort', () => child.kill('SIGTERM'), { once: true });
        child.on('close', (exitCode, signal) => resolvePromise(exitCode ?? (signal ? 1 : 0)));
      });
      if (code !== 0) throw new CliFailure(`the ${scenario} demo exited with code ${code}`);
    });
}
