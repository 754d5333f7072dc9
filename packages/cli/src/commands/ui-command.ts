import { type Command, Option } from 'commander';
import { CliUsageError } from '../cli/cli-errors';
import { waitForStop } from '../cli/cli-io';
import type { CommandContext } from '../cli/command-context';
import { sqliteChangeProbe } from '../cli/open-store';
import { createDashboard } from '../dashboard/dashboard-server';
import { isLoopback, parsePort } from './serve-command';

/** `mloop ui`. */
export function registerUiCommand(program: Command, ctx: CommandContext): void {
  program
    .command('ui')
    .description('open the local web dashboard: runs, charts, compare, sweeps, registry, try a model, drift, the loop')
    .addOption(new Option('-p, --port <port>', 'port (0 picks a free one)').default(4000).argParser(parsePort))
    .option('--host <host>', 'interface to bind (anything but loopback needs --token)', '127.0.0.1')
    .option('--token <token>', 'session token (default: a random one per start; at least 16 characters)')
    .option('--read-only', 'no promote or rollback')
    .addHelpText(
      'after',
      '\nExample:\n  $ mloop ui --port 4000            # then open http://127.0.0.1:4000\n  $ mloop ui --read-only --store sqlite:/srv/mloop\n',
    )
    .action(async (options: { port: number; host: string; token?: string; readOnly?: boolean }, command: Command) => {
      if (!isLoopback(options.host)) {
        if (!options.token)
          throw new CliUsageError(
            `--host ${options.host} makes the dashboard reachable from the network: pass --token too.`,
            'ui',
          );
        ctx.warn(`the dashboard on ${options.host} is reachable from the network; open it with ?token=<token> once.`);
      }
      const location = ctx.location(command);
      const dashboard = createDashboard({
        mloop: ctx.store(command),
        host: options.host,
        port: options.port,
        ...(options.token ? { token: options.token } : {}),
        readOnly: options.readOnly ?? false,
        storeLabel: location.dir,
        changeProbe: sqliteChangeProbe(location),
      });
      const { url } = await dashboard.listen();
      ctx.print(`mloop dashboard: ${url}/${isLoopback(options.host) ? '' : '?token=<your token>'}`);
      ctx.print(`store: ${location.dir}${options.readOnly ? ' (read-only)' : ''}. Ctrl-C stops.`);
      await waitForStop(ctx.io.signal);
      await dashboard.close();
    });
}
