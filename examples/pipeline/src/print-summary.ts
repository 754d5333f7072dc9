import { MODEL_NAME, type PipelineDemoSummary } from './run-pipeline-demo';

/** The end-of-run report: what each run did, what got registered, where the report is. */
export function printSummary(summary: PipelineDemoSummary, print: (line: string) => void): void {
  print('');
  print('═══ pipeline: summary ═══');
  const stages = summary.runs[0]?.summary.stages.map((stage) => stage.stage) ?? [];
  print(`run  ${stages.map((stage) => stage.padEnd(11)).join('')}registered`);
  summary.runs.forEach((run, index) => {
    const byStage = new Map(run.summary.stages.map((stage) => [stage.stage, stage]));
    const registered = run.summary.stages.flatMap((stage) =>
      stage.registered ? [`v${stage.registered.version}`] : [],
    );
    print(
      `${String(index + 1).padEnd(5)}${stages.map((stage) => (byStage.get(stage)?.status ?? '-').padEnd(11)).join('')}${registered.join(', ') || '—'}   ${run.label}`,
    );
  });
  for (const run of summary.runs) {
    const evaluate = run.summary.stages.find((stage) => stage.stage === 'evaluate');
    if (evaluate?.status !== 'gated') continue;
    print(`gated: ${run.label} — ${evaluate.reason}; nothing registered`);
  }
  const f = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(3));
  for (const version of summary.registry.versions) {
    print(
      `${MODEL_NAME} v${version.version}: accuracy ${f(version.metrics.accuracy)}  recall ${f(version.metrics.recall)}  F1 ${f(version.metrics.f1)}`,
    );
  }
  print(
    `aliases: ${Object.entries(summary.registry.aliases)
      .map(([alias, version]) => `${alias} → v${version}`)
      .join(', ')}`,
  );
  print(`report: ${summary.report.path} (+ ${summary.report.svgPath})`);
  print(
    `store: ${summary.dir}/.mloop (${summary.tracking === 'wandb' ? 'runs also on W&B' : 'SQLite'}); inspect with \`mloop ui\``,
  );
  print(`time: ${summary.seconds.toFixed(1)} s`);
}
