import { EventEmitter } from 'eventemitter3';
import PQueue from 'p-queue';
import type { AlertInput, AlertManager } from '../alerts/alert-manager';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { MloopError } from '../errors/mloop-error';
import type { Mloop } from '../mloop/create-mloop';
import { type Duration, parseDuration } from '../policies/duration';
import type { DatasetV1, DatasetV1Ref } from '../spec/dataset/v1/dataset-v1';
import type { DriftResultV1 } from '../spec/drift-detector/v1/drift-result-v1';
import type { EstimatorV1 } from '../spec/model/v1/estimator-v1';
import type { ModelJSONV1 } from '../spec/model/v1/model-json-v1';
import type { PromotionDecisionV1, PromotionPolicyV1 } from '../spec/promotion-policy/v1/promotion-policy-v1';
import type { RegistryV1Version } from '../spec/registry/v1/registry-v1-version';
import type { RetrainContextV1, RetrainDecisionV1, RetrainPolicyV1 } from '../spec/retrain-policy/v1/retrain-policy-v1';
import type { Run } from '../tracking/run';
import { type Clock, systemClock } from './clock';

/** What `monitor` reports each cycle. */
export interface LoopMonitorResult {
  /** Drift measures by name (share of drifted columns, text drift …). */
  readonly drift?: Readonly<Record<string, number>>;
  /** The drift results behind them (kept in the cycle's run for explanations). */
  readonly driftResults?: readonly DriftResultV1[];
  /** Live metrics of the serving model. */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Labelled samples that arrived since the previous cycle. */
  readonly newSamples?: number;
}

/** What `train` receives. */
export interface LoopTrainContext {
  /** A seed derived from the loop's seed and the cycle number. */
  readonly seed: number;
  /** The decision that asked for this training. */
  readonly decision: RetrainDecisionV1;
  /** The training run (log params and metrics to it). */
  readonly run: Run;
  /** The loop clock's time. */
  readonly now: number;
}

/** What `train` returns. */
export interface LoopTrainResult {
  /** The fitted challenger (or its document). */
  readonly model: EstimatorV1<unknown> | ModelJSONV1;
  /** Training metrics (must be finite, or the training counts as failed). */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Datasets used, recorded as lineage. */
  readonly datasets?: readonly (DatasetV1 | DatasetV1Ref)[];
}

/** Events of a loop (typed, eventemitter3). */
export interface LoopEvents {
  /** A monitor step finished. */
  monitored: [payload: { cycle: number; result: LoopMonitorResult }];
  /** The retrain policy decided. */
  decided: [payload: { cycle: number; decision: RetrainDecisionV1; trigger: string }];
  /** Training began. */
  'retrain-started': [payload: { cycle: number; runId: string }];
  /** Training, registration and evaluation finished. */
  'retrain-finished': [
    payload: {
      cycle: number;
      version: number;
      challengerMetrics: Record<string, number>;
      championMetrics?: Record<string, number>;
    },
  ];
  /** The challenger became the champion. */
  promoted: [payload: { cycle: number; version: number; previous?: number; decision: PromotionDecisionV1 }];
  /** The champion stayed. */
  kept: [payload: { cycle: number; version: number; champion?: number; decision: PromotionDecisionV1 }];
  /** An alert was raised. */
  alert: [alert: AlertInput];
  /** A step failed (after its retries). */
  error: [payload: { cycle: number; step: string; error: unknown }];
}

/** Options of {@link createLoop}. */
export interface LoopOptions {
  /** The mloop facade (tracker and registry). */
  readonly mloop: Mloop;
  /** The registered model the loop keeps healthy. */
  readonly model: string;
  /** The alias of the serving model; default `'production'`. */
  readonly championAlias?: string;
  /** The alias given to each new candidate; default `'challenger'`. */
  readonly challengerAlias?: string;
  /** Observes the serving model: drift, live metrics, new samples. */
  readonly monitor: (context: { cycle: number; now: number }) => Promise<LoopMonitorResult> | LoopMonitorResult;
  /** Trains a challenger. */
  readonly train: (context: LoopTrainContext) => Promise<LoopTrainResult> | LoopTrainResult;
  /** Scores a model on the shared holdout (called for the champion and the challenger alike). */
  readonly evaluate: (
    model: EstimatorV1<unknown> | ModelJSONV1,
    context: { role: 'champion' | 'challenger'; cycle: number },
  ) => Promise<Record<string, number>> | Record<string, number>;
  /** Decides when to retrain. */
  readonly retrainPolicy: RetrainPolicyV1;
  /** Decides whether a challenger replaces the champion. */
  readonly promotionPolicy: PromotionPolicyV1;
  /** Run a cycle this often; when absent, cycles run only on `trigger()`. */
  readonly schedule?: Duration;
  /** Where alerts go. */
  readonly alerts?: AlertManager;
  /** Time; inject a `ManualClock` in tests. */
  readonly clock?: Clock;
  /** Base seed; cycle `n` trains with `seed + n`. Default 0. */
  readonly seed?: number;
  /** Attempts per step before giving up the cycle (default 3), with exponential backoff from `retryBaseDelayMs` (default 1,000). */
  readonly retries?: { readonly attempts?: number; readonly baseDelayMs?: number };
  /** Experiment of the cycle and training runs; default `loop:<model>`. */
  readonly experiment?: string;
}

