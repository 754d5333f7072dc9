export type { BatchDriftDetectorV1 } from './batch-drift-detector-v1';
export type { DriftResultV1 } from './drift-result-v1';
export type { StreamingDriftDetectorV1 } from './streaming-drift-detector-v1';
