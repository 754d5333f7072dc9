import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BackendError } from '@mloop/core';
import { JournalWriter } from './journal';
import type { WandbSink } from './online-sink';
import type { WandbRegistryJournalRecord, WandbRunRecord, WandbSinkRecord } from './wandb-records';

/** File name of the registry journal inside the offline directory. @internal */
export const REGISTRY_JOURNAL = 'registry.jsonl';

/** `YYYYMMDD_HHMMSS` in UTC, as W&B names offline run directories. */
function stamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

/** The directory and journal path of an offline run. @internal */
export function offlineRunPaths(dir: string, run: string, startTime: number): { runDir: string; journal: string } {
  const runDir = join(dir, `offline-run-${stamp(startTime)}-${run}`);
  return { runDir, journal: join(runDir, `run-${run}.jsonl`) };
}

/**
 * Offline mode: every record goes to an append-only journal, one per run
 * (`<dir>/offline-run-YYYYMMDD_HHMMSS-<id>/run-<id>.jsonl`) plus `<dir>/registry.jsonl`, fsynced
 * every `flushIntervalMs`, at run end and on close. `syncOfflineRuns` uploads them later.
 * @internal
 */
export class JournalSink implements WandbSink {
  readonly #dir: string;
  readonly #writers = new Map<string, JournalWriter>();
  #registry: JournalWriter | undefined;
  readonly #timer: ReturnType<typeof setInterval>;
  #closed = false;

  constructor(dir: string, flushIntervalMs: number) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
    this.#timer = setInterval(() => this.flush(), Math.max(10, flushIntervalMs));
    this.#timer.unref?.();
  }

  /** Journal path of a run (tests). */
  journalOf(run: string): string | undefined {
    return this.#writers.get(run)?.path;
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new BackendError({ message: 'The W&B backend is closed.', backend: 'wandb', retryable: false });
  }

  async createRun(record: WandbRunRecord): Promise<void> {
    this.#assertOpen();
    const { runDir, journal } = offlineRunPaths(this.#dir, record.run, record.startTime);
    mkdirSync(runDir, { recursive: true });
    const writer = new JournalWriter(journal);
    writer.append(record);
    writer.flush();
    this.#writers.set(record.run, writer);
  }

  append(record: WandbSinkRecord): void {
    this.#assertOpen();
    const writer = this.#writers.get(record.run);
    if (!writer)
      throw new BackendError({
        message: `Offline run ${record.run} has no journal.`,
        backend: 'wandb',
        retryable: false,
      });
    if (record.t === 'history-block') {
      // The journal holds the exact lines the online path sends.
      if (record.block.rowCount > 0) {
        writer.append({ t: 'history', run: record.run, offset: record.block.offset, rows: record.block.lines() });
      }
      return;
    }
    writer.append(record);
  }

  async settle(run: string): Promise<boolean> {
    this.#writers.get(run)?.flush();
    return true;
  }

  async registry(record: WandbRegistryJournalRecord): Promise<void> {
    this.#assertOpen();
    this.#registry ??= new JournalWriter(join(this.#dir, REGISTRY_JOURNAL));
    this.#registry.append(record);
    this.#registry.flush();
  }

  room(): Promise<void> | undefined {
    return undefined;
  }

  /** Writes and fsyncs every buffered record. */
  flush(): void {
    for (const writer of this.#writers.values()) writer.flush();
    this.#registry?.flush();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    for (const writer of this.#writers.values()) writer.close();
    this.#registry?.close();
  }
}