/** The outcome of one cycle. */
export interface LoopCycleResult {
  /** The cycle number (1-based). */
  readonly cycle: number;
  /** What the retrain policy decided, when the monitor step succeeded. */
  readonly decision?: RetrainDecisionV1;
  /** What happened. */
  readonly outcome: 'no-retrain' | 'promoted' | 'kept' | 'failed';
  /** The challenger version registered, if any. */
  readonly version?: number;
}

/** A running loop. */
export interface Loop extends EventEmitter<LoopEvents> {
  /** Runs cycles on the schedule (if any). Idempotent. */
  start(): void;
  /**
   * Asks for a cycle now (new data arrived). Triggers that arrive while a cycle is queued join it,
   * so two triggers at once run one cycle and train at most once.
   */
  trigger(reason?: string): Promise<LoopCycleResult>;
  /** Stops scheduling and waits for the running cycle to finish. */
  stop(): Promise<void>;
  /** Cycles run so far. */
  readonly cycles: number;
}

/** A failure inside a step that already produced its alert. @internal */
class StepFailure extends Error {}

/**
 * The orchestrator: on a schedule or on `trigger()` it monitors, asks the retrain policy, trains a
 * challenger (single-flight), registers it with lineage, evaluates champion and challenger on the
 * same holdout, and promotes through the registry alias only when the promotion policy says so.
 * Every cycle is a tracker run; every failure is caught, retried with backoff, alerted, and never
 * moves the champion alias.
 *
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for bad options.
 */
