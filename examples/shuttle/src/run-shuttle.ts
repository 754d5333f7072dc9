import { join } from 'node:path';
import {
  createMloop,
  createPromotionPolicy,
  type Dataset,
  datasetLabels,
  type Mloop,
  type PromotionDecisionV1,
  type PromotionPolicyV1,
  registerBest,
  type SweepResult,
  splitIndices,
} from '@mloop/core';
import { createPredictor } from '@mloop/serve';
import { createSqliteBackend } from '@mloop/tracker-sqlite';
import { createWandbBackend, wandbBackendFromEnv } from '@mloop/tracker-wandb';
import { type DetectionMetrics, detectionMetrics, evaluateDetector, type FittedDetector } from './lof-model';
import { runLofSweep } from './lof-sweep';
import { shuttleModelKinds } from './model-kinds';
import { productionBatches } from './production';
import { FEATURES, featuresAndLabels, LABEL, loadShuttleData, normalRows, type ShuttleData } from './shuttle-data';

/** The registered model name. */
export const MODEL_NAME = 'shuttle-lof';

/** Options of {@link runShuttle}. */
export interface ShuttleOptions {
  /** Working directory; the SQLite store goes to `<dir>/.mloop`. */
  readonly dir: string;
  /** Directory holding `shuttle.trn` and `shuttle.tst`. */
  readonly dataDir: string;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
  /** Bayes trials of the main sweep (default 20). */
  readonly sweepTrials?: number;
  /** Bayes trials of a healing sweep (default 10). */
  readonly healingTrials?: number;
  /** Production F1 below this triggers a healing sweep (default 0.85). */
  readonly healBelow?: number;
  /** Noise levels of the last batches (see `productionBatches`). */
  readonly noise?: readonly number[];
  /** Log runs to Weights & Biases as well (default: when `WANDB_API_KEY` is set). */
  readonly wandb?: boolean;
  /** Seed of splits, samples, sweeps and noise (default 7). */
  readonly seed?: number;
  /** Sweep ids end in this; default the start time, so every invocation runs fresh sweeps. */
  readonly session?: string;
}

/** One sweep as the summary reports it. */
export interface SweepSummary {
  /** Sweep label. */
  readonly name: string;
  /** Sweep id (tag `mloop.sweep` of its runs). */
  readonly id: string;
  /** Trials that finished. */
  readonly trials: number;
  /** The best trial's params. */
  readonly bestParams: Readonly<Record<string, unknown>>;
  /** The best trial's validation F1. */
  readonly bestF1: number;
}

/** One production batch as served. */
export interface BatchSummary {
  /** 1-based batch number. */
  readonly index: number;
  /** Injected noise level (0 = clean). */
  readonly noise: number;
  /** Rows. */
  readonly rows: number;
  /** The registry version that served the batch. */
  readonly modelVersion: number;
  /** The predictor's live metrics over the batch's labels (outlier = positive). */
  readonly metrics: DetectionMetrics;
  /** Whether F1 fell below the threshold and triggered a healing sweep. */
  readonly healed: boolean;
}

/** One healing sweep and its promotion decision. */
export interface HealingSummary {
  /** The batch whose F1 triggered it. */
  readonly batch: number;
  /** The healing sweep. */
  readonly sweep: SweepSummary;
  /** The registered challenger. */
  readonly challengerVersion: number;
  /** The champion at the time. */
  readonly championVersion: number;
  /** Champion metrics on the shared holdout. */
  readonly champion: DetectionMetrics;
  /** Challenger metrics on the same holdout. */
  readonly challenger: DetectionMetrics;
  /** Holdout rows. */
  readonly holdoutRows: number;
  /** The promotion policy's decision. */
  readonly decision: PromotionDecisionV1;
}

