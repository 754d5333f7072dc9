import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from '@mloop/core';
import { BlobDirectoryStore } from './blob-directory-store';
import { buildOnlineSink } from './create-wandb-backend';
import { type JournalDamage, readJournal } from './journal';
import { REGISTRY_JOURNAL } from './journal-sink';
import { resolveWandbOptions, type WandbBackendOptions } from './wandb-backend-options';
import type { WandbRegistryJournalRecord, WandbRunJournalRecord, WandbRunRecord } from './wandb-records';

/** Options of {@link syncOfflineRuns}: the online options (key, host, retries …), all optional. */
export type SyncOfflineRunsOptions = Partial<Omit<WandbBackendOptions, 'mode' | 'dir' | 'flushOnExit'>> & {
  /** Re-upload journals already marked as synced (uploads are idempotent, so this is safe). Default false. */
  readonly force?: boolean;
};

/** The outcome for one offline run. */
export interface SyncedRunReport {
  /** The journal file. */
  readonly journal: string;
  /** The W&B run id, when the journal's first record could be read. */
  readonly run?: string;
  /**
   * `synced`: everything uploaded and the run completed (a `.synced` marker is written);
   * `already-synced`: marked before, skipped; `incomplete`: uploaded, but the journal has no exit
   * record (the process is still running or died), so the run stays running on W&B; `damaged`:
   * the journal is cut or corrupt, everything before the damage was uploaded; `failed`: W&B
   * refused or could not be reached (sync again: it is idempotent).
   */
  readonly status: 'synced' | 'already-synced' | 'incomplete' | 'damaged' | 'failed';
  /** Records replayed. */
  readonly records: number;
  /** History lines replayed. */
  readonly historyLines: number;
  /** Where the journal is damaged, when it is. */
  readonly damage?: JournalDamage;
  /** A sentence for people. */
  readonly message: string;
}

/** What {@link syncOfflineRuns} returns. */
export interface SyncOfflineRunsReport {
  /** One entry per offline run directory, oldest first. */
  readonly runs: readonly SyncedRunReport[];
  /** Registry records replayed (links and alias moves). */
  readonly registryRecords: number;
  /** Registry journal problems (damage or failure), when any. */
  readonly registryMessage?: string;
  /** True when every run is `synced` or `already-synced` and the registry replayed cleanly. */
  readonly ok: boolean;
}

/** Offline run journals under `dir`, oldest first. */
function findJournals(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const journals: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (!entry.startsWith('offline-run-')) continue;
    const runDir = join(dir, entry);
    if (!statSync(runDir).isDirectory()) continue;
    for (const file of readdirSync(runDir).sort()) {
      if (/^run-[a-z0-9]+\.jsonl$/.test(file)) journals.push(join(runDir, file));
    }
  }
  return journals;
}

function describeDamage(damage: JournalDamage, size: number): string {
  return (
    `the journal is damaged at byte ${damage.byteOffset} (line ${damage.line}): ${damage.reason}; ` +
    `the first ${damage.byteOffset} of ${size} bytes were synced, the last ${damage.unreadBytes} bytes were not`
  );
}

/**
 * Uploads the offline journals under `dir` (what `createWandbBackend({ mode: 'offline', dir })`
 * wrote) to W&B, through the same sender as online mode. Idempotent: history lines carry their
 * offsets, runs are upserted by id, artifacts are deduplicated by digest, so syncing twice, or
 * again after a sync that crashed half-way, stores each point exactly once. A journal cut or
 * corrupted at some byte is synced up to the damage and the rest is reported, not guessed. One
 * bad journal does not stop the others.
 *
 * @param dir The offline directory (the backend's `dir`).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for bad options or no API key (before any request).
 * @example
 * const report = await syncOfflineRuns('./wandb'); // WANDB_API_KEY
 * for (const run of report.runs) console.log(run.status, run.message);
 */