export function createLoop(options: LoopOptions): Loop {
  for (const name of ['monitor', 'train', 'evaluate'] as const) {
    if (typeof options[name] !== 'function')
      throw new InvalidArgumentError({ message: `createLoop needs a ${name} function.`, field: name });
  }
  if (typeof options.retrainPolicy?.decide !== 'function')
    throw new InvalidArgumentError({ message: 'createLoop needs a retrainPolicy.', field: 'retrainPolicy' });
  if (typeof options.promotionPolicy?.decide !== 'function')
    throw new InvalidArgumentError({ message: 'createLoop needs a promotionPolicy.', field: 'promotionPolicy' });
  const clock = options.clock ?? systemClock;
  const intervalMs = options.schedule === undefined ? undefined : parseDuration(options.schedule, 'schedule');
  const attempts = options.retries?.attempts ?? 3;
  const baseDelayMs = options.retries?.baseDelayMs ?? 1000;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new InvalidArgumentError({ message: 'retries.attempts must be an integer ≥ 1.', field: 'retries.attempts' });
  const championAlias = options.championAlias ?? 'production';
  const challengerAlias = options.challengerAlias ?? 'challenger';
  const experiment = options.experiment ?? `loop:${options.model}`;
  const { mloop } = options;
  const emitter = new EventEmitter<LoopEvents>();
  // One cycle at a time: this queue is what makes retraining single-flight.
  const queue = new PQueue({ concurrency: 1 });
  let pending: { promise: Promise<LoopCycleResult>; started: boolean } | undefined;
  let cycles = 0;
  let running = false;
  let cancelTimer: (() => void) | undefined;
  let lastRetrainAt: number | undefined;
  let samplesSinceRetrain = 0;

  const raise = async (alert: AlertInput) => {
    emitter.emit('alert', alert);
    await options.alerts?.alert(alert).catch(() => undefined);
  };

  async function step<T>(cycle: number, name: string, action: () => Promise<T> | T): Promise<T> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        return await action();
      } catch (error) {
        lastError = error;
        if (attempt < attempts) await clock.sleep(baseDelayMs * 2 ** (attempt - 1));
      }
    }
    emitter.emit('error', { cycle, step: name, error: lastError });
    const detail = lastError instanceof Error ? lastError.message : String(lastError);
    await raise({
      severity: 'critical',
      title: `${options.model}: ${name} failed`,
      message: `${name} failed ${attempts} time(s): ${detail}. The champion is unchanged.`,
      source: `loop:${options.model}`,
      details: { cycle, step: name },
    });
    throw new StepFailure(detail);
  }

  async function champion(): Promise<RegistryV1Version | undefined> {
    try {
      return await mloop.registry.getVersion(options.model, { alias: championAlias });
    } catch (error) {
      if (MloopError.isInstance(error) && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  async function retrain(cycle: number, decision: RetrainDecisionV1, cycleRun: Run): Promise<LoopCycleResult> {
    lastRetrainAt = clock.now();
    const trained = await mloop.tracker.startRun({
      experiment,
      name: `train-${cycle}`,
      tags: { 'mloop.loop.step': 'train', 'mloop.loop.cycle': cycle },
    });
    emitter.emit('retrain-started', { cycle, runId: trained.id });
    let result: LoopTrainResult;
    try {
      result = await step(cycle, 'train', async () => {
        const output = await options.train({
          seed: (options.seed ?? 0) + cycle,
          decision,
          run: trained,
          now: clock.now(),
        });
        const bad = Object.entries(output?.metrics ?? {}).find(
          ([, value]) => typeof value !== 'number' || !Number.isFinite(value),
        );
        if (!output?.model) throw new Error('train returned no model');
        if (bad) throw new Error(`train returned a non-finite metric ${bad[0]} = ${bad[1]}`);
        return output;
      });
      if (result.metrics) trained.logMetrics(result.metrics);
    } catch (error) {
      await trained.end('failed');
      throw error;
    }
    const version = await step(cycle, 'register', () =>
      mloop.registry.register({
        name: options.model,
        model: result.model,
        run: trained,
        datasets: result.datasets,
        metrics: result.metrics,
        tags: { 'mloop.loop.cycle': String(cycle) },
        aliases: [challengerAlias],
        reason: `cycle ${cycle} challenger`,
      }),
    );
    await trained.end('finished');
    const current = await champion();
    const challengerMetrics = await step(cycle, 'evaluate challenger', () =>
      options.evaluate(result.model, { role: 'challenger', cycle }),
    );
    let championMetrics: Record<string, number> | undefined;
    if (current) {
      const loaded = await step(
        cycle,
        'load champion',
        async () => (await mloop.registry.loadDocument(options.model, current.version)).document,
      );
      let championModel: EstimatorV1<unknown> | ModelJSONV1 = loaded;
      try {
        championModel = mloop.registry.kinds.load(loaded);
      } catch {
        // Unknown kind: evaluate gets the document.
      }
      championMetrics = await step(cycle, 'evaluate champion', () =>
        options.evaluate(championModel, { role: 'champion', cycle }),
      );
    }
    for (const [key, value] of Object.entries(challengerMetrics)) cycleRun.logMetric(`challenger.${key}`, value);
    for (const [key, value] of Object.entries(championMetrics ?? {})) cycleRun.logMetric(`champion.${key}`, value);
    emitter.emit('retrain-finished', {
      cycle,
      version: version.version,
      challengerMetrics,
      ...(championMetrics ? { championMetrics } : {}),
    });
    const promotion = options.promotionPolicy.decide({
      ...(current ? { champion: { version: current.version, metrics: championMetrics ?? {} } } : {}),
      challenger: { version: version.version, metrics: challengerMetrics },
    });
    const why = promotion.reasons.map((reason) => `${reason.passed ? '✓' : '✗'} ${reason.message}`).join('; ');
    await cycleRun.setTags({
      'mloop.loop.promotion': promotion.action,
      'mloop.loop.promotion.reasons': why.slice(0, 8000),
      'mloop.loop.challenger': version.version,
    });
    if (promotion.action === 'promote') {
      await step(cycle, 'promote', () =>
        mloop.registry.setAlias(options.model, championAlias, version.version, { reason: why }),
      );
      emitter.emit('promoted', {
        cycle,
        version: version.version,
        ...(current ? { previous: current.version } : {}),
        decision: promotion,
      });
      await raise({
        severity: 'info',
        title: `${options.model}: v${version.version} promoted to ${championAlias}`,
        message: why,
        source: `loop:${options.model}`,
        dedupeKey: `promoted:${options.model}:${version.version}`,
        details: { cycle, version: version.version },
      });
      return { cycle, decision, outcome: 'promoted', version: version.version };
    }
    emitter.emit('kept', {
      cycle,
      version: version.version,
      ...(current ? { champion: current.version } : {}),
      decision: promotion,
    });
    return { cycle, decision, outcome: 'kept', version: version.version };
  }

  async function runCycle(trigger: string): Promise<LoopCycleResult> {
    const cycle = ++cycles;
    const cycleRun = await mloop.tracker.startRun({
      experiment,
      name: `cycle-${cycle}`,
      tags: { 'mloop.loop.step': 'cycle', 'mloop.loop.cycle': cycle, 'mloop.loop.trigger': trigger },
    });
    try {
      const observed = await step(cycle, 'monitor', () => options.monitor({ cycle, now: clock.now() }));
      emitter.emit('monitored', { cycle, result: observed });
      samplesSinceRetrain += observed.newSamples ?? 0;
      for (const [key, value] of Object.entries(observed.drift ?? {})) cycleRun.logMetric(`drift.${key}`, value);
      for (const [key, value] of Object.entries(observed.metrics ?? {})) cycleRun.logMetric(`live.${key}`, value);
      const current = await champion();
      const context: RetrainContextV1 = {
        now: clock.now(),
        drift: observed.drift ?? {},
        ...(observed.driftResults ? { driftResults: observed.driftResults } : {}),
        metrics: observed.metrics ?? {},
        ...(current ? { modelTrainedAt: current.createdAt } : {}),
        ...(lastRetrainAt === undefined ? {} : { lastRetrainAt }),
        newSamples: samplesSinceRetrain,
      };
      const decision = options.retrainPolicy.decide(context);
      emitter.emit('decided', { cycle, decision, trigger });
      await cycleRun.setTags({
        'mloop.loop.decision': decision.action,
        'mloop.loop.reasons': JSON.stringify(decision.reasons).slice(0, 8000),
      });
      if (decision.action === 'none') {
        await cycleRun.end('finished');
        return { cycle, decision, outcome: 'no-retrain' };
      }
      const fired = decision.reasons.filter(
        (reason) => reason.fired && !reason.rule.startsWith('cooldown') && !reason.rule.startsWith('minSamples'),
      );
      await raise({
        severity: 'warning',
        title: `${options.model}: retraining`,
        message: fired.map((reason) => reason.message).join('; ') || 'policy asked for a retrain',
        source: `loop:${options.model}`,
        details: { cycle },
      });
      samplesSinceRetrain = 0;
      const result = await retrain(cycle, decision, cycleRun);
      await cycleRun.end('finished');
      return result;
    } catch (error) {
      await cycleRun
        .setTags({ 'mloop.loop.error': error instanceof Error ? error.message.slice(0, 2000) : String(error) })
        .catch(() => undefined);
      await cycleRun.end('failed').catch(() => undefined);
      if (!(error instanceof StepFailure)) {
        emitter.emit('error', { cycle, step: 'cycle', error });
        await raise({
          severity: 'critical',
          title: `${options.model}: cycle ${cycle} failed`,
          message: error instanceof Error ? error.message : String(error),
          source: `loop:${options.model}`,
        });
      }
      return { cycle, outcome: 'failed' };
    }
  }

  function trigger(reason = 'manual'): Promise<LoopCycleResult> {
    // A cycle not yet started absorbs new triggers: they want the same fresh look at the data.
    if (pending && !pending.started) return pending.promise;
    // p-queue may start the task synchronously, so the entry exists before the task runs.
    const entry: { promise: Promise<LoopCycleResult>; started: boolean } = {
      promise: Promise.resolve({ cycle: 0, outcome: 'failed' }),
      started: false,
    };
    pending = entry;
    entry.promise = queue.add(async () => {
      // Yield once so triggers raised in the same tick join this cycle before it starts.
      await Promise.resolve();
      entry.started = true;
      return runCycle(reason);
    }) as Promise<LoopCycleResult>;
    return entry.promise;
  }

  function schedule(): void {
    if (!running || intervalMs === undefined) return;
    cancelTimer = clock.setTimer(() => {
      void trigger('schedule').finally(schedule);
    }, intervalMs);
  }

  const loop = Object.assign(emitter, {
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    trigger,
    async stop() {
      running = false;
      cancelTimer?.();
      await queue.onIdle();
    },
  });
  // A getter, not a copied value: Object.assign would freeze it at 0.
  Object.defineProperty(loop, 'cycles', { get: () => cycles, enumerable: true });
  return loop as Loop;
}
