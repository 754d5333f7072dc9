import { parseOrThrow } from '../errors/from-zod';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { NotFoundError } from '../errors/not-found-error';
import type { Mloop } from '../mloop/create-mloop';
import { sha256Hex } from '../numeric/digest';
import { SeededRandom } from '../numeric/random';
import { decodeModelDocument, encodeModelDocument } from '../registry/model-document-codec';
import type { EstimatorV1 } from '../spec/model/v1/estimator-v1';
import type { ModelJSONV1 } from '../spec/model/v1/model-json-v1';
import type { RegistryV1Version } from '../spec/registry/v1/registry-v1-version';
import type { TrackerV1Run } from '../spec/tracker/v1/tracker-v1-run';
import type { Run } from '../tracking/run';
import { type BayesSuggestionInfo, suggestBayes } from './bayes-search';
import { shouldStopTrial } from './early-terminate';
import { SweepSpace, valuesKey } from './parameter-space';
import { type ResolvedSweepConfig, type SweepConfig, type SweepValue, sweepConfigSchema } from './sweep-config';

/** Tags every trial run carries, so a sweep can be found, resumed and replayed. */
export const SWEEP_TAGS = {
  /** The sweep id. */
  sweep: 'mloop.sweep',
  /** The trial's index in the sweep, from 0. */
  trial: 'mloop.sweep.trial',
  /** The trial's parameter values as JSON (run params are strings; this keeps their types). */
  params: 'mloop.sweep.params',
  /** `'early'` when early termination stopped the trial. */
  stopped: 'mloop.sweep.stopped',
  /** The message of the error that failed the trial. */
  error: 'mloop.sweep.error',
} as const;

/** The handle a trial's train function gets. */
export interface SweepTrialContext {
  /** The trial's index in the sweep, from 0. */
  readonly index: number;
  /** The trial's tracker run (already tagged and holding the params). */
  readonly run: Run;
  /**
   * Logs metrics on the trial's run; a value of the sweep metric is also one report for early
   * termination, after which `shouldStop` may turn true.
   */
  report(metrics: Readonly<Record<string, number>>, step?: number): void;
  /** True once early termination decided this trial should stop; return from `train` soon. */
  readonly shouldStop: boolean;
}

/** What a train function returns: final metrics (logged on the run) and, optionally, the model. */
export interface SweepTrialResult {
  /** Final metrics; the sweep metric here counts as a report. */
  readonly metrics?: Readonly<Record<string, number>>;
  /** The fitted model, stored as `model.json` on the run so `registerBest` can register it. */
  readonly model?: EstimatorV1<unknown> | ModelJSONV1;
}

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** Where trials are tracked (and models stored). */
  readonly mloop: Mloop;
  /** The sweep definition (W&B shape, camelCase keys). */
  readonly config: SweepConfig;
  /** Trains and evaluates one trial. Throwing fails the trial, not the sweep. */
  readonly train: (
    params: Record<string, SweepValue>,
    trial: SweepTrialContext,
  ) => Promise<SweepTrialResult | undefined> | SweepTrialResult | undefined;
  /** Sweep id; running again with the same id resumes. Default: from the name, config and seed. */
  readonly id?: string;
  /** Experiment of the trial runs (default `sweep-<name>`). */
  readonly experiment?: string;
  /** Seed of every random choice (default 0): the same seed suggests the same trials. */
  readonly seed?: number;
  /** Trials run at once (default 1). */
  readonly concurrency?: number;
  /** Called after each trial ends. */
  readonly onTrial?: (trial: SweepTrial) => void;
}

/** One trial of a sweep. */
export interface SweepTrial {
  /** Its index, from 0. */
  readonly index: number;
  /** Its tracker run. */
  readonly runId: string;
  /** The parameter values it ran with. */
  readonly params: Readonly<Record<string, SweepValue>>;
  /** `finished`, `stopped` (early termination) or `failed`. */
  readonly status: 'finished' | 'stopped' | 'failed';
  /** Its best value of the sweep metric (max when maximising), if it reported one. */
  readonly value?: number;
  /** Whether it ran in an earlier invocation (a resumed sweep). */
  readonly resumed: boolean;
  /** Why Bayes search chose it (Bayes sweeps). */
  readonly suggestion?: BayesSuggestionInfo;
}

