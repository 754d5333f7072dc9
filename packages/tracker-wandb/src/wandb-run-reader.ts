import type { TrackerV1Metric, TrackerV1Run, TrackerV1RunStatus } from '@mloop/core';
import { parseExtended } from './extended-json';
import { type MloopRunConfig, readMloopRunConfig } from './mloop-run-config';
import { DOCUMENTS } from './wandb-graphql';
import type { WandbHttp } from './wandb-http';
import { columnOf, metricOf, paramOf } from './wandb-keys';

/**
 * Read queries as W&B's public API client sends them (wandb/apis/public/runs.py `Runs`,
 * history.py `HistoryScan`): runs are listed through `project.runs(filters, order, first, after)`
 * with cursor paging, history through `run.history(minStep, maxStep, samples)` pages.
 * @internal
 */
export const READ_DOCUMENTS = {
  Viewer: 'query Viewer { viewer { id entity username } }',
  Runs: `query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {
  project(name: $project, entityName: $entity) {
    runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {
      edges { node { id name displayName state config group createdAt heartbeatAt notes tags summaryMetrics historyLineCount } cursor }
      pageInfo { endCursor hasNextPage }
    }
  }
}`,
  HistoryPage: `query HistoryPage($entity: String!, $project: String!, $run: String!, $minStep: Int64!, $maxStep: Int64!, $pageSize: Int!) {
  project(name: $project, entityName: $entity) { run(name: $run) { history(minStep: $minStep, maxStep: $maxStep, samples: $pageSize) } }
}`,
} as const;

/** A run node of the `Runs` query. @internal */
export interface WandbRunNode {
  readonly id: string;
  readonly name: string;
  readonly displayName: string | null;
  readonly state: string;
  readonly config: string | null;
  readonly group: string | null;
  readonly createdAt: string;
  readonly heartbeatAt: string | null;
  readonly tags: readonly string[];
  readonly summaryMetrics: string | null;
  readonly historyLineCount: number | null;
}

/** A W&B run written by mloop, decoded. */
export interface RemoteRun {
  /** W&B's storage id (for `DeleteRun`). */
  readonly storageId: string;
  /** The W&B run id (8 characters). */
  readonly wandbId: string;
  /** History lines W&B holds. */
  readonly historyLineCount: number;
  /** The `_mloop` config value. */
  readonly mloop: MloopRunConfig;
  /** The run, with `experimentId` still to be filled in by the tracker. */
  readonly run: Omit<TrackerV1Run, 'experimentId'>;
}

/** Runs per `Runs` request (W&B's client asks for 50; larger pages mean fewer round trips). */
const RUNS_PER_PAGE = 100;
/** History rows per `HistoryPage` request, as W&B's `scan_history` default. */
export const HISTORY_PAGE_ROWS = 1_000;

/**
 * W&B answers times as `2026-12-01T15:52:43` (UTC, often without a zone); Unix ms, or NaN.
 */
export function wandbTime(value: string | null | undefined): number {
  if (!value) return Number.NaN;
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
}

/**
 * A W&B `_timestamp` (seconds, written as `ms / 1000`) back in Unix ms: the integer whose
 * quotient it is when there is one (the usual `Date.now()` case, exact), else the product.
 */
export function timestampMs(seconds: number): number {
  const product = seconds * 1000;
  const rounded = Math.round(product);
  return rounded / 1000 === seconds ? rounded : product;
}

/** A config value (W&B wraps it as `{ value, desc }`) as mloop's param string. */
function paramString(wrapped: unknown): string {
  const value =
    typeof wrapped === 'object' && wrapped !== null && 'value' in wrapped
      ? (wrapped as { value: unknown }).value
      : wrapped;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? 'null';
}

/** mloop's status from the recorded one and W&B's run state (a run its process never ended). */
function statusOf(recorded: TrackerV1RunStatus, state: string): TrackerV1RunStatus {
  if (recorded !== 'running') return recorded;
  switch (state) {
    case 'finished':
      return 'finished';
    case 'killed':
    case 'preempted':
      return 'killed';
    case 'failed':
    case 'crashed':
      return 'failed';
    default:
      return 'running';
  }
}

