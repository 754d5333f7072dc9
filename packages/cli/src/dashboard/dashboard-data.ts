import {
  type Mloop,
  type RegistryV1AliasEvent,
  SWEEP_TAGS,
  type TrackerV1Experiment,
  type TrackerV1Run,
  type TrackerV1RunQuery,
} from '@mloop/core';
import { parseRunFilters, parseRunOrder, parseStatuses } from '../cli/run-query-syntax';
import { type RunSummary, summarizeRun } from '../cli/run-summary';
import { type DownsampledSeries, lttb } from './downsample';

/** One page of the runs table. */
export interface RunsPage {
  /** The runs of this page. */
  readonly items: readonly RunSummary[];
  /** Token of the next page, when there is one. */
  readonly nextPageToken?: string;
  /** Param and metric names present on this page, for the table's columns. */
  readonly columns: { readonly params: readonly string[]; readonly metrics: readonly string[] };
}

/** A sweep as the sweeps page lists it. */
export interface SweepSummary {
  /** Sweep id (the `mloop.sweep` tag). */
  readonly id: string;
  /** Experiment name. */
  readonly experiment: string;
  /** Number of trials. */
  readonly trials: number;
  /** Metric names logged by its trials. */
  readonly metrics: readonly string[];
  /** First trial start, Unix ms. */
  readonly startTime: number;
}

/** One trial of a sweep (a point of the parallel-coordinates view). */
export interface SweepTrialPoint {
  /** Run id. */
  readonly runId: string;
  /** Trial index. */
  readonly trial: number;
  /** Parameter values (numbers or strings). */
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** Latest metrics. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Run status. */
  readonly status: string;
}

/** A drift report found in the store. */
export interface DriftReportEntry {
  /** The run carrying it. */
  readonly runId: string;
  /** Run name. */
  readonly runName: string;
  /** Experiment name. */
  readonly experiment: string;
  /** Run start, Unix ms. */
  readonly at: number;
  /** The HTML artifact's name, when present. */
  readonly html?: string;
  /** The JSON artifact's name, when present. */
  readonly json?: string;
  /** Share of drifted columns, when logged. */
  readonly share?: number;
  /** Whether dataset drift was detected, when known. */
  readonly driftDetected?: boolean;
}

/** One event of the loop timeline. */
export interface LoopTimelineEvent {
  /** Unix ms. */
  readonly at: number;
  /** What happened. */
  readonly type: 'monitor' | 'decide' | 'retrain' | 'promote' | 'keep' | 'alias' | 'error';
  /** The model (from the loop experiment `loop:<model>`, or the alias event). */
  readonly model: string;
  /** Loop cycle, when known. */
  readonly cycle?: number;
  /** The run behind the event. */
  readonly runId?: string;
  /** One line for people. */
  readonly summary: string;
  /** Numbers shown with it (drift scores, live metrics, challenger/champion metrics). */
  readonly metrics?: Readonly<Record<string, number>>;
}

const MAX_SCAN = 5000;

/** The query of one runs-table page. */
export interface RunsQuery {
  /** Experiment names. */
  readonly experiments?: readonly string[];
  /** Comma-separated statuses. */
  readonly status?: string;
  /** Filter expression (`metrics.f1 > 0.8 and …`). */
  readonly filter?: string;
  /** Order expression (`metrics.f1:desc`). */
  readonly order?: string;
  /** Page size, 1–500; default 50. */
  readonly pageSize?: number;
  /** Token of the page. */
  readonly pageToken?: string;
}

const MAX_CACHED_PAGES = 64;

/**
 * The read side of the dashboard: the queries behind each page. Runs pages are cached until
 * {@link DashboardData.invalidate} (called when the store changes), and the next page is fetched
 * ahead, because a backend may scan every run to answer one page (the SQLite one does).
 */
export class DashboardData {
  /** The store. */
  readonly mloop: Mloop;
  readonly #pages = new Map<string, Promise<RunsPage>>();
  readonly #caching: boolean;

