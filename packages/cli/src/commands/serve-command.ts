import { createPredictor, createServer, explainWithTopFeatures, type PredictorInputSpec } from '@mloop/serve';
import { type Command, Option } from 'commander';
import { CliFailure, CliUsageError } from '../cli/cli-errors';
import { waitForStop } from '../cli/cli-io';
import type { CommandContext } from '../cli/command-context';
import { inferFormSpec, inferInputSpec, parseInputOption } from '../cli/input-spec';
import { checkAliasOption } from './models-command';

/** Parses a TCP port option (0 picks a free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new CliUsageError(`--port must be 0–65535, got "${value}".`);
  return port;
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** `mloop serve <model>`. */
export function registerServeCommand(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('serve a registered model over HTTP (POST /predict), following its alias as it moves')
    .argument('<model>', 'the registered model name')
    .option('-a, --alias <alias>', 'the alias to serve', 'production')
    .addOption(new Option('-p, --port <port>', 'port (0 picks a free one)').default(8000).argParser(parsePort))
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--token <token>', 'require "Authorization: Bearer <token>" (at least 16 characters)')
    .option('--input <shape>', 'request shape: text, text:<field> or features:<a>,<b>,… (default: from the model)')
    .addHelpText(
      'after',
      '\nExample:\n  $ mloop serve sms-spam --alias production --port 8000\n  $ curl -s localhost:8000/predict -H content-type:application/json -d \'{"text":"WIN a prize"}\'\n',
    )
    .action(
      async (
        model: string,
        options: { alias: string; port: number; host: string; token?: string; input?: string },
        command: Command,
      ) => {
        const alias = checkAliasOption(options.alias, 'serve');
        if (!isLoopback(options.host) && !options.token)
          throw new CliUsageError(
            `Binding ${options.host} exposes the model to the network: pass --token as well.`,
            'serve',
          );
        if (options.token !== undefined && options.token.length < 16)
          throw new CliUsageError('--token must be at least 16 characters.', 'serve');
        const input = options.input ? parseInputOption(options.input) : undefined;
        const mloop = ctx.store(command);
        let spec: PredictorInputSpec | undefined = input;
        if (!spec) {
          const { version, document } = await mloop.registry.loadDocument(model, { alias });
          spec = inferInputSpec(version, document);
          const form = spec ? undefined : inferFormSpec(version, document);
          if (form?.kind === 'columns') {
            throw new CliFailure(
              `${model} v${version.version} reads dataset columns (${form.columns.map((column) => column.name).join(', ')}) through a ColumnTransformer; @mloop/serve takes text or numeric features only. Try it in \`mloop ui\` instead.`,
            );
          }
          if (!spec)
            throw new CliUsageError(
              `Cannot tell what ${model} v${version.version} takes as input; pass --input.`,
              'serve',
            );
        }
        const predictor = await createPredictor({ mloop, model, alias, input: spec, explain: explainWithTopFeatures });
        const server = createServer(predictor, {
          host: options.host,
          port: options.port,
          ...(options.token ? { token: options.token } : {}),
        });
        const { url } = await server.listen();
        if (!isLoopback(options.host))
          ctx.warn(`serving on ${options.host}: reachable from the network (token required).`);
        ctx.print(
          `Serving ${model}@${alias} (${spec.kind === 'text' ? 'text' : `${spec.features.length} features`}) at ${url}`,
        );
        ctx.print('POST /predict, /predict/batch; GET /health, /models/current, /metrics. Ctrl-C stops.');
        await waitForStop(ctx.io.signal);
        await server.close();
        predictor.close();
      },
    );
}
