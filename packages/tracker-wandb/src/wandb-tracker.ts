import { cpus, hostname, platform, release, totalmem } from 'node:os';
import {
  type DatasetV1Ref,
  MemoryTracker,
  type PageV1,
  type TrackerV1,
  type TrackerV1ArtifactRef,
  type TrackerV1Batch,
  type TrackerV1Capabilities,
  type TrackerV1CreateExperimentInput,
  type TrackerV1CreateRunInput,
  type TrackerV1Experiment,
  type TrackerV1Metric,
  type TrackerV1MetricColumns,
  type TrackerV1Run,
  type TrackerV1RunPatch,
  type TrackerV1RunQuery,
  type TrackerV1RunStatus,
} from '@mloop/core';
import { stringifyExtended } from './extended-json';
import { HistoryBlock } from './history-block';
import type { WandbSink } from './online-sink';
import { VERSION } from './version';
import { newWandbRunId } from './wandb-graphql';
import { md5Base64, toArtifactName } from './wandb-manifest';
import type { WandbArtifactSpec, WandbRunFields } from './wandb-records';

/** W&B's limit on one history or summary line: 10 MiB − 100 KiB. */
export const MAX_WANDB_LINE_BYTES = 10 * 1024 * 1024 - 100 * 1024;

/** What the tracker needs from its backend. @internal */
export interface WandbTrackerContext {
  /** Where records go: W&B or the offline journal. */
  readonly sink: WandbSink;
  /** W&B project. */
  readonly project: string;
  /** W&B entity, or null for the key's default. */
  readonly entity: string | null;
  /** Largest batch `logBatch` accepts. */
  readonly maxBatchSize: number;
  /** Largest history line, bytes. */
  readonly maxLineBytes: number;
  /** How long ending a run waits for delivery, ms. */
  readonly finishTimeoutMs: number;
  /** Clock, Unix ms. */
  readonly now: () => number;
  /** Random numbers for run ids; crypto when undefined. */
  readonly random: (() => number) | undefined;
  /** Warnings. */
  readonly warn: (message: string) => void;
  /** Bytes of a blob of the backend's own artifact store, or undefined when it does not hold it. */
  readonly artifactBytes: (sha256: string) => Promise<Uint8Array | undefined>;
  /** Failure of a run's delivery (online), if it failed. */
  readonly failureOf: (run: string) => Error | undefined;
}

interface Latest {
  value: number;
  step: number;
  timestamp: number;
}

interface RunState {
  readonly wandbId: string;
  readonly experiment: string;
  readonly startTime: number;
  nextOffset: number;
  readonly latest: Map<string, Latest>;
  readonly config: Record<string, unknown>;
  readonly tags: Map<string, string>;
  running: boolean;
}

const EXIT_CODES: Record<Exclude<TrackerV1RunStatus, 'running'>, number> = { finished: 0, failed: 1, killed: 255 };
const NOTE_TAGS = new Set(['notes', 'mlflow.note.content', 'wandb.notes']);

/** A param value as W&B config: numbers and booleans when the string round-trips exactly, else the string. */
function configValue(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value.trim() !== '' && String(Number(value)) === value) return Number(value);
  return value;
}

/** W&B tags from mloop's key/value tags: `key` for an empty value, else `key:value`, at most 64 characters. */
function wandbTags(tags: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [key, value] of tags) {
    if (NOTE_TAGS.has(key)) continue;
    out.push((value === '' ? key : `${key}:${value}`).slice(0, 64));
  }
  return out;
}

function notesOf(tags: ReadonlyMap<string, string>): string | null {
  for (const key of NOTE_TAGS) {
    const value = tags.get(key);
    if (value !== undefined) return value;
  }
  return null;
}

/** The W&B artifact type of a run artifact: `metadata['wandb.type']`, else guessed from its name and media type. */
export function artifactTypeOf(ref: Pick<TrackerV1ArtifactRef, 'name' | 'mediaType' | 'metadata'>): string {
  const explicit = ref.metadata['wandb.type'];
  if (explicit && /^[A-Za-z0-9_.-]{1,64}$/.test(explicit)) return explicit;
  const name = ref.name.toLowerCase();
  if (name.includes('model') || /\.(onnx|pt|pth|joblib|pkl|safetensors)$/.test(name)) return 'model';
  if (ref.mediaType === 'text/html' || name.includes('report') || /\.(html|md|pdf)$/.test(name)) return 'report';
  if (name.includes('dataset') || /\.(csv|tsv|jsonl|parquet|arrow)$/.test(name)) return 'dataset';
  return 'file';
}