/** What {@link runShuttle} did. */
export interface ShuttleSummary {
  /** The SQLite store directory. */
  readonly storeDir: string;
  /** Where runs were tracked. */
  readonly tracking: 'sqlite' | 'wandb';
  /** The versioned datasets. */
  readonly datasets: readonly { name: string; digest: string; rows: number }[];
  /** The initial sweeps (baseline grid, then Bayes). */
  readonly sweeps: readonly SweepSummary[];
  /** The version registered from the best run across the initial sweeps. */
  readonly initialVersion: number;
  /** Its params. */
  readonly initialParams: Readonly<Record<string, unknown>>;
  /** That model on the whole cleaned test set (12,345 rows, no noise). */
  readonly initialTest: DetectionMetrics;
  /** Every production batch. */
  readonly batches: readonly BatchSummary[];
  /** Production metrics over every clean batch pooled. */
  readonly cleanBatches: DetectionMetrics;
  /** Healing sweeps run. */
  readonly healings: readonly HealingSummary[];
  /** Registry state at the end: versions with their validation F1, and aliases. */
  readonly registry: {
    readonly versions: readonly { version: number; f1: number | undefined }[];
    readonly aliases: Readonly<Record<string, number>>;
  };
  /** Wall time in seconds. */
  readonly seconds: number;
}

const fmt = (value: number | undefined) => (value !== undefined && Number.isFinite(value) ? value.toFixed(3) : 'n/a');

/** `F1 0.912  precision 0.871  recall 0.957` */
export const describeMetrics = (metrics: DetectionMetrics) =>
  `F1 ${fmt(metrics.f1)}  precision ${fmt(metrics.precision)}  recall ${fmt(metrics.recall)}`;

/** `nNeighbors=23 metric=manhattan contamination=0.00210 scaling=none` */
export const describeParams = (params: Readonly<Record<string, unknown>>) =>
  Object.entries(params)
    .map(
      ([key, value]) =>
        `${key}=${typeof value === 'number' && !Number.isInteger(value) ? value.toPrecision(3) : value}`,
    )
    .join(' ');

function sweepSummary(result: SweepResult, name: string): SweepSummary {
  return {
    name,
    id: result.id,
    trials: result.trials.filter((trial) => trial.status === 'finished').length,
    bestParams: result.best?.params ?? {},
    bestF1: result.best?.value ?? Number.NaN,
  };
}

/** Pools sweeps into one result, so `registerBest` registers the best run across all of them. */
function acrossSweeps(results: readonly SweepResult[]): SweepResult {
  let best = results[0].best;
  for (const { best: candidate } of results) {
    if (candidate?.value !== undefined && (best?.value === undefined || candidate.value > best.value)) best = candidate;
  }
  return {
    id: results.map((result) => result.id).join('+'),
    config: results[0].config,
    trials: results.flatMap((result) => result.trials),
    best,
  };
}

interface Session {
  readonly mloop: Mloop;
  readonly storeDir: string;
  readonly tracking: 'sqlite' | 'wandb';
  close(): Promise<void>;
}

async function openSession(options: ShuttleOptions): Promise<Session> {
  const storeDir = join(options.dir, '.mloop');
  const sqlite = createSqliteBackend({ dir: storeDir });
  // Runs go to W&B when asked (options.wandb, else WANDB_API_KEY in the environment); the registry
  // and artifacts stay local, so serving never needs the network.
  const remote =
    options.wandb === false
      ? undefined
      : options.wandb
        ? createWandbBackend({ project: process.env.WANDB_PROJECT ?? 'mloop-shuttle' })
        : wandbBackendFromEnv({ project: 'mloop-shuttle' });
  const mloop = createMloop({
    backend: sqlite,
    ...(remote ? { tracker: remote.tracker } : {}),
    models: shuttleModelKinds(),
  });
  return { mloop, storeDir, tracking: remote ? 'wandb' : 'sqlite', close: () => mloop.close() };
}

/** Versions every cleaned dataset: a run input by digest and a CSV artifact. */
async function versionDatasets(mloop: Mloop, datasets: readonly Dataset[], session: string): Promise<void> {
  await mloop.tracker.withRun({ experiment: 'shuttle-data', name: `datasets-${session}` }, async (run) => {
    for (const dataset of datasets) {
      await run.logDataset(dataset, dataset.name);
      await run.logArtifact(`datasets/${dataset.name}.csv`, dataset.toCsv(), {
        mediaType: 'text/csv',
        metadata: { digest: dataset.digest, rows: String(dataset.nRows) },
      });
    }
  });
}

