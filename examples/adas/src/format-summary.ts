import type { AdasExampleResult } from './adas-example';

const fixed = (value: number | undefined, digits = 3) =>
  value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** The end-of-run summary of the ADAS example, as printed by the demo. */
export function formatSummary(result: AdasExampleResult): string {
  const drift = result.intervals.filter((interval) => interval.trigger === 'drift');
  const kept = result.intervals.filter((interval) => interval.outcome === 'kept');
  return [
    '',
    '══ ADAS driving risk: summary ══',
    '',
    'Orchestrator (retrain when more than 30% of the feature columns drift or every 4 h; promote only when the challenger beats the champion on the same holdout by > 0.005 ROC AUC, with recall ≥ 0.6)',
    table(
      [
        'time',
        '#',
        'world',
        'rows',
        'dups',
        'drift share',
        'champ AUC now',
        'decision',
        'trigger',
        'challenger',
        'champ AUC',
        'chall AUC',
        'outcome',
      ],
      result.intervals.map((interval) => [
        interval.at.slice(11, 16),
        String(interval.interval),
        interval.scenario,
        String(interval.cleaning.raw - interval.cleaning.duplicates),
        String(interval.cleaning.duplicates),
        fixed(interval.driftShare, 2),
        fixed(interval.liveRocAuc),
        interval.decision,
        interval.trigger ?? '—',
        interval.challenger === undefined ? '—' : `v${interval.challenger}`,
        fixed(interval.championRocAuc),
        fixed(interval.challengerRocAuc),
        interval.outcome,
      ]),
    ),
    '',
    `Drift-triggered retrains: ${drift.length} (${drift.map((i) => `#${i.interval} → ${i.outcome}`).join(', ') || 'none'}); champion kept: ${kept.length} time(s)`,
    `Raw telemetry rows in SQLite: ${result.rawRows}; training-set versions: ${result.datasetVersions.length}`,
    ...result.modelVersions.map((v) => `  ${MODEL_LINE(v)}`),
    `Aliases now: ${Object.entries(result.aliases)
      .map(([alias, version]) => `${alias} → v${version}`)
      .join(', ')}`,
    `Latest drift report: ${result.latestReport.html} (+ .json); every interval's under reports/`,
    `Store: ${result.storeDir} (inspect with \`mloop ui\`)`,
    `Done in ${(result.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

const MODEL_LINE = (v: { version: number; trainedAt: string; dataset: string }) =>
  `adas-risk v${v.version} trained ${v.trainedAt} on ${v.dataset}`;