  /**
   * @param mloop The store.
   * @param options `cache: false` asks the backend on every request (when nothing tells the dashboard about changes).
   */
  constructor(mloop: Mloop, options: { cache?: boolean } = {}) {
    this.mloop = mloop;
    this.#caching = options.cache ?? true;
  }

  /** Forgets cached pages (the store changed). */
  invalidate(): void {
    this.#pages.clear();
  }

  /** Experiments by id. */
  async experiments(): Promise<Map<string, TrackerV1Experiment>> {
    return new Map((await this.mloop.tracker.listExperiments()).map((experiment) => [experiment.id, experiment]));
  }

  /**
   * One page of runs, paged and filtered in the backend.
   * @param options `prefetch: false` does not fetch the following page ahead.
   * @throws {CliUsageError} for a filter or order that does not parse.
   */
  runs(query: RunsQuery, options: { readonly prefetch?: boolean } = {}): Promise<RunsPage> {
    if (!this.#caching) return this.#runs(query);
    const key = JSON.stringify([
      query.experiments ?? [],
      query.status ?? '',
      query.filter ?? '',
      query.order ?? '',
      query.pageSize ?? 50,
      query.pageToken ?? '',
    ]);
    let page = this.#pages.get(key);
    if (!page) {
      if (this.#pages.size >= MAX_CACHED_PAGES) this.#pages.delete(this.#pages.keys().next().value as string);
      page = this.#runs(query);
      this.#pages.set(key, page);
      page.then(
        (result) => {
          // Fetch the next page ahead (one page only: the prefetch itself does not chain), after
          // this response has gone out.
          if (options.prefetch !== false && result.nextPageToken && this.#pages.get(key) === page) {
            const next = { ...query, pageToken: result.nextPageToken };
            setTimeout(() => void this.runs(next, { prefetch: false }).catch(() => undefined), 0);
          }
        },
        () => this.#pages.delete(key),
      );
    }
    return page;
  }

  async #runs(query: RunsQuery): Promise<RunsPage> {
    const search: TrackerV1RunQuery & { experiments?: readonly string[] } = {
      pageSize: Math.min(Math.max(query.pageSize ?? 50, 1), 500),
      ...(query.experiments?.length ? { experiments: query.experiments } : {}),
      ...(query.status ? { statuses: parseStatuses(query.status) } : {}),
      ...(query.filter ? { filters: parseRunFilters(query.filter) } : {}),
      ...(query.order ? { orderBy: parseRunOrder(query.order) } : {}),
      ...(query.pageToken ? { pageToken: query.pageToken } : {}),
    };
    const [page, experiments] = await Promise.all([this.mloop.tracker.searchRuns(search), this.experiments()]);
    const items = page.items.map((run) => summarizeRun(run, experiments));
    const params = [...new Set(items.flatMap((item) => Object.keys(item.params)))].sort();
    const metrics = [...new Set(items.flatMap((item) => Object.keys(item.metrics)))].sort();
    return {
      items,
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
      columns: { params, metrics },
    };
  }

  /** A run with its experiment name. */
  async run(id: string): Promise<{ run: TrackerV1Run; experiment: string }> {
    const run = await this.mloop.tracker.getRun(id);
    const experiment = (await this.experiments()).get(run.experimentId)?.name ?? '';
    return { run, experiment };
  }

  /** Metric histories of a run, each reduced to at most `points` points (LTTB) for drawing. */
  async metricSeries(
    runId: string,
    keys: readonly string[],
    points: number,
  ): Promise<(DownsampledSeries & { key: string })[]> {
    return Promise.all(
      keys.map(async (key) => {
        const columns = await this.mloop.tracker.getMetricColumns(runId, key);
        return { key, ...lttb(columns.steps, columns.values, points) };
      }),
    );
  }

  async #scan(query: TrackerV1RunQuery, limit = MAX_SCAN): Promise<TrackerV1Run[]> {
    const runs: TrackerV1Run[] = [];
    // One big page: a backend that scans every run per page (SQLite) then scans once.
    for await (const run of this.mloop.tracker.iterateRuns({ pageSize: Math.min(limit, 10_000), ...query })) {
      runs.push(run);
      if (runs.length >= limit) break;
    }
    return runs;
  }

