import { BackendError } from '../errors/backend-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { MloopError } from '../errors/mloop-error';
import { UnsupportedFunctionalityError } from '../errors/unsupported-functionality-error';
import type { ArtifactStoreV1, ArtifactV1Body } from '../spec/artifact-store/v1/artifact-store-v1';
import type { DatasetV1, DatasetV1Ref } from '../spec/dataset/v1/dataset-v1';
import type { TrackerV1 } from '../spec/tracker/v1/tracker-v1';
import type { TrackerV1Batch } from '../spec/tracker/v1/tracker-v1-batch';
import type { TrackerV1Metric } from '../spec/tracker/v1/tracker-v1-metric';
import type { TrackerV1ArtifactRef, TrackerV1Run, TrackerV1RunStatus } from '../spec/tracker/v1/tracker-v1-run';
import { type ScalarValue, toKeyValues, validateKey } from './validate';

/** Options of a metric write. */
export interface LogMetricOptions {
  /** Step, an integer ≥ 0; default 0. */
  readonly step?: number;
  /** Unix ms; default now. */
  readonly timestamp?: number;
}

/** Options of `logArtifact`. */
export interface LogArtifactOptions {
  /** Media type; default `application/octet-stream` (or `application/json` for names ending in `.json`). */
  readonly mediaType?: string;
  /** Free-form metadata. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** What a run handle needs from its tracker facade. @internal */
export interface RunContext {
  readonly backend: TrackerV1;
  readonly artifacts: ArtifactStoreV1 | undefined;
  readonly now: () => number;
  readonly flushIntervalMs: number;
  readonly onEnded: (run: Run) => void;
}

/**
 * A handle on a running run. Metric writes are validated at once and buffered; they are sent in
 * batches of the backend's `maxBatchSize`, every `flushIntervalMs`, and on `flush()`/`end()`. A
 * write is acknowledged (durable in persistent backends) once a `flush()` that follows it
 * resolves. Params, tags, datasets and artifacts are written immediately.
 */
export class Run {
  /** The run id. */
  readonly id: string;
  /** The experiment id. */
  readonly experimentId: string;
  /** The display name. */
  readonly name: string;
  readonly #context: RunContext;
  readonly #validatedKeys = new Set<string>();
  #buffer: TrackerV1Metric[] = [];
  #chain: Promise<void> = Promise.resolve();
  #failure: unknown;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ended = false;

  /** @internal Use `tracker.startRun()`. */
  constructor(run: TrackerV1Run, context: RunContext) {
    this.id = run.id;
    this.experimentId = run.experimentId;
    this.name = run.name;
    this.#context = context;
  }

  /** Whether `end()` was called. */
  get ended(): boolean {
    return this.#ended;
  }

  #assertOpen(): void {
    if (this.#ended) {
      throw new InvalidArgumentError({
        message: `Run ${this.id} has ended; start a new run to log more.`,
        field: 'run',
      });
    }
  }

