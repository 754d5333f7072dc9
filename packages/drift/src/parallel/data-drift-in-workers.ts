import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { InvalidArgumentError, parseOrThrow } from '@mloop/core';
import { type ColumnTable, checkNotEmpty, inferColumnType, tableView } from '../dataset/column-table';
import {
  type ColumnDriftEntry,
  DataDriftDetector,
  type DatasetDriftResult,
  datasetInfo,
  type FittedColumnProfile,
  missingInReferenceEntry,
  summarizeColumns,
} from '../dataset/data-drift-detector';
import { type DataDriftOptions, dataDriftOptionsSchema } from '../dataset/data-drift-options';

/** Options of {@link dataDriftInWorkers}: the detector options plus the worker count. */
export interface DataDriftInWorkersOptions extends DataDriftOptions {
  /** Worker threads (default: available parallelism, at most the number of columns). */
  readonly workers?: number;
}

/** What {@link dataDriftInWorkers} returns: the fitted detector (storable) and the result. */
export interface DataDriftInWorkersResult {
  /** The fitted detector, identical to `new DataDriftDetector(options).fit(reference)`. */
  readonly detector: DataDriftDetector;
  /** The result, identical to `detector.test(current)`. */
  readonly result: DatasetDriftResult;
}

/** Message to a drift worker. */
interface DriftWorkerTask {
  readonly options: DataDriftOptions;
  readonly reference: ColumnTable;
  readonly current: ColumnTable;
}

const WORKER_MARKER = 'mloop.drift.worker';

/**
 * Starts a worker on this module. From the built package that is plain `new Worker(url)`; from
 * TypeScript sources (tests, benches under tsx) the worker first registers tsx's loader, which
 * worker threads do not inherit.
 */
function startWorker(): Worker {
  const options = { workerData: { [WORKER_MARKER]: true } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(import.meta.url), options);
  let api: string;
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    throw new InvalidArgumentError({
      message: 'dataDriftInWorkers runs from TypeScript sources only under tsx; install tsx or use the built package.',
      field: 'workers',
    });
  }
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  return new Worker(code, { ...options, eval: true });
}

// A worker runs this very module (from source under tsx, or the built chunk): when started with
// the marker it fits and tests its columns with the same DataDriftDetector code as the main
// thread and hands back the entries and the profiles (sorted arrays transferred, not copied).
if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_MARKER] === true) {
  const port = parentPort;
  port.on('message', (task: DriftWorkerTask) => {
    try {
      const detector = new DataDriftDetector({ ...task.options, digest: false }).fit(task.reference);
      const result = detector.test(task.current);
      const profiles = detector.profiles;
      const transfer: ArrayBuffer[] = [];
      for (const p of profiles)
        if (p.profile?.type === 'numeric') transfer.push(p.profile.sorted.buffer as ArrayBuffer);
      port.postMessage({ ok: true, entries: result.columns, profiles }, transfer);
    } catch (error) {
      port.postMessage({ ok: false, message: (error as Error).message });
    }
  });
}

/**
 * The columns a worker needs. Numeric typed arrays are moved to shared memory (one copy, unless
 * they already live there) so workers read them without a structured-clone copy each.
 */
function pick(table: ColumnTable, names: readonly string[]): ColumnTable {
  const out: Record<string, ColumnTable[string]> = {};
  for (const name of names) {
    if (!(name in table)) continue;
    const column = table[name] as ColumnTable[string];
    if (column instanceof Float64Array && !(column.buffer instanceof SharedArrayBuffer)) {
      const shared = new Float64Array(new SharedArrayBuffer(column.byteLength));
      shared.set(column);
      out[name] = shared;
    } else out[name] = column;
  }
  return out;
}

/**
 * `DataDriftDetector` fit and test with the columns spread over worker threads: each worker fits
 * and tests its columns with the same code, so the result equals the single-threaded one. Plain
 * column tables only. `Float64Array` columns reach the workers through shared memory (copied
 * once into a `SharedArrayBuffer` unless already there), other columns by structured clone; the
 * reference profiles come back without a copy.
 *
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty tables or invalid options.
 * @example
 * ```ts
 * const { detector, result } = await dataDriftInWorkers(reference, current, { workers: 4 });
 * ```
 */
export async function dataDriftInWorkers(
  reference: ColumnTable,
  current: ColumnTable,
  options: DataDriftInWorkersOptions = {},
): Promise<DataDriftInWorkersResult> {
  const { workers: requested, ...detectorOptions } = options;
  const resolved = parseOrThrow(dataDriftOptionsSchema, detectorOptions, 'options');
  const refView = tableView(reference);
  const curView = tableView(current);
  checkNotEmpty(refView, 'reference');
  checkNotEmpty(curView, 'current');
  const names = resolved.columns ?? refView.columnNames;
  const absent = names.filter((name) => !(name in reference));
  if (absent.length > 0) {
    throw new InvalidArgumentError({
      message: `options.columns lists columns the reference does not have: ${absent.join(', ')}.`,
      field: 'options.columns',
    });
  }
  const count = Math.max(1, Math.min(requested ?? availableParallelism(), names.length));
  // Round-robin keeps numeric and categorical columns spread evenly.
  const groups: string[][] = Array.from({ length: count }, () => []);
  names.forEach((name, i) => {
    (groups[i % count] as string[]).push(name);
  });
  const columnTypes = { ...(resolved.columnTypes ?? {}) };
  for (const name of names) columnTypes[name] ??= inferColumnType(reference[name] as ColumnTable[string]);
  const runs = groups.map(
    (group) =>
      new Promise<{ entries: ColumnDriftEntry[]; profiles: FittedColumnProfile[] }>((resolve, reject) => {
        const worker = startWorker();
        const task: DriftWorkerTask = {
          options: { ...detectorOptions, columns: group, columnTypes, digest: false },
          reference: pick(reference, group),
          current: pick(current, group),
        };
        worker.once(
          'message',
          (message: {
            ok: boolean;
            entries: ColumnDriftEntry[];
            profiles: FittedColumnProfile[];
            message?: string;
          }) => {
            void worker.terminate();
            if (message.ok) resolve({ entries: message.entries, profiles: message.profiles });
            else
              reject(
                new InvalidArgumentError({ message: message.message ?? 'drift worker failed', field: 'reference' }),
              );
          },
        );
        worker.once('error', (error) => {
          void worker.terminate();
          reject(error);
        });
        worker.postMessage(task);
      }),
  );
  const parts = await Promise.all(runs);
  const entryByName = new Map<string, ColumnDriftEntry>();
  const profileByName = new Map<string, FittedColumnProfile>();
  for (const part of parts) {
    for (const entry of part.entries) entryByName.set(entry.column, entry);
    for (const profile of part.profiles) profileByName.set(profile.name, profile);
  }
  const referenceInfo = datasetInfo(refView, resolved.digest);
  const detector = DataDriftDetector.fromProfiles(
    { ...detectorOptions, ...(resolved.columns ? { columns: resolved.columns } : {}) },
    referenceInfo,
    names.map((name) => profileByName.get(name) as FittedColumnProfile),
  );
  const entries = names.map((name) => entryByName.get(name) as ColumnDriftEntry);
  if (!resolved.columns) {
    const known = new Set(names);
    for (const name of curView.columnNames) {
      if (known.has(name)) continue;
      const values = current[name] as ColumnTable[string];
      entries.push(missingInReferenceEntry(name, resolved.columnTypes?.[name] ?? inferColumnType(values), values));
    }
  }
  const result = summarizeColumns(entries, resolved.driftShare, referenceInfo, datasetInfo(curView, resolved.digest));
  return { detector, result };
}