  /** Sweeps found in the store (runs tagged `mloop.sweep`), newest first. */
  async sweeps(): Promise<SweepSummary[]> {
    const runs = await this.#scan({ filters: [{ kind: 'tag', key: SWEEP_TAGS.sweep, op: 'contains', value: '' }] });
    const experiments = await this.experiments();
    const byId = new Map<string, { experiment: string; trials: number; metrics: Set<string>; startTime: number }>();
    for (const run of runs) {
      const id = run.tags[SWEEP_TAGS.sweep];
      const entry = byId.get(id) ?? {
        experiment: experiments.get(run.experimentId)?.name ?? '',
        trials: 0,
        metrics: new Set<string>(),
        startTime: run.startTime,
      };
      entry.trials++;
      for (const key of Object.keys(run.metrics)) entry.metrics.add(key);
      entry.startTime = Math.min(entry.startTime, run.startTime);
      byId.set(id, entry);
    }
    return [...byId.entries()]
      .map(([id, entry]) => ({
        id,
        experiment: entry.experiment,
        trials: entry.trials,
        metrics: [...entry.metrics].sort(),
        startTime: entry.startTime,
      }))
      .sort((a, b) => b.startTime - a.startTime);
  }

  /** The trials of one sweep, by trial index. */
  async sweep(id: string): Promise<SweepTrialPoint[]> {
    const runs = await this.#scan({ filters: [{ kind: 'tag', key: SWEEP_TAGS.sweep, op: '=', value: id }] });
    return runs
      .map((run) => {
        let params: Record<string, number | string | boolean> = {};
        try {
          params = JSON.parse(run.tags[SWEEP_TAGS.params] ?? '{}') as Record<string, number | string | boolean>;
        } catch {
          params = { ...run.params };
        }
        const metrics: Record<string, number> = {};
        for (const [key, metric] of Object.entries(run.metrics)) metrics[key] = metric.value;
        return { runId: run.id, trial: Number(run.tags[SWEEP_TAGS.trial] ?? -1), params, metrics, status: run.status };
      })
      .sort((a, b) => a.trial - b.trial);
  }

  /** Drift reports: runs with a drift artifact (or tagged by `mloop drift --log`), newest first. */
  async driftReports(): Promise<DriftReportEntry[]> {
    const experiments = await this.experiments();
    const runs = await this.#scan({}, 2000);
    const entries: DriftReportEntry[] = [];
    for (const run of runs) {
      const drift = run.artifacts.filter((artifact) => /drift/i.test(artifact.name));
      const html = drift.find(
        (artifact) => artifact.mediaType.startsWith('text/html') || artifact.name.endsWith('.html'),
      );
      const json = drift.find((artifact) => artifact.mediaType.includes('json') || artifact.name.endsWith('.json'));
      if (!html && !json) continue;
      const shareMetric = run.metrics['drift.share_of_drifted_columns'] ?? run.metrics.share_of_drifted_columns;
      const detected = run.tags['mloop.drift.detected'];
      entries.push({
        runId: run.id,
        runName: run.name,
        experiment: experiments.get(run.experimentId)?.name ?? '',
        at: run.startTime,
        ...(html ? { html: html.name } : {}),
        ...(json ? { json: json.name } : {}),
        ...(shareMetric ? { share: shareMetric.value } : {}),
        ...(detected === undefined ? {} : { driftDetected: detected === 'true' }),
      });
    }
    return entries;
  }

