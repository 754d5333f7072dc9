import { BackendError } from '@mloop/core';
import { RunSender, type SenderContext } from './run-sender';
import { type BlobSource, deleteAliases, linkArtifact, saveArtifact } from './wandb-graphql';
import type { WandbHttp } from './wandb-http';
import type { WandbRegistryJournalRecord, WandbRunRecord, WandbSinkRecord } from './wandb-records';

/**
 * Where the tracker and registry send their records: W&B itself (the online sink) or the
 * offline journal. @internal
 */
export interface WandbSink {
  /** Creates a run (online: waits for W&B to accept it, so a bad key fails here). */
  createRun(record: WandbRunRecord): Promise<void>;
  /** Queues a record of a created run. Throws the run's failure when it has failed. */
  append(record: WandbSinkRecord): void;
  /** Waits until a run's queued records are acknowledged (or written); false when `timeoutMs` passed or delivery failed first. */
  settle(run: string, timeoutMs: number): Promise<boolean>;
  /** Executes a registry record (online: waits for W&B). */
  registry(record: WandbRegistryJournalRecord): Promise<void>;
  /** A promise to await before queueing more, when the in-memory budget is exhausted; otherwise undefined. */
  room(): Promise<void> | undefined;
  /** Sends or writes everything queued, waiting at most `timeoutMs`; then releases resources. Rethrows failures. */
  close(timeoutMs: number): Promise<void>;
}

/** Options of the online sink. @internal */
export interface OnlineSinkOptions {
  readonly http: WandbHttp;
  readonly transmitIntervalMs: number;
  readonly heartbeatIntervalMs: number;
  readonly maxRequestBytes: number;
  readonly maxQueueBytes: number;
  readonly blobs: BlobSource;
  readonly warn: (message: string) => void;
  /** Entity of the model registry; resolved from the first run when absent. */
  readonly entity: string | undefined;
  /** Project that holds registered models; default `model-registry` (W&B's model registry). */
  readonly registryProject: string;
}

