export { type ArtifactStoreKitSubject, artifactStoreChecks } from './artifact-store-checks';
export { CheckFailure, check, checkClose, checkEqual, checkThrowsCode } from './assert';
export { type CheckOutcome, type ConformanceCheck, type ExpectedFailures, runChecks } from './check';
export {
  type BatchDetectorKitSubject,
  batchDetectorChecks,
  type StreamingDetectorKitSubject,
  streamingDetectorChecks,
} from './drift-detector-checks';
export {
  type EstimatorClassUnderTest,
  type EstimatorFixture,
  type EstimatorKitSubject,
  estimatorChecks,
  type ParamsSchemaLike,
} from './estimator-checks';
export {
  type Blobs,
  type MakeBlobsOptions,
  type MakeDriftStreamOptions,
  makeBlobs,
  makeDriftStream,
  makeSparseBlobs,
  type TinySmsCorpus,
  tinySmsCorpus,
} from './estimator-fixtures';
export { QualityModel } from './quality-model';
export { type RegistryKitSubject, registryChecks } from './registry-checks';
export { sharedDir, sharedPath } from './shared-data';
export { type TrackerKitSubject, trackerChecks } from './tracker-checks';
