#!/usr/bin/env node
/**
 * The `mloop` executable: runs the CLI on the process arguments and exits with its code.
 *
 * @packageDocumentation
 */
import { runCli } from './cli/run-cli';

process.exitCode = await runCli(process.argv.slice(2));
