/**
 * `pnpm run demo`: the ADAS scenario, with its store in `./.mloop` and reports in `./` (or under `--dir <path>`).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runAdasExample } from './adas-example';
import { formatSummary } from './format-summary';

// `pnpm run demo -- --dir x` passes the `--` through: drop it.
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const { values } = parseArgs({ args, options: { dir: { type: 'string' } } });
const result = await runAdasExample({ dir: resolve(values.dir ?? '.'), log: (line) => console.log(line) });
console.log(formatSummary(result));
