/**
 * `pnpm run demo`: the SMS spam scenario, with its store in `./.mloop` (or `--dir <path>/.mloop`).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatSummary } from './format-summary';
import { runSmsExample } from './sms-example';

// `pnpm run demo -- --dir x` passes the `--` through: drop it.
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const { values } = parseArgs({ args, options: { dir: { type: 'string' } } });
const result = await runSmsExample({ dir: resolve(values.dir ?? '.'), log: (line) => console.log(line) });
console.log(formatSummary(result));
