import { describe, it } from 'vitest';
import type { ConformanceCheck, ExpectedFailures } from './check';

/** Options of {@link describeChecks}. */
export interface DescribeChecksOptions {
  /** Known failures: check id → reason. Bound as `it.fails`, so a fixed bug is noticed. */
  readonly expectedFailures?: ExpectedFailures;
  /** Per-check timeout in ms; default 20,000. */
  readonly timeout?: number;
}

/**
 * Binds a kit to vitest: one `describe(name)` with one test per check, titled by its id, so
 * `vitest -t <id>` runs a single check. Skips come from the check's `skip` (capabilities, tags).
 */
export function describeChecks<Subject>(
  name: string,
  checks: readonly ConformanceCheck<Subject>[],
  subject: Subject,
  options: DescribeChecksOptions = {},
): void {
  const expected = options.expectedFailures ?? {};
  const timeout = options.timeout ?? 20_000;
  describe(name, () => {
    for (const conformanceCheck of checks) {
      const title = `${conformanceCheck.id}: ${conformanceCheck.description}`;
      const skipReason = conformanceCheck.skip?.(subject);
      if (skipReason !== undefined) {
        it.skip(`${title} (skipped: ${skipReason})`, () => {});
      } else if (expected[conformanceCheck.id] !== undefined) {
        it.fails(`${title} (expected failure: ${expected[conformanceCheck.id]})`, () => conformanceCheck.run(subject), timeout);
      } else {
        it(title, () => conformanceCheck.run(subject), timeout);
      }
    }
  });
}
