import type { HistoryBlock } from './history-block';

/**
 * The operations this backend performs against W&B, as plain JSON records. Online they are
 * executed at once by the sender; offline they are appended to the journal and `syncOfflineRuns`
 * feeds the very same records to the very same sender, so both paths leave W&B in the same state.
 * Every record is idempotent on replay: history carries its line offset, runs are upserted by
 * name, artifacts are deduplicated by digest, links by artifact id.
 */

/** One file of an artifact manifest. */
export interface WandbArtifactFile {
  /** Path inside the artifact. */
  readonly path: string;
  /** SHA-256 of the content (mloop's artifact-store key). */
  readonly sha256: string;
  /** Size in bytes. */
  readonly size: number;
  /**
   * Base64 MD5 of the bytes, the digest W&B stores; `null` when the bytes were not available to
   * this backend (another artifact store), in which case the entry is a reference `mloop://sha256/<hex>`.
   */
  readonly md5: string | null;
}

/** An artifact version to log (dataset, model, report …). */
export interface WandbArtifactSpec {
  /** W&B artifact type: `dataset`, `model`, `report` or another word. */
  readonly type: string;
  /** The collection name (`[A-Za-z0-9_.-]`, ≤ 128). */
  readonly name: string;
  /** Free text. */
  readonly description: string | null;
  /** JSON metadata. */
  readonly metadata: Record<string, unknown>;
  /** The files. */
  readonly files: readonly WandbArtifactFile[];
  /** Aliases besides `latest`. */
  readonly aliases: readonly string[];
}

/** Fields of `UpsertBucket` that can change after creation. */
export interface WandbRunFields {
  /** Human-readable name. */
  readonly displayName?: string;
  /** Config as `{ key: value }` (sent as `{ key: { value } }`). */
  readonly config?: Record<string, unknown>;
  /** W&B tags. */
  readonly tags?: readonly string[];
  /** Notes. */
  readonly notes?: string | null;
}

/** Creates the run. Always the first record of a run journal. */
export interface WandbRunRecord {
  /** Record type. */
  readonly t: 'run';
  /** The W&B run id (8 characters of `[a-z0-9]`). */
  readonly run: string;
  /** mloop's run id. */
  readonly mloopId: string;
  /** Entity, when configured. */
  readonly entity: string | null;
  /** Project. */
  readonly project: string;
  /** Group (the mloop experiment name). */
  readonly group: string;
  /** Job type. */
  readonly jobType: string | null;
  /** Display name, config, tags, notes. */
  readonly fields: WandbRunFields;
  /** Start time, Unix ms. */
  readonly startTime: number;
  /** Host name. */
  readonly host: string;
  /** `wandb-metadata.json`: OS, Node version, program, arguments, start time. */
  readonly metadata: Record<string, unknown>;
}

/** Changes display name, config, tags or notes (full new values). */
export interface WandbUpsertRecord {
  /** Record type. */
  readonly t: 'upsert';
  /** The W&B run id. */
  readonly run: string;
  /** The new values. */
  readonly fields: WandbRunFields;
}

/** History lines (extended JSON), written from `offset` on. */
export interface WandbHistoryRecord {
  /** Record type. */
  readonly t: 'history';
  /** The W&B run id. */
  readonly run: string;
  /** Line offset of the first row. */
  readonly offset: number;
  /** The rows, one JSON object per line. */
  readonly rows: readonly string[];
}

/** The whole current summary (an extended JSON object line). */
export interface WandbSummaryRecord {
  /** Record type. */
  readonly t: 'summary';
  /** The W&B run id. */
  readonly run: string;
  /** The summary object. */
  readonly line: string;
}

/** Logs an artifact version; `use` marks it as an input of the run instead of an output. */
export interface WandbArtifactRecord {
  /** Record type. */
  readonly t: 'artifact';
  /** The W&B run id. */
  readonly run: string;
  /** The artifact. */
  readonly artifact: WandbArtifactSpec;
  /** True for an input of the run, false for an output. */
  readonly use: boolean;
}

/** Ends the run: the last file_stream request carries `complete` and this exit code. */
export interface WandbExitRecord {
  /** Record type. */
  readonly t: 'exit';
  /** The W&B run id. */
  readonly run: string;
  /** 0 finished, 1 failed, 255 killed, or the process exit code. */
  readonly exitCode: number;
}

/** Deletes the run on W&B. */
export interface WandbDeleteRecord {
  /** Record type. */
  readonly t: 'delete';
  /** The W&B run id. */
  readonly run: string;
}

/**
 * History rows as the tracker hands them over: columns formatted when sent (online) or when
 * journaled (offline, where they become a {@link WandbHistoryRecord}).
 */
export interface WandbHistoryBlockRecord {
  /** Record type. */
  readonly t: 'history-block';
  /** The W&B run id. */
  readonly run: string;
  /** The rows. */
  readonly block: HistoryBlock;
}

/** Records of a run journal. */
export type WandbRunJournalRecord =
  | WandbRunRecord
  | WandbUpsertRecord
  | WandbHistoryRecord
  | WandbSummaryRecord
  | WandbArtifactRecord
  | WandbExitRecord
  | WandbDeleteRecord;

/** Logs a model version's artifact and links it into the registered model (portfolio). */
export interface WandbLinkRecord {
  /** Record type. */
  readonly t: 'link';
  /** Entity of the registry, when configured (else the key's default entity). */
  readonly entity: string | null;
  /** Project the model artifact is logged to. */
  readonly project: string;
  /** Registered model (portfolio) name. */
  readonly model: string;
  /** mloop version number. */
  readonly version: number;
  /** The model artifact. */
  readonly artifact: WandbArtifactSpec;
  /** The W&B run that produced it, when known. */
  readonly run: string | null;
}

/** Points an alias of the registered model at a version. */
export interface WandbAliasRecord {
  /** Record type. */
  readonly t: 'alias';
  /** Registered model name. */
  readonly model: string;
  /** The alias. */
  readonly alias: string;
  /** mloop version number. */
  readonly version: number;
}

/** Removes an alias from the registered model. */
export interface WandbUnaliasRecord {
  /** Record type. */
  readonly t: 'unalias';
  /** Registered model name. */
  readonly model: string;
  /** The alias. */
  readonly alias: string;
  /** The version it pointed at. */
  readonly version: number;
}

/** What a sink takes for a run: journal records, or history as columns. */
export type WandbSinkRecord = WandbRunJournalRecord | WandbHistoryBlockRecord;

/** Records of the registry journal. */
export type WandbRegistryJournalRecord = WandbLinkRecord | WandbAliasRecord | WandbUnaliasRecord;
