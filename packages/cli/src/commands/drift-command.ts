import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { type Dataset, readCsvFile, readJsonlFile } from '@mloop/core';
import { createDriftReport, DataDriftDetector, type DriftReport, renderDriftReportHtml } from '@mloop/drift';
import { type Command, Option } from 'commander';
import { CliFailure, CliUsageError } from '../cli/cli-errors';
import type { CommandContext } from '../cli/command-context';
import { formatNumber, formatTable, toJson } from '../cli/output';
import { startProgress } from '../cli/progress';

/** Reads a CSV, or JSON Lines when the extension is `.jsonl` / `.ndjson`. */
export function readTable(path: string): Promise<Dataset> {
  const extension = extname(path).toLowerCase();
  return extension === '.jsonl' || extension === '.ndjson' ? readJsonlFile(path) : readCsvFile(path);
}

function share(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1)
    throw new CliUsageError(`--drift-share must be a number from 0 to 1, got "${value}".`, 'drift');
  return number;
}

function threshold(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0)
    throw new CliUsageError(`--threshold must be a number ≥ 0, got "${value}".`, 'drift');
  return number;
}

/** Logs a drift report to the store as a finished run with the JSON and HTML as artifacts. */
async function logReport(
  ctx: CommandContext,
  command: Command,
  experiment: string,
  report: DriftReport,
  html: string,
): Promise<string> {
  const mloop = ctx.store(command);
  return mloop.tracker.withRun({ experiment, name: report.title }, async (run) => {
    run.logMetrics({
      'drift.share_of_drifted_columns': report.dataset.shareOfDriftedColumns,
      'drift.number_of_drifted_columns': report.dataset.numberOfDriftedColumns,
    });
    await run.setTags({ 'mloop.drift.detected': String(report.dataset.driftDetected) });
    await run.logArtifact('drift_report.json', JSON.stringify(report), { mediaType: 'application/json' });
    await run.logArtifact('drift_report.html', html, { mediaType: 'text/html' });
    return run.id;
  });
}

/** `mloop drift <reference> <current>`. */
export function registerDriftCommand(program: Command, ctx: CommandContext): void {
  program
    .command('drift')
    .description('compare two data files (CSV or JSON Lines) column by column, Evidently-style')
    .argument('<reference>', 'reference data (.csv, .jsonl)')
    .argument('<current>', 'current data (.csv, .jsonl)')
    .option('--html <file>', 'write the self-contained HTML report here')
    .option('--out <file>', 'write the JSON report here')
    .option('--json', 'print the JSON report instead of the table')
    .option('--columns <list>', 'only these columns (comma-separated)')
    .addOption(new Option('--threshold <t>', 'threshold for every column test').argParser(threshold))
    .addOption(
      new Option('--drift-share <s>', 'dataset drift when this share of columns drifted').default(0.5).argParser(share),
    )
    .option('--log <experiment>', 'also record the report in the store as a run of this experiment')
    .option('--fail-on-drift', 'exit with code 1 when dataset drift is detected')
    .addHelpText(
      'after',
      '\nExample:\n  $ mloop drift data/reference.csv data/today.csv --html drift_report.html --fail-on-drift\n',
    )
    .action(
      async (
        referencePath: string,
        currentPath: string,
        options: {
          html?: string;
          out?: string;
          json?: boolean;
          columns?: string;
          threshold?: number;
          driftShare: number;
          log?: string;
          failOnDrift?: boolean;
        },
        command: Command,
      ) => {
        const cwd = ctx.io.cwd;
        const progress = startProgress(ctx.io.stderr, 4, 'drift');
        let report: DriftReport;
        let html: string;
        try {
          progress.update(0, 'reading reference');
          const reference = await readTable(resolve(cwd, referencePath));
          progress.update(1, 'reading current');
          const current = await readTable(resolve(cwd, currentPath));
          progress.update(2, 'testing columns');
          const columns = options.columns
            ?.split(',')
            .map((column) => column.trim())
            .filter(Boolean);
          const detector = new DataDriftDetector({
            driftShare: options.driftShare,
            ...(columns ? { columns } : {}),
            ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
          });
          const result = detector.fit(reference).test(current);
          progress.update(3, 'writing report');
          report = createDriftReport(result, { title: `Drift: ${reference.name} → ${current.name}` });
          html = renderDriftReportHtml(report);
          if (options.html) await writeFile(resolve(cwd, options.html), html);
          if (options.out) await writeFile(resolve(cwd, options.out), JSON.stringify(report, null, 2));
          progress.update(4, 'done');
        } finally {
          progress.stop();
        }
        const runId = options.log ? await logReport(ctx, command, options.log, report, html) : undefined;
        if (options.json) {
          ctx.print(toJson(report));
        } else {
          const c = ctx.out;
          const d = report.dataset;
          ctx.print(
            `${d.driftDetected ? c.red('Dataset drift detected') : c.green('No dataset drift')}: ${d.numberOfDriftedColumns} of ${d.numberOfColumns} columns drifted (${formatNumber(d.shareOfDriftedColumns * 100)}%, threshold ${formatNumber(d.driftShare * 100)}%)`,
          );
          ctx.print(
            formatTable(
              ['column', 'type', 'test', 'score', 'threshold', 'drift'],
              report.columns.map((column) => [
                column.column,
                column.type,
                column.method ?? column.status,
                column.score === null ? '' : formatNumber(Number(column.score)),
                column.threshold === null ? '' : formatNumber(column.threshold),
                column.driftDetected ? c.red('yes') : 'no',
              ]),
              c,
            ),
          );
          if (options.html) ctx.print(`HTML report: ${options.html}`);
          if (runId) ctx.print(`Logged as run ${runId} in experiment ${options.log}`);
        }
        if (options.failOnDrift && report.dataset.driftDetected) throw new CliFailure('dataset drift detected');
      },
    );
}