export async function syncOfflineRuns(
  dir: string,
  options: SyncOfflineRunsOptions = {},
): Promise<SyncOfflineRunsReport> {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new InvalidArgumentError({ message: 'syncOfflineRuns needs the offline directory.', field: 'dir' });
  }
  const { force = false, project: projectOverride, entity: entityOverride, ...rest } = options;
  const root = resolve(dir);
  const { options: resolved, apiKey } = resolveWandbOptions({
    ...rest,
    project: projectOverride ?? 'uncategorized',
    ...(entityOverride === undefined ? {} : { entity: entityOverride }),
    mode: 'online',
    dir: root,
    flushOnExit: false,
  });
  const blobs = new BlobDirectoryStore(join(root, 'blobs'));
  const { sink } = buildOnlineSink(resolved, apiKey, async (sha256) =>
    (await blobs.stat(sha256)) ? blobs.get(sha256) : undefined,
  );
  const reports: SyncedRunReport[] = [];
  for (const journal of findJournals(root)) {
    const marker = `${journal}.synced`;
    if (!force && existsSync(marker)) {
      reports.push({ journal, status: 'already-synced', records: 0, historyLines: 0, message: 'already synced' });
      continue;
    }
    const contents = readJournal<WandbRunJournalRecord>(journal);
    const [first, ...records] = contents.records;
    if (first?.t !== 'run') {
      reports.push({
        journal,
        status: 'damaged',
        records: 0,
        historyLines: 0,
        ...(contents.damage ? { damage: contents.damage } : {}),
        message: contents.damage
          ? `nothing synced: ${describeDamage(contents.damage, contents.size)}`
          : 'nothing synced: the journal does not start with a run record',
      });
      continue;
    }
    const runRecord: WandbRunRecord = {
      ...first,
      project: projectOverride ?? first.project,
      entity: entityOverride ?? first.entity,
    };
    let historyLines = 0;
    let exited = false;
    try {
      await sink.createRun(runRecord);
      for (const record of records) {
        sink.append(record);
        if (record.t === 'history') historyLines += record.rows.length;
        if (record.t === 'exit' || record.t === 'delete') exited = true;
      }
      const drained = await sink.settle(runRecord.run, resolved.closeTimeoutMs);
      const failure = sink.failureOf(runRecord.run);
      if (failure) throw failure;
      if (!drained)
        throw new Error(`W&B did not acknowledge everything within closeTimeoutMs (${resolved.closeTimeoutMs} ms)`);
    } catch (error) {
      reports.push({
        journal,
        run: runRecord.run,
        status: 'failed',
        records: contents.records.length,
        historyLines,
        message: `not synced completely (sync again, it is idempotent): ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    if (contents.damage) {
      reports.push({
        journal,
        run: runRecord.run,
        status: 'damaged',
        records: contents.records.length,
        historyLines,
        damage: contents.damage,
        message: `${contents.records.length} records synced (${historyLines} history lines); ${describeDamage(contents.damage, contents.size)}`,
      });
    } else if (!exited) {
      reports.push({
        journal,
        run: runRecord.run,
        status: 'incomplete',
        records: contents.records.length,
        historyLines,
        message: `${contents.records.length} records synced (${historyLines} history lines); the journal has no exit record (the run has not ended, or its process died), so the run stays running on W&B`,
      });
    } else {
      writeFileSync(marker, `${new Date().toISOString()}\n`);
      reports.push({
        journal,
        run: runRecord.run,
        status: 'synced',
        records: contents.records.length,
        historyLines,
        message: `${contents.records.length} records synced (${historyLines} history lines)`,
      });
    }
  }
  let registryRecords = 0;
  let registryMessage: string | undefined;
  const registryJournal = join(root, REGISTRY_JOURNAL);
  if (existsSync(registryJournal)) {
    const contents = readJournal<WandbRegistryJournalRecord>(registryJournal);
    try {
      for (const record of contents.records) {
        await sink.registry(
          entityOverride === undefined || record.t !== 'link' ? record : { ...record, entity: entityOverride },
        );
        registryRecords++;
      }
      if (contents.damage) registryMessage = `registry: ${describeDamage(contents.damage, contents.size)}`;
    } catch (error) {
      registryMessage = `registry: stopped after ${registryRecords} records: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  try {
    await sink.close(resolved.closeTimeoutMs);
  } catch {
    // Per-run failures are already in the report.
  }
  await blobs.close();
  return {
    runs: reports,
    registryRecords,
    ...(registryMessage === undefined ? {} : { registryMessage }),
    ok:
      registryMessage === undefined &&
      reports.every((run) => run.status === 'synced' || run.status === 'already-synced'),
  };
}
