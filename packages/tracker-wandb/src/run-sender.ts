import { BackendError } from '@mloop/core';
import type { HistoryBlock } from './history-block';
import { WandbAuthError } from './wandb-errors';
import {
  type BlobSource,
  DOCUMENTS,
  saveArtifact,
  uploadRunFile,
  upsertBucket,
  upsertVariables,
  useArtifact,
} from './wandb-graphql';
import type { WandbHttp } from './wandb-http';
import type { WandbRunFields, WandbRunRecord, WandbSinkRecord } from './wandb-records';

/** What a run sender shares with its siblings. @internal */
export interface SenderContext {
  readonly http: WandbHttp;
  readonly transmitIntervalMs: number;
  readonly heartbeatIntervalMs: number;
  readonly maxRequestBytes: number;
  readonly blobs: BlobSource;
  readonly warn: (message: string) => void;
  /** Called with the change of queued bytes (positive when queued, negative when acknowledged or dropped). */
  readonly onQueued: (delta: number) => void;
}

type Job = () => Promise<void>;

/** A run of consecutive history rows. */
interface Segment {
  readonly lines?: readonly string[];
  readonly block?: HistoryBlock;
  readonly count: number;
  /** Bytes counted against the queue budget until the segment is fully acknowledged. */
  readonly bytes: number;
}

/** Bytes of a string as UTF-8, cheaply for ASCII. */
function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Sends one run to W&B: creates it (UpsertBucket + `wandb-metadata.json`), then one sender loop
 * with at most one request in flight. History lines are sent at the line offsets they were given,
 * and offsets advance only after a 2xx, so a retried chunk overwrites the same lines and is never
 * duplicated. Requests are paced (`transmitIntervalMs`) unless someone is waiting (flush, finish,
 * a full queue); an idle run sends a heartbeat. The final request carries `complete` and the exit
 * code, once nothing else is left.
 * @internal
 */
export class RunSender {
  readonly run: string;
  readonly #context: SenderContext;
  #where: { entity: string; project: string; run: string } | undefined;
  #storageId: string | undefined;
  #fields: WandbRunFields | undefined;
  /** Whether an UpsertBucket of `#fields` is in flight (they are put back if it fails). */
  #sendingFields = false;
  readonly #jobs: Job[] = [];
  /** History not yet acknowledged: string rows (replayed journals) or columns (live logging). */
  #segments: Segment[] = [];
  /** First segment with unsent rows, and the first unsent row in it. */
  #head = 0;
  #rowInHead = 0;
  #pendingRows = 0;
  /** Offset of the first unsent row. */
  #base = 0;
  #queuedBytes = 0;
  #summary: string | undefined;
  #summaryVersion = 0;
  #summarySent = 0;
  #uploaded: string[] = [];
  #exitCode: number | undefined;
  #deleted = false;
  #complete = false;
  #failure: Error | undefined;
  #urgent = false;
  #lastSendAt = Number.NEGATIVE_INFINITY;
  #wake: (() => void) | undefined;
  #waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #loop: Promise<void> | undefined;
  /** Whether the loop is running; it ends once `complete` is acknowledged and starts again for later records. */
  #looping = false;
  #stopped = false;
  #warnedStopped = false;
  /** file_stream requests acknowledged, for diagnostics. */
  fileStreamRequests = 0;
  /** Artifacts W&B refused (warned about), for diagnostics. */
  artifactFailures = 0;

  constructor(run: string, context: SenderContext) {
    this.run = run;
    this.#context = context;
  }

  /** Where the run lives, once created. */
  get where(): { entity: string; project: string; run: string } | undefined {
    return this.#where;
  }

  /** The failure that stopped this sender, if any. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Whether W&B acknowledged `complete`. */
  get complete(): boolean {
    return this.#complete;
  }

  /** The next history offset this sender expects. */
  get nextOffset(): number {
    return this.#base + this.#pendingRows;
  }

