/**
 * `pnpm run demo`: the SMS spam scenario, with its store in `./.mloop` (or `--dir <path>/.mloop`).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatSummary } from './format-summary';
import { runSmsExample } from './sms-example';

const { values } = parseArgs({ options: { dir: { type: 'string' } } });
const result = await runSmsExample({ dir: resolve(values.dir ?? '.'), log: (line) => console.log(line) });
console.log(formatSummary(result));
