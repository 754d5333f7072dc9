import { AlreadyExistsError } from '../errors/already-exists-error';
import { parseOrThrow } from '../errors/from-zod';
import { UnsupportedFunctionalityError } from '../errors/unsupported-functionality-error';
import { UnsupportedSpecVersionError } from '../errors/unsupported-spec-version-error';
import { validateRunQuery } from '../shared/run-query';
import type { ArtifactStoreV1 } from '../spec/artifact-store/v1/artifact-store-v1';
import type { PageV1 } from '../spec/shared/v1/page';
import type { TrackerV1 } from '../spec/tracker/v1/tracker-v1';
import type { TrackerV1Experiment } from '../spec/tracker/v1/tracker-v1-experiment';
import type { TrackerV1Metric, TrackerV1MetricColumns } from '../spec/tracker/v1/tracker-v1-metric';
import type { TrackerV1RunQuery } from '../spec/tracker/v1/tracker-v1-query';
import type { TrackerV1Run } from '../spec/tracker/v1/tracker-v1-run';
import { VERSION } from '../version';
import { Run } from './run';
import {
  type StartRunOptions,
  startRunOptionsSchema,
  type TrackerFacadeOptions,
  trackerFacadeOptionsSchema,
} from './tracker-options';
import { toKeyValues } from './validate';

/** The tracker spec versions this copy of mloop accepts. */
export const SUPPORTED_TRACKER_SPEC_VERSIONS = ['v1'] as const;

/**
 * Checks that `backend` implements a tracker spec version this copy of mloop knows.
 * @throws {UnsupportedSpecVersionError} UNSUPPORTED_SPEC_VERSION otherwise.
 */
export function resolveTracker(backend: TrackerV1): TrackerV1 {
  const version = (backend as { specificationVersion?: unknown })?.specificationVersion;
  if (!(SUPPORTED_TRACKER_SPEC_VERSIONS as readonly unknown[]).includes(version)) {
    throw new UnsupportedSpecVersionError({
      message: `Tracker backend declares specificationVersion ${JSON.stringify(version)}; this @mloop/core accepts ${SUPPORTED_TRACKER_SPEC_VERSIONS.join(', ')}.`,
      version: String(version),
      accepted: SUPPORTED_TRACKER_SPEC_VERSIONS,
    });
  }
  return backend;
}

/**
 * The user-facing tracker: experiments by name, runs with buffered metric logging, search.
 * Built on a backend's `TrackerV1` primitives.
 *
 * @example
 * const run = await mloop.tracker.startRun({ experiment: 'shuttle', params: { nNeighbors: 20 } });
 * run.logMetric('f1', 0.91, { step: 1 });
 * await run.end();
 */
export class Tracker {
  /** The backend's tracker primitives. */
  readonly backend: TrackerV1;
  readonly #artifacts: ArtifactStoreV1 | undefined;
  readonly #options: ReturnType<typeof trackerFacadeOptionsSchema.parse>;
  readonly #now: () => number;
  readonly #openRuns = new Set<Run>();
  readonly #experimentIds = new Map<string, Promise<string>>();

  /**
   * @param backend A `TrackerV1` implementation.
   * @param artifacts The artifact store used by `run.logArtifact`, when there is one.
   * @param options Flush interval and default experiment.
   * @param now Clock in Unix ms.
   */
  constructor(
    backend: TrackerV1,
    artifacts?: ArtifactStoreV1,
    options: TrackerFacadeOptions = {},
    now: () => number = Date.now,
  ) {
    this.backend = resolveTracker(backend);
    this.#artifacts = artifacts;
    this.#options = parseOrThrow(trackerFacadeOptionsSchema, options, 'tracker options');
    this.#now = now;
  }

  /** The experiment with this name, created when missing (safe against a concurrent creator). */
  async getOrCreateExperiment(name: string, tags?: Readonly<Record<string, string>>): Promise<TrackerV1Experiment> {
    const existing = await this.backend.findExperimentByName(name);
    if (existing) return existing;
    try {
      return await this.backend.createExperiment({ name, ...(tags ? { tags } : {}) });
    } catch (error) {
      // Another process may have created it between the lookup and the create.
      if (AlreadyExistsError.isInstance(error)) {
        const created = await this.backend.findExperimentByName(name);
        if (created) return created;
      }
      throw error;
    }
  }

  async #experimentId(name: string): Promise<string> {
    let id = this.#experimentIds.get(name);
    if (!id) {
      id = this.getOrCreateExperiment(name).then((experiment) => experiment.id);
      this.#experimentIds.set(name, id);
      id.catch(() => this.#experimentIds.delete(name));
    }
    return id;
  }