  /** The loop's timeline: monitor / decide / retrain / promote events from loop runs, plus alias moves, newest first. */
  async loopTimeline(limit = 500): Promise<LoopTimelineEvent[]> {
    const experiments = await this.experiments();
    const runs = await this.#scan(
      { filters: [{ kind: 'tag', key: 'mloop.loop.step', op: 'contains', value: '' }] },
      limit,
    );
    const events: LoopTimelineEvent[] = [];
    const models = new Set<string>();
    for (const run of runs) {
      const experiment = experiments.get(run.experimentId)?.name ?? '';
      const model = experiment.startsWith('loop:') ? experiment.slice(5) : experiment;
      models.add(model);
      const cycle = Number(run.tags['mloop.loop.cycle']);
      const base = { model, ...(Number.isFinite(cycle) ? { cycle } : {}), runId: run.id };
      const metrics = (prefixes: string[]) => {
        const out: Record<string, number> = {};
        for (const [key, metric] of Object.entries(run.metrics))
          if (prefixes.some((prefix) => key.startsWith(prefix))) out[key] = metric.value;
        return out;
      };
      if (run.tags['mloop.loop.step'] === 'train') {
        events.push({
          ...base,
          at: run.startTime,
          type: 'retrain',
          summary: `retrained (${run.status})`,
          metrics: metrics(['']),
        });
        continue;
      }
      events.push({
        ...base,
        at: run.startTime,
        type: 'monitor',
        summary: `cycle ${run.tags['mloop.loop.cycle'] ?? '?'} (${run.tags['mloop.loop.trigger'] ?? 'manual'})`,
        metrics: metrics(['drift.', 'live.']),
      });
      const decision = run.tags['mloop.loop.decision'];
      if (decision) {
        let reasons = '';
        try {
          const parsed = JSON.parse(run.tags['mloop.loop.reasons'] ?? '[]') as { fired?: boolean; message?: string }[];
          reasons = parsed
            .filter((reason) => reason.fired)
            .map((reason) => reason.message)
            .join('; ');
        } catch {
          reasons = '';
        }
        events.push({
          ...base,
          at: run.startTime + 1,
          type: 'decide',
          summary: `decision: ${decision}${reasons ? ` — ${reasons}` : ''}`,
        });
      }
      const promotion = run.tags['mloop.loop.promotion'];
      if (promotion) {
        events.push({
          ...base,
          at: (run.endTime ?? run.startTime) + 0,
          type: promotion === 'promote' ? 'promote' : 'keep',
          summary: `${promotion === 'promote' ? 'promoted' : 'kept champion over'} v${run.tags['mloop.loop.challenger'] ?? '?'}: ${run.tags['mloop.loop.promotion.reasons'] ?? ''}`,
          metrics: metrics(['challenger.', 'champion.']),
        });
      }
      if (run.tags['mloop.loop.error']) {
        events.push({
          ...base,
          at: run.endTime ?? run.startTime,
          type: 'error',
          summary: run.tags['mloop.loop.error'],
        });
      }
    }
    if (this.mloop.hasRegistry) {
      for (const model of models) {
        let history: RegistryV1AliasEvent[] = [];
        try {
          history = await this.mloop.registry.aliasHistory(model);
        } catch {
          continue;
        }
        for (const event of history) {
          events.push({
            at: event.at,
            type: 'alias',
            model,
            summary: `${event.alias}: ${event.previousVersion === null ? '∅' : `v${event.previousVersion}`} → ${event.version === null ? '∅' : `v${event.version}`} (${event.action}${event.reason ? `: ${event.reason}` : ''})`,
          });
        }
      }
    }
    return events.sort((a, b) => b.at - a.at);
  }

  /** A cheap fingerprint of what the pages show; it changes when runs, metrics or the registry change. */
  async fingerprint(): Promise<string> {
    const page = await this.mloop.tracker.searchRuns({ pageSize: 20 });
    const parts = page.items.map(
      (run) =>
        `${run.id}:${run.status}:${Object.values(run.metrics)
          .map((metric) => `${metric.step}/${metric.timestamp}`)
          .join(',')}`,
    );
    if (this.mloop.hasRegistry) {
      const models = await this.mloop.registry.listModels();
      parts.push(...models.map((model) => `${model.name}:${model.updatedAt}:${model.latestVersion}`));
    }
    return parts.join('|');
  }
}
