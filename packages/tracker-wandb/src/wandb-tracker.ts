import { cpus, hostname, platform, release, totalmem } from 'node:os';
import {
  type DatasetV1Ref,
  MAX_PAGE_SIZE,
  MemoryTracker,
  metricColumnsInHistoryOrder,
  NotFoundError,
  type PageV1,
  pageRuns,
  sortMetricHistory,
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
import { type MloopRunConfig, mloopRunConfig } from './mloop-run-config';
import type { WandbSink } from './online-sink';
import { VERSION } from './version';
import { newWandbRunId } from './wandb-graphql';
import { columnOf, configKeyOf } from './wandb-keys';
import { md5Base64, toArtifactName } from './wandb-manifest';
import type { WandbArtifactSpec, WandbRunFields } from './wandb-records';
import { wandbRunFilters } from './wandb-run-filters';
import type { MetricPoints, RemoteRun, WandbRunSource } from './wandb-run-reader';
import { notesOf, wandbTags } from './wandb-tags';

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
  /** Reads runs other processes wrote back from W&B (online); undefined offline. */
  readonly reader?: WandbRunSource;
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

/**
 * A param value as W&B config: finite numbers and booleans when the string round-trips exactly,
 * else the string ("NaN" and "±Infinity" too: JSON would write them as null).
 */
function configValue(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  const number = Number(value);
  if (Number.isFinite(number) && value.trim() !== '' && String(number) === value) return number;
  return value;
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
 * The W&B tracker. Writes go to W&B (online) or the offline journal. Runs of this process are
 * read from an in-process mirror (core's memory tracker); online, runs other processes wrote are
 * read back from W&B (`Runs` and `HistoryPage` queries) and searched with core's own rules, so
 * every `TrackerV1` rule holds exactly as in the reference backend. Mapping: experiment → W&B
 * group, run → W&B run (8-character id, display name = run name), params → config, tags → W&B
 * tags (`key:value`; a `notes` tag → notes), metrics → history rows (a param or metric named like
 * a key W&B or this backend keeps there gets a leading `~`; consecutive points with the
 * same step and timestamp share a row; `_step` is the row number, mloop's step is the
 * `mloop/step` column), latest values → summary (their steps and times under `_mloop.latest`),
 * artifacts and dataset inputs → W&B artifacts (outputs and inputs of the run), end → exit code
 * (finished 0, failed 1, killed 255). The config key `_mloop` ({@link MloopRunConfig}) keeps what
 * W&B's own fields cannot give back exactly: run id, experiment, start and end time, status,
 * tags, artifact and input references.
 */
export class WandbTracker implements TrackerV1 {
  readonly specificationVersion = 'v1' as const;
  readonly backend = 'wandb';
  readonly capabilities: TrackerV1Capabilities;
  readonly #context: WandbTrackerContext;
  readonly #local: MemoryTracker;
  readonly #runs = new Map<string, RunState>();
  /** Runs deleted by this process: W&B may still list them until the deletion is delivered. */
  readonly #deleted = new Set<string>();
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
      // Online, runs are read back from W&B; offline, only this process's mirror answers.
      persistent: context.reader !== undefined,
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
      config: { _mloop: mloopRunConfig(run, experiment.name) },
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
    const local = await this.#localOrMissing(() => this.#local.getRun(id));
    if (local !== undefined) return local;
    return this.#withExperiment(await this.#remote(id));
  }

  /** The mirror's answer, or undefined when the mirror does not know the run (NOT_FOUND). */
  async #localOrMissing<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (this.#context.reader && NotFoundError.isInstance(error)) return undefined;
      throw error;
    }
  }

  /** A run another process wrote, from W&B. @throws {NotFoundError} when W&B does not hold it either. */
  async #remote(id: string): Promise<RemoteRun> {
    const found = this.#deleted.has(id) ? undefined : await this.#context.reader?.run(id);
    if (!found) throw new NotFoundError({ message: `Run ${id} does not exist.`, entity: 'run', id });
    return found;
  }

  /**
   * A W&B run with its experiment id: the mirror's experiment of that name, created when this
   * process has none (experiments are not stored on W&B beyond the run's group).
   */
  async #withExperiment(remote: RemoteRun): Promise<TrackerV1Run> {
    const name = remote.mloop.experiment;
    let experiment = await this.#local.findExperimentByName(name);
    if (!experiment) {
      try {
        experiment = await this.#local.createExperiment({ name });
      } catch (error) {
        experiment = await this.#local.findExperimentByName(name);
        if (!experiment) throw error;
      }
    }
    return { ...remote.run, experimentId: experiment.id };
  }

  async updateRun(id: string, patch: TrackerV1RunPatch): Promise<TrackerV1Run> {
    const state = this.#state(id);
    const updated = await this.#local.updateRun(id, patch);
    if (!state) return updated;
    const sink = this.#context.sink;
    const fields: { displayName?: string; config?: Record<string, unknown> } = {};
    if (patch.name !== undefined) fields.displayName = updated.name;
    // Status and end time reach W&B through `_mloop` (W&B has no `killed` exit, no end time of its
    // own), also when they are patched after the run ended: the sender starts again for them.
    const mloop = mloopRunConfig(updated, state.experiment);
    if (JSON.stringify(mloop) !== JSON.stringify(state.config._mloop)) {
      state.config._mloop = mloop;
      fields.config = { ...state.config };
    }
    if (fields.displayName !== undefined || fields.config !== undefined)
      sink.append({ t: 'upsert', run: state.wandbId, fields });
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
    for (const { key, value } of batch.params ?? []) state.config[configKeyOf(key)] = configValue(value);
    if (batch.tags && batch.tags.length > 0) {
      for (const { key, value } of batch.tags) state.tags.set(key, value);
      fields.tags = wandbTags(state.tags);
      fields.notes = notesOf(state.tags);
    }
    if (
      (batch.params?.length ?? 0) +
        (batch.tags?.length ?? 0) +
        (batch.artifacts?.length ?? 0) +
        (batch.inputs?.length ?? 0) >
      0
    ) {
      // `_mloop` carries tags, artifacts and inputs exactly, for readers in other processes.
      state.config._mloop = mloopRunConfig(await this.#local.getRun(runId), state.experiment);
      fields.config = { ...state.config };
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
          const json = JSON.stringify(columnOf(key));
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

  /**
   * The summary: each metric's latest value, `_step`, and under `_mloop.latest` each metric's
   * `[step, timestamp]`, which W&B's summary cannot say and readers in other processes need.
   */
  #summaryLine(state: RunState): string {
    const summary: Record<string, unknown> = {};
    const latest: Record<string, [number, number]> = {};
    for (const [key, point] of state.latest) {
      const column = columnOf(key);
      summary[column] = point.value;
      latest[column] = [point.step, point.timestamp];
    }
    if (state.nextOffset > 0) summary._step = state.nextOffset - 1;
    if (state.latest.size > 0) summary._mloop = { latest };
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
    const local = await this.#localOrMissing(() => this.#local.getMetricHistory(runId, key));
    if (local !== undefined) return local;
    const { values, steps, timestamps } = await this.#remotePoints(runId, key);
    const points: TrackerV1Metric[] = new Array(values.length);
    for (let index = 0; index < points.length; index++) {
      points[index] = {
        key,
        value: values[index] as number,
        step: steps[index] as number,
        timestamp: timestamps[index] as number,
      };
    }
    return sortMetricHistory(points);
  }

  async getMetricColumns(runId: string, key: string): Promise<TrackerV1MetricColumns> {
    const local = await this.#localOrMissing(() => this.#local.getMetricColumns(runId, key));
    if (local !== undefined) return local;
    const { values, steps, timestamps } = await this.#remotePoints(runId, key);
    return metricColumnsInHistoryOrder(
      key,
      Float64Array.from(values),
      Float64Array.from(steps),
      Float64Array.from(timestamps),
    );
  }

  async #remotePoints(runId: string, key: string): Promise<MetricPoints> {
    const remote = await this.#remote(runId);
    return (this.#context.reader as WandbRunSource).metricPoints(remote, key);
  }

  /**
   * Online: the mirror's runs plus the project's other mloop runs on W&B (this process's own
   * copy wins), narrowed server-side where W&B can (experiments, plain tag equality), then filtered, ordered and paged
   * by core's rules, with the memory backend's keyset tokens. Offline: the mirror only.
   */
  async searchRuns(query: TrackerV1RunQuery = {}): Promise<PageV1<TrackerV1Run>> {
    const reader = this.#context.reader;
    if (!reader) return this.#local.searchRuns(query);
    // An empty page first: it checks the query, page size and token before any request.
    pageRuns([], query);
    const runs: TrackerV1Run[] = [];
    let token: string | undefined;
    do {
      const page = await this.#local.searchRuns({ pageSize: MAX_PAGE_SIZE, ...(token ? { pageToken: token } : {}) });
      runs.push(...page.items);
      token = page.nextPageToken;
    } while (token);
    const seen = new Set(runs.map((run) => run.id));
    let names: string[] | undefined;
    if (query.experimentIds) {
      names = [];
      for (const id of query.experimentIds) {
        const experiment = await this.#localOrMissing(() => this.#local.getExperiment(id));
        if (experiment) names.push(experiment.name);
      }
    }
    if (names === undefined || names.length > 0) {
      for (const remote of await reader.runs(wandbRunFilters(query, names))) {
        if (seen.has(remote.run.id) || this.#deleted.has(remote.run.id)) continue;
        seen.add(remote.run.id);
        runs.push(await this.#withExperiment(remote));
      }
    }
    return pageRuns(runs, query);
  }

  async deleteRun(id: string): Promise<void> {
    const state = this.#runs.get(id);
    const deleted = await this.#localOrMissing(() => this.#local.deleteRun(id).then(() => true));
    if (deleted === undefined) {
      // Another process's run: deleted on W&B at once (there is no sender for it here).
      const remote = await this.#remote(id);
      await (this.#context.reader as WandbRunSource).delete(remote);
      this.#deleted.add(id);
      return;
    }
    this.#deleted.add(id);
    if (!state) return;
    this.#runs.delete(id);
    this.#context.sink.append({ t: 'delete', run: state.wandbId });
  }

  /**
   * Ends runs still running (exit code `process.exitCode`, else 0, as W&B's client does at exit:
   * `finished` for 0, else `failed`, ended now) and closes the mirror. The backend's `close()`
   * calls this, then drains the sink.
   * @internal
   */
  endOpenRuns(): void {
    if (this.#closed) return;
    this.#closed = true;
    const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
    for (const state of this.#runs.values()) {
      if (!state.running) continue;
      state.running = false;
      // `_mloop` gets the exact end: otherwise readers fall back on W&B's heartbeatAt, whole
      // seconds of the server's clock, which may come before the run's start.
      state.config._mloop = {
        ...(state.config._mloop as MloopRunConfig),
        status: code === 0 ? 'finished' : 'failed',
        endTime: Math.max(this.#context.now(), state.startTime),
      } satisfies MloopRunConfig;
      try {
        const sink = this.#context.sink;
        sink.append({ t: 'upsert', run: state.wandbId, fields: { config: { ...state.config } } });
        sink.append({ t: 'summary', run: state.wandbId, line: this.#summaryLine(state) });
        sink.append({ t: 'exit', run: state.wandbId, exitCode: code });
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
