import uPlot from 'uplot';
import { h, num } from './dom';

/** One line: points already reduced server-side. */
export interface Line {
  /** Legend label. */
  readonly label: string;
  /** x (steps). */
  readonly x: readonly number[];
  /** y values. */
  readonly y: readonly number[];
}

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];

/** A colour per index, cycling. */
export function color(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/**
 * Draws lines with uPlot (canvas; fast for thousands of points) into a card and records how long
 * the draw took in `data-render-ms`, which the browser test and the bench read.
 */
export function lineChart(title: string, lines: readonly Line[], note = ''): HTMLElement {
  const card = h('div', { class: 'chart card', 'data-metric': title });
  card.append(h('h3', {}, title, note ? h('small', { class: 'muted' }, ` ${note}`) : null));
  const target = h('div', { class: 'plot' });
  card.append(target);
  requestAnimationFrame(() => {
    const started = performance.now();
    const data =
      lines.length === 1
        ? ([Float64Array.from(lines[0].x), Float64Array.from(lines[0].y)] as uPlot.AlignedData)
        : uPlot.join(lines.map((line) => [Float64Array.from(line.x), Float64Array.from(line.y)] as uPlot.AlignedData));
    const width = Math.max(320, target.clientWidth || 600);
    new uPlot(
      {
        width,
        height: 240,
        scales: { x: { time: false } },
        axes: [{ label: 'step' }, { values: (_u, values) => values.map((value) => num(value)) }],
        series: [
          { label: 'step' },
          ...lines.map((line, index) => ({ label: line.label, stroke: color(index), width: 1.5, spanGaps: true, points: { show: false } })),
        ],
        legend: { show: true },
      },
      data,
      target,
    );
    card.dataset.renderMs = (performance.now() - started).toFixed(1);
    card.dataset.points = String(lines.reduce((sum, line) => sum + line.x.length, 0));
  });
  return card;
}
