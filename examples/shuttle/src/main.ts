/**
 * `pnpm run demo` in examples/shuttle (or `pnpm run demo:shuttle` at the root): the shuttle
 * scenario on the SQLite store in `./.mloop`, progress as it goes and a summary at the end.
 * Options: `--dir <path>` (working directory, default the current one).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDir } from '@mloop/core/testing';
import { printSummary } from './print-summary';
import { runShuttle } from './run-shuttle';

const args = process.argv.slice(2);
const dirFlag = args.indexOf('--dir');
const dir = resolve(dirFlag >= 0 ? args[dirFlag + 1] : process.cwd());
const dataDir = resolve(sharedDir(fileURLToPath(new URL('.', import.meta.url))), 'data', 'shuttle');

const summary = await runShuttle({ dir, dataDir, log: (line) => console.log(line) });
printSummary(summary, (line) => console.log(line));
