import { get, h, num, type Page, routeQuery, time, fill } from '../dom';

interface SweepSummary {
  id: string;
  experiment: string;
  trials: number;
  metrics: string[];
  startTime: number;
}
interface Trial {
  runId: string;
  trial: number;
  params: Record<string, number | string | boolean>;
  metrics: Record<string, number | string>;
  status: string;
}

const SVG = 'http://www.w3.org/2000/svg';
function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Colour from low (blue) to high (red) on [0, 1]. */
function heat(t: number): string {
  const clamped = Math.max(0, Math.min(1, t));
  return `hsl(${Math.round(230 - 230 * clamped)}, 75%, 45%)`;
}

/**
 * Parallel coordinates: one vertical axis per parameter and one for the metric; each trial is a
 * polyline through its values, coloured by the metric. Numeric axes are linear from min to max,
 * categorical ones spread their values evenly.
 */
export function parallelCoordinates(trials: readonly Trial[], metric: string): SVGSVGElement {
  const paramNames = [...new Set(trials.flatMap((trial) => Object.keys(trial.params)))].sort();
  const axes = [...paramNames, metric];
  const width = Math.max(480, axes.length * 150);
  const height = 340;
  const top = 30;
  const bottom = height - 30;
  const x = (index: number) => 50 + (index * (width - 100)) / Math.max(1, axes.length - 1);
  const valueOf = (trial: Trial, axis: string, index: number) => (index === axes.length - 1 ? Number(trial.metrics[axis]) : trial.params[axis]);
  const scales = axes.map((axis, index) => {
    const values = trials.map((trial) => valueOf(trial, axis, index)).filter((value) => value !== undefined);
    const numeric = values.every((value) => typeof value === 'number' && Number.isFinite(value));
    if (numeric) {
      const nums = values as number[];
      const min = Math.min(...nums);
      const max = Math.max(...nums);
      // Values spread over decades (C, learning rates) read better on a log axis.
      const log = min > 0 && max / min >= 100;
      const f = (value: number) => (log ? Math.log10(value) : value);
      return {
        numeric,
        min,
        max,
        position: (value: unknown) => (max === min ? 0.5 : (f(value as number) - f(min)) / (f(max) - f(min))),
        labels: [num(min), `${num(max)}${log ? ' (log)' : ''}`],
      };
    }
    const categories = [...new Set(values.map(String))].sort();
    return {
      numeric,
      min: 0,
      max: categories.length - 1,
      position: (value: unknown) => (categories.length === 1 ? 0.5 : categories.indexOf(String(value)) / (categories.length - 1)),
      labels: categories,
    };
  });
  const svg = s('svg', { class: 'parcoords', width, height, viewBox: `0 0 ${width} ${height}`, id: 'parcoords' });
  const metricScale = scales[scales.length - 1];
  for (const trial of trials) {
    const points: string[] = [];
    axes.forEach((axis, index) => {
      const value = valueOf(trial, axis, index);
      if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return;
      const y = bottom - scales[index].position(value) * (bottom - top);
      points.push(`${points.length ? 'L' : 'M'}${x(index).toFixed(1)},${y.toFixed(1)}`);
    });
    const score = Number(trial.metrics[metric]);
    const path = s('path', { class: 'trial', d: points.join(' '), stroke: Number.isFinite(score) ? heat(metricScale.position(score)) : '#9ca3af', 'data-trial': trial.trial });
    path.append(s('title', {}, `trial ${trial.trial}: ${metric} = ${num(score)}`));
    svg.append(path);
  }
  axes.forEach((axis, index) => {
    svg.append(s('line', { class: 'axis', x1: x(index), x2: x(index), y1: top, y2: bottom }));
    svg.append(s('text', { x: x(index), y: 16, 'text-anchor': 'middle', 'font-weight': index === axes.length - 1 ? 700 : 400 }, axis));
    const scale = scales[index];
    if (scale.numeric) {
      svg.append(s('text', { x: x(index) + 4, y: bottom + 14 }, scale.labels[0]));
      svg.append(s('text', { x: x(index) + 4, y: top - 2 + 12 }, scale.labels[1]));
    } else {
      scale.labels.forEach((label) => svg.append(s('text', { x: x(index) + 4, y: bottom - scale.position(label) * (bottom - top) + 4 }, label)));
    }
  });
  return svg;
}

/** Sweeps: the list, and one sweep's parallel-coordinates view and trial table. */
export function sweepsPage(id?: string): Page {
  return {
    async render(root) {
      if (!id) {
        const { sweeps } = await get<{ sweeps: SweepSummary[] }>('/api/sweeps');
        fill(root, 
          h('h1', {}, 'Sweeps'),
          sweeps.length
            ? h(
                'table',
                { class: 'grid', id: 'sweeps-table' },
                h('thead', {}, h('tr', {}, h('th', {}, 'sweep'), h('th', {}, 'experiment'), h('th', {}, 'trials'), h('th', {}, 'metrics'), h('th', {}, 'started'))),
                h(
                  'tbody',
                  {},
                  sweeps.map((sweep) =>
                    h('tr', {}, h('td', {}, h('a', { href: `#/sweeps/${encodeURIComponent(sweep.id)}` }, sweep.id)), h('td', {}, sweep.experiment), h('td', { class: 'num' }, sweep.trials), h('td', {}, sweep.metrics.join(', ')), h('td', {}, time(sweep.startTime))),
                  ),
                ),
              )
            : h('p', { class: 'muted' }, 'No sweeps yet (runSweep tags its trials with mloop.sweep).'),
        );
        return;
      }
      const { trials } = await get<{ trials: Trial[] }>(`/api/sweeps/${encodeURIComponent(id)}`);
      const metrics = [...new Set(trials.flatMap((trial) => Object.keys(trial.metrics)))].sort();
      const chosen = routeQuery().get('metric') ?? metrics[0] ?? '';
      const holder = h('div', { class: 'card' }, parallelCoordinates(trials, chosen));
      const select = h(
        'select',
        { id: 'sweep-metric', onchange: (event) => holder.replaceChildren(parallelCoordinates(trials, (event.target as HTMLSelectElement).value)) },
        metrics.map((metric) => h('option', { value: metric, selected: metric === chosen }, metric)),
      );
      const params = [...new Set(trials.flatMap((trial) => Object.keys(trial.params)))].sort();
      fill(root, 
        h('h1', {}, `Sweep ${id}`),
        h('div', { class: 'toolbar' }, h('span', {}, `${trials.length} trials · colour by`), select),
        holder,
        h(
          'table',
          { class: 'grid' },
          h('thead', {}, h('tr', {}, h('th', {}, 'trial'), params.map((param) => h('th', {}, param)), metrics.map((metric) => h('th', {}, metric)))),
          h(
            'tbody',
            {},
            trials.map((trial) =>
              h('tr', {}, h('td', {}, h('a', { href: `#/runs/${encodeURIComponent(trial.runId)}` }, String(trial.trial))), params.map((param) => h('td', {}, String(trial.params[param] ?? ''))), metrics.map((metric) => h('td', { class: 'num' }, num(trial.metrics[metric])))),
            ),
          ),
        ),
      );
    },
  };
}
