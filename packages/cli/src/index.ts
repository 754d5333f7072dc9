/**
 * @mloop/cli: the `mloop` command and the local web dashboard.
 *
 * @packageDocumentation
 */
export { CliFailure, CliUsageError } from './cli/cli-errors';
export { type CliIo, type CliStream, processIo } from './cli/cli-io';
export {
  type ColumnsInputSpec,
  type FormInputSpec,
  INPUT_SPEC_TAG,
  inferFormSpec,
  inferInputSpec,
  parseInputOption,
} from './cli/input-spec';
export { DEFAULT_STORE, openStore, parseStoreSpec, type StoreLocation, sqliteChangeProbe } from './cli/open-store';
export { EXIT, runCli } from './cli/run-cli';
export { parseRunFilters, parseRunOrder, parseStatuses } from './cli/run-query-syntax';
export { type RunSummary, summarizeRun } from './cli/run-summary';
export {
  DashboardData,
  type DriftReportEntry,
  type LoopTimelineEvent,
  type RunsPage,
  type RunsQuery,
  type SweepSummary,
  type SweepTrialPoint,
} from './dashboard/dashboard-data';
export {
  createDashboard,
  type Dashboard,
  type DashboardOptions,
  isSafeArtifactName,
} from './dashboard/dashboard-server';
export { type DownsampledSeries, lttb } from './dashboard/downsample';
export { ModelTryer, type TryPrediction } from './dashboard/try-model';
export { VERSION } from './version';