  /**
   * Buffers one metric point. NaN and ±Infinity are kept when the backend stores them exactly.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a bad name, a non-number, a bad step, or a non-finite value the backend cannot store.
   */
  logMetric(key: string, value: number, options: LogMetricOptions = {}): void {
    this.#assertOpen();
    if (!this.#validatedKeys.has(key)) {
      validateKey(key, 'metric');
      this.#validatedKeys.add(key);
    }
    if (typeof value !== 'number') {
      throw new InvalidArgumentError({
        message: `Metric "${key}" must be a number, got ${typeof value}.`,
        field: `metrics.${key}`,
      });
    }
    if (!Number.isFinite(value) && !this.#context.backend.capabilities.nonFiniteMetrics) {
      throw new InvalidArgumentError({
        message: `Metric "${key}" is ${value}; the ${this.#context.backend.backend} backend cannot store non-finite values.`,
        field: `metrics.${key}`,
      });
    }
    const step = options.step ?? 0;
    if (!Number.isSafeInteger(step) || step < 0) {
      throw new InvalidArgumentError({
        message: `Metric "${key}" step must be an integer ≥ 0, got ${step}.`,
        field: 'step',
      });
    }
    const timestamp = options.timestamp ?? this.#context.now();
    if (!Number.isFinite(timestamp)) {
      throw new InvalidArgumentError({
        message: `Metric "${key}" timestamp must be finite Unix ms.`,
        field: 'timestamp',
      });
    }
    this.#buffer.push({ key, value, timestamp, step });
    if (this.#buffer.length >= this.#context.backend.capabilities.maxBatchSize) this.#sendBuffer();
    else this.#armTimer();
  }

  /**
   * Buffers several metrics measured at the same step and time.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT as `logMetric`; nothing is buffered when any entry is bad.
   */
  logMetrics(metrics: Readonly<Record<string, number>>, options: LogMetricOptions = {}): void {
    const timestamp = options.timestamp ?? this.#context.now();
    const entries = Object.entries(metrics);
    // Validate all before buffering any, so a bad entry leaves nothing half-logged.
    const before = this.#buffer.length;
    try {
      for (const [key, value] of entries) this.logMetric(key, value, { step: options.step, timestamp });
    } catch (error) {
      if (this.#buffer.length >= before) this.#buffer.length = before;
      throw error;
    }
  }

  /**
   * Logs params (immutable per run: a different value for a known key → `CONFLICT`).
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a bad name or value.
   * @throws {ConflictError} CONFLICT when a param already has another value.
   */
  async logParams(params: Readonly<Record<string, ScalarValue>>): Promise<void> {
    this.#assertOpen();
    const list = toKeyValues(params, 'param');
    await this.#write({ params: list });
  }

  /**
   * Sets tags (overwriting).
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a bad name or value.
   */
  async setTags(tags: Readonly<Record<string, ScalarValue>>): Promise<void> {
    this.#assertOpen();
    await this.#write({ tags: toKeyValues(tags, 'tag') });
  }

  /**
   * Records a dataset as an input of the run, by digest.
   * @param context What it was used for: `'train'`, `'test'`, `'reference'` …
   */
  async logDataset(dataset: DatasetV1, context?: string): Promise<DatasetV1Ref> {
    this.#assertOpen();
    const ref: DatasetV1Ref = {
      name: dataset.name,
      digest: dataset.digest,
      nRows: dataset.nRows,
      schema: dataset.schema,
      ...(context === undefined ? {} : { context }),
    };
    await this.#write({ inputs: [ref] });
    return ref;
  }

  /**
   * Stores a blob in the artifact store and records it on the run under `name`.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when the backend has no artifact store.
   */
  async logArtifact(
    name: string,
    body: ArtifactV1Body,
    options: LogArtifactOptions = {},
  ): Promise<TrackerV1ArtifactRef> {
    this.#assertOpen();
    if (
      typeof name !== 'string' ||
      name.length === 0 ||
      name.length > 500 ||
      name.startsWith('/') ||
      name.split('/').includes('..')
    ) {
      throw new InvalidArgumentError({
        message: `Artifact name ${JSON.stringify(name)} must be a relative path of 1–500 characters without "..".`,
        field: 'name',
      });
    }
    const store = this.#context.artifacts;
    if (!store) {
      throw new UnsupportedFunctionalityError({
        message: 'This backend has no artifact store; pass one to createMloop({ artifacts }).',
        functionality: 'artifacts',
      });
    }
    const info = await store.put(body);
    const ref: TrackerV1ArtifactRef = {
      name,
      digest: info.digest,
      size: info.size,
      mediaType: options.mediaType ?? (name.endsWith('.json') ? 'application/json' : 'application/octet-stream'),
      metadata: { ...options.metadata },
    };
    await this.#write({ artifacts: [ref] });
    return ref;
  }

  /** Sends everything buffered and waits until the backend acknowledged it. Rethrows a failed background flush. */
  async flush(): Promise<void> {
    this.#sendBuffer();
    await this.#chain;
    this.#throwFailure();
  }

  /**
   * Flushes and ends the run with `status` (default `finished`). Idempotent.
   * @returns the stored run.
   */
  async end(status: Exclude<TrackerV1RunStatus, 'running'> = 'finished'): Promise<TrackerV1Run> {
    if (this.#ended) return this.#context.backend.getRun(this.id);
    let flushError: unknown;
    try {
      await this.flush();
    } catch (error) {
      flushError = error;
    }
    this.#ended = true;
    this.#context.onEnded(this);
    const finalStatus = flushError === undefined ? status : 'failed';
    const run = await this.#context.backend.updateRun(this.id, { status: finalStatus, endTime: this.#context.now() });
    if (flushError !== undefined) throw flushError;
    return run;
  }

  /** The stored run (after flushing). */
  async get(): Promise<TrackerV1Run> {
    await this.flush();
    return this.#context.backend.getRun(this.id);
  }

  #throwFailure(): void {
    if (this.#failure !== undefined) {
      const failure = this.#failure;
      this.#failure = undefined;
      throw failure;
    }
  }

  #armTimer(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#sendBuffer();
    }, this.#context.flushIntervalMs);
    this.#timer.unref?.();
  }

  /** Moves the buffer into batches chained after earlier writes (so order is kept). */
  #sendBuffer(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#buffer.length === 0) return;
    const points = this.#buffer;
    this.#buffer = [];
    const max = this.#context.backend.capabilities.maxBatchSize;
    for (let start = 0; start < points.length; start += max) {
      const metrics = start === 0 && points.length <= max ? points : points.slice(start, start + max);
      this.#chain = this.#chain.then(() =>
        this.#context.backend.logBatch(this.id, { metrics }).catch((error: unknown) => {
          this.#failure ??= MloopError.isInstance(error)
            ? error
            : new BackendError({
                message: `Writing metrics of run ${this.id} failed.`,
                backend: this.#context.backend.backend,
                retryable: true,
                cause: error,
              });
        }),
      );
    }
  }

  /** Writes immediately, after any buffered metrics, and waits for it; splits at maxBatchSize. */
  async #write(batch: TrackerV1Batch): Promise<void> {
    this.#sendBuffer();
    await this.#chain;
    this.#throwFailure();
    const max = this.#context.backend.capabilities.maxBatchSize;
    const parts: TrackerV1Batch[] = [];
    for (const field of ['params', 'tags', 'inputs', 'artifacts'] as const) {
      const items = batch[field] as readonly unknown[] | undefined;
      if (!items) continue;
      for (let start = 0; start < items.length; start += max) parts.push({ [field]: items.slice(start, start + max) });
    }
    // Params go in one batch when they fit, so a conflict rejects them all.
    for (const part of parts) {
      const write = this.#context.backend.logBatch(this.id, part);
      this.#chain = write.catch(() => {});
      await write;
    }
  }
}