/** System metadata for `wandb-metadata.json` (no environment variables, no arguments: they may hold secrets). */
function systemMetadata(startTime: number): Record<string, unknown> {
  return {
    os: `${platform()}-${release()}`,
    arch: process.arch,
    node: process.version,
    program: process.argv[1] ?? null,
    executable: process.execPath,
    host: hostname(),
    cpuCount: cpus().length,
    memory: { total: totalmem() },
    startedAt: new Date(startTime).toISOString(),
    sdk: `mloop-tracker-wandb/${VERSION}`,
  };
}

/**
 * The W&B tracker. Writes go to W&B (online) or the offline journal; reads are answered from an
 * in-process mirror (core's memory tracker), so every `TrackerV1` rule holds exactly as in the
 * reference backend. Mapping: experiment → W&B group, run → W&B run (8-character id, display
 * name = run name), params → config, tags → W&B tags (`key:value`; a `notes` tag → notes),
 * metrics → history rows (consecutive points with the same step and timestamp share a row;
 * `_step` is the row number, mloop's step is the `mloop/step` column), latest values → summary,
 * artifacts and dataset inputs → W&B artifacts (outputs and inputs of the run), end → exit code
 * (finished 0, failed 1, killed 255).
 */
export class WandbTracker implements TrackerV1 {
  readonly specificationVersion = 'v1' as const;
  readonly backend = 'wandb';
  readonly capabilities: TrackerV1Capabilities;
  readonly #context: WandbTrackerContext;
  readonly #local: MemoryTracker;
  readonly #runs = new Map<string, RunState>();
  /** Key → its JSON form and that form's UTF-8 size. */
  readonly #escapedKeys = new Map<string, { json: string; bytes: number }>();
  #closed = false;

  /** @internal Use `createWandbBackend`. */
  constructor(context: WandbTrackerContext) {
    this.#context = context;
    this.#local = new MemoryTracker({ now: context.now, maxBatchSize: context.maxBatchSize });
    this.capabilities = {
      search: true,
      deleteRuns: true,
      maxBatchSize: context.maxBatchSize,
      nonFiniteMetrics: true,
      persistent: false,
    };
  }

  /** The W&B run id (the 8 characters in the run's URL) of an mloop run. */
  wandbRunId(runId: string): string | undefined {
    return this.#runs.get(runId)?.wandbId;
  }