/** Decodes a run node; undefined for runs mloop did not write. @internal */
export function decodeRunNode(node: WandbRunNode): RemoteRun | undefined {
  const config = (node.config ? parseExtended(node.config) : {}) as Record<string, unknown>;
  const wrapped = config._mloop as { value?: unknown } | undefined;
  const mloop = readMloopRunConfig(wrapped?.value ?? wrapped, wandbTime(node.createdAt));
  if (!mloop) return undefined;
  const params: Record<string, string> = {};
  for (const [configKey, value] of Object.entries(config)) {
    const param = paramOf(configKey);
    if (param !== undefined) params[param] = paramString(value);
  }
  const summary = (node.summaryMetrics ? parseExtended(node.summaryMetrics) : {}) as Record<string, unknown>;
  const latest = ((summary._mloop as { latest?: unknown } | undefined)?.latest ?? {}) as Record<string, unknown>;
  const metrics: Record<string, TrackerV1Metric> = {};
  for (const [column, position] of Object.entries(latest)) {
    const value = summary[column];
    if (typeof value !== 'number' || !Array.isArray(position)) continue;
    const [step, timestamp] = position as [number, number];
    const key = metricOf(column);
    metrics[key] = { key, value, step, timestamp };
  }
  const status = statusOf(mloop.status, node.state);
  const heartbeat = wandbTime(node.heartbeatAt);
  // heartbeatAt is whole seconds of the server's clock: it may fall before a start in the same second.
  const endTime =
    mloop.endTime ??
    (status !== 'running' && Number.isFinite(heartbeat) ? Math.max(heartbeat, mloop.startTime) : undefined);
  return {
    storageId: node.id,
    wandbId: node.name,
    historyLineCount: node.historyLineCount ?? 0,
    mloop,
    run: {
      id: mloop.runId,
      name: node.displayName ?? node.name,
      status,
      startTime: mloop.startTime,
      ...(endTime === undefined ? {} : { endTime }),
      params,
      metrics,
      tags: { ...mloop.tags },
      inputs: mloop.inputs ? structuredClone(mloop.inputs) : [],
      artifacts: mloop.artifacts ? structuredClone(mloop.artifacts) : [],
    },
  };
}

/** One metric's points from history rows, in row order. */
export interface MetricPoints {
  /** The values; NaN and ±Infinity kept. */
  readonly values: number[];
  /** mloop's steps. */
  readonly steps: number[];
  /** The timestamps, Unix ms. */
  readonly timestamps: number[];
}

/** Where the tracker reads runs other processes wrote (W&B online). */
export interface WandbRunSource {
  /** Every mloop run of the project matching W&B `filters` (MongoDB style). */
  runs(filters: Record<string, unknown>): Promise<RemoteRun[]>;
  /** The W&B run holding mloop run `runId`, if any. */
  run(runId: string): Promise<RemoteRun | undefined>;
  /** The points of one metric, in history order of rows. */
  metricPoints(remote: RemoteRun, key: string): Promise<MetricPoints>;
  /** Deletes the run on W&B. */
  delete(remote: RemoteRun): Promise<void>;
}

/**
 * Reads runs and history back from W&B over GraphQL, so a process sees runs that another one
 * wrote. Network failures surface as the HTTP layer's retryable `BackendError`s (key scrubbed).
 * @internal
 */
export class WandbRunReader implements WandbRunSource {
  readonly #http: WandbHttp;
  readonly #project: string;
  #entity: string | undefined;

  constructor(http: WandbHttp, project: string, entity: string | null) {
    this.#http = http;
    this.#project = project;
    if (entity !== null) this.#entity = entity;
  }