/** The outcome of {@link runSweep}. */
export interface SweepResult {
  /** The sweep id (tag `mloop.sweep` on every trial run). */
  readonly id: string;
  /** The validated config. */
  readonly config: ResolvedSweepConfig;
  /** Every trial, earlier invocations included, by index. */
  readonly trials: readonly SweepTrial[];
  /** The trial with the best metric value, if any reported one. */
  readonly best: SweepTrial | undefined;
}

interface TrialRecord {
  index: number;
  params: Record<string, SweepValue>;
  history: number[];
  done: boolean;
  trial?: SweepTrial;
}

function sweepId(config: ResolvedSweepConfig, seed: number): string {
  const digest = sha256Hex(JSON.stringify({ ...config, seed }));
  return `${config.name}-${digest.slice(0, 12)}`;
}

function objective(config: ResolvedSweepConfig, value: number): number {
  return config.metric.goal === 'maximize' ? -value : value;
}

/**
 * Runs (or resumes) a hyperparameter sweep: grid, random or Bayes (GP + expected improvement)
 * search, with Hyperband or median early termination. Every trial is a tracker run tagged with the
 * sweep id; running the same sweep again skips the trials already done, marks trials a crash left
 * running as failed, and continues up to `runCap`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the config path of a bad setting.
 * @example
 * const result = await runSweep({
 *   mloop,
 *   config: { method: 'bayes', metric: { name: 'f1', goal: 'maximize' }, runCap: 20,
 *     parameters: { nNeighbors: { min: 5, max: 50 }, contamination: { min: 0.01, max: 0.2 } } },
 *   train: async (params) => ({ metrics: { f1: await evaluate(params) } }),
 * });
 * console.log(bestTrial(result));
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepResult> {
  const config = parseOrThrow(sweepConfigSchema, options.config, 'sweep config');
  const seed = options.seed ?? 0;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidArgumentError({
      message: `concurrency must be an integer ≥ 1, got ${concurrency}.`,
      field: 'concurrency',
    });
  }
  const space = new SweepSpace(config.parameters);
  const grid = config.method === 'grid' ? space.grid() : undefined;
  if (grid && config.randomizeOrder) new SeededRandom(seed).shuffle(grid);
  if (!grid && config.runCap === undefined) {
    throw new InvalidArgumentError({
      message: `runCap is required for a ${config.method} sweep (it would never end).`,
      field: 'runCap',
    });
  }
  const runCap = config.runCap ?? (grid as unknown[]).length;
  const id = options.id ?? sweepId(config, seed);
  const experiment = options.experiment ?? `sweep-${config.name}`;
  const { tracker } = options.mloop;
  const records = new Map<number, TrialRecord>();

  // Resume: read the trials an earlier invocation ran.
  const previous: TrackerV1Run[] = [];
  for await (const run of tracker.iterateRuns({
    experiments: [experiment],
    filters: [{ kind: 'tag', key: SWEEP_TAGS.sweep, op: '=', value: id }],
  })) {
    previous.push(run);
  }
  for (const run of previous) {
    const index = Number(run.tags[SWEEP_TAGS.trial]);
    const params = JSON.parse(run.tags[SWEEP_TAGS.params] ?? '{}') as Record<string, SweepValue>;
    if (run.status === 'running') {
      // A crash left it running: it failed, and a grid point will be tried again.
      await tracker.backend.updateRun(run.id, { status: 'failed', endTime: Date.now() });
      continue;
    }
    const history = run.metrics[config.metric.name]
      ? (await tracker.getMetricColumns(run.id, config.metric.name)).values
      : [];
    const values = Array.from(history, (v) => objective(config, v)).filter(Number.isFinite);
    const status = run.status === 'finished' ? (run.tags[SWEEP_TAGS.stopped] ? 'stopped' : 'finished') : 'failed';
    if (status === 'failed' && grid) continue;
    const best = values.length > 0 ? Math.min(...values) : undefined;
    records.set(index, {
      index,
      params,
      history: values,
      done: true,
      trial: {
        index,
        runId: run.id,
        params,
        status,
        resumed: true,
        ...(best === undefined ? {} : { value: objective(config, best) }),
      },
    });
  }
  const doneKeys = new Set([...records.values()].map((record) => valuesKey(record.params)));
  let nextIndex = previous.reduce((max, run) => Math.max(max, Number(run.tags[SWEEP_TAGS.trial]) + 1), 0);
  let gridCursor = 0;

  const targetReached = () => {
    const target = config.metric.target;
    if (target === undefined) return false;
    return [...records.values()].some((r) => r.history.some((v) => v <= objective(config, target)));
  };

  const nextSuggestion = ():
    | { index: number; params: Record<string, SweepValue>; info?: BayesSuggestionInfo }
    | undefined => {
    if (records.size >= runCap || targetReached()) return undefined;
    const index = nextIndex;
    if (grid) {
      while (gridCursor < grid.length && doneKeys.has(valuesKey(grid[gridCursor]))) gridCursor++;
      if (gridCursor >= grid.length) return undefined;
      nextIndex++;
      return { index, params: grid[gridCursor++] };
    }
    nextIndex++;
    // One generator per trial index: the same seed suggests the same trial whatever was resumed.
    const rng = new SeededRandom((seed * 1_000_003 + index) >>> 0);
    if (config.method === 'random')
      return { index, params: space.decode(Float64Array.from(space.searched, () => rng.next())) };
    const finished = [...records.values()].filter((r) => r.done);
    const terminal = finished.map((r) => (r.history.length > 0 ? Math.min(...r.history) : Number.NaN));
    const finiteValues = terminal.filter(Number.isFinite);
    // W&B imputes trials without a value (failed, or never reported) with the worst value seen.
    const worst = finiteValues.length > 0 ? Math.max(...finiteValues) : 0;
    const observations = finished.map((r, k) => ({
      point: space.encode(r.params),
      value: Number.isFinite(terminal[k]) ? terminal[k] : worst,
    }));
    const inFlight = [...records.values()].filter((r) => !r.done).map((r) => space.encode(r.params));
    const { point, info } = suggestBayes(space, observations, inFlight, rng);
    return { index, params: space.decode(point), info };
  };

  const runTrial = async (suggestion: {
    index: number;
    params: Record<string, SweepValue>;
    info?: BayesSuggestionInfo;
  }) => {
    const record: TrialRecord = { index: suggestion.index, params: suggestion.params, history: [], done: false };
    records.set(record.index, record);
    doneKeys.add(valuesKey(record.params));
    const run = await tracker.startRun({
      experiment,
      name: `${config.name}-${record.index}`,
      params: record.params,
      tags: {
        [SWEEP_TAGS.sweep]: id,
        [SWEEP_TAGS.trial]: String(record.index),
        [SWEEP_TAGS.params]: JSON.stringify(record.params),
      },
    });
    let stop = false;
    const note = (metrics: Readonly<Record<string, number>> | undefined) => {
      const value = metrics?.[config.metric.name];
      if (typeof value !== 'number') return;
      record.history.push(objective(config, value));
      if (config.earlyTerminate && !stop) {
        const others = [...records.values()].filter((r) => r !== record).map((r) => r.history);
        stop = shouldStopTrial(config.earlyTerminate, record.history, others);
      }
    };
    const context: SweepTrialContext = {
      index: record.index,
      run,
      report(metrics, step) {
        run.logMetrics(metrics, step === undefined ? {} : { step });
        note(metrics);
      },
      get shouldStop() {
        return stop;
      },
    };
    let status: SweepTrial['status'] = 'finished';
    try {
      const result = await options.train({ ...record.params }, context);
      if (result?.metrics) {
        run.logMetrics(result.metrics);
        note(result.metrics);
      }
      if (result?.model) {
        const document =
          'toJSON' in result.model && typeof result.model.toJSON === 'function' ? result.model.toJSON() : result.model;
        await run.logArtifact('model.json', encodeModelDocument(document as ModelJSONV1), {
          mediaType: 'application/json',
        });
      }
      if (stop) {
        status = 'stopped';
        await run.setTags({ [SWEEP_TAGS.stopped]: 'early' });
      }
      await run.end('finished');
    } catch (error) {
      status = 'failed';
      await run
        .setTags({ [SWEEP_TAGS.error]: String((error as Error)?.message ?? error).slice(0, 4000) })
        .catch(() => {});
      await run.end('failed');
    }
    const finite = record.history.filter(Number.isFinite);
    const best = finite.length > 0 ? objective(config, Math.min(...finite)) : undefined;
    record.done = true;
    record.trial = {
      index: record.index,
      runId: run.id,
      params: record.params,
      status,
      resumed: false,
      ...(best === undefined ? {} : { value: best }),
      ...(suggestion.info ? { suggestion: suggestion.info } : {}),
    };
    options.onTrial?.(record.trial);
  };

  const worker = async () => {
    for (let suggestion = nextSuggestion(); suggestion; suggestion = nextSuggestion()) await runTrial(suggestion);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await tracker.flush();

  const trials = [...records.values()]
    .map((r) => r.trial)
    .filter((t): t is SweepTrial => t !== undefined)
    .sort((a, b) => a.index - b.index);
  return { id, config, trials, best: bestTrial({ config, trials }) };
}

/** The trial with the best value of the sweep metric (ties: the earliest), or undefined. */
export function bestTrial(result: Pick<SweepResult, 'config' | 'trials'>): SweepTrial | undefined {
  let best: SweepTrial | undefined;
  for (const trial of result.trials) {
    if (trial.value === undefined || !Number.isFinite(trial.value)) continue;
    if (!best || objective(result.config, trial.value) < objective(result.config, best.value as number)) best = trial;
  }
  return best;
}

