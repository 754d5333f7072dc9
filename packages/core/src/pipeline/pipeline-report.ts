import type { PipelineSummary } from './run-pipeline';

/** A confusion matrix to show: rows are true labels, columns predicted labels. */
export interface ReportConfusionMatrix {
  /** Class labels, in row/column order. */
  readonly labels: readonly (string | number)[];
  /** Counts: `matrix[i][j]` rows of true class i predicted as j. */
  readonly matrix: readonly (readonly number[])[];
}

/** Options of {@link pipelineReport}. */
export interface PipelineReportOptions {
  /** Heading (default `Pipeline report`). */
  readonly title?: string;
  /** A confusion matrix to add as a table and an SVG. */
  readonly confusionMatrix?: ReportConfusionMatrix;
  /** File name the SVG is saved under, linked from the Markdown (default `confusion-matrix.svg`). */
  readonly svgFile?: string;
}

const escapeCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const show = (value: number) => (Number.isInteger(value) ? String(value) : value.toPrecision(4));

/** A confusion matrix as an SVG heat map (one file, no script, readable in a pull request). */
export function confusionMatrixSvg(confusion: ReportConfusionMatrix): string {
  const n = confusion.labels.length;
  const cell = 64;
  const margin = 110;
  const size = margin + n * cell + 20;
  const max = Math.max(1, ...confusion.matrix.flat());
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" font-family="sans-serif" font-size="13">`,
    `<text x="${margin + (n * cell) / 2}" y="20" text-anchor="middle" font-weight="bold">predicted</text>`,
    `<text x="20" y="${margin + (n * cell) / 2}" text-anchor="middle" font-weight="bold" transform="rotate(-90 20 ${margin + (n * cell) / 2})">true</text>`,
  ];
  confusion.labels.forEach((label, k) => {
    parts.push(
      `<text x="${margin + k * cell + cell / 2}" y="${margin - 10}" text-anchor="middle">${escapeXml(String(label))}</text>`,
    );
    parts.push(
      `<text x="${margin - 10}" y="${margin + k * cell + cell / 2 + 4}" text-anchor="end">${escapeXml(String(label))}</text>`,
    );
  });
  confusion.matrix.forEach((row, i) => {
    row.forEach((count, j) => {
      const shade = Math.round(245 - (count / max) * 190);
      const fill = i === j ? `rgb(${shade},${Math.min(255, shade + 20)},${255})` : `rgb(255,${shade},${shade})`;
      const x = margin + j * cell;
      const y = margin + i * cell;
      parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"/>`);
      parts.push(`<text x="${x + cell / 2}" y="${y + cell / 2 + 5}" text-anchor="middle">${count}</text>`);
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/**
 * A Markdown report of a pipeline run for CI to post on a pull request: stage table (status,
 * duration, reason), metrics and gates per stage, and a confusion matrix as a table plus an SVG
 * (returned separately, to save next to the Markdown).
 * @example
 * const { markdown, svg } = pipelineReport(summary, { confusionMatrix: { labels: ['ham', 'spam'], matrix: [[960, 6], [14, 135]] } });
 */
export function pipelineReport(
  summary: PipelineSummary,
  options: PipelineReportOptions = {},
): { markdown: string; svg?: string } {
  const lines = [`# ${options.title ?? 'Pipeline report'}`, ''];
  lines.push(
    `${summary.ok ? '✅ every stage succeeded' : '❌ a stage failed'} in ${(summary.durationMs / 1000).toFixed(1)} s.`,
    '',
  );
  lines.push('| stage | status | time | why |', '| --- | --- | ---: | --- |');
  for (const stage of summary.stages) {
    lines.push(
      `| ${stage.stage} | ${stage.status} | ${(stage.durationMs / 1000).toFixed(2)} s | ${escapeCell(stage.reason)} |`,
    );
  }
  const withMetrics = summary.stages.filter((s) => Object.keys(s.metrics).length > 0);
  if (withMetrics.length > 0) {
    lines.push('', '## Metrics', '', '| stage | metric | value | gate |', '| --- | --- | ---: | --- |');
    for (const stage of withMetrics) {
      for (const [metric, value] of Object.entries(stage.metrics)) {
        const gate = stage.gates.find((g) => g.metric === metric);
        lines.push(
          `| ${stage.stage} | ${escapeCell(metric)} | ${show(value)} | ${gate ? `${gate.passed ? '✅' : '❌'} ${escapeCell(gate.rule)}` : ''} |`,
        );
      }
    }
  }
  const registered = summary.stages.filter((s) => s.registered);
  if (registered.length > 0) {
    lines.push('', '## Registered', '');
    for (const stage of registered) {
      const r = stage.registered as NonNullable<PipelineStageResult['registered']>;
      lines.push(`- ${r.name} v${r.version}${r.alias ? ` → \`${r.alias}\`` : ''} (from ${stage.stage})`);
    }
  }
  let svg: string | undefined;
  if (options.confusionMatrix) {
    const { labels, matrix } = options.confusionMatrix;
    lines.push(
      '',
      '## Confusion matrix',
      '',
      `| true \\ predicted | ${labels.map((l) => escapeCell(String(l))).join(' | ')} |`,
    );
    lines.push(`| --- | ${labels.map(() => '---:').join(' | ')} |`);
    matrix.forEach((row, i) => {
      lines.push(`| **${escapeCell(String(labels[i]))}** | ${row.join(' | ')} |`);
    });
    svg = confusionMatrixSvg(options.confusionMatrix);
    lines.push('', `![confusion matrix](${options.svgFile ?? 'confusion-matrix.svg'})`);
  }
  return { markdown: `${lines.join('\n')}\n`, ...(svg ? { svg } : {}) };
}

type PipelineStageResult = PipelineSummary['stages'][number];
