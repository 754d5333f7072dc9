import type { SmsExampleResult } from './sms-example';

const fixed = (value: number | undefined, digits = 4) =>
  value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** The end-of-run summary of the SMS example, as printed by the demo. */
export function formatSummary(result: SmsExampleResult): string {
  const [best] = result.comparison;
  const alertTitles = result.alerts.map((alert) => `  [${alert.severity}] ${alert.title}`);
  return [
    '',
    '══ SMS spam: summary ══',
    '',
    'Experiment "sms-spam" (test split of models.json, spam = positive class)',
    table(
      ['family', 'params', 'accuracy', 'precision', 'recall', 'F1', 'ROC AUC', 'version'],
      result.comparison.map((entry) => [
        entry.family,
        Object.entries(entry.params)
          .map(([key, value]) => `${key}=${value}`)
          .join(' '),
        fixed(entry.metrics.accuracy),
        fixed(entry.metrics.precision),
        fixed(entry.metrics.recall),
        fixed(entry.metrics.f1),
        fixed(entry.metrics.roc_auc),
        `v${entry.version}`,
      ]),
    ),
    `Floors: accuracy ${fixed(best.metrics.accuracy)} ≥ 0.97 ${best.metrics.accuracy >= 0.97 ? '✓' : '✗'}, spam F1 ${fixed(best.metrics.f1)} ≥ 0.90 ${best.metrics.f1 >= 0.9 ? '✓' : '✗'}`,
    '',
    'Retraining loop (retrain on TF-IDF drift > 0.15, live accuracy < 0.93 or every 7 days; deploy only on > 1 accuracy point)',
    table(
      ['day', 'msgs', 'tfidf drift', 'live acc', 'decision', 'challenger', 'champ acc', 'chall acc', 'outcome'],
      result.cycles.map((cycle) => [
        String(cycle.day),
        String(cycle.messages),
        fixed(cycle.tfidfDrift, 3),
        fixed(cycle.liveAccuracy, 3),
        cycle.decision,
        cycle.challenger === undefined ? '—' : `v${cycle.challenger}`,
        fixed(cycle.championAccuracy),
        fixed(cycle.challengerAccuracy),
        cycle.outcome,
      ]),
    ),
    '',
    `Alerts received by the local webhook: ${result.alerts.length}`,
    ...alertTitles,
    '',
    `Rollback: production v${result.rollback.from} → v${result.rollback.to}`,
    `Aliases now: ${Object.entries(result.aliases)
      .map(([alias, version]) => `${alias} → v${version}`)
      .join(', ')}`,
    `Store: ${result.storeDir} (inspect with \`mloop ui\`)`,
    `Done in ${(result.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}
