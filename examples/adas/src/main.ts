/**
 * `pnpm run demo`: the ADAS scenario, with its store in `./.mloop` and reports in `./` (or under `--dir <path>`).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runAdasExample } from './adas-example';
import { formatSummary } from './format-summary';

const { values } = parseArgs({ options: { dir: { type: 'string' } } });
const result = await runAdasExample({ dir: resolve(values.dir ?? '.'), log: (line) => console.log(line) });
console.log(formatSummary(result));
