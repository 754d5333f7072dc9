import type { Command } from 'commander';
import { CliUsageError } from '../cli/cli-errors';
import type { CommandContext } from '../cli/command-context';
import { formatNumber, formatTable, formatTime, toJson } from '../cli/output';

const ALIAS = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Checks an alias name before anything is changed. */
export function checkAliasOption(alias: string | undefined, command: string): string {
  if (!alias) throw new CliUsageError(`${command} needs --alias <name> (e.g. --alias production).`, command);
  if (!ALIAS.test(alias))
    throw new CliUsageError(`Invalid alias "${alias}": start with a letter, then letters, digits, _ or -.`, command);
  return alias;
}

/** Checks a version number argument. */
export function parseVersionArgument(value: string, command: string): number {
  const version = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(version) || version < 1)
    throw new CliUsageError(`The version must be an integer ≥ 1, got "${value}".`, command);
  return version;
}

/** `mloop models list|show`, `mloop promote`, `mloop rollback`. */
export function registerModelsCommands(program: Command, ctx: CommandContext): void {
  const models = program.command('models').description('registered models, their versions and aliases');

  models
    .command('list')
    .description('list registered models with their latest version and aliases')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  $ mloop models list --json\n')
    .action(async (options: { json?: boolean }, command: Command) => {
      const list = await ctx.store(command).registry.listModels();
      if (options.json) {
        ctx.print(toJson({ models: list }));
        return;
      }
      if (list.length === 0) {
        ctx.print('No registered models.');
        return;
      }
      ctx.print(
        formatTable(
          ['name', 'latest', 'aliases', 'updated'],
          list.map((model) => [
            model.name,
            `v${model.latestVersion}`,
            Object.entries(model.aliases)
              .map(([alias, version]) => `${alias}→v${version}`)
              .join(', '),
            formatTime(model.updatedAt),
          ]),
          ctx.out,
        ),
      );
    });

  models
    .command('show')
    .description('show a model: versions with lineage (run, data, metrics) and alias history')
    .argument('<model>', 'the registered model name')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  $ mloop models show shuttle-lof\n')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const registry = ctx.store(command).registry;
      const model = await registry.getModel(name);
      const versions = await registry.listVersions(name);
      const history = await registry.aliasHistory(name);
      if (options.json) {
        ctx.print(toJson({ model, versions, aliasHistory: history }));
        return;
      }
      const c = ctx.out;
      ctx.print(`${c.bold(model.name)}${model.description ? ` — ${model.description}` : ''}`);
      ctx.print(
        `aliases: ${
          Object.entries(model.aliases)
            .map(([alias, version]) => `${c.cyan(alias)}→v${version}`)
            .join(', ') || 'none'
        }`,
      );
      ctx.print();
      ctx.print(
        formatTable(
          ['version', 'kind', 'created', 'run', 'data', 'metrics', 'aliases'],
          versions.map((version) => [
            `v${version.version}`,
            version.modelKind,
            formatTime(version.createdAt),
            version.runId ?? '',
            version.datasets.map((dataset) => `${dataset.name}@${dataset.digest.slice(0, 8)}`).join(', '),
            Object.entries(version.metrics)
              .map(([key, value]) => `${key}=${formatNumber(value)}`)
              .join(' '),
            version.aliases.join(', '),
          ]),
          c,
        ),
      );
      if (history.length > 0) {
        ctx.print();
        ctx.print(c.bold('alias history'));
        ctx.print(
          formatTable(
            ['at', 'alias', 'action', 'from', 'to', 'reason'],
            history.map((event) => [
              formatTime(event.at),
              event.alias,
              event.action,
              event.previousVersion === null ? '' : `v${event.previousVersion}`,
              event.version === null ? '' : `v${event.version}`,
              event.reason.length > 80 ? `${event.reason.slice(0, 77)}…` : event.reason,
            ]),
          ),
        );
      }
    });

  program
    .command('promote')
    .description('point an alias at a model version (recorded in the alias history)')
    .argument('<model>', 'the registered model name')
    .argument('<version>', 'the version number')
    .option('-a, --alias <alias>', 'the alias to move, e.g. production')
    .option('-r, --reason <text>', 'why (kept in the alias history)', 'promoted with mloop promote')
    .option('--json', 'machine-readable output (the alias event)')
    .addHelpText(
      'after',
      '\nExample:\n  $ mloop promote shuttle-lof 3 --alias production --reason "best F1 on holdout"\n',
    )
    .action(
      async (
        name: string,
        versionText: string,
        options: { alias?: string; reason: string; json?: boolean },
        command: Command,
      ) => {
        const alias = checkAliasOption(options.alias, 'promote');
        const version = parseVersionArgument(versionText, 'promote');
        const event = await ctx.store(command).registry.setAlias(name, alias, version, { reason: options.reason });
        if (options.json) ctx.print(toJson(event));
        else
          ctx.print(
            `${name}: ${ctx.out.cyan(alias)} → v${version}${event.previousVersion && event.previousVersion !== version ? ` (was v${event.previousVersion})` : ''}`,
          );
      },
    );

  program
    .command('rollback')
    .description('move an alias back to the version it pointed at before')
    .argument('<model>', 'the registered model name')
    .option('-a, --alias <alias>', 'the alias to roll back, e.g. production')
    .option('-r, --reason <text>', 'why (kept in the alias history)', 'rolled back with mloop rollback')
    .option('--json', 'machine-readable output (the alias event)')
    .addHelpText('after', '\nExample:\n  $ mloop rollback shuttle-lof --alias production\n')
    .action(async (name: string, options: { alias?: string; reason: string; json?: boolean }, command: Command) => {
      const alias = checkAliasOption(options.alias, 'rollback');
      const event = await ctx.store(command).registry.rollback(name, alias, { reason: options.reason });
      if (options.json) ctx.print(toJson(event));
      else ctx.print(`${name}: ${ctx.out.cyan(alias)} → v${event.version} (was v${event.previousVersion})`);
    });
}
