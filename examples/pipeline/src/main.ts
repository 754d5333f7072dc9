/**
 * `pnpm run demo` in examples/pipeline (or `pnpm run demo:pipeline` at the root): the DVC-style
 * SMS pipeline in `./workspace` (or `--dir <path>`), with its SQLite store in `<dir>/.mloop`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDir } from '@mloop/core/testing';
import { printSummary } from './print-summary';
import { runPipelineDemo } from './run-pipeline-demo';

const args = process.argv.slice(2);
const dirFlag = args.indexOf('--dir');
const dir = resolve(dirFlag >= 0 ? args[dirFlag + 1] : 'workspace');
const rawData = resolve(
  sharedDir(fileURLToPath(new URL('.', import.meta.url))),
  'data',
  'sms-spam',
  'SMSSpamCollection',
);

const summary = await runPipelineDemo({ dir, rawData, log: (line) => console.log(line) });
printSummary(summary, (line) => console.log(line));
