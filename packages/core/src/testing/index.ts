export { CheckFailure, check, checkClose, checkEqual, checkThrowsCode } from './assert';
export { type CheckOutcome, type ConformanceCheck, type ExpectedFailures, runChecks } from './check';
export { sharedDir, sharedPath } from './shared-data';
