import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { decodeModelDocument, ModelKinds, type VersionSelector, writeFileAtomically } from '@mloop/core';
import { modelKinds } from '@mloop/models';
import type { Command } from 'commander';
import { CliFailure, CliUsageError } from '../cli/cli-errors';
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

/** The version a `[version]` argument or `--alias` names; the latest one when neither is given. */
function versionSelector(
  version: string | undefined,
  options: { alias?: string },
  command: string,
): VersionSelector | undefined {
  if (version !== undefined && options.alias !== undefined)
    throw new CliUsageError('Give a version or --alias, not both.', command);
  if (version !== undefined) return { version: parseVersionArgument(version, command) };
  if (options.alias !== undefined) return { alias: checkAliasOption(options.alias, command) };
  return undefined;
}

/** `mloop models list|show|export|import`, `mloop promote`, `mloop rollback`. */
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

  models
    .command('export')
    .description("write a version's model document to a file or stdout, as plain JSON (what toJSON gave)")
    .argument('<model>', 'the registered model name')
    .argument('[version]', 'the version number (default: the latest, or the one --alias points at)')
    .option('-a, --alias <alias>', 'the version an alias points at, e.g. production')
    .option('-o, --out <file>', 'where to write it (default: stdout)')
    .option('--packed', 'write it as the registry stores it (long number arrays as base64), not plain JSON')
    .addHelpText('after', '\nExample:\n  $ mloop models export sms-spam --alias production --out model.json\n')
    .action(
      async (
        name: string,
        versionText: string | undefined,
        options: { alias?: string; out?: string; packed?: boolean },
        command: Command,
      ) => {
        const registry = ctx.store(command).registry;
        const selector = versionSelector(versionText, options, 'models export') ?? {
          version: (await registry.getModel(name)).latestVersion,
        };
        const version = await registry.getVersion(name, selector);
        const text = options.packed
          ? new TextDecoder().decode(await ctx.store(command).artifacts.get(version.artifactDigest))
          : JSON.stringify((await registry.loadDocument(name, version.version)).document);
        if (options.out === undefined) {
          ctx.io.stdout.write(`${text}\n`);
          return;
        }
        const path = resolve(ctx.io.cwd, options.out);
        await writeFileAtomically(path, `${text}\n`).catch((error: NodeJS.ErrnoException) => {
          throw new CliFailure(`Cannot write ${path}: ${error.code ?? error.message}.`);
        });
        ctx.io.stderr.write(`${name} v${version.version} (${version.modelKind}) → ${path}\n`);
      },
    );

  models
    .command('import')
    .description('register a model document file (plain or packed JSON) as the next version of a model')
    .argument('<model>', 'the registered model name (created when missing)')
    .argument('<file>', 'the model document, e.g. written by `mloop models export` or by toJSON()')
    .option('-a, --alias <alias>', 'point this alias at the new version, e.g. staging')
    .option('-d, --description <text>', 'a description of the version')
    .option('-r, --reason <text>', 'why (kept in the alias history)', 'imported with mloop models import')
    .option('--json', 'machine-readable output (the new version)')
    .addHelpText('after', '\nExample:\n  $ mloop models import sms-spam model.json --alias staging\n')
    .action(
      async (
        name: string,
        file: string,
        options: { alias?: string; description?: string; reason: string; json?: boolean },
        command: Command,
      ) => {
        const alias = options.alias === undefined ? undefined : checkAliasOption(options.alias, 'models import');
        const path = resolve(ctx.io.cwd, file);
        const document = decodeModelDocument(await readFile(path));
        // A kind this CLI knows is rebuilt first, so a damaged document is refused before the store is even opened.
        const kinds = new ModelKinds(modelKinds());
        if (kinds.names.includes(document.kind)) kinds.load(document);
        else ctx.warn(`kind ${document.kind} is not one this CLI can load; registered without checking its state.`);
        const version = await ctx.store(command).registry.register({
          name,
          model: document,
          ...(alias ? { aliases: [alias] } : {}),
          ...(options.description ? { description: options.description } : {}),
          reason: options.reason,
        });
        if (options.json) ctx.print(toJson(version));
        else
          ctx.print(
            `${name} v${version.version} (${version.modelKind})${alias ? `: ${ctx.out.cyan(alias)} → v${version.version}` : ''}`,
          );
      },
    );

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
