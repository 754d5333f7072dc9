export { createSqliteBackend, defaultStoreDir, type SqliteBackend } from './create-sqlite-backend';
export { FileArtifactStore } from './file-artifact-store';
export {
  type ResolvedSqliteBackendOptions,
  type SqliteBackendOptions,
  sqliteBackendOptionsSchema,
} from './sqlite-backend-options';
export { SqliteRegistry, type SqliteRegistryContext } from './sqlite-registry';
export { checkText, SqliteTracker, type SqliteTrackerContext } from './sqlite-tracker';
export { VERSION } from './version';
