/**
 * @mloop/models benchmarks. Run: `pnpm run bench` in this package. Each suite prints its figures
 * next to scikit-learn's timings from `test-vectors/models.json`; results go to `bench/results/`.
 * Machines are noisy (2 shared cores): compare ratios measured side by side.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOutlierBench } from './outliers';
import { runTextBench } from './text';

const here = dirname(fileURLToPath(import.meta.url));

await runOutlierBench(here);
// text and linear suites (models-B) run below
await runTextBench(here);
