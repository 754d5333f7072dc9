import { MloopError } from '@mloop/core';
import { Command, CommanderError } from 'commander';
import { registerDemoCommand } from '../commands/demo-command';
import { registerDriftCommand } from '../commands/drift-command';
import { registerModelsCommands } from '../commands/models-command';
import { registerPipelineCommand } from '../commands/pipeline-command';
import { registerRunsCommand } from '../commands/runs-command';
import { registerServeCommand } from '../commands/serve-command';
import { registerUiCommand } from '../commands/ui-command';
import { registerWandbCommand } from '../commands/wandb-command';
import { VERSION } from '../version';
import { CliFailure, CliUsageError } from './cli-errors';
import { type CliIo, processIo } from './cli-io';
import { CommandContext } from './command-context';

/** Exit codes of `mloop`: success, a failure, a usage mistake. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Builds the `mloop` command tree (commander) writing to `ctx`'s streams. */
export function createProgram(ctx: CommandContext): Command {
  const program = new Command('mloop')
    .description(
      'mloop: track runs, manage the model registry, check drift, serve models and browse it all in a local dashboard',
    )
    .version(VERSION, '-v, --version')
    .option('-s, --store <store>', 'the store: sqlite:<dir> (default: $MLOOP_STORE, else .mloop)')
    .option('--debug', 'print stack traces on errors')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nExamples:\n  $ mloop runs list --experiment shuttle\n  $ mloop ui --port 4000\n  $ MLOOP_STORE=sqlite:/data/mloop mloop models list --json\n',
    );
  registerDemoCommand(program, ctx);
  registerRunsCommand(program, ctx);
  registerModelsCommands(program, ctx);
  registerDriftCommand(program, ctx);
  registerServeCommand(program, ctx);
  registerUiCommand(program, ctx);
  registerWandbCommand(program, ctx);
  registerPipelineCommand(program, ctx);
  const configure = (command: Command) => {
    command.exitOverride();
    command.configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
      outputError: (text, write) => write(ctx.err.red(text)),
    });
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
  return program;
}

function commandPath(argv: readonly string[], program: Command): string {
  const path: string[] = [];
  let command: Command | undefined = program;
  for (const arg of argv) {
    if (arg.startsWith('-')) continue;
    const next: Command | undefined = command?.commands.find(
      (sub) => sub.name() === arg || sub.aliases().includes(arg),
    );
    if (!next) break;
    path.push(arg);
    command = next;
  }
  return path.join(' ');
}

/**
 * Runs `mloop` with `argv` (the arguments after the program name) and returns the exit code:
 * 0 ok, 1 failed, 2 usage. Errors are printed as one line on stderr (with the stack under
 * `--debug`); nothing is thrown.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2));
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const ctx = new CommandContext(io);
  const program = createProgram(ctx);
  const debug = argv.includes('--debug');
  const hint = (path: string) =>
    ctx.io.stderr.write(ctx.err.dim(`Run "mloop ${path ? `${path} ` : ''}--help" for usage.\n`));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      // A command group called without its subcommand: commander printed the group's help.
      if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      // Commander already printed "error: …"; add where to look.
      hint(commandPath(argv, program));
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof CliUsageError) {
      ctx.io.stderr.write(`${ctx.err.red('error:')} ${message}\n`);
      hint(error.command ?? commandPath(argv, program));
      return EXIT.usage;
    }
    const code = MloopError.isInstance(error) ? ` [${(error as MloopError).code}]` : '';
    ctx.io.stderr.write(`${ctx.err.red(`error${code}:`)} ${message.split('\n')[0]}\n`);
    if (debug && error instanceof Error && error.stack && !(error instanceof CliFailure))
      ctx.io.stderr.write(`${error.stack}\n`);
    return EXIT.failed;
  } finally {
    await ctx.close().catch(() => undefined);
  }
}
