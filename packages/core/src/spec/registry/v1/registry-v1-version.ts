import type { DatasetV1Ref } from '../../dataset/v1/dataset-v1';

/** A model version: an immutable pointer to a model artifact, with its lineage. */
export interface RegistryV1Version {
  /** The registered model's name. */
  readonly model: string;
  /** 1, 2, 3 … per model, dense, never reused. */
  readonly version: number;
  /** SHA-256 of the model document in the artifact store. */
  readonly artifactDigest: string;
  /** The estimator kind of the stored document, e.g. `'LocalOutlierFactor'`, so it can be loaded. */
  readonly modelKind: string;
  /** The run that produced it, when known. */
  readonly runId?: string;
  /** The datasets it was trained and evaluated on, by digest. */
  readonly datasets: readonly DatasetV1Ref[];
  /** Metrics snapshot at registration (e.g. holdout F1). */
  readonly metrics: Readonly<Record<string, number>>;
  /** Tags; set again → overwritten. */
  readonly tags: Readonly<Record<string, string>>;
  /** Free text. */
  readonly description: string;
  /** Aliases currently pointing at this version. */
  readonly aliases: readonly string[];
  /** Creation time, Unix ms. */
  readonly createdAt: number;
}

/** Input of `createVersion`; the backend assigns the number atomically. */
export interface RegistryV1CreateVersionInput {
  /** The registered model; must exist (`NOT_FOUND`). */
  readonly model: string;
  /** SHA-256 of the model document already put in the artifact store. */
  readonly artifactDigest: string;
  /** The estimator kind of the document. */
  readonly modelKind: string;
  /** The producing run. */
  readonly runId?: string;
  /** Lineage: datasets used. */
  readonly datasets?: readonly DatasetV1Ref[];
  /** Metrics snapshot; NaN and ±Infinity are kept. */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Initial tags. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Free text. */
  readonly description?: string;
}