  /**
   * Creates (or, on replay, finds) the run and uploads its metadata, then starts the loop.
   * @throws {WandbAuthError} on a refused key.
   */
  async create(record: WandbRunRecord): Promise<void> {
    const upserted = await upsertBucket(this.#context.http, {
      name: record.run,
      project: record.project,
      entity: record.entity,
      groupName: record.group,
      jobType: record.jobType,
      host: record.host,
      program: typeof record.metadata.program === 'string' ? record.metadata.program : null,
      ...upsertVariables(record.fields),
    });
    this.#storageId = upserted.storageId;
    this.#where = { entity: upserted.entity, project: upserted.project, run: record.run };
    try {
      await uploadRunFile(
        this.#context.http,
        this.#where,
        'wandb-metadata.json',
        Buffer.from(JSON.stringify(record.metadata, null, 2)),
      );
      this.#uploaded.push('wandb-metadata.json');
    } catch (error) {
      // Metadata is nice to have; the run itself must not fail for it (a refused key still does).
      if (error instanceof WandbAuthError) throw error;
      this.#context.warn(
        `W&B run ${this.run}: wandb-metadata.json was not uploaded: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    this.#startLoop();
  }

  #startLoop(): void {
    this.#looping = true;
    this.#loop = this.#runLoop();
  }

  /** Takes one record of this run (anything but `run`). */
  append(record: WandbSinkRecord): void {
    if (this.#failure) throw this.#failure;
    switch (record.t) {
      case 'run':
        return;
      case 'upsert':
        this.#fields = { ...this.#fields, ...record.fields };
        break;
      case 'history': {
        const expected = this.nextOffset;
        let rows = record.rows;
        if (record.offset < expected) rows = rows.slice(expected - record.offset);
        else if (record.offset > expected) {
          throw new BackendError({
            message: `W&B run ${this.run}: history offset ${record.offset} leaves a gap after line ${expected}; the journal is damaged.`,
            backend: 'wandb',
            retryable: false,
          });
        }
        if (rows.length === 0) return;
        let bytes = 0;
        for (const row of rows) bytes += row.length + 3;
        this.#queue({ lines: rows, count: rows.length, bytes });
        break;
      }
      case 'history-block': {
        const { block } = record;
        if (block.rowCount === 0) return;
        if (block.offset !== this.nextOffset) {
          throw new BackendError({
            message: `W&B run ${this.run}: history block at offset ${block.offset}, expected ${this.nextOffset}.`,
            backend: 'wandb',
            retryable: false,
          });
        }
        this.#queue({ block, count: block.rowCount, bytes: block.estimatedBytes });
        break;
      }
      case 'summary':
        this.#summary = record.line;
        this.#summaryVersion++;
        break;
      case 'artifact': {
        const { artifact, use } = record;
        this.#jobs.push(async () => {
          const where = this.#requireWhere();
          try {
            // Inputs too are logged by the run (as W&B's client does for a local artifact it uses).
            const saved = await saveArtifact(this.#context.http, where, artifact, this.#context.blobs);
            if (use) await useArtifact(this.#context.http, where, saved.id);
          } catch (error) {
            // A refused key stops the run; one artifact W&B will not take must not stop its history.
            if (error instanceof WandbAuthError || this.#stopped) throw error;
            this.artifactFailures++;
            this.#context.warn(
              `W&B run ${this.run}: artifact ${artifact.name} (${artifact.type}) was not saved: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        });
        break;
      }
      case 'exit':
        this.#exitCode = record.exitCode;
        break;
      case 'delete':
        this.#jobs.push(async () => {
          await this.#context.http.graphql('DeleteRun', DOCUMENTS.DeleteRun, {
            id: this.#storageId,
            deleteArtifacts: false,
          });
          this.#deleted = true;
          this.#dropQueued();
        });
        break;
    }
    this.#poke(false);
  }

  #queue(segment: Segment): void {
    this.#segments.push(segment);
    this.#pendingRows += segment.count;
    this.#queuedBytes += segment.bytes;
    this.#context.onQueued(segment.bytes);
  }

  /** Sends without waiting for the pacing interval until everything queued now is acknowledged. */
  whenDrained(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#isDrained()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#poke(true);
    });
  }

  /** Makes the loop send now (queue pressure). */
  hurry(): void {
    if (this.#queuedBytes > 0) this.#poke(true);
  }

  /** Stops the loop; queued data is dropped (the HTTP layer is being aborted). */
  stop(): void {
    this.#stopped = true;
    this.#poke(true);
  }

  /** Resolves when the loop has ended. */
  async ended(): Promise<void> {
    await this.#loop;
  }

  #requireWhere(): { entity: string; project: string; run: string } {
    if (!this.#where) throw new Error(`W&B run ${this.run} was not created.`);
    return this.#where;
  }

  #poke(urgent: boolean): void {
    if (urgent) this.#urgent = true;
    // A rename, an end-time patch or a delete may come after the run completed, when the loop is over.
    if (!this.#looping && this.#where && !this.#stopped && !this.#failure && !this.#isDrained()) {
      this.#startLoop();
      return;
    }
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #hasStreamWork(): boolean {
    return (
      this.#pendingRows > 0 ||
      this.#summaryVersion !== this.#summarySent ||
      this.#uploaded.length > 0 ||
      (this.#exitCode !== undefined && !this.#complete)
    );
  }

  #isDrained(): boolean {
    if (this.#deleted) return this.#jobs.length === 0;
    return (
      this.#fields === undefined &&
      !this.#sendingFields &&
      this.#jobs.length === 0 &&
      !this.#hasStreamWork() &&
      (this.#exitCode === undefined || this.#complete)
    );
  }

  #settleWaiters(): void {
    if (this.#waiters.length === 0) return;
    if (this.#failure) {
      const failure = this.#failure;
      for (const waiter of this.#waiters.splice(0)) waiter.reject(failure);
      return;
    }
    if (this.#isDrained()) {
      this.#urgent = false;
      for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    }
  }

  #sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve(true);
      }, ms);
      timer.unref?.();
      this.#wake = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });
  }

  async #runLoop(): Promise<void> {
    const context = this.#context;
    while (!this.#failure && !this.#stopped) {
      this.#settleWaiters();
      if (this.#deleted && this.#jobs.length === 0) break;
      if (this.#complete && this.#isDrained()) break;
      try {
        if (this.#fields !== undefined) {
          const fields = this.#fields;
          this.#fields = undefined;
          this.#sendingFields = true;
          const where = this.#requireWhere();
          try {
            await upsertBucket(context.http, {
              id: this.#storageId,
              name: where.run,
              project: where.project,
              entity: where.entity,
              ...upsertVariables(fields),
            });
          } catch (error) {
            const later = this.#fields as WandbRunFields | undefined;
            this.#fields = { ...fields, ...later };
            throw error;
          } finally {
            this.#sendingFields = false;
          }
          continue;
        }
        const job = this.#jobs[0];
        if (job) {
          await job();
          this.#jobs.shift();
          continue;
        }
        if (this.#hasStreamWork()) {
          const wait = this.#lastSendAt + context.transmitIntervalMs - Date.now();
          if (wait > 0 && !this.#urgent) {
            await this.#sleep(wait);
            continue;
          }
          await this.#sendStream();
          continue;
        }
        const timedOut = await this.#sleep(context.heartbeatIntervalMs);
        if (timedOut && !this.#hasStreamWork() && this.#fields === undefined && this.#jobs.length === 0) {
          const where = this.#requireWhere();
          this.#lastSendAt = Date.now();
          await context.http.fileStream(where.entity, where.project, where.run, '{}');
        }
      } catch (error) {
        if (this.#stopped) break;
        this.#failure =
          error instanceof Error
            ? error
            : new BackendError({ message: String(error), backend: 'wandb', retryable: false });
        context.warn(`W&B run ${this.run}: giving up: ${this.#failure.message}`);
        this.#dropQueued();
      }
    }
    if (this.#stopped && !this.#failure && !this.#isDrained()) {
      this.#failure = new BackendError({
        message: `W&B run ${this.run}: stopped with data not yet acknowledged (${this.#pendingRows} history lines).`,
        backend: 'wandb',
        retryable: true,
      });
      this.#dropQueued();
    }
    this.#settleWaiters();
    if (this.#waiters.length > 0) {
      const error =
        this.#failure ??
        new BackendError({ message: `W&B run ${this.run} ended.`, backend: 'wandb', retryable: false });
      for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
    }
    this.#looping = false;
  }

  #dropQueued(): void {
    if (this.#queuedBytes > 0) this.#context.onQueued(-this.#queuedBytes);
    this.#queuedBytes = 0;
  }

  async #sendStream(): Promise<void> {
    const context = this.#context;
    const where = this.#requireWhere();
    const summaryVersion = this.#summaryVersion;
    const summary = summaryVersion !== this.#summarySent ? this.#summary : undefined;
    const summaryPart =
      summary === undefined ? '' : `"wandb-summary.json":{"offset":0,"content":[${JSON.stringify(summary)}]}`;
    let budget = context.maxRequestBytes - 256 - utf8Length(summaryPart);
    const parts: string[] = [];
    let segmentIndex = this.#head;
    let row = this.#rowInHead;
    while (segmentIndex < this.#segments.length) {
      const segment = this.#segments[segmentIndex] as Segment;
      if (row >= segment.count) {
        segmentIndex++;
        row = 0;
        continue;
      }
      const line = segment.lines ? (segment.lines[row] ?? '') : (segment.block as HistoryBlock).line(row);
      const encoded = JSON.stringify(line);
      const size = utf8Length(encoded) + 1;
      if (parts.length > 0 && size > budget) break;
      parts.push(encoded);
      budget -= size;
      row++;
    }
    const count = parts.length;
    const allLinesSent = count === this.#pendingRows;
    const final = this.#exitCode !== undefined && allLinesSent && this.#fields === undefined && this.#jobs.length === 0;
    const files: string[] = [];
    if (count > 0) files.push(`"wandb-history.jsonl":{"offset":${this.#base},"content":[${parts.join(',')}]}`);
    if (summaryPart) files.push(summaryPart);
    const uploaded = this.#uploaded.slice();
    let body = `{"files":{${files.join(',')}}`;
    if (uploaded.length > 0) body += `,"uploaded":${JSON.stringify(uploaded)}`;
    if (final) body += `,"complete":true,"exitcode":${this.#exitCode}`;
    body += '}';
    this.#lastSendAt = Date.now();
    const response = await context.http.fileStream(where.entity, where.project, where.run, body);
    this.fileStreamRequests++;
    this.#lastSendAt = Date.now();
    this.#base += count;
    this.#pendingRows -= count;
    // Move past what was acknowledged; segments fully acknowledged give their budget back.
    let released = 0;
    while (this.#head < segmentIndex) {
      released += (this.#segments[this.#head] as Segment).bytes;
      this.#head++;
    }
    this.#rowInHead = row;
    const head = this.#segments[this.#head];
    if (head && this.#rowInHead >= head.count) {
      released += head.bytes;
      this.#head++;
      this.#rowInHead = 0;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#segments.length) {
      this.#segments = this.#segments.slice(this.#head);
      this.#head = 0;
    }
    if (released > 0) {
      this.#queuedBytes -= released;
      context.onQueued(-released);
    }
    this.#summarySent = summaryVersion;
    this.#uploaded.splice(0, uploaded.length);
    if (final) this.#complete = true;
    // Queue pressure hurries one request at a time; with nobody waiting, pacing resumes.
    if (this.#waiters.length === 0) this.#urgent = false;
    if (response.stopped === true && !this.#warnedStopped) {
      this.#warnedStopped = true;
      context.warn(`W&B run ${this.run} was stopped from the W&B app; logging continues until the run ends.`);
    }
  }
}
