/**
 * One conformance check: an id, a sentence saying what rule it pins, and a function that throws
 * when the rule is broken. Kits are plain arrays of checks, so any test runner can bind them
 * (`@mloop/core/testing/vitest` does it for vitest).
 *
 * @typeParam Subject What the check runs against: a backend factory, an estimator class …
 */
export interface ConformanceCheck<Subject> {
  /** Stable id, `<kit>/<group>/<rule>`, e.g. `tracker/params/conflict`. One test per id. */
  readonly id: string;
  /** The rule in one sentence, as written in the spec's JSDoc. */
  readonly description: string;
  /**
   * Returns a reason to skip this check for `subject` (read from its declared capabilities or
   * tags), or `undefined` to run it. Skips are never hard-coded per backend.
   */
  readonly skip?: (subject: Subject) => string | undefined;
  /** Runs the check; throws (any error) when the rule is broken. */
  readonly run: (subject: Subject) => Promise<void> | void;
}

/** Known failures, as data with reasons: check id → why it fails (with an issue link). */
export type ExpectedFailures = Readonly<Record<string, string>>;

/** The outcome of one check run by {@link runChecks}. */
export interface CheckOutcome {
  /** The check id. */
  readonly id: string;
  /** What happened; `unexpected-pass` means an expected failure passed (remove the entry). */
  readonly status: 'passed' | 'failed' | 'skipped' | 'expected-failure' | 'unexpected-pass';
  /** The skip reason, the expected-failure reason or the error message. */
  readonly detail?: string;
}

/**
 * Runs checks without a test framework (for scripts and third-party runners) and reports every
 * outcome; it never throws for a failing check.
 */
export async function runChecks<Subject>(
  checks: readonly ConformanceCheck<Subject>[],
  subject: Subject,
  expectedFailures: ExpectedFailures = {},
): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  for (const check of checks) {
    const skipReason = check.skip?.(subject);
    if (skipReason !== undefined) {
      outcomes.push({ id: check.id, status: 'skipped', detail: skipReason });
      continue;
    }
    const expected = expectedFailures[check.id];
    try {
      await check.run(subject);
      outcomes.push(
        expected === undefined
          ? { id: check.id, status: 'passed' }
          : { id: check.id, status: 'unexpected-pass', detail: expected },
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcomes.push(
        expected === undefined
          ? { id: check.id, status: 'failed', detail: message }
          : { id: check.id, status: 'expected-failure', detail: expected },
      );
    }
  }
  return outcomes;
}
