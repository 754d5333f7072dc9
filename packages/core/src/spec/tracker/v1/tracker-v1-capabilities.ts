/** What a tracker backend supports. Core and the conformance kit read it; nothing is guessed. */
export interface TrackerV1Capabilities {
  /** Whether `searchRuns` is implemented. */
  readonly search: boolean;
  /** Whether `deleteRun` is implemented. */
  readonly deleteRuns: boolean;
  /** Largest number of items (metrics + params + tags + inputs + artifacts) one `logBatch` accepts; the facade splits above it. */
  readonly maxBatchSize: number;
  /** Whether NaN and ±Infinity metric values are stored exactly. When false, the facade rejects them with `INVALID_ARGUMENT`. */
  readonly nonFiniteMetrics: boolean;
  /** Whether data written is still there after the process exits (false for the memory backend). */
  readonly persistent: boolean;
}
