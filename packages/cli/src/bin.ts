#!/usr/bin/env node
/**
 * The `mloop` executable: runs the CLI on the process arguments and exits with its code.
 *
 * @packageDocumentation
 */
import { runCli } from './cli/run-cli';

// `mloop runs list | head` closes the pipe early: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2));
