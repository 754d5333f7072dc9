/** An experiment: a named group of runs. */
export interface TrackerV1Experiment {
  /** Backend-assigned id, unique within the backend. */
  readonly id: string;
  /** Unique name. */
  readonly name: string;
  /** Free-form tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** Creation time, Unix ms. */
  readonly createdAt: number;
}

/** Input of `createExperiment`. */
export interface TrackerV1CreateExperimentInput {
  /** Unique name, 1–256 characters. */
  readonly name: string;
  /** Initial tags. */
  readonly tags?: Readonly<Record<string, string>>;
}
