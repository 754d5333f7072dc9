import { join } from 'node:path';
import {
  accuracyScore,
  anyOf,
  createAlertManager,
  createLoop,
  createMloop,
  createPromotionPolicy,
  driftAbove,
  type EstimatorV1,
  every,
  f1Score,
  ManualClock,
  type Matrix,
  type ModelJSONV1,
  metricBelow,
  precisionScore,
  recallScore,
  rocAucScore,
  SeededRandom,
  webhookSink,
} from '@mloop/core';
import { sharedDir } from '@mloop/core/testing';
import { TextDriftDetector } from '@mloop/drift';
import { LinearSVC, LogisticRegression, MultinomialNB, modelKinds, Pipeline, TfidfVectorizer } from '@mloop/models';
import { createPredictor, createServer, explainWithTopFeatures, type TopFeature } from '@mloop/serve';
import { createSqliteBackend } from '@mloop/tracker-sqlite';
import { wandbBackendFromEnv } from '@mloop/tracker-wandb';
import { generateNewHam, generateNewSpam } from './new-spam';
import { loadSmsSplit, type Messages, messagesDataset } from './sms-data';
import { startWebhookReceiver } from './webhook-receiver';

/** Options of {@link runSmsExample}. */
export interface SmsExampleOptions {
  /** Working directory: the SQLite store goes to `<dir>/.mloop`. */
  readonly dir: string;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
  /** Seed of the validation split, the stream and the loop; default 42. */
  readonly seed?: number;
  /** Environment (for `WANDB_API_KEY`); default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/** One model family's result in the comparison. */
export interface FamilyResult {
  /** `'naive-bayes'`, `'logistic-regression'` or `'linear-svm'`. */
  readonly family: string;
  /** The hyperparameter picked on the validation split. */
  readonly params: Record<string, number>;
  /** Test-split metrics (spam is the positive class). */
  readonly metrics: Record<string, number>;
  /** Its registry version. */
  readonly version: number;
}

/** One cycle of the retraining loop. */
export interface CycleSummary {
  /** Loop cycle number. */
  readonly cycle: number;
  /** Simulated day. */
  readonly day: number;
  /** Messages in the batch, and how many follow the new spam patterns. */
  readonly messages: number;
  /** Generated new-pattern spam in the batch. */
  readonly newPatternSpam: number;
  /** TF-IDF drift against the serving model's training texts. */
  readonly tfidfDrift: number;
  /** Vocabulary (top-50) drift, reported only. */
  readonly vocabularyDrift: number;
  /** New spam terms found. */
  readonly newSpamPatterns: readonly string[];
  /** Live accuracy of the served model on the batch's feedback. */
  readonly liveAccuracy: number;
  /** Retrain decision and the reasons that fired. */
  readonly decision: string;
  /** The rules that fired. */
  readonly fired: readonly string[];
  /** What happened. */
  readonly outcome: string;
  /** The challenger version, when one was trained. */
  readonly challenger?: number;
  /** Holdout accuracy of champion and challenger. */
  readonly championAccuracy?: number;
  /** Holdout accuracy of the challenger. */
  readonly challengerAccuracy?: number;
  /** The promotion policy's reasons. */
  readonly promotion?: string;
}

/** What {@link runSmsExample} did. */
export interface SmsExampleResult {
  /** The SQLite store directory. */
  readonly storeDir: string;
  /** Where runs were tracked. */
  readonly tracking: 'sqlite' | 'wandb';
  /** The three families, best first. */
  readonly comparison: readonly FamilyResult[];
  /** Responses of the HTTP service to the sample messages. */
  readonly served: readonly { text: string; response: Record<string, unknown> }[];
  /** The service's URL (closed by now). */
  readonly serviceUrl: string;
  /** The loop's cycles. */
  readonly cycles: readonly CycleSummary[];
  /** Alerts the local webhook received. */
  readonly alerts: readonly Record<string, unknown>[];
  /** Production before and after the rollback. */
  readonly rollback: { readonly from: number; readonly to: number; readonly prediction: Record<string, unknown> };
  /** Final aliases. */
  readonly aliases: Readonly<Record<string, number>>;
  /** Wall time, ms. */
  readonly durationMs: number;
}

/** The registered model name. */
export const MODEL_NAME = 'sms-spam';
const EXPERIMENT = 'sms-spam';
const DAY = 86_400_000;
/** The SMS project's drift threshold, applied to TF-IDF drift. */
const TFIDF_THRESHOLD = 0.15;

interface Family {
  readonly name: string;
  readonly param: 'alpha' | 'C';
  readonly grid: readonly number[];
  readonly make: (value: number) => EstimatorV1<unknown>;
}

const FAMILIES: readonly Family[] = [
  {
    name: 'naive-bayes',
    param: 'alpha',
    grid: [0.03, 0.1, 0.3],
    make: (alpha) => new MultinomialNB({ alpha }) as unknown as EstimatorV1<unknown>,
  },
  {
    name: 'logistic-regression',
    param: 'C',
    grid: [10, 30, 100],
    make: (C) => new LogisticRegression({ C }) as unknown as EstimatorV1<unknown>,
  },
  {
    name: 'linear-svm',
    param: 'C',
    grid: [0.3, 1, 3],
    make: (C) => new LinearSVC({ C }) as unknown as EstimatorV1<unknown>,
  },
];

const pipelineOf = (family: Family, value: number) =>
  new Pipeline({
    steps: [
      ['tfidf', new TfidfVectorizer()],
      ['clf', family.make(value) as never],
    ],
  });

/** Accuracy, precision, recall and F1 of spam, and ROC AUC from probabilities or margins. */
function scoreModel(model: Pipeline, data: Messages): Record<string, number> {
  const predicted = model.predict(data.texts) as string[];
  const binary = { average: 'binary', posLabel: 'spam' } as const;
  const metrics: Record<string, number> = {
    accuracy: accuracyScore(data.labels, predicted),
    precision: precisionScore(data.labels, predicted, binary) as number,
    recall: recallScore(data.labels, predicted, binary) as number,
    f1: f1Score(data.labels, predicted, binary) as number,
  };
  const last = Object.values(model.namedSteps).at(-1);
  const truth = data.labels.map((label) => (label === 'spam' ? 1 : 0));
  if (last instanceof LinearSVC) {
    metrics.roc_auc = rocAucScore(truth, Array.from((model.decisionFunction(data.texts) as Matrix).data));
  } else {
    const proba = model.predictProba(data.texts) as Matrix;
    const spam = (model.classes as readonly string[]).indexOf('spam');
    metrics.roc_auc = rocAucScore(
      truth,
      Array.from({ length: proba.rows }, (_, row) => proba.data[row * proba.cols + spam]),
    );
  }
  return metrics;
}

function concat(...parts: Messages[]): Messages {
  return { texts: parts.flatMap((part) => part.texts), labels: parts.flatMap((part) => part.labels) };
}

function shuffled(messages: Messages, random: SeededRandom): Messages {
  const order = Array.from(random.permutation(messages.texts.length));
  return { texts: order.map((i) => messages.texts[i]), labels: order.map((i) => messages.labels[i]) };
}

async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`POST ${url} → ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

const fixed = (value: number, digits = 4) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/**
 * The SMS spam scenario end to end: compare TF-IDF + naive Bayes / logistic regression / linear
 * SVM in one experiment, register the best as `production` and the runner-up as `staging`, serve
 * `production` over HTTP with top features, stream new messages with a new spam wave through the
 * service, let the loop retrain on text drift or low live accuracy and deploy only a challenger
 * that gains more than one accuracy point, alert a local webhook, and roll back at the end.
 */
export async function runSmsExample(options: SmsExampleOptions): Promise<SmsExampleResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 42;
  const shared = sharedDir(import.meta.dirname);
  const data = loadSmsSplit(`${shared}/data/sms-spam/SMSSpamCollection`, `${shared}/test-vectors/models.json`);
  // Runs go to W&B when the environment says so (WANDB_API_KEY); the registry and artifacts stay
  // in SQLite either way, so the predictor follows the aliases without the network.
  const storeDir = join(options.dir, '.mloop');
  const wandb = wandbBackendFromEnv({ project: 'mloop-sms' }, options.env);
  const backend = createSqliteBackend({ dir: storeDir });
  const mloop = createMloop({ backend, ...(wandb ? { tracker: wandb.tracker } : {}), models: modelKinds() });
  log(`store     ${storeDir} (runs → ${wandb ? 'Weights & Biases' : 'SQLite'})`);
  log(
    `data      ${data.all.texts.length} messages, ${data.all.labels.filter((l) => l === 'spam').length} spam; split from models.json: train ${data.train.texts.length}, test ${data.test.texts.length}`,
  );
  const cleanup: (() => Promise<void> | void)[] = [() => mloop.close()];
  try {
    // 1. One experiment: pick each family's hyperparameter on a validation split carved from
    // train, refit on all of train, score on the test split, register all three.
    const random = new SeededRandom(seed);
    const validationMask = Array.from(data.train.texts, () => random.next() < 0.2);
    const pick = (messages: Messages, keep: (index: number) => boolean): Messages => ({
      texts: messages.texts.filter((_, i) => keep(i)),
      labels: messages.labels.filter((_, i) => keep(i)),
    });
    const fitPart = pick(data.train, (i) => !validationMask[i]);
    const validation = pick(data.train, (i) => validationMask[i]);
    const trainSet = messagesDataset(data.train, 'sms-train');
    const testSet = messagesDataset(data.test, 'sms-test');
    const comparison: FamilyResult[] = [];
    const configs = new Map<string, { family: Family; value: number }>();
    for (const family of FAMILIES) {
      let best = { value: family.grid[0], accuracy: -1 };
      for (const value of family.grid) {
        const accuracy = await mloop.tracker.withRun(
          {
            experiment: EXPERIMENT,
            name: `${family.name} ${family.param}=${value} (validation)`,
            params: { family: family.name, [family.param]: value, stage: 'validation' },
            tags: { stage: 'validation', family: family.name },
          },
          async (run) => {
            const metrics = scoreModel(pipelineOf(family, value).fit(fitPart.texts, fitPart.labels), validation);
            run.logMetrics(metrics);
            return metrics.accuracy;
          },
        );
        if (accuracy > best.accuracy) best = { value, accuracy };
      }
      const { metrics, version } = await mloop.tracker.withRun(
        {
          experiment: EXPERIMENT,
          name: `${family.name} ${family.param}=${best.value}`,
          params: { family: family.name, [family.param]: best.value, stage: 'final' },
          tags: { stage: 'final', family: family.name },
        },
        async (run) => {
          await run.logDataset(trainSet, 'train');
          await run.logDataset(testSet, 'test');
          const model = pipelineOf(family, best.value).fit(data.train.texts, data.train.labels);
          const scores = scoreModel(model, data.test);
          run.logMetrics(scores);
          const registered = await mloop.registry.register({
            name: MODEL_NAME,
            model: model as unknown as EstimatorV1<unknown>,
            run,
            datasets: [trainSet, testSet],
            metrics: scores,
            tags: { family: family.name, [family.param]: String(best.value) },
            description: `TF-IDF → ${family.name} (${family.param}=${best.value}), trained on the ${data.train.texts.length} training messages`,
          });
          return { metrics: scores, version: registered.version };
        },
      );
      configs.set(family.name, { family, value: best.value });
      comparison.push({ family: family.name, params: { [family.param]: best.value }, metrics, version });
      log(
        `train     ${family.name.padEnd(20)} ${family.param}=${String(best.value).padEnd(5)} test accuracy ${fixed(metrics.accuracy)}  spam F1 ${fixed(metrics.f1)}  → v${version}`,
      );
    }
    comparison.sort((a, b) => b.metrics.accuracy - a.metrics.accuracy || b.metrics.f1 - a.metrics.f1);
    const [best, runnerUp] = comparison;
    await mloop.registry.setAlias(MODEL_NAME, 'production', best.version, {
      reason: `best test accuracy ${fixed(best.metrics.accuracy)} (${best.family})`,
    });
    await mloop.registry.setAlias(MODEL_NAME, 'staging', runnerUp.version, {
      reason: `runner-up test accuracy ${fixed(runnerUp.metrics.accuracy)} (${runnerUp.family})`,
    });
    log(
      `registry  production → v${best.version} (${best.family}), staging → v${runnerUp.version} (${runnerUp.family})`,
    );

    // 2. The HTTP service over the production alias, with top features and a text-drift endpoint.
    // Drift is measured against the texts the serving model was trained on.
    const trainingTexts = new Map<number, Messages>();
    for (const entry of comparison) trainingTexts.set(entry.version, data.train);
    let reference = data.train;
    const predictor = await createPredictor({
      mloop,
      model: MODEL_NAME,
      alias: 'production',
      input: { kind: 'text' },
      positiveLabel: 'spam',
      explain: explainWithTopFeatures,
      topFeatures: 5,
    });
    cleanup.push(() => predictor.close());
    // Text drift from @mloop/drift, profiled once per reference (the serving model's training texts).
    const profile = (messages: Messages) =>
      new TextDriftDetector({ domainClassifier: false }).fit({ texts: messages.texts, labels: messages.labels });
    let detector = profile(reference);
    const server = createServer(
      predictor,
      { port: 0 },
      {
        drift: (rows) => {
          const labelled = rows.every((row) => typeof row.label === 'string');
          const result = detector.test({
            texts: rows.map((row) => String(row.text)),
            ...(labelled ? { labels: rows.map((row) => String(row.label)) } : {}),
          });
          return {
            vocabulary_drift: result.vocabularyDrift,
            tfidf_drift: result.tfidfDrift,
            oov_token_rate: result.oovTokenRate,
            drift_detected: result.driftDetected,
            threshold: result.threshold,
            new_spam_patterns: result.newSpamPatterns,
            recommendation: result.recommendation,
          };
        },
      },
    );
    const { url } = await server.listen();
    cleanup.push(() => server.close());
    log(`serve     ${url} (POST /predict, /predict/batch, /feedback, /drift/calculate; GET /health, /metrics)`);
    const samples = [
      'Are we still on for dinner tonight? I can pick you up at 7',
      'WINNER!! You have been selected to receive a £900 prize reward! Call 09061701461 to claim',
      'Your bitcoin wallet is locked. Verify your seed phrase at wallet-check.io within 24h',
    ];
    const served: { text: string; response: Record<string, unknown> }[] = [];
    for (const text of samples) {
      const response = await postJson(`${url}/predict`, { text });
      served.push({ text, response });
      const top = (response.topFeatures as TopFeature[]).map((f) => `${f.feature} +${f.weight.toFixed(2)}`);
      log(
        `predict   "${text.slice(0, 48)}…" → ${response.prediction} (${fixed(response.confidence as number, 3)}, v${response.modelVersion}) top: ${top.join(', ')}`,
      );
    }

    // 3. The stream and the loop. Half of the test split is "familiar" traffic, the other half
    // stays out of every stream so it can be the loop's holdout, together with a fixed set of
    // new-pattern messages (other seeds than the stream's).
    const half = new SeededRandom(seed + 1).permutation(data.test.texts.length);
    const familiar = pick(data.test, (i) => half[i] % 2 === 0);
    const holdout = concat(
      pick(data.test, (i) => half[i] % 2 === 1),
      { texts: generateNewSpam(150, seed + 100), labels: Array(150).fill('spam') },
      { texts: generateNewHam(50, seed + 101), labels: Array(50).fill('ham') },
    );
    const receiver = await startWebhookReceiver();
    cleanup.push(() => receiver.close());
    const clock = new ManualClock(Date.now());
    const clockStart = clock.now();
    const alerts = createAlertManager({
      sinks: [webhookSink({ url: receiver.url, attempts: 2, baseDelayMs: 50 })],
      clock,
    });
    const plan = [
      { day: 1, familiar: 500, newSpam: 0, newHam: 0 },
      { day: 2, familiar: 350, newSpam: 110, newHam: 40 },
      { day: 3, familiar: 350, newSpam: 110, newHam: 40 },
      { day: 10, familiar: 450, newSpam: 40, newHam: 10 },
    ];
    const collected: Messages = { texts: [], labels: [] };
    let currentBatch: Messages = { texts: [], labels: [] };
    const champion = configs.get(best.family)!;
    let lastTrainingSet: Messages = data.train;
    let lastDrift: Record<string, unknown> = {};
    const loop = createLoop({
      mloop,
      model: MODEL_NAME,
      championAlias: 'production',
      experiment: 'sms-spam-loop',
      clock,
      seed,
      alerts,
      retries: { attempts: 1 },
      retrainPolicy: anyOf(driftAbove('tfidf', TFIDF_THRESHOLD), metricBelow('accuracy', 0.93), every('7d')),
      promotionPolicy: createPromotionPolicy({
        gates: [{ metric: 'f1', min: 0.9 }],
        compare: { metric: 'accuracy' },
        minImprovement: 0.01,
      }),
      monitor: async () => {
        const drift = (
          await postJson(`${url}/drift/calculate`, {
            inputs: currentBatch.texts.map((text, i) => ({ text, label: currentBatch.labels[i] })),
          })
        ).result as Record<string, number | boolean | string[] | string>;
        const live = (await (await fetch(`${url}/metrics/performance`)).json()) as {
          live: { accuracy: number; f1: number };
        };
        // The loop alarms on TF-IDF drift alone: vocabulary drift of a 500-message batch is noisy (README).
        const tfidfAlarm = (drift.tfidf_drift as number) > TFIDF_THRESHOLD;
        if (tfidfAlarm) {
          await alerts.alert({
            severity: 'warning',
            title: `${MODEL_NAME}: text drift`,
            message: `TF-IDF drift ${fixed(drift.tfidf_drift as number, 3)} > ${TFIDF_THRESHOLD}; new spam patterns: ${(drift.new_spam_patterns as string[]).join(', ') || 'none'}. ${drift.recommendation}`,
            source: `monitor:${MODEL_NAME}`,
            dedupeKey: `drift:${clock.now()}`,
          });
        }
        lastDrift = { ...drift, tfidf_alarm: tfidfAlarm };
        return {
          drift: { tfidf: drift.tfidf_drift as number, vocabulary: drift.vocabulary_drift as number },
          metrics: { accuracy: live.live.accuracy, f1: live.live.f1 },
          newSamples: currentBatch.texts.length,
        };
      },
      train: ({ run }) => {
        const training = concat(data.train, collected);
        lastTrainingSet = training;
        run.logParams({ family: champion.family.name, [champion.family.param]: champion.value });
        run.logMetric('train_messages', training.texts.length);
        const model = pipelineOf(champion.family, champion.value).fit(training.texts, training.labels);
        return {
          model: model as unknown as EstimatorV1<unknown>,
          metrics: { train_messages: training.texts.length },
          datasets: [messagesDataset(training, 'sms-train+stream')],
        };
      },
      evaluate: (model: EstimatorV1<unknown> | ModelJSONV1) => {
        const metrics = scoreModel(model as unknown as Pipeline, holdout);
        delete metrics.roc_auc;
        return metrics;
      },
    });
    const events: Record<string, unknown> = {};
    loop.on('retrain-finished', (event) => {
      trainingTexts.set(event.version, lastTrainingSet);
      events.retrain = event;
    });
    loop.on('promoted', (event) => {
      reference = trainingTexts.get(event.version) ?? reference;
      detector = profile(reference);
      events.promotion = event;
    });
    loop.on('kept', (event) => {
      events.promotion = event;
    });
    const cycles: CycleSummary[] = [];
    const streamRandom = new SeededRandom(seed + 2);
    for (const step of plan) {
      await clock.advance(clockStart + step.day * DAY - clock.now());
      const order = Array.from(streamRandom.permutation(familiar.texts.length)).slice(0, step.familiar);
      currentBatch = shuffled(
        concat(
          { texts: order.map((i) => familiar.texts[i]), labels: order.map((i) => familiar.labels[i]) },
          { texts: generateNewSpam(step.newSpam, seed + 10 * step.day), labels: Array(step.newSpam).fill('spam') },
          { texts: generateNewHam(step.newHam, seed + 10 * step.day + 1), labels: Array(step.newHam).fill('ham') },
        ),
        streamRandom,
      );
      // The batch goes through the service, then the labels come back as feedback.
      const { predictions } = (await postJson(`${url}/predict/batch`, {
        inputs: currentBatch.texts.map((text) => ({ text })),
      })) as { predictions: { id: string }[] };
      for (let start = 0; start < predictions.length; start += 50) {
        await Promise.all(
          predictions
            .slice(start, start + 50)
            .map((prediction, i) =>
              postJson(`${url}/feedback`, { id: prediction.id, label: currentBatch.labels[start + i] }),
            ),
        );
      }
      collected.texts.push(...currentBatch.texts);
      collected.labels.push(...currentBatch.labels);
      delete events.retrain;
      delete events.promotion;
      const result = await loop.trigger(`day ${step.day} batch`);
      const retrain = events.retrain as
        | { challengerMetrics: Record<string, number>; championMetrics?: Record<string, number> }
        | undefined;
      const promotion = events.promotion as
        | { decision: { reasons: { passed: boolean; message: string }[] } }
        | undefined;
      const summary: CycleSummary = {
        cycle: result.cycle,
        day: step.day,
        messages: currentBatch.texts.length,
        newPatternSpam: step.newSpam,
        tfidfDrift: lastDrift.tfidf_drift as number,
        vocabularyDrift: lastDrift.vocabulary_drift as number,
        newSpamPatterns: (lastDrift.new_spam_patterns as string[]) ?? [],
        liveAccuracy: predictor.liveMetrics().accuracy,
        decision: result.decision?.action ?? 'failed',
        fired: (result.decision?.reasons ?? []).filter((reason) => reason.fired).map((reason) => reason.message),
        outcome: result.outcome,
        ...(result.version === undefined ? {} : { challenger: result.version }),
        ...(retrain?.championMetrics ? { championAccuracy: retrain.championMetrics.accuracy } : {}),
        ...(retrain ? { challengerAccuracy: retrain.challengerMetrics.accuracy } : {}),
        ...(promotion
          ? { promotion: promotion.decision.reasons.map((r) => `${r.passed ? '✓' : '✗'} ${r.message}`).join('; ') }
          : {}),
      };
      cycles.push(summary);
      log(
        `day ${String(step.day).padEnd(2)}    ${summary.messages} messages (${step.newSpam} new-pattern spam): tfidf drift ${fixed(summary.tfidfDrift, 3)}, vocabulary drift ${fixed(summary.vocabularyDrift, 3)}, live accuracy ${fixed(summary.liveAccuracy, 3)} → ${summary.decision === 'retrain' ? `retrain (${summary.fired.join('; ')})` : 'no retrain'}`,
      );
      if (lastDrift.tfidf_alarm && summary.newSpamPatterns.length > 0)
        log(`          new spam patterns: ${summary.newSpamPatterns.join(', ')}`);
      if (summary.challenger !== undefined) {
        log(
          `          challenger v${summary.challenger} holdout accuracy ${fixed(summary.challengerAccuracy ?? Number.NaN)} vs champion ${fixed(summary.championAccuracy ?? Number.NaN)} → ${summary.outcome} (${summary.promotion})`,
        );
      }
      if (result.outcome === 'promoted') await waitForVersion(predictor, result.version!);
    }
    await loop.stop();

    // 4. Roll production back one step and show the service follows.
    const current = await mloop.registry.getVersion(MODEL_NAME, { alias: 'production' });
    const back = await mloop.registry.rollback(MODEL_NAME, 'production', { reason: 'demo: roll back the last deploy' });
    await waitForVersion(predictor, back.version!);
    const rolledBack = await postJson(`${url}/predict`, { text: samples[2] });
    log(
      `rollback  production v${current.version} → v${back.version}; "${samples[2].slice(0, 40)}…" now → ${rolledBack.prediction} (v${rolledBack.modelVersion})`,
    );
    const model = await mloop.registry.getModel(MODEL_NAME);
    return {
      storeDir,
      tracking: wandb ? 'wandb' : 'sqlite',
      comparison,
      served,
      serviceUrl: url,
      cycles,
      alerts: [...receiver.received],
      rollback: { from: current.version, to: back.version!, prediction: rolledBack },
      aliases: { ...model.aliases },
      durationMs: performance.now() - started,
    };
  } finally {
    for (const close of cleanup.reverse()) await close();
  }
}

/** Waits until the predictor serves `version` (the SQLite backend's change feed is polled every 200 ms). */
async function waitForVersion(
  predictor: { readonly loaded: readonly { readonly version: number }[] },
  version: number,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (predictor.loaded[0]?.version !== version) {
    if (Date.now() > deadline) throw new Error(`the predictor did not load v${version} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
