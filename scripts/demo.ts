/**
 * The end-to-end demo behind `pnpm run demo`: the lifecycle on NASA shuttle telemetry with the
 * in-memory backend, in a few seconds. Load and version a dataset, split it, train two anomaly
 * detectors in tracked runs, register both, let a promotion policy pick the production model,
 * roll back, and print what happened.
 */
import {
  createMemoryBackend,
  createMloop,
  createPromotionPolicy,
  datasetLabels,
  datasetToMatrix,
  f1Score,
  type Matrix,
  type ModelJSONV1,
  readCsvFile,
  rocAucScore,
  trainTestSplit,
} from '@mloop/core';
import { sharedPath } from '@mloop/core/testing';

/**
 * A robust per-feature z-score detector (median and MAD), small enough to read here: a row's
 * score is minus its largest robust z-score, so lower means more abnormal, as in scikit-learn.
 */
function fitRobustZ(x: Matrix): { median: number[]; mad: number[] } {
  const median: number[] = [];
  const mad: number[] = [];
  for (let j = 0; j < x.cols; j++) {
    const column = Float64Array.from({ length: x.rows }, (_, i) => x.data[i * x.cols + j]).sort();
    const m = column[column.length >> 1];
    const deviations = column.map((v) => Math.abs(v - m)).sort();
    median.push(m);
    mad.push(deviations[deviations.length >> 1] || 1);
  }
  return { median, mad };
}

function scoreRobustZ(state: { median: number[]; mad: number[] }, x: Matrix): Float64Array {
  const scores = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let worst = 0;
    for (let j = 0; j < x.cols; j++)
      worst = Math.max(worst, Math.abs(x.data[i * x.cols + j] - state.median[j]) / state.mad[j]);
    scores[i] = -worst;
  }
  return scores;
}

const started = performance.now();
const mloop = createMloop({ backend: createMemoryBackend() });
const shuttle = await readCsvFile(sharedPath('data/shuttle/shuttle-odds.csv'), { label: 'label' });
console.log(
  `dataset   ${shuttle.name}: ${shuttle.nRows} rows × ${shuttle.columnNames.length} columns, digest ${shuttle.digest.slice(0, 12)}…`,
);

const { train, test } = trainTestSplit(shuttle, { testSize: 0.3, seed: 42, stratify: 'label' });
const xTrain = datasetToMatrix(train, { exclude: ['label'] });
const xTest = datasetToMatrix(test, { exclude: ['label'] });
const yTest = datasetLabels(test, 'label');
console.log(`split     train ${train.nRows} rows, test ${test.nRows} rows (stratified on label, seed 42)`);

const policy = createPromotionPolicy({
  gates: [{ metric: 'roc_auc', min: 0.6 }],
  compare: { metric: 'f1' },
  minImprovement: 0.005,
});
const rows: { cutoff: number; version: number; rocAuc: number; f1: number; decision: string }[] = [];

for (const cutoff of [3, 6]) {
  const result = await mloop.tracker.withRun(
    { experiment: 'shuttle-demo', name: `robust-z-${cutoff}`, params: { cutoff } },
    async (run) => {
      await run.logDataset(train, 'train');
      await run.logDataset(test, 'test');
      const state = fitRobustZ(xTrain);
      const scores = scoreRobustZ(state, xTest);
      // Outliers are label 1: a lower score means more abnormal, so rank by −score.
      const rocAuc = rocAucScore(
        yTest,
        Array.from(scores, (s) => -s),
      );
      const f1 = f1Score(
        yTest,
        Array.from(scores, (s) => (-s > cutoff ? 1 : 0)),
      );
      run.logMetrics({ roc_auc: rocAuc, f1 });
      const model: ModelJSONV1 = {
        format: 'mloop.model',
        formatVersion: 1,
        kind: 'RobustZScore',
        producer: 'mloop demo',
        params: { cutoff },
        state,
      };
      const version = await mloop.registry.register({
        name: 'shuttle-detector',
        model,
        run,
        datasets: [train, test],
        metrics: { roc_auc: rocAuc, f1 },
      });
      return { version: version.version, rocAuc, f1 };
    },
  );
  const champion = await mloop.registry.getVersion('shuttle-detector', { alias: 'production' }).catch(() => undefined);
  const decision = policy.decide({
    champion: champion ? { version: champion.version, metrics: champion.metrics } : undefined,
    challenger: { version: result.version, metrics: { roc_auc: result.rocAuc, f1: result.f1 } },
  });
  if (decision.action === 'promote') {
    await mloop.registry.setAlias('shuttle-detector', 'production', result.version, {
      reason: decision.reasons.map((r) => r.message).join('; '),
    });
  }
  rows.push({ cutoff, ...result, decision: decision.action });
}

console.log('\nruns and registry decisions');
console.table(
  rows.map((r) => ({
    cutoff: r.cutoff,
    version: `v${r.version}`,
    'ROC AUC': r.rocAuc.toFixed(4),
    F1: r.f1.toFixed(4),
    policy: r.decision,
  })),
);

const before = await mloop.registry.getVersion('shuttle-detector', { alias: 'production' });
const rolledBack = await mloop.registry.rollback('shuttle-detector', 'production', {
  reason: 'demo: undo the last promotion',
});
console.log(`rollback  production v${before.version} → v${rolledBack.version ?? 'none'}`);
console.log('\nalias history of production');
for (const event of await mloop.registry.aliasHistory('shuttle-detector', 'production')) {
  console.log(
    `  ${event.action.padEnd(9)} → ${event.version === undefined ? '—' : `v${event.version}`}  ${event.reason ?? ''}`,
  );
}
const runs = await mloop.tracker.searchRuns({
  experiments: ['shuttle-demo'],
  orderBy: { kind: 'metric', key: 'f1', direction: 'desc' },
});
console.log(
  `\n${runs.items.length} runs tracked; best F1 ${runs.items[0]?.metrics.f1?.value.toFixed(4)} in ${runs.items[0]?.name}`,
);
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
await mloop.close();
