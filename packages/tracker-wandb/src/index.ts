export { BlobDirectoryStore } from './blob-directory-store';
export { createWandbBackend, type WandbBackend } from './create-wandb-backend';
export { parseExtended, stringifyExtended } from './extended-json';
export { HistoryBlock } from './history-block';
export { type JournalContents, type JournalDamage, readJournal } from './journal';
export type { MloopRunConfig } from './mloop-run-config';
export type { WandbSink } from './online-sink';
export {
  type SyncedRunReport,
  type SyncOfflineRunsOptions,
  type SyncOfflineRunsReport,
  syncOfflineRuns,
} from './sync-offline-runs';
export { VERSION } from './version';
export { wandbBackendFromEnv } from './wandb-backend-from-env';
export {
  DEFAULT_WANDB_BASE_URL,
  type ResolvedWandbBackendOptions,
  validateWandbName,
  type WandbBackendOptions,
  wandbBackendOptionsSchema,
} from './wandb-backend-options';
export { WandbAuthError, WandbRequestError } from './wandb-errors';
export {
  buildManifest,
  manifestDigest,
  md5Base64,
  toArtifactName,
  type WandbManifest,
  type WandbManifestEntry,
} from './wandb-manifest';
export type {
  WandbAliasRecord,
  WandbArtifactFile,
  WandbArtifactRecord,
  WandbArtifactSpec,
  WandbDeleteRecord,
  WandbExitRecord,
  WandbHistoryBlockRecord,
  WandbHistoryRecord,
  WandbLinkRecord,
  WandbRegistryJournalRecord,
  WandbRunFields,
  WandbRunJournalRecord,
  WandbRunRecord,
  WandbSinkRecord,
  WandbSummaryRecord,
  WandbUnaliasRecord,
  WandbUpsertRecord,
} from './wandb-records';
export { WandbRegistry, type WandbRegistryContext } from './wandb-registry';
export type { MetricPoints, RemoteRun, WandbRunSource } from './wandb-run-reader';
export { artifactTypeOf, MAX_WANDB_LINE_BYTES, WandbTracker, type WandbTrackerContext } from './wandb-tracker';
export { exportWandbTransactionLog, type WandbTransactionLogExport } from './wandb-transaction-log';