  #state(runId: string): RunState | undefined {
    const state = this.#runs.get(runId);
    if (state) {
      const failure = this.#context.failureOf(state.wandbId);
      if (failure) throw failure;
    }
    return state;
  }

  async createExperiment(input: TrackerV1CreateExperimentInput): Promise<TrackerV1Experiment> {
    return this.#local.createExperiment(input);
  }

  async getExperiment(id: string): Promise<TrackerV1Experiment> {
    return this.#local.getExperiment(id);
  }

  async findExperimentByName(name: string): Promise<TrackerV1Experiment | undefined> {
    return this.#local.findExperimentByName(name);
  }

  async listExperiments(): Promise<TrackerV1Experiment[]> {
    return this.#local.listExperiments();
  }

  async createRun(input: TrackerV1CreateRunInput): Promise<TrackerV1Run> {
    const experiment = await this.#local.getExperiment(input.experimentId);
    const run = await this.#local.createRun(input);
    const wandbId = newWandbRunId(this.#context.random);
    const tags = new Map(Object.entries(run.tags));
    const state: RunState = {
      wandbId,
      experiment: experiment.name,
      startTime: run.startTime,
      nextOffset: 0,
      latest: new Map(),
      config: { _mloop: { runId: run.id, experiment: experiment.name } },
      tags,
      running: true,
    };
    try {
      await this.#context.sink.createRun({
        t: 'run',
        run: wandbId,
        mloopId: run.id,
        entity: this.#context.entity,
        project: this.#context.project,
        group: experiment.name,
        jobType: null,
        fields: { displayName: run.name, config: { ...state.config }, tags: wandbTags(tags), notes: notesOf(tags) },
        startTime: run.startTime,
        host: hostname(),
        metadata: systemMetadata(run.startTime),
      });
    } catch (error) {
      await this.#local.deleteRun(run.id);
      throw error;
    }
    this.#runs.set(run.id, state);
    return run;
  }

  async getRun(id: string): Promise<TrackerV1Run> {
    return this.#local.getRun(id);
  }

  async updateRun(id: string, patch: TrackerV1RunPatch): Promise<TrackerV1Run> {
    const state = this.#state(id);
    const updated = await this.#local.updateRun(id, patch);
    if (!state) return updated;
    const sink = this.#context.sink;
    if (patch.name !== undefined)
      sink.append({ t: 'upsert', run: state.wandbId, fields: { displayName: updated.name } });
    if (state.running && updated.status !== 'running') {
      state.running = false;
      sink.append({ t: 'summary', run: state.wandbId, line: this.#summaryLine(state) });
      sink.append({ t: 'exit', run: state.wandbId, exitCode: EXIT_CODES[updated.status] });
      await sink.settle(state.wandbId, this.#context.finishTimeoutMs);
      const failure = this.#context.failureOf(state.wandbId);
      if (failure) throw failure;
    }
    return updated;
  }

  async logBatch(runId: string, batch: TrackerV1Batch): Promise<void> {
    const room = this.#context.sink.room();
    if (room) await room;
    const state = this.#state(runId);
    await this.#local.logBatch(runId, batch);
    if (!state) return;
    const sink = this.#context.sink;
    const run = state.wandbId;
    if (batch.metrics && batch.metrics.length > 0) {
      const block = this.#block(state, batch.metrics);
      sink.append({ t: 'history-block', run, block });
      state.nextOffset += block.rowCount;
      sink.append({ t: 'summary', run, line: this.#summaryLine(state) });
    }
    const fields: { config?: Record<string, unknown>; tags?: string[]; notes?: string | null } = {};
    if (batch.params && batch.params.length > 0) {
      for (const { key, value } of batch.params) state.config[key] = configValue(value);
      fields.config = { ...state.config };
    }
    if (batch.tags && batch.tags.length > 0) {
      for (const { key, value } of batch.tags) state.tags.set(key, value);
      fields.tags = wandbTags(state.tags);
      fields.notes = notesOf(state.tags);
    }
    if (fields.config || fields.tags) sink.append({ t: 'upsert', run, fields: fields as WandbRunFields });
    for (const ref of batch.artifacts ?? []) {
      sink.append({ t: 'artifact', run, artifact: await this.#artifactSpec(ref), use: false });
    }
    for (const input of batch.inputs ?? []) {
      sink.append({ t: 'artifact', run, artifact: datasetSpec(input), use: true });
    }
  }

  /**
   * The batch's points as history rows: consecutive points with the same step and timestamp
   * share a row; a repeated key, or reaching the line limit, starts a new one. Rows are kept as
   * columns (a `HistoryBlock`) and formatted when sent.
   */
  #block(state: RunState, metrics: readonly TrackerV1Metric[]): HistoryBlock {
    const block = new HistoryBlock(state.nextOffset, state.startTime);
    const limit = this.#context.maxLineBytes;
    const rowKeys: string[] = [];
    let rowBytes = 0;
    let rowStep = -1;
    let rowTimestamp = Number.NaN;
    let lastKey: string | undefined;
    let lastEscaped: { json: string; bytes: number } | undefined;
    let lastLatest: Latest | undefined;
    for (const metric of metrics) {
      const { key, value, step, timestamp } = metric;
      let escaped = lastEscaped;
      if (key !== lastKey || escaped === undefined) {
        escaped = this.#escapedKeys.get(key);
        if (escaped === undefined) {
          const json = JSON.stringify(key);
          escaped = { json, bytes: Buffer.byteLength(json) };
          this.#escapedKeys.set(key, escaped);
        }
        lastLatest = state.latest.get(key);
      }
      const pointBytes = HistoryBlock.pointBound(escaped.bytes);
      if (
        rowKeys.length === 0 ||
        step !== rowStep ||
        timestamp !== rowTimestamp ||
        rowBytes + pointBytes > limit ||
        (rowKeys.length === 1 ? rowKeys[0] === key : rowKeys.includes(key))
      ) {
        block.openRow(step, timestamp);
        rowKeys.length = 0;
        rowBytes = HistoryBlock.rowBound;
        rowStep = step;
        rowTimestamp = timestamp;
      }
      rowKeys.push(key);
      rowBytes += pointBytes;
      block.push(escaped.json, escaped.bytes, value);
      if (lastLatest === undefined) {
        lastLatest = { value, step, timestamp };
        state.latest.set(key, lastLatest);
      } else if (isLater(value, step, timestamp, lastLatest)) {
        lastLatest.value = value;
        lastLatest.step = step;
        lastLatest.timestamp = timestamp;
      }
      lastKey = key;
      lastEscaped = escaped;
    }
    return block;
  }

  #summaryLine(state: RunState): string {
    const summary: Record<string, number> = {};
    for (const [key, latest] of state.latest) summary[key] = latest.value;
    if (state.nextOffset > 0) summary._step = state.nextOffset - 1;
    return stringifyExtended(summary);
  }

  async #artifactSpec(ref: TrackerV1ArtifactRef): Promise<WandbArtifactSpec> {
    const bytes = await this.#context.artifactBytes(ref.digest);
    return {
      type: artifactTypeOf(ref),
      name: toArtifactName(ref.name),
      description: ref.metadata.description ?? null,
      metadata: { ...ref.metadata, mediaType: ref.mediaType, sha256: ref.digest },
      files: [{ path: ref.name, sha256: ref.digest, size: ref.size, md5: bytes ? md5Base64(bytes) : null }],
      aliases: [],
    };
  }

  async getMetricHistory(runId: string, key: string): Promise<TrackerV1Metric[]> {
    return this.#local.getMetricHistory(runId, key);
  }

  async getMetricColumns(runId: string, key: string): Promise<TrackerV1MetricColumns> {
    return this.#local.getMetricColumns(runId, key);
  }

  async searchRuns(query: TrackerV1RunQuery = {}): Promise<PageV1<TrackerV1Run>> {
    return this.#local.searchRuns(query);
  }

  async deleteRun(id: string): Promise<void> {
    const state = this.#runs.get(id);
    await this.#local.deleteRun(id);
    if (!state) return;
    this.#runs.delete(id);
    this.#context.sink.append({ t: 'delete', run: state.wandbId });
  }

  /**
   * Ends runs still running (exit code `process.exitCode`, else 0, as W&B's client does at exit)
   * and closes the mirror. The backend's `close()` calls this, then drains the sink.
   * @internal
   */
  endOpenRuns(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const state of this.#runs.values()) {
      if (!state.running) continue;
      state.running = false;
      try {
        this.#context.sink.append({ t: 'summary', run: state.wandbId, line: this.#summaryLine(state) });
        const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
        this.#context.sink.append({ t: 'exit', run: state.wandbId, exitCode: code });
      } catch {
        // A failed run's sender refuses records; its failure is reported by close().
      }
    }
    void this.#local.close();
  }

  /** Closes the whole backend (tracker, registry, artifacts). Replaced by `createWandbBackend`. */
  async close(): Promise<void> {
    this.endOpenRuns();
  }
}

function isLater(value: number, step: number, timestamp: number, current: Latest): boolean {
  if (step !== current.step) return step > current.step;
  if (timestamp !== current.timestamp) return timestamp > current.timestamp;
  if (Number.isNaN(value)) return !Number.isNaN(current.value);
  if (Number.isNaN(current.value)) return false;
  return value > current.value;
}

/** A dataset input as a W&B `dataset` artifact holding a reference to mloop's digest. */
function datasetSpec(input: DatasetV1Ref): WandbArtifactSpec {
  return {
    type: 'dataset',
    name: toArtifactName(input.name),
    description: null,
    metadata: {
      digest: input.digest,
      nRows: input.nRows,
      schema: input.schema,
      ...(input.context === undefined ? {} : { context: input.context }),
    },
    files: [{ path: input.name, sha256: input.digest, size: 0, md5: null }],
    aliases: [],
  };
}
