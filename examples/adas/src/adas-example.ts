import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  accuracyScore,
  anyOf,
  createLoop,
  createMloop,
  createPromotionPolicy,
  type Dataset,
  driftAbove,
  type EstimatorV1,
  every,
  f1Score,
  type LoopEvents,
  ManualClock,
  type Matrix,
  type ModelJSONV1,
  precisionScore,
  recallScore,
  rocAucScore,
  trainTestSplit,
} from '@mloop/core';
import {
  type ClassificationQuality,
  classificationQuality,
  createDriftReport,
  DataDriftDetector,
  renderDriftReportHtml,
} from '@mloop/drift';
import { modelKinds, type Pipeline } from '@mloop/models';
import { createSqliteBackend } from '@mloop/tracker-sqlite';
import { wandbBackendFromEnv } from '@mloop/tracker-wandb';
import { type DatasetVersion, TelemetryStore } from './dataset-store';
import {
  type CategoricalModes,
  type CleaningReport,
  categoricalModes,
  cleanTelemetry,
  features,
  riskLabels,
  riskPipeline,
} from './prepare';
import { FEATURE_COLUMNS, NORMAL, simulateTelemetry, WINTER } from './simulator';

/** Options of {@link runAdasExample}. */
export interface AdasExampleOptions {
  /** Working directory: the store goes to `<dir>/.mloop`, reports to `<dir>/drift_report.*` and `<dir>/reports/`. */
  readonly dir: string;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
  /** Seed of the simulator, splits and undersampling; default 7. */
  readonly seed?: number;
  /** Intervals after the bootstrap; default 11. */
  readonly intervals?: number;
  /** The first interval of the winter scenario; default 3. */
  readonly driftFrom?: number;
  /** Distinct records simulated per interval; default 2,500 (5,000 for the bootstrap). */
  readonly rowsPerInterval?: number;
  /** Environment (for `WANDB_API_KEY`); default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/** One interval of the orchestrator. */
export interface IntervalSummary {
  /** 0 for the bootstrap. */
  readonly interval: number;
  /** The simulation time (ISO 8601). */
  readonly at: string;
  /** `'normal'` or `'winter'`. */
  readonly scenario: string;
  /** What cleaning did. */
  readonly cleaning: CleaningReport;
  /** Share of drifted feature columns against the champion's training data (absent at bootstrap). */
  readonly driftShare?: number;
  /** The drifted columns. */
  readonly driftedColumns: readonly string[];
  /** The champion's ROC AUC on this interval's labelled data. */
  readonly liveRocAuc?: number;
  /** Retrain decision. */
  readonly decision: string;
  /** Rules that fired. */
  readonly fired: readonly string[];
  /** `'drift'`, `'schedule'` or `'bootstrap'` when a retrain ran. */
  readonly trigger?: string;
  /** What happened. */
  readonly outcome: string;
  /** The challenger version. */
  readonly challenger?: number;
  /** Holdout ROC AUC of the champion. */
  readonly championRocAuc?: number;
  /** Holdout ROC AUC of the challenger. */
  readonly challengerRocAuc?: number;
  /** The promotion policy's reasons. */
  readonly promotion?: string;
  /** The drift report files written for this interval. */
  readonly reports: readonly string[];
}

/** What {@link runAdasExample} did. */
export interface AdasExampleResult {
  /** The SQLite store directory. */
  readonly storeDir: string;
  /** Where runs were tracked. */
  readonly tracking: 'sqlite' | 'wandb';
  /** Every interval. */
  readonly intervals: readonly IntervalSummary[];
  /** Raw rows this run ingested into the telemetry table. */
  readonly rawRows: number;
  /** Timestamped training-set versions saved by this run. */
  readonly datasetVersions: readonly { id: string; digest: string; rows: number }[];
  /** Versions this run registered, with their timestamp tags. */
  readonly modelVersions: readonly { version: number; trainedAt: string; dataset: string }[];
  /** Final aliases. */
  readonly aliases: Readonly<Record<string, number>>;
  /** The latest report files. */
  readonly latestReport: { readonly html: string; readonly json: string };
  /** Wall time, ms. */
  readonly durationMs: number;
}

/** The registered model name. */
export const MODEL_NAME = 'adas-risk';
const HOUR = 3_600_000;
/** The simulation starts on a fixed date so reports and versions read the same on every run. */
const SIMULATION_START = Date.UTC(2026, 10, 2, 6, 0, 0);

interface Prepared {
  /** Cleaned rows for training. */
  readonly train: Dataset;
  /** Cleaned rows held out (champion and challenger are scored on them). */
  readonly holdout: Dataset;
  /** Everything cleaned (drift is measured on it). */
  readonly all: Dataset;
}

/** ROC AUC, F1, precision and recall of `high` risk, and accuracy. */
function scoreRisk(model: Pipeline, data: Dataset): Record<string, number> {
  const truth = riskLabels(data);
  const predicted = model.predict(features(data)) as string[];
  const binary = { average: 'binary', posLabel: 'high' } as const;
  return {
    roc_auc: rocAucScore(
      truth.map((label) => (label === 'high' ? 1 : 0)),
      highScores(model, data),
    ),
    f1: f1Score(truth, predicted, binary) as number,
    precision: precisionScore(truth, predicted, binary) as number,
    recall: recallScore(truth, predicted, binary) as number,
    accuracy: accuracyScore(truth, predicted),
  };
}

function highScores(model: Pipeline, data: Dataset): number[] {
  const proba = model.predictProba(features(data)) as Matrix;
  const high = (model.classes as readonly string[]).indexOf('high');
  return Array.from({ length: proba.rows }, (_, row) => proba.data[row * proba.cols + high]);
}

const fixed = (value: number | undefined, digits = 3) =>
  value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);

