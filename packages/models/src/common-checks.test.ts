/**
 * Every exported estimator through the core common checks (conventions B7), the way
 * `river/test_estimators.py` and `sklearn/tests/test_common.py` walk every estimator. New classes
 * go into `src/model-kinds.ts` and are picked up here.
 */
import type { ExpectedFailures } from '@mloop/core/testing';
import { describeEstimatorChecks } from '@mloop/core/testing/vitest';
import { checkedEstimatorClasses } from './model-kinds';

/** Known, explained failures by kind (bound as `it.fails`, so a fix is noticed). */
const EXPECTED_FAILURES: Readonly<Record<string, ExpectedFailures>> = {};

for (const model of checkedEstimatorClasses()) {
  describeEstimatorChecks(model, { expectedFailures: EXPECTED_FAILURES[model.kind] });
}
