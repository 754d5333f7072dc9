export type { TrackerV1 } from './tracker-v1';
export type { TrackerV1Batch } from './tracker-v1-batch';
export type { TrackerV1Capabilities } from './tracker-v1-capabilities';
export type { TrackerV1CreateExperimentInput, TrackerV1Experiment } from './tracker-v1-experiment';
export type { TrackerV1Metric, TrackerV1MetricColumns } from './tracker-v1-metric';
export type {
  TrackerV1FilterOperator,
  TrackerV1RunFilter,
  TrackerV1RunOrder,
  TrackerV1RunQuery,
} from './tracker-v1-query';
export type {
  TrackerV1ArtifactRef,
  TrackerV1CreateRunInput,
  TrackerV1Run,
  TrackerV1RunPatch,
  TrackerV1RunStatus,
} from './tracker-v1-run';
