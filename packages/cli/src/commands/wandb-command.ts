import { resolve } from 'node:path';
import { syncOfflineRuns } from '@mloop/tracker-wandb';
import type { Command } from 'commander';
import { CliFailure } from '../cli/cli-errors';
import type { CommandContext } from '../cli/command-context';
import { formatTable, toJson } from '../cli/output';

/** `mloop wandb sync <dir>`. */
export function registerWandbCommand(program: Command, ctx: CommandContext): void {
  const wandb = program.command('wandb').description('Weights & Biases: upload offline runs');
  wandb
    .command('sync')
    .description('upload the offline runs journaled under <dir> (idempotent: syncing twice stores each point once)')
    .argument('<dir>', 'the offline directory (createWandbBackend({ mode: "offline", dir }))')
    .option('--project <name>', 'W&B project for runs that name none')
    .option('--entity <name>', 'W&B entity (team or user)')
    .option('--base-url <url>', 'W&B server (default WANDB_BASE_URL or api.wandb.ai)')
    .option('--force', 're-upload journals already marked as synced')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  $ WANDB_API_KEY=… mloop wandb sync ./wandb --project shuttle\n')
    .action(
      async (
        dir: string,
        options: { project?: string; entity?: string; baseUrl?: string; force?: boolean; json?: boolean },
      ) => {
        const apiKey = ctx.io.env.WANDB_API_KEY;
        const report = await syncOfflineRuns(resolve(ctx.io.cwd, dir), {
          ...(options.project ? { project: options.project } : {}),
          ...(options.entity ? { entity: options.entity } : {}),
          ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
          ...(apiKey ? { apiKey } : {}),
          ...(options.force ? { force: true } : {}),
        });
        if (options.json) ctx.print(toJson(report));
        else if (report.runs.length === 0) ctx.print(`No offline runs under ${dir}.`);
        else {
          ctx.print(
            formatTable(
              ['run', 'status', 'records', 'history', 'message'],
              report.runs.map((run) => [
                run.run ?? '?',
                run.status,
                String(run.records),
                String(run.historyLines),
                run.message,
              ]),
              ctx.out,
            ),
          );
          if (report.registryRecords > 0) ctx.print(`registry records replayed: ${report.registryRecords}`);
          if (report.registryMessage) ctx.print(report.registryMessage);
        }
        if (!report.ok)
          throw new CliFailure('some runs did not sync completely (see above); sync again, it is idempotent');
      },
    );
}