/**
 * The tracker run of the sweep's best trial (params, metrics, tags, the stored model), or
 * undefined when no trial reported the metric.
 * @example
 * const run = await bestRun(mloop, result);
 * console.log(run?.params, run?.metrics.f1.value);
 */
export async function bestRun(
  mloop: Mloop,
  result: Pick<SweepResult, 'config' | 'trials'>,
): Promise<TrackerV1Run | undefined> {
  const best = bestTrial(result);
  return best ? mloop.tracker.getRun(best.runId) : undefined;
}

/** Options of {@link registerBest}. */
export interface RegisterBestOptions {
  /** Registered model name. */
  readonly name: string;
  /** An alias to point at the new version, e.g. `'production'`. */
  readonly alias?: string;
  /** Why, recorded with the alias event. */
  readonly reason?: string;
}

/**
 * Registers the model of the sweep's best trial (the `model.json` its train function returned)
 * with the trial's run as lineage and its final metrics, optionally under an alias.
 * @throws {NotFoundError} NOT_FOUND when no trial has a value or the best trial stored no model.
 * @example
 * await registerBest(mloop, result, { name: 'shuttle-lof', alias: 'production' });
 */
export async function registerBest(
  mloop: Mloop,
  result: SweepResult,
  options: RegisterBestOptions,
): Promise<RegistryV1Version> {
  const best = result.best ?? bestTrial(result);
  if (!best)
    throw new NotFoundError({
      message: `Sweep ${result.id} has no trial with a value of ${result.config.metric.name}.`,
      entity: 'trial',
      id: result.id,
    });
  const run = await mloop.tracker.getRun(best.runId);
  const artifact = run.artifacts.find((a) => a.name === 'model.json');
  if (!artifact) {
    throw new NotFoundError({
      message: `The best trial (${run.name}) stored no model: return { model } from the train function.`,
      entity: 'artifact',
      id: `${best.runId}/model.json`,
    });
  }
  const model = decodeModelDocument(await mloop.artifacts.get(artifact.digest));
  const metrics = Object.fromEntries(Object.entries(run.metrics).map(([key, metric]) => [key, metric.value]));
  return mloop.registry.register({
    name: options.name,
    model,
    run: run.id,
    metrics,
    tags: { [SWEEP_TAGS.sweep]: result.id, [SWEEP_TAGS.trial]: String(best.index) },
    ...(options.alias ? { aliases: [options.alias] } : {}),
    reason: options.reason ?? `best trial of sweep ${result.id}: ${result.config.metric.name} = ${best.value}`,
  });
}