function timeout(ms: number): { promise: Promise<'timeout'>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref?.();
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Talks to W&B: one {@link RunSender} per run, a shared byte budget for queued history (writers
 * wait for room when it is exhausted, nothing is dropped), and the registry mapped onto W&B's
 * model registry (model versions are artifacts linked into a portfolio, aliases move there).
 * @internal
 */
export class OnlineSink implements WandbSink {
  readonly #options: OnlineSinkOptions;
  readonly #senders = new Map<string, RunSender>();
  readonly #context: SenderContext;
  #queuedBytes = 0;
  #roomWaiters: (() => void)[] = [];
  #room: Promise<void> | undefined;
  /** `${model}\u0000${version}` → W&B artifact id of the linked version. */
  readonly #linked = new Map<string, string>();
  #entity: string | undefined;
  #closed = false;

  constructor(options: OnlineSinkOptions) {
    this.#options = options;
    this.#entity = options.entity;
    this.#context = {
      http: options.http,
      transmitIntervalMs: options.transmitIntervalMs,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      maxRequestBytes: options.maxRequestBytes,
      blobs: options.blobs,
      warn: options.warn,
      onQueued: (delta) => this.#onQueued(delta),
    };
  }

  /** Bytes of history queued and not yet acknowledged. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** The sender of a run (diagnostics and tests). */
  sender(run: string): RunSender | undefined {
    return this.#senders.get(run);
  }

  #onQueued(delta: number): void {
    this.#queuedBytes += delta;
    if (this.#queuedBytes > this.#options.maxQueueBytes) {
      for (const sender of this.#senders.values()) sender.hurry();
    } else if (this.#roomWaiters.length > 0) {
      const waiters = this.#roomWaiters.splice(0);
      this.#room = undefined;
      for (const resolve of waiters) resolve();
    }
  }

  room(): Promise<void> | undefined {
    if (this.#queuedBytes <= this.#options.maxQueueBytes) return undefined;
    this.#room ??= new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
    return this.#room;
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new BackendError({ message: 'The W&B backend is closed.', backend: 'wandb', retryable: false });
  }

  async createRun(record: WandbRunRecord): Promise<void> {
    this.#assertOpen();
    const existing = this.#senders.get(record.run);
    if (existing?.where) return;
    const sender = new RunSender(record.run, this.#context);
    await sender.create(record);
    this.#senders.set(record.run, sender);
    this.#entity ??= sender.where?.entity;
  }

  append(record: WandbSinkRecord): void {
    this.#assertOpen();
    const sender = this.#senders.get(record.run);
    if (!sender) {
      throw new BackendError({
        message: `W&B run ${record.run} was never created.`,
        backend: 'wandb',
        retryable: false,
      });
    }
    sender.append(record);
  }

  /** The failure of a run's sender, if it failed. */
  failureOf(run: string): Error | undefined {
    return this.#senders.get(run)?.failure;
  }

  async settle(run: string, timeoutMs: number): Promise<boolean> {
    const sender = this.#senders.get(run);
    if (!sender) return true;
    const limit = timeout(timeoutMs);
    try {
      const outcome = await Promise.race([sender.whenDrained().then(() => 'drained' as const), limit.promise]);
      return outcome === 'drained';
    } catch {
      // The failure is kept on the sender (failureOf).
      return false;
    } finally {
      limit.cancel();
    }
  }

  async #registryEntity(): Promise<string> {
    if (this.#entity) return this.#entity;
    const data = await this.#options.http.graphql<{ viewer: { entity: string } | null }>(
      'Viewer',
      'query Viewer { viewer { id entity username } }',
      {},
    );
    if (!data.viewer?.entity) {
      throw new BackendError({
        message: 'W&B did not name a default entity for this key; pass createWandbBackend({ entity }).',
        backend: 'wandb',
        retryable: false,
      });
    }
    this.#entity = data.viewer.entity;
    return this.#entity;
  }

  async registry(record: WandbRegistryJournalRecord): Promise<void> {
    this.#assertOpen();
    const http = this.#options.http;
    const entity = record.t === 'link' && record.entity !== null ? record.entity : await this.#registryEntity();
    const target = { entity, project: this.#options.registryProject, portfolio: record.model };
    const key = `${record.model}\u0000${record.version}`;
    if (record.t === 'link') {
      const saved = await saveArtifact(
        http,
        { entity, project: record.project, run: record.run },
        record.artifact,
        this.#options.blobs,
      );
      await linkArtifact(http, target, saved.id, []);
      this.#linked.set(key, saved.id);
      return;
    }
    const artifactId = this.#linked.get(key);
    if (!artifactId) {
      throw new BackendError({
        message: `Model ${record.model} version ${record.version} was not linked to W&B by this backend, so its alias cannot be changed there.`,
        backend: 'wandb',
        retryable: false,
      });
    }
    if (record.t === 'alias') await linkArtifact(http, target, artifactId, [record.alias]);
    else await deleteAliases(http, target, artifactId, [record.alias]);
  }

  /** Waits for every run to drain (up to `timeoutMs`) and returns the runs that did not. */
  async drainAll(timeoutMs: number): Promise<RunSender[]> {
    const limit = timeout(timeoutMs);
    try {
      await Promise.race([
        Promise.allSettled([...this.#senders.values()].map((sender) => sender.whenDrained())),
        limit.promise,
      ]);
    } finally {
      limit.cancel();
    }
    return [...this.#senders.values()].filter((sender) => sender.failure !== undefined || !sender.complete);
  }

  async close(timeoutMs: number): Promise<void> {
    if (this.#closed) return;
    await this.drainAll(timeoutMs);
    this.#closed = true;
    const failures: string[] = [];
    for (const sender of this.#senders.values()) {
      sender.stop();
    }
    this.#options.http.abort();
    await Promise.all([...this.#senders.values()].map((sender) => sender.ended()));
    for (const sender of this.#senders.values()) {
      if (sender.failure) failures.push(`${sender.run}: ${sender.failure.message}`);
    }
    for (const resolve of this.#roomWaiters.splice(0)) resolve();
    if (failures.length > 0) {
      throw new BackendError({
        message: `W&B: ${failures.length} run${failures.length === 1 ? '' : 's'} could not be delivered completely: ${failures.join('; ')}`,
        backend: 'wandb',
        retryable: true,
      });
    }
  }
}