/**
 * The ADAS scenario end to end: a seeded telemetry simulator feeds a SQLite ingest table; each
 * interval the orchestrator cleans the new batch (dedupe, mode imputation), measures data drift
 * and the champion's classification quality against its training data (writing
 * `drift_report.html` and `.json`), and the loop retrains on drift or on a schedule, registering
 * timestamped versions and promoting a challenger only when it beats the champion on the same
 * holdout.
 */
export async function runAdasExample(options: AdasExampleOptions): Promise<AdasExampleResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 7;
  const intervals = options.intervals ?? 11;
  const driftFrom = options.driftFrom ?? 3;
  const rowsPerInterval = options.rowsPerInterval ?? 2500;
  // Runs go to W&B when the environment says so (WANDB_API_KEY); the registry, artifacts and
  // telemetry stay in SQLite either way.
  const storeDir = join(options.dir, '.mloop');
  const wandb = wandbBackendFromEnv({ project: 'mloop-adas' }, options.env);
  const backend = createSqliteBackend({ dir: storeDir });
  const mloop = createMloop({ backend, ...(wandb ? { tracker: wandb.tracker } : {}), models: modelKinds() });
  const store = new TelemetryStore(join(storeDir, 'adas-telemetry.db'), mloop.artifacts);
  const reportsDir = join(options.dir, 'reports');
  mkdirSync(reportsDir, { recursive: true });
  const latestReport = { html: join(options.dir, 'drift_report.html'), json: join(options.dir, 'drift_report.json') };
  log(`store     ${storeDir} (runs → ${wandb ? 'Weights & Biases' : 'SQLite'}); reports → ${reportsDir}`);
  try {
    // Every run is a new simulation: earlier runs' versions stay in the registry, but their
    // aliases are cleared so the bootstrap starts without a champion.
    const earlier = await mloop.registry.getModel(MODEL_NAME).catch(() => undefined);
    for (const alias of Object.keys(earlier?.aliases ?? {})) {
      await mloop.registry.deleteAlias(MODEL_NAME, alias, { reason: 'a new simulation run starts' });
      log(`registry  cleared alias ${alias} of ${MODEL_NAME} left by an earlier run (its versions stay)`);
    }
    // Raw batches of this run are keyed by its start time, so runs never mix.
    const runId = new Date().toISOString().replace(/[-:.]/g, '');
    const savedVersions: DatasetVersion[] = [];
    const clock = new ManualClock(SIMULATION_START);
    // The champion's world: its training data (drift reference), its holdout (quality reference)
    // and the categorical modes used to clean new batches.
    let reference: { train: Dataset; holdout: Dataset; modes: CategoricalModes } | undefined;
    let current: Prepared | undefined;
    const recentTrain: Dataset[] = [];
    const trained = new Map<number, { train: Dataset; holdout: Dataset; modes: CategoricalModes; datasetId: string }>();
    let lastTrained: { train: Dataset; holdout: Dataset; modes: CategoricalModes; datasetId: string } | undefined;
    let monitorOutput: {
      driftShare?: number;
      driftedColumns: string[];
      liveRocAuc?: number;
      reports: string[];
    } = { driftedColumns: [], reports: [] };
    let interval = 0;

    const loop = createLoop({
      mloop,
      model: MODEL_NAME,
      championAlias: 'production',
      experiment: 'adas-risk-loop',
      clock,
      seed,
      retries: { attempts: 1 },
      retrainPolicy: anyOf(driftAbove('share', 0.3), every('4h')),
      promotionPolicy: createPromotionPolicy({
        gates: [{ metric: 'recall', min: 0.6 }],
        compare: { metric: 'roc_auc' },
        minImprovement: 0.005,
      }),
      monitor: async () => {
        if (!reference || !current) return { newSamples: current?.all.nRows ?? 0 };
        const drift = new DataDriftDetector({ columns: [...FEATURE_COLUMNS] })
          .fit(features(reference.train))
          .test(features(current.all));
        const champion = (await mloop.registry.load(MODEL_NAME, { alias: 'production' })) as unknown as Pipeline;
        const quality: ClassificationQuality = classificationQuality(
          {
            yTrue: riskLabels(reference.holdout),
            yPred: champion.predict(features(reference.holdout)) as string[],
            yScore: highScores(champion, reference.holdout),
          },
          {
            yTrue: riskLabels(current.all),
            yPred: champion.predict(features(current.all)) as string[],
            yScore: highScores(champion, current.all),
          },
          { positiveLabel: 'high' },
        );
        const report = createDriftReport(drift, {
          title: `ADAS telemetry — interval ${interval} (${new Date(clock.now()).toISOString()})`,
          createdAt: new Date(clock.now()),
          classification: quality,
        });
        const folder = join(reportsDir, `interval-${String(interval).padStart(2, '0')}`);
        mkdirSync(folder, { recursive: true });
        const files = [join(folder, 'drift_report.json'), join(folder, 'drift_report.html')];
        writeFileSync(files[0], `${JSON.stringify(report, null, 2)}\n`);
        writeFileSync(files[1], renderDriftReportHtml(report));
        copyFileSync(files[0], latestReport.json);
        copyFileSync(files[1], latestReport.html);
        monitorOutput = {
          driftShare: drift.shareOfDriftedColumns,
          driftedColumns: drift.columns.filter((column) => column.result?.driftDetected).map((c) => c.column),
          liveRocAuc: quality.current.rocAuc ?? Number.NaN,
          reports: files,
        };
        return {
          drift: { share: drift.shareOfDriftedColumns },
          driftResults: [drift],
          metrics: { roc_auc: quality.current.rocAuc ?? Number.NaN, recall: quality.current.recall },
          newSamples: current.all.nRows,
        };
      },
      train: async ({ run, seed: trainSeed, now }) => {
        // The two most recent intervals: enough rows, and recent enough to follow a drift.
        const window = recentTrain.slice(-2);
        let train = window[0];
        for (const part of window.slice(1)) train = train.concat(part);
        const version = await store.saveVersion('adas-train', train.withName('adas-train'), now);
        savedVersions.push(version);
        run.logParams({ window_intervals: window.length, dataset: version.id, C: 1, undersampling: 'random' });
        await run.logDataset(train.withName(version.id), 'train');
        const model = riskPipeline(trainSeed).fit(features(train), riskLabels(train));
        lastTrained = {
          train,
          holdout: (current as Prepared).holdout,
          modes: categoricalModes(train),
          datasetId: version.id,
        };
        return {
          model: model as unknown as EstimatorV1<unknown>,
          metrics: {
            train_rows: train.nRows,
            train_high_share: riskLabels(train).filter((l) => l === 'high').length / train.nRows,
          },
          datasets: [train.withName(version.id)],
        };
      },
      // Champion and challenger are both scored on this interval's holdout, which neither saw.
      evaluate: (model: EstimatorV1<unknown> | ModelJSONV1) =>
        scoreRisk(model as unknown as Pipeline, (current as Prepared).holdout),
    });
    // Filled by the loop's events during a cycle (read through `seen()`, which TypeScript does not narrow).
    const events: {
      retrain?: LoopEvents['retrain-finished'][0];
      promotion?: LoopEvents['promoted'][0] | LoopEvents['kept'][0];
    } = {};
    const seen = () => events;
    const tagging: Promise<void>[] = [];
    loop.on('retrain-finished', (event) => {
      events.retrain = event;
      if (lastTrained) {
        trained.set(event.version, lastTrained);
        // Timestamped versions: the simulation time and the training set's dated id.
        tagging.push(
          mloop.registry.backend.setVersionTag(
            MODEL_NAME,
            event.version,
            'trained_at',
            new Date(clock.now()).toISOString(),
          ),
          mloop.registry.backend.setVersionTag(MODEL_NAME, event.version, 'dataset', lastTrained.datasetId),
        );
      }
    });
    loop.on('promoted', (event) => {
      events.promotion = event;
      const promoted = trained.get(event.version);
      if (promoted) reference = { train: promoted.train, holdout: promoted.holdout, modes: promoted.modes };
    });
    loop.on('kept', (event) => {
      events.promotion = event;
    });

    const summaries: IntervalSummary[] = [];
    for (interval = 0; interval <= intervals; interval++) {
      if (interval > 0) await clock.advance(HOUR);
      const winter = interval >= driftFrom;
      const rows = simulateTelemetry({
        rows: interval === 0 ? rowsPerInterval * 2 : rowsPerInterval,
        seed: seed * 1000 + interval,
        scenario: winter ? WINTER : NORMAL,
        startAt: clock.now(),
      });
      const batchId = `interval-${String(interval).padStart(2, '0')}`;
      store.ingest(`${runId}/${batchId}`, rows, clock.now());
      const raw = store.batch(`${runId}/${batchId}`).withName(`telemetry-raw-${batchId}`);
      // New batches are cleaned with the champion's modes; the bootstrap batch with its own.
      const { data, report: cleaning } = cleanTelemetry(raw, reference?.modes ?? categoricalModes(raw));
      const split = trainTestSplit(data, { testSize: 0.3, seed: seed + interval, stratify: 'risk' });
      current = { train: split.train, holdout: split.test, all: data };
      recentTrain.push(split.train);
      monitorOutput = { driftedColumns: [], reports: [] };
      delete events.retrain;
      delete events.promotion;
      // Each interval's ingest is a run of its own: the raw and clean data by digest, what cleaning
      // did, and the drift report files.
      const ingestRun = await mloop.tracker.startRun({
        experiment: 'adas-ingest',
        name: batchId,
        params: { scenario: winter ? 'winter' : 'normal', simulated_at: new Date(clock.now()).toISOString() },
      });
      await ingestRun.logDataset(raw, 'raw');
      await ingestRun.logDataset(data.withName(`telemetry-clean-${batchId}`), 'clean');
      ingestRun.logMetrics({
        raw_rows: cleaning.raw,
        duplicates: cleaning.duplicates,
        imputed_categorical: cleaning.imputedCategorical,
        missing_numeric: cleaning.missingNumeric,
      });
      const result = await loop.trigger(interval === 0 ? 'bootstrap' : `interval ${interval}`);
      if (monitorOutput.driftShare !== undefined) ingestRun.logMetric('drift_share', monitorOutput.driftShare);
      for (const file of monitorOutput.reports) await ingestRun.logArtifact(basename(file), readFileSync(file));
      await ingestRun.end();
      const fired = (result.decision?.reasons ?? []).filter((reason) => reason.fired).map((reason) => reason.message);
      const firedRules = (result.decision?.reasons ?? []).filter((reason) => reason.fired).map((reason) => reason.rule);
      const trigger =
        result.decision?.action !== 'retrain'
          ? undefined
          : interval === 0
            ? 'bootstrap'
            : firedRules.some((rule) => rule.startsWith('driftAbove'))
              ? 'drift'
              : 'schedule';
      const { retrain, promotion } = seen();
      const summary: IntervalSummary = {
        interval,
        at: new Date(clock.now()).toISOString(),
        scenario: winter ? 'winter' : 'normal',
        cleaning,
        ...(monitorOutput.driftShare === undefined ? {} : { driftShare: monitorOutput.driftShare }),
        driftedColumns: monitorOutput.driftedColumns,
        ...(monitorOutput.liveRocAuc === undefined ? {} : { liveRocAuc: monitorOutput.liveRocAuc }),
        decision: result.decision?.action ?? 'failed',
        fired,
        ...(trigger ? { trigger } : {}),
        outcome: result.outcome,
        ...(result.version === undefined ? {} : { challenger: result.version }),
        ...(retrain?.championMetrics ? { championRocAuc: retrain.championMetrics.roc_auc } : {}),
        ...(retrain ? { challengerRocAuc: retrain.challengerMetrics.roc_auc } : {}),
        ...(promotion
          ? {
              promotion: promotion.decision.reasons
                .map((reason) => `${reason.passed ? '✓' : '✗'} ${reason.message}`)
                .join('; '),
            }
          : {}),
        reports: monitorOutput.reports,
      };
      summaries.push(summary);
      log(
        `${summary.at.slice(11, 16)} #${String(interval).padEnd(2)} ${summary.scenario.padEnd(6)} ${cleaning.raw} raw → ${cleaning.raw - cleaning.duplicates} after dedupe (${cleaning.duplicates} duplicates, ${cleaning.imputedCategorical} categoricals imputed, ${cleaning.missingNumeric} numerics left to the median imputer)`,
      );
      if (summary.driftShare !== undefined)
        log(
          `          drift share ${fixed(summary.driftShare, 2)}${summary.driftedColumns.length ? ` (${summary.driftedColumns.join(', ')})` : ''}, champion ROC AUC on the batch ${fixed(summary.liveRocAuc)}`,
        );
      log(
        `          ${summary.decision === 'retrain' ? `retrain on ${trigger} (${fired.join('; ')})` : `no retrain (${(result.decision?.reasons ?? []).map((reason) => reason.message).join('; ')})`}`,
      );
      if (summary.challenger !== undefined)
        log(
          `          challenger v${summary.challenger} holdout ROC AUC ${fixed(summary.challengerRocAuc)} vs champion ${fixed(summary.championRocAuc)} → ${summary.outcome === 'promoted' ? 'PROMOTED' : 'champion kept'}`,
        );
    }
    await loop.stop();
    await Promise.all(tagging);
    const ours = new Set(
      summaries.flatMap((summary) => (summary.challenger === undefined ? [] : [summary.challenger])),
    );
    const versions = (await mloop.registry.listVersions(MODEL_NAME)).filter((v) => ours.has(v.version));
    const model = await mloop.registry.getModel(MODEL_NAME);
    return {
      storeDir,
      tracking: wandb ? 'wandb' : 'sqlite',
      intervals: summaries,
      rawRows: store.rawRowsOf(`${runId}/`),
      datasetVersions: savedVersions.map((v) => ({ id: v.id, digest: v.digest, rows: v.rows })),
      modelVersions: versions
        .map((v) => ({ version: v.version, trainedAt: v.tags.trained_at ?? '', dataset: v.tags.dataset ?? '' }))
        .sort((a, b) => a.version - b.version),
      aliases: { ...model.aliases },
      latestReport,
      durationMs: performance.now() - started,
    };
  } finally {
    store.close();
    await mloop.close();
  }
}
