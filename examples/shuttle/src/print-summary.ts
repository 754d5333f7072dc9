import { describeMetrics, describeParams, MODEL_NAME, type ShuttleSummary } from './run-shuttle';

/** The end-of-run report: what was trained, served, healed and where to look. */
export function printSummary(summary: ShuttleSummary, print: (line: string) => void): void {
  const f = (value: number) => value.toFixed(3);
  print('');
  print('═══ shuttle: summary ═══');
  print(
    `datasets versioned   ${summary.datasets.length} (${summary.datasets.map((d) => `${d.name} ${d.rows}`).join(', ')})`,
  );
  for (const sweep of summary.sweeps) {
    print(
      `sweep ${sweep.name.padEnd(15)}${String(sweep.trials).padStart(3)} trials, best validation F1 ${f(sweep.bestF1)}  ${describeParams(sweep.bestParams)}`,
    );
  }
  print(`production model     ${MODEL_NAME} v${summary.initialVersion}: ${describeParams(summary.initialParams)}`);
  print(
    `  whole clean test   ${describeMetrics(summary.initialTest)}  ROC AUC ${f(summary.initialTest.rocAuc)}  (sklearn LOF k=20 defaults: F1 0.869)`,
  );
  print(`  clean batches      ${describeMetrics(summary.cleanBatches)}`);
  print('batches              #  noise  version  F1     precision recall');
  for (const batch of summary.batches) {
    print(
      `                    ${String(batch.index).padStart(2)}  ${batch.noise.toFixed(2)}   v${String(batch.modelVersion).padEnd(6)}  ${f(batch.metrics.f1)}  ${f(batch.metrics.precision)}     ${f(batch.metrics.recall)}${batch.healed ? '  → healing sweep' : ''}`,
    );
  }
  if (summary.healings.length === 0) print('healing              none needed');
  for (const healing of summary.healings) {
    print(
      `${`healing after #${healing.batch}`.padEnd(21)}${healing.sweep.trials} trials → v${healing.challengerVersion}; same holdout: champion v${healing.championVersion} F1 ${f(healing.champion.f1)} vs challenger F1 ${f(healing.challenger.f1)} → ${healing.decision.action}`,
    );
  }
  print(
    `registry             versions ${summary.registry.versions.map((v) => `v${v.version}`).join(', ')}; aliases ${Object.entries(
      summary.registry.aliases,
    )
      .map(([alias, version]) => `${alias} → v${version}`)
      .join(', ')}`,
  );
  print(
    `store                ${summary.storeDir} (${summary.tracking === 'wandb' ? 'runs also on W&B' : 'SQLite'}); inspect with \`mloop ui\``,
  );
  print(`time                 ${summary.seconds.toFixed(1)} s`);
}
