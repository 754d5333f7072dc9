export { type ArtifactStoreKitSubject, artifactStoreChecks } from './artifact-store-checks';
export { CheckFailure, check, checkClose, checkEqual, checkThrowsCode } from './assert';
export { type CheckOutcome, type ConformanceCheck, type ExpectedFailures, runChecks } from './check';
export { type RegistryKitSubject, registryChecks } from './registry-checks';
export { sharedDir, sharedPath } from './shared-data';
export { type TrackerKitSubject, trackerChecks } from './tracker-checks';
