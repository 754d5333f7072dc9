import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadPipelineFile, pipelineOrder, pipelineReport, runPipeline } from '@mloop/core';
import type { Command } from 'commander';
import { CliFailure } from '../cli/cli-errors';
import type { CommandContext } from '../cli/command-context';
import { formatDuration, formatTable, toJson } from '../cli/output';
import { startProgress } from '../cli/progress';

/** `mloop pipeline run`. */
export function registerPipelineCommand(program: Command, ctx: CommandContext): void {
  const pipeline = program
    .command('pipeline')
    .description('DVC-style pipelines: stages that rerun only when their inputs change');
  pipeline
    .command('run')
    .description('run the pipeline file; unchanged stages are skipped, outputs restored from the store')
    .option('--file <path>', 'the pipeline file', 'pipeline.yaml')
    .option('--params <path>', 'the params file', 'params.yaml')
    .option('--stage <name...>', 'only these stages')
    .option('--force', 'run every stage even when nothing changed')
    .option('--report <path>', 'write the Markdown report (with confusion matrix) here')
    .option('--json', 'machine-readable output (the summary)')
    .addHelpText(
      'after',
      '\nExample:\n  $ mloop pipeline run --file pipeline.yaml --report report.md\n  $ mloop pipeline run --force --stage train evaluate\n',
    )
    .action(
      async (
        options: { file: string; params: string; stage?: string[]; force?: boolean; report?: string; json?: boolean },
        command: Command,
      ) => {
        const file = resolve(ctx.io.cwd, options.file);
        const spec = await loadPipelineFile(file);
        const order = pipelineOrder(spec).filter((stage) => !options.stage || options.stage.includes(stage));
        const mloop = ctx.store(command);
        const progress = startProgress(ctx.io.stderr, order.length, 'pipeline');
        const done = new Set<string>();
        let summary: Awaited<ReturnType<typeof runPipeline>>;
        try {
          summary = await runPipeline(spec, {
            cwd: resolve(file, '..'),
            mloop,
            paramsFile: options.params,
            ...(options.force ? { force: true } : {}),
            ...(options.stage ? { stages: options.stage } : {}),
            log: (line) => {
              // runPipeline reports "<stage>: <status>" lines; a finished stage moves the bar.
              const match = /^([^\s:]+): (skipped|restored|done|gated|failed|blocked)/.exec(line);
              if (match && !done.has(match[1])) {
                done.add(match[1]);
                progress.update(done.size, match[1]);
              }
            },
          });
        } finally {
          progress.stop();
        }
        if (options.report) {
          const { markdown } = pipelineReport(summary);
          await writeFile(resolve(ctx.io.cwd, options.report), markdown);
        }
        if (options.json) ctx.print(toJson(summary));
        else {
          const c = ctx.out;
          const colour = (status: string) =>
            status === 'failed' || status === 'blocked'
              ? c.red(status)
              : status === 'gated'
                ? c.yellow(status)
                : status === 'ran'
                  ? c.green(status)
                  : status;
          ctx.print(
            formatTable(
              ['stage', 'status', 'time', 'reason', 'registered'],
              summary.stages.map((stage) => [
                stage.stage,
                colour(stage.status),
                formatDuration(stage.durationMs),
                stage.reason,
                stage.registered
                  ? `${stage.registered.name} v${stage.registered.version}${stage.registered.alias ? ` (${stage.registered.alias})` : ''}`
                  : '',
              ]),
              c,
            ),
          );
          ctx.print(`${summary.ok ? c.green('ok') : c.red('failed')} in ${formatDuration(summary.durationMs)}`);
        }
        if (!summary.ok) throw new CliFailure('a pipeline stage failed');
      },
    );
}