async function registryState(mloop: Mloop): Promise<ShuttleSummary['registry']> {
  const versions = await mloop.registry.listVersions(MODEL_NAME);
  const model = await mloop.registry.getModel(MODEL_NAME);
  return {
    versions: versions.map((version) => ({ version: version.version, f1: version.metrics.f1 as number | undefined })),
    aliases: { ...model.aliases },
  };
}

interface HealContext {
  readonly mloop: Mloop;
  readonly data: ShuttleData;
  readonly policy: PromotionPolicyV1;
  readonly seed: number;
  readonly session: string;
  readonly trials: number;
  readonly healBelow: number;
  readonly log: (line: string) => void;
  readonly onTrial: (label: string, cap: number) => Parameters<typeof runLofSweep>[0]['onTrial'];
}

/**
 * A healing sweep on a batch whose F1 fell: its labelled rows are cut in three stratified parts,
 * normal rows to refit on (with the clean sample), rows the trials are scored on, and a holdout
 * neither saw, on which champion and challenger are judged side by side. The challenger is always
 * registered; it becomes `production` only when the promotion policy says so, else `challenger`.
 */
async function heal(context: HealContext, batchIndex: number, batch: Dataset): Promise<HealingSummary> {
  const { mloop, data, seed, log } = context;
  const first = splitIndices(batch.nRows, { testSize: 2 / 3, seed: seed + batchIndex }, datasetLabels(batch, LABEL));
  const rest = batch.take(first.test);
  const second = splitIndices(rest.nRows, { testSize: 0.5, seed: seed + batchIndex }, datasetLabels(rest, LABEL));
  const recentNormal = normalRows(batch.take(first.train));
  const fit = data.fitSample.concat(recentNormal).withName(`shuttle-heal-${batchIndex}-fit`);
  const validation = rest.take(second.train).withName(`shuttle-heal-${batchIndex}-validation`);
  const holdout = rest.take(second.test).withName(`shuttle-heal-${batchIndex}-holdout`);
  log(
    `▸ healing sweep after batch ${batchIndex}: ${context.trials} Bayes trials fitted on ${data.fitSample.nRows} clean + ${recentNormal.nRows} recent normal rows, scored on ${validation.nRows} recent rows`,
  );
  const result = await runLofSweep({
    mloop,
    name: 'shuttle-lof-healing',
    id: `shuttle-lof-healing-${batchIndex}-${context.session}`,
    method: 'bayes',
    runCap: context.trials,
    seed: seed + batchIndex,
    fit,
    validation,
    onTrial: context.onTrial('heal', context.trials),
  });
  const registered = await registerBest(mloop, result, {
    name: MODEL_NAME,
    reason: `healing sweep after batch ${batchIndex} fell below F1 ${context.healBelow}`,
  });
  const championVersion = (await mloop.registry.getVersion(MODEL_NAME, { alias: 'production' })).version;
  const { x, y } = featuresAndLabels(holdout);
  const judge = async (version: number) =>
    evaluateDetector((await mloop.registry.load(MODEL_NAME, version)) as unknown as FittedDetector, x, y);
  const champion = await judge(championVersion);
  const challenger = await judge(registered.version);
  const decision = context.policy.decide({
    champion: { version: championVersion, metrics: { ...champion } },
    challenger: { version: registered.version, metrics: { ...challenger } },
  });
  const why = decision.reasons.map((reason) => reason.message).join('; ');
  await mloop.tracker.withRun(
    { experiment: 'shuttle-healing', name: `healing-after-batch-${batchIndex}-${context.session}` },
    async (run) => {
      await run.logDataset(holdout, 'holdout');
      const prefixed = (prefix: string, metrics: DetectionMetrics) =>
        Object.fromEntries(Object.entries(metrics).map(([key, value]) => [`${prefix}.${key}`, value]));
      run.logMetrics({ ...prefixed('champion', champion), ...prefixed('challenger', challenger) });
      await run.setTags({
        'mloop.decision': decision.action,
        'mloop.decision.reasons': why.slice(0, 4000),
        champion: championVersion,
        challenger: registered.version,
      });
    },
  );
  const alias = decision.action === 'promote' ? 'production' : 'challenger';
  await mloop.registry.setAlias(MODEL_NAME, alias, registered.version, { reason: why });
  log(
    `  same holdout (${holdout.nRows} rows): champion v${championVersion} ${describeMetrics(champion)} | challenger v${registered.version} ${describeMetrics(challenger)}`,
  );
  log(
    `  decision: ${decision.action === 'promote' ? `promote v${registered.version} to production` : `keep v${championVersion} in production (v${registered.version} → challenger)`} — ${why}`,
  );
  return {
    batch: batchIndex,
    sweep: sweepSummary(result, `healing after batch ${batchIndex}`),
    challengerVersion: registered.version,
    championVersion,
    champion,
    challenger,
    holdoutRows: holdout.nRows,
    decision,
  };
}