  /** The configured entity, else the key's default (asked once). */
  async #where(): Promise<{ entity: string; project: string }> {
    if (this.#entity === undefined) {
      const data = await this.#http.graphql<{ viewer: { entity: string } }>('Viewer', READ_DOCUMENTS.Viewer, {});
      this.#entity = data.viewer.entity;
    }
    return { entity: this.#entity, project: this.#project };
  }

  /** Every mloop run matching W&B `filters`, following the cursor to the last page. */
  async runs(filters: Record<string, unknown>): Promise<RemoteRun[]> {
    const where = await this.#where();
    const out: RemoteRun[] = [];
    let cursor: string | null = null;
    for (;;) {
      const data: {
        project: {
          runs: {
            edges: { node: WandbRunNode; cursor: string }[];
            pageInfo: { endCursor: string | null; hasNextPage: boolean };
          };
        } | null;
      } = await this.#http.graphql('Runs', READ_DOCUMENTS.Runs, {
        ...where,
        cursor,
        perPage: RUNS_PER_PAGE,
        order: '+created_at',
        filters: JSON.stringify(filters),
      });
      if (!data.project) return out;
      const { edges, pageInfo } = data.project.runs;
      for (const edge of edges) {
        const run = decodeRunNode(edge.node);
        if (run) out.push(run);
      }
      if (!pageInfo.hasNextPage || edges.length === 0) return out;
      cursor = pageInfo.endCursor ?? edges[edges.length - 1]?.cursor ?? null;
    }
  }

  /**
   * The W&B run holding mloop run `runId`, if any: asked for with a nested config filter in the
   * form W&B documents (`config._mloop.runId`), and, when that finds nothing, looked for in the
   * unfiltered listing, since W&B servers were reported to answer nested config paths with no
   * runs (wandb/wandb#2819, #3087).
   */
  async run(runId: string): Promise<RemoteRun | undefined> {
    const isIt = (candidate: RemoteRun) => candidate.run.id === runId;
    const found = (await this.runs({ 'config._mloop.runId': runId })).find(isIt);
    return found ?? (await this.runs({})).find(isIt);
  }

  /** Deletes a run on W&B (`DeleteRun`, its artifacts kept, as for runs this process wrote). */
  async delete(remote: RemoteRun): Promise<void> {
    await this.#http.graphql('DeleteRun', DOCUMENTS.DeleteRun, { id: remote.storageId, deleteArtifacts: false });
  }

  /**
   * The points of `key` from the run's history, scanned page by page like `scan_history`. A row
   * holds at most one point of a key; mloop's step is the `mloop/step` column (`_step` is the row
   * number) and the time `_timestamp`.
   */
  async metricPoints(remote: RemoteRun, key: string): Promise<MetricPoints> {
    const where = await this.#where();
    const points: MetricPoints = { values: [], steps: [], timestamps: [] };
    const column = columnOf(key);
    const quoted = JSON.stringify(column);
    for (let minStep = 0; minStep < remote.historyLineCount; minStep += HISTORY_PAGE_ROWS) {
      const maxStep = Math.min(minStep + HISTORY_PAGE_ROWS, remote.historyLineCount);
      const data = await this.#http.graphql<{ project: { run: { history: string[] } | null } | null }>(
        'HistoryPage',
        READ_DOCUMENTS.HistoryPage,
        { ...where, run: remote.wandbId, minStep, maxStep, pageSize: HISTORY_PAGE_ROWS },
      );
      for (const line of data.project?.run?.history ?? []) {
        // Most rows of a many-metric run lack the key: skip them before parsing.
        if (!line.includes(quoted)) continue;
        const row = parseExtended(line) as Record<string, unknown>;
        const value = row[column];
        if (typeof value !== 'number') continue;
        const step = row['mloop/step'];
        const seconds = row._timestamp;
        points.values.push(value);
        points.steps.push(typeof step === 'number' ? step : (row._step as number));
        points.timestamps.push(typeof seconds === 'number' ? timestampMs(seconds) : 0);
      }
    }
    return points;
  }
}
