import type { DriftResultV1 } from '@mloop/core';
import { type ColumnProfile, profileSize } from './column-profile';
import { chooseStatTest, distinctCombined, isDrift, runStatTest, STAT_TESTS, type StatTestName } from './stat-tests';

/** Why a column was not tested. */
export type NotTestedReason =
  | 'missing_in_reference'
  | 'missing_in_current'
  | 'empty_reference'
  | 'empty_current'
  | 'mixed_types'
  | 'type_mismatch'
  | 'not_applicable'
  | 'undefined_statistic'
  | 'text_column';

/** The test settings of one column after the precedence rules (drift-spec §1.2). */
export interface ColumnTestSettings {
  /** The test to run, or undefined for Evidently's automatic choice. */
  readonly stattest?: StatTestName | undefined;
  /** The threshold, or undefined for the test's default. */
  readonly threshold?: number | undefined;
}

/** Outcome of testing one column: a drift result or the reason there is none. */
export type ColumnTestOutcome =
  | { readonly status: 'tested'; readonly result: DriftResultV1 }
  | {
      readonly status: 'not_tested';
      readonly reasonCode: NotTestedReason;
      readonly reason: string;
      readonly method: StatTestName | null;
    };

function notTested(reasonCode: NotTestedReason, reason: string, method: StatTestName | null = null): ColumnTestOutcome {
  return { status: 'not_tested', reasonCode, reason, method };
}

/**
 * Tests one column given both profiles; never throws for data problems: an empty side, mixed
 * types, a test that does not apply or an undefined statistic come back as `not_tested`.
 */
export function testColumnProfiles(
  column: string,
  reference: ColumnProfile,
  current: ColumnProfile,
  settings: ColumnTestSettings,
): ColumnTestOutcome {
  if (reference.type !== current.type) {
    return notTested(
      'type_mismatch',
      `column '${column}' is ${reference.type} in the reference and ${current.type} in the current data`,
    );
  }
  const sides = [
    ['reference', reference],
    ['current', current],
  ] as const;
  for (const [side, profile] of sides) {
    if (profile.type === 'numeric' && profile.nonNumeric > 0) {
      return notTested(
        'mixed_types',
        `numeric column '${column}' holds ${profile.nonNumeric} non-numeric values in the ${side} data`,
      );
    }
  }
  for (const [side, profile] of sides) {
    if (profileSize(profile) === 0) {
      return notTested(
        `empty_${side}`,
        `column '${column}' has no value left in the ${side} data after dropping ${profile.missing} missing values`,
      );
    }
  }
  const n = profileSize(reference);
  const m = profileSize(current);
  // With more than 1000 reference rows and more than 5 distinct reference values, a numeric column
  // gets Wasserstein whatever the current data holds; its merge pass counts the distinct values
  // too, which saves a pass over a million-row column.
  let distinct: number | undefined;
  let stattest = settings.stattest;
  if (!stattest) {
    if (reference.type === 'numeric' && n > 1000 && reference.distinct > 5) stattest = 'wasserstein';
    else {
      distinct = distinctCombined(reference, current);
      stattest = chooseStatTest(reference.type, n, distinct);
    }
  }
  const info = STAT_TESTS[stattest];
  if (!info.appliesTo.includes(reference.type)) {
    return notTested(
      'not_applicable',
      `test '${stattest}' does not apply to the ${reference.type} column '${column}'`,
      stattest,
    );
  }
  const outcome = runStatTest(stattest, reference, current);
  if (Number.isNaN(outcome.score)) {
    return notTested(
      'undefined_statistic',
      `test '${stattest}' is undefined for column '${column}': ${String(outcome.details.undefinedReason ?? 'no score')}`,
      stattest,
    );
  }
  const threshold = settings.threshold ?? info.defaultThreshold;
  return {
    status: 'tested',
    result: {
      method: stattest,
      column,
      statistic: outcome.statistic,
      ...(outcome.pValue !== undefined ? { pValue: outcome.pValue } : {}),
      threshold,
      driftDetected: isDrift(stattest, outcome.score, threshold),
      score: outcome.score,
      missing: { reference: reference.missing, current: current.missing },
      details: {
        ...outcome.details,
        rule: info.rule,
        ...(distinct !== undefined ? { distinctCombined: distinct } : {}),
        referenceRows: n,
        currentRows: m,
      },
    },
  };
}
