import type { TrackerV1Experiment, TrackerV1RunQuery } from '@mloop/core';
import { type Command, Option } from 'commander';
import { CliUsageError } from '../cli/cli-errors';
import type { CommandContext } from '../cli/command-context';
import { formatDuration, formatNumber, formatTable, formatTime, toJson } from '../cli/output';
import { parseRunFilters, parseRunOrder, parseStatuses } from '../cli/run-query-syntax';
import { differingKeys, summarizeRun } from '../cli/run-summary';

function positiveInt(name: string, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1 || number > max)
      throw new CliUsageError(`${name} must be an integer from 1 to ${max}, got "${value}".`);
    return number;
  };
}

async function experimentsById(ctx: CommandContext, command: Command): Promise<Map<string, TrackerV1Experiment>> {
  const experiments = await ctx.store(command).tracker.listExperiments();
  return new Map(experiments.map((experiment) => [experiment.id, experiment]));
}

/** `mloop runs list|show|compare`. */
export function registerRunsCommand(program: Command, ctx: CommandContext): void {
  const runs = program.command('runs').description('list, show and compare tracked runs');

  runs
    .command('list')
    .description('list runs, newest first (or in --order), with params and latest metrics')
    .option('-e, --experiment <name...>', 'only runs of these experiments')
    .option('--status <list>', 'only these statuses (comma-separated: running,finished,failed,killed)')
    .option('-f, --filter <expression>', 'e.g. "metrics.f1 > 0.8 and params.metric = cosine"')
    .option('-o, --order <key>', 'metrics.<key>, params.<key>, start, end, name or status, with :asc or :desc')
    .addOption(new Option('-n, --limit <n>', 'most runs to list').default(50).argParser(positiveInt('--limit', 10_000)))
    .option('--page-token <token>', 'continue after a previous page (from --json output)')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExample:\n  $ mloop runs list --experiment shuttle --filter "metrics.f1 > 0.8" --order metrics.f1 --limit 10\n',
    )
    .action(
      async (
        options: {
          experiment?: string[];
          status?: string;
          filter?: string;
          order?: string;
          limit: number;
          pageToken?: string;
          json?: boolean;
        },
        command: Command,
      ) => {
        const query: TrackerV1RunQuery & { experiments?: string[] } = {
          pageSize: options.limit,
          ...(options.experiment ? { experiments: options.experiment } : {}),
          ...(options.status ? { statuses: parseStatuses(options.status) } : {}),
          ...(options.filter ? { filters: parseRunFilters(options.filter) } : {}),
          ...(options.order ? { orderBy: parseRunOrder(options.order) } : {}),
          ...(options.pageToken ? { pageToken: options.pageToken } : {}),
        };
        const mloop = ctx.store(command);
        const page = await mloop.tracker.searchRuns(query);
        const experiments = await experimentsById(ctx, command);
        const items = page.items.map((run) => summarizeRun(run, experiments));
        if (options.json) {
          ctx.print(toJson({ runs: items, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) }));
          return;
        }
        if (items.length === 0) {
          ctx.print('No runs match.');
          return;
        }
        const metricKeys = [...new Set(items.flatMap((item) => Object.keys(item.metrics)))].sort().slice(0, 6);
        const paramKeys = [...new Set(items.flatMap((item) => Object.keys(item.params)))].sort().slice(0, 4);
        const status = (value: string) =>
          value === 'finished'
            ? ctx.out.green(value)
            : value === 'failed'
              ? ctx.out.red(value)
              : value === 'running'
                ? ctx.out.cyan(value)
                : value;
        ctx.print(
          formatTable(
            ['id', 'name', 'experiment', 'status', 'started', 'duration', ...paramKeys, ...metricKeys],
            items.map((item) => [
              item.id,
              item.name,
              item.experiment,
              status(item.status),
              formatTime(item.startTime),
              formatDuration(item.durationMs),
              ...paramKeys.map((key) => item.params[key] ?? ''),
              ...metricKeys.map((key) => (key in item.metrics ? formatNumber(item.metrics[key]) : '')),
            ]),
            ctx.out,
          ),
        );
        if (page.nextPageToken) ctx.print(ctx.out.dim(`… more runs: --page-token ${page.nextPageToken}`));
      },
    );

  runs
    .command('show')
    .description('show one run: params, metrics, tags, inputs and artifacts')
    .argument('<run-id>', 'the run id')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  $ mloop runs show 01J9Z8Q4W6 --json\n')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const run = await ctx.store(command).tracker.getRun(id);
      const experiments = await experimentsById(ctx, command);
      const summary = summarizeRun(run, experiments);
      if (options.json) {
        ctx.print(toJson({ ...summary, inputs: run.inputs, artifacts: run.artifacts }));
        return;
      }
      const c = ctx.out;
      ctx.print(`${c.bold(run.name)} ${c.dim(run.id)}  ${summary.experiment}  ${run.status}`);
      ctx.print(
        `started ${formatTime(run.startTime)}${summary.durationMs === undefined ? '' : `, took ${formatDuration(summary.durationMs)}`}`,
      );
      const section = (title: string, rows: string[][], headers: string[]) => {
        if (rows.length === 0) return;
        ctx.print();
        ctx.print(c.bold(title));
        ctx.print(formatTable(headers, rows));
      };
      section(
        'params',
        Object.entries(run.params).map(([k, v]) => [k, v]),
        ['key', 'value'],
      );
      section(
        'metrics',
        Object.entries(run.metrics).map(([k, m]) => [k, formatNumber(m.value), String(m.step)]),
        ['key', 'latest', 'step'],
      );
      section(
        'tags',
        Object.entries(run.tags).map(([k, v]) => [k, v.length > 80 ? `${v.slice(0, 77)}…` : v]),
        ['key', 'value'],
      );
      section(
        'inputs',
        run.inputs.map((input) => [input.name, input.digest.slice(0, 12), String(input.nRows)]),
        ['dataset', 'digest', 'rows'],
      );
      section(
        'artifacts',
        run.artifacts.map((artifact) => [
          artifact.name,
          artifact.mediaType,
          String(artifact.size),
          artifact.digest.slice(0, 12),
        ]),
        ['name', 'type', 'bytes', 'digest'],
      );
    });

  runs
    .command('compare')
    .description('compare runs side by side: params that differ and latest metrics')
    .argument('<run-ids...>', 'two or more run ids')
    .option('--all', 'show every param, not only those that differ')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  $ mloop runs compare 01J9Z8Q4W6 01J9Z8R2K1 --json\n')
    .action(async (ids: string[], options: { all?: boolean; json?: boolean }, command: Command) => {
      if (ids.length < 2) throw new CliUsageError('runs compare needs at least two run ids.', 'runs compare');
      const mloop = ctx.store(command);
      const experiments = await experimentsById(ctx, command);
      const items = await Promise.all(ids.map(async (id) => summarizeRun(await mloop.tracker.getRun(id), experiments)));
      const changed = differingKeys(items.map((item) => item.params));
      const paramKeys = options.all ? [...new Set(items.flatMap((item) => Object.keys(item.params)))].sort() : changed;
      const metricKeys = [...new Set(items.flatMap((item) => Object.keys(item.metrics)))].sort();
      if (options.json) {
        ctx.print(toJson({ runs: items, differingParams: changed, metrics: metricKeys }));
        return;
      }
      const header = ['', ...items.map((item) => `${item.name} (${item.id.slice(0, 8)})`)];
      const rows: string[][] = [];
      for (const key of paramKeys) rows.push([`params.${key}`, ...items.map((item) => item.params[key] ?? '—')]);
      for (const key of metricKeys)
        rows.push([
          `metrics.${key}`,
          ...items.map((item) => (key in item.metrics ? formatNumber(item.metrics[key]) : '—')),
        ]);
      ctx.print(formatTable(header, rows, ctx.out));
      if (!options.all && changed.length === 0) ctx.print(ctx.out.dim('(no params differ; --all shows them all)'));
    });
}