/**
 * The shuttle scenario end to end: version the cleaned data, sweep LOF (sklearn's defaults as a
 * grid baseline, then a Bayesian search), register the best run across the sweeps as
 * `production`, serve it, replay ten labelled production batches with sensor noise in the last
 * ones, and heal with a new sweep when F1 drops below the threshold, promoting only a challenger
 * that beats the champion on the same holdout.
 */
export async function runShuttle(options: ShuttleOptions): Promise<ShuttleSummary> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 7;
  const session =
    options.session ??
    new Date()
      .toISOString()
      .replace(/[-:.TZ]/g, '')
      .slice(0, 17);
  const healBelow = options.healBelow ?? 0.85;
  const { mloop, storeDir, tracking, close } = await openSession(options);
  try {
    // 1. Data: clean, split, sample, and version it all.
    log(
      `▸ loading and cleaning the shuttle telemetry (store: ${storeDir}${tracking === 'wandb' ? ', runs → W&B' : ''})`,
    );
    const data = await loadShuttleData({ dataDir: options.dataDir, seed });
    const versioned = [
      data.trainClean,
      data.trainNormal,
      data.fitSample,
      data.validation,
      data.validationSample,
      data.test,
    ];
    await versionDatasets(mloop, versioned, session);
    for (const dataset of versioned) {
      log(
        `  ${dataset.name.padEnd(28)} ${String(dataset.nRows).padStart(6)} rows  sha256 ${dataset.digest.slice(0, 12)}`,
      );
    }

    // 2. Sweeps: sklearn's defaults as a baseline grid, then the Bayesian search.
    const onTrial: HealContext['onTrial'] = (label, cap) => (trial, metrics) =>
      log(
        `  ${label} ${String(trial.index + 1).padStart(2)}/${cap}  F1 ${fmt(metrics.f1)}  P ${fmt(metrics.precision)}  R ${fmt(metrics.recall)}  ${describeParams(trial.params)}`,
      );
    log(
      `▸ baseline sweep (grid: sklearn defaults, nNeighbors 20 and 35) fitted on ${data.fitSample.nRows} normal rows, scored on ${data.validationSample.nRows} validation rows`,
    );
    const baseline = await runLofSweep({
      mloop,
      name: 'shuttle-lof-baseline',
      id: `shuttle-lof-baseline-${session}`,
      method: 'grid',
      parameters: {
        nNeighbors: { values: [20, 35] },
        metric: { value: 'euclidean' },
        contamination: { value: 'auto' },
        scaling: { value: 'none' },
      },
      fit: data.fitSample,
      validation: data.validationSample,
      onTrial: onTrial('base ', 2),
    });
    const sweepTrials = options.sweepTrials ?? 20;
    log(`▸ Bayesian sweep: ${sweepTrials} trials over nNeighbors, metric, contamination and scaling`);
    const bayes = await runLofSweep({
      mloop,
      name: 'shuttle-lof',
      id: `shuttle-lof-${session}`,
      method: 'bayes',
      runCap: sweepTrials,
      seed,
      fit: data.fitSample,
      validation: data.validationSample,
      onTrial: onTrial('trial', sweepTrials),
    });
    const sweeps = [sweepSummary(baseline, 'baseline (grid)'), sweepSummary(bayes, 'Bayes')];

    // 3. The best run across both sweeps becomes production.
    const pooledSweeps = acrossSweeps([baseline, bayes]);
    const registered = await registerBest(mloop, pooledSweeps, {
      name: MODEL_NAME,
      alias: 'production',
      reason: 'best validation F1 across the baseline and Bayes sweeps',
    });
    const initialParams = pooledSweeps.best?.params ?? {};
    const test = featuresAndLabels(data.test);
    const initialModel = (await mloop.registry.load(MODEL_NAME, registered.version)) as unknown as FittedDetector;
    const initialTest = evaluateDetector(initialModel, test.x, test.y);
    log(`▸ registered ${MODEL_NAME} v${registered.version} as production: ${describeParams(initialParams)}`);
    log(
      `  on the whole cleaned test set (${data.test.nRows} rows): ${describeMetrics(initialTest)}  ROC AUC ${fmt(initialTest.rocAuc)}`,
    );

    // 4. Serve production and replay labelled batches; heal when F1 drops.
    const batches = productionBatches(data.test, data.trainNormal, {
      seed,
      ...(options.noise ? { noise: options.noise } : {}),
    });
    const batchRows = Math.max(...batches.map((batch) => batch.data.nRows));
    const predictor = await createPredictor({
      mloop,
      model: MODEL_NAME,
      input: { kind: 'features', features: [...FEATURES] },
      positiveLabel: -1,
      feedbackWindow: batchRows,
      log: { capacity: batchRows },
    });
    const context: HealContext = {
      mloop,
      data,
      seed,
      session,
      healBelow,
      log,
      onTrial,
      trials: options.healingTrials ?? 10,
      policy: createPromotionPolicy({ gates: [{ metric: 'recall', min: 0.7 }], compare: { metric: 'f1' } }),
    };
    const batchSummaries: BatchSummary[] = [];
    const healings: HealingSummary[] = [];
    const cleanTruth: number[] = [];
    const cleanFlags: number[] = [];
    try {
      log(
        `▸ production: ${batches.length} batches of ~${batchRows} rows from the test set, sensor noise in the last ${batches.filter((b) => b.noise > 0).length}`,
      );
      await mloop.tracker.withRun({ experiment: 'shuttle-production', name: `production-${session}` }, async (run) => {
        for (const batch of batches) {
          const { x, y } = featuresAndLabels(batch.data);
          const rows = Array.from({ length: x.rows }, (_, i) =>
            Object.fromEntries(FEATURES.map((feature, j) => [feature, x.data[i * x.cols + j]])),
          );
          const predictions = predictor.predictBatch(rows);
          // Labels come later in real life; here they arrive at once and feed the live metrics.
          predictions.forEach((prediction, i) => {
            predictor.recordFeedback(prediction.id, y[i] === 1 ? -1 : 1);
          });
          const live = predictor.liveMetrics();
          const metrics: DetectionMetrics = { ...live, rocAuc: Number.NaN };
          if (batch.noise === 0) {
            cleanTruth.push(...y);
            for (const prediction of predictions) cleanFlags.push(prediction.prediction === -1 ? 1 : 0);
          }
          const alarm = live.f1 < healBelow;
          const modelVersion = predictions[0].modelVersion;
          run.logMetrics(
            { f1: live.f1, precision: live.precision, recall: live.recall, noise: batch.noise, modelVersion },
            { step: batch.index },
          );
          log(
            `  batch ${String(batch.index).padStart(2)}  noise ${batch.noise.toFixed(2)}  v${modelVersion}  ${describeMetrics(metrics)}${alarm ? `  ⚠ F1 below ${healBelow}` : ''}`,
          );
          batchSummaries.push({
            index: batch.index,
            noise: batch.noise,
            rows: x.rows,
            modelVersion,
            metrics,
            healed: alarm,
          });
          if (alarm) {
            healings.push(await heal(context, batch.index, batch.data));
            // A promotion moved the alias: wait until the predictor swapped before the next batch.
            await predictor.settled();
          }
        }
      });
    } finally {
      predictor.close();
    }
    return {
      storeDir,
      tracking,
      datasets: versioned.map((dataset) => ({ name: dataset.name, digest: dataset.digest, rows: dataset.nRows })),
      sweeps,
      initialVersion: registered.version,
      initialParams,
      initialTest,
      batches: batchSummaries,
      cleanBatches: detectionMetrics(cleanTruth, cleanFlags),
      healings,
      registry: await registryState(mloop),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await close();
  }
}