  /**
   * Starts a run (status `running`) in the named experiment, logging initial params and tags.
   * Tags `mloop.sdk.version` is set automatically.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for bad options, names or values.
   */
  async startRun(options: StartRunOptions = {}): Promise<Run> {
    const parsed = parseOrThrow(startRunOptionsSchema, options, 'startRun options');
    const params = toKeyValues(parsed.params ?? {}, 'param');
    const tags = toKeyValues({ 'mloop.sdk.version': VERSION, ...parsed.tags }, 'tag');
    const experimentId = await this.#experimentId(parsed.experiment ?? this.#options.defaultExperiment);
    const created = await this.backend.createRun({
      experimentId,
      startTime: this.#now(),
      ...(parsed.name ? { name: parsed.name } : {}),
      tags: Object.fromEntries(tags.map(({ key, value }) => [key, value])),
    });
    const run = new Run(created, {
      backend: this.backend,
      artifacts: this.#artifacts,
      now: this.#now,
      flushIntervalMs: this.#options.flushIntervalMs,
      onEnded: (ended) => this.#openRuns.delete(ended),
    });
    this.#openRuns.add(run);
    if (params.length > 0) {
      try {
        await run.logParams(parsed.params ?? {});
      } catch (error) {
        await run.end('failed');
        throw error;
      }
    }
    return run;
  }

  /**
   * Runs `fn` inside a run: ends it `finished` when `fn` resolves, `failed` (and rethrows) when it throws.
   * @example
   * const f1 = await mloop.tracker.withRun({ experiment: 'sms' }, async (run) => { run.logMetric('f1', 0.9); return 0.9; });
   */
  async withRun<T>(options: StartRunOptions, fn: (run: Run) => Promise<T> | T): Promise<T> {
    const run = await this.startRun(options);
    let result: T;
    try {
      result = await fn(run);
    } catch (error) {
      await run.end('failed').catch(() => {});
      throw error;
    }
    await run.end('finished');
    return result;
  }

  /** Reads a run. @throws {NotFoundError} NOT_FOUND for an unknown id. */
  getRun(id: string): Promise<TrackerV1Run> {
    return this.backend.getRun(id);
  }

  /** Every point of a metric. @throws {NotFoundError} NOT_FOUND for an unknown run. */
  getMetricHistory(runId: string, key: string): Promise<TrackerV1Metric[]> {
    return this.backend.getMetricHistory(runId, key);
  }

  /** A metric's points column-wise (typed arrays), for charts of many points. @throws {NotFoundError} NOT_FOUND for an unknown run. */
  async getMetricColumns(runId: string, key: string): Promise<TrackerV1MetricColumns> {
    if (this.backend.getMetricColumns) return this.backend.getMetricColumns(runId, key);
    const history = await this.backend.getMetricHistory(runId, key);
    const columns = {
      key,
      values: new Float64Array(history.length),
      steps: new Float64Array(history.length),
      timestamps: new Float64Array(history.length),
    };
    history.forEach((point, index) => {
      columns.values[index] = point.value;
      columns.steps[index] = point.step;
      columns.timestamps[index] = point.timestamp;
    });
    return columns;
  }

  /** Every experiment. */
  listExperiments(): Promise<TrackerV1Experiment[]> {
    return this.backend.listExperiments();
  }

  /**
   * Searches runs; `experiment` names are resolved to ids (an unknown name matches nothing).
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when the backend cannot search.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a malformed query.
   */
  async searchRuns(
    query: TrackerV1RunQuery & { readonly experiments?: readonly string[] } = {},
  ): Promise<PageV1<TrackerV1Run>> {
    if (!this.backend.capabilities.search || !this.backend.searchRuns) {
      throw new UnsupportedFunctionalityError({
        message: `The ${this.backend.backend} tracker cannot search runs.`,
        functionality: 'tracker.searchRuns',
      });
    }
    const { experiments, ...rest } = query;
    validateRunQuery(rest);
    if (experiments) {
      const ids: string[] = [...(rest.experimentIds ?? [])];
      for (const name of experiments) {
        const experiment = await this.backend.findExperimentByName(name);
        if (experiment) ids.push(experiment.id);
      }
      if (ids.length === 0) return { items: [] };
      return this.backend.searchRuns({ ...rest, experimentIds: ids });
    }
    return this.backend.searchRuns(rest);
  }

  /** Every run matching `query`, walking all pages. */
  async *iterateRuns(
    query: TrackerV1RunQuery & { readonly experiments?: readonly string[] } = {},
  ): AsyncGenerator<TrackerV1Run> {
    let pageToken: string | undefined;
    do {
      const page = await this.searchRuns({ ...query, ...(pageToken ? { pageToken } : {}) });
      yield* page.items;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  /**
   * Deletes a run.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when the backend cannot delete runs.
   */
  async deleteRun(id: string): Promise<void> {
    if (!this.backend.capabilities.deleteRuns || !this.backend.deleteRun) {
      throw new UnsupportedFunctionalityError({
        message: `The ${this.backend.backend} tracker cannot delete runs.`,
        functionality: 'tracker.deleteRun',
      });
    }
    await this.backend.deleteRun(id);
  }

  /** Flushes every open run and waits for the acknowledgements. */
  async flush(): Promise<void> {
    await Promise.all([...this.#openRuns].map((run) => run.flush()));
  }

  /** The runs started by this facade that have not ended. */
  get openRuns(): readonly Run[] {
    return [...this.#openRuns];
  }
}

/** Wraps a backend's tracker primitives in the user-facing {@link Tracker}. */
export function createTracker(
  backend: TrackerV1,
  options: TrackerFacadeOptions & { artifacts?: ArtifactStoreV1; now?: () => number } = {},
): Tracker {
  const { artifacts, now, ...facadeOptions } = options;
  return new Tracker(backend, artifacts, facadeOptions, now);
}
