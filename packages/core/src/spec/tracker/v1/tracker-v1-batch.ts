import type { DatasetV1Ref } from '../../dataset/v1/dataset-v1';
import type { TrackerV1Metric } from './tracker-v1-metric';
import type { TrackerV1ArtifactRef } from './tracker-v1-run';

/**
 * The one write primitive's payload. A batch is applied atomically: either everything in it is
 * stored, or nothing is and the call throws.
 */
export interface TrackerV1Batch {
  /** Metric points to append. */
  readonly metrics?: readonly TrackerV1Metric[];
  /** Params to set: the same value again is a no-op, a different value → `CONFLICT` (and nothing in the batch is stored). */
  readonly params?: readonly { readonly key: string; readonly value: string }[];
  /** Tags to set or overwrite. */
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
  /** Dataset inputs to record; the same digest and context twice is stored once. */
  readonly inputs?: readonly DatasetV1Ref[];
  /** Artifact records to add; the same name again replaces the record. */
  readonly artifacts?: readonly TrackerV1ArtifactRef[];
}
