import { type Line, lineChart } from '../charts';
import { duration, get, h, kvTable, num, type Page, statusPill, time, fill } from '../dom';

interface Metric {
  key: string;
  value: number | string;
  step: number;
}
interface Run {
  id: string;
  name: string;
  status: string;
  startTime: number;
  endTime?: number;
  params: Record<string, string>;
  metrics: Record<string, Metric>;
  tags: Record<string, string>;
  inputs: { name: string; digest: string; nRows: number; context?: string }[];
  artifacts: { name: string; digest: string; size: number; mediaType: string }[];
}
/** A reduced metric series from the API. */
export interface Series {
  key: string;
  x: number[];
  y: number[];
  total: number;
  nonFinite: number;
}

/** Link to an artifact of a run. */
export function artifactHref(runId: string, name: string): string {
  return `/api/runs/${encodeURIComponent(runId)}/artifacts/${name.split('/').map(encodeURIComponent).join('/')}`;
}

/** Notes how much a series was reduced. */
export function seriesNote(series: Series): string {
  const parts: string[] = [];
  if (series.total > series.x.length) parts.push(`${series.x.length} of ${series.total.toLocaleString('en-US')} points`);
  if (series.nonFinite > 0) parts.push(`${series.nonFinite} non-finite left out`);
  return parts.length ? `(${parts.join(', ')})` : '';
}

/** One run: params, tags, inputs, artifacts and a chart per metric (downsampled server-side). */
export function runPage(id: string): Page {
  return {
    async render(root) {
      const [{ run, experiment }, metrics] = await Promise.all([
        get<{ run: Run; experiment: string }>(`/api/runs/${encodeURIComponent(id)}`),
        get<{ series: Series[] }>(`/api/runs/${encodeURIComponent(id)}/metrics?points=1000`),
      ]);
      const charts = metrics.series
        .filter((series) => series.total > 1)
        .map((series) => lineChart(series.key, [{ label: series.key, x: series.x, y: series.y } satisfies Line], seriesNote(series)));
      fill(root, 
        h('h1', {}, run.name, ' ', statusPill(run.status)),
        h('p', { class: 'muted' }, `${experiment} · ${run.id} · started ${time(run.startTime)}${run.endTime ? ` · took ${duration(run.endTime - run.startTime)}` : ''}`),
        h(
          'div',
          { class: 'grid2' },
          h('div', { class: 'card', id: 'params' }, h('h3', {}, 'Params'), kvTable(Object.entries(run.params))),
          h(
            'div',
            { class: 'card', id: 'metrics' },
            h('h3', {}, 'Latest metrics'),
            kvTable(Object.entries(run.metrics).map(([key, metric]) => [key, `${num(metric.value)} (step ${metric.step})`])),
          ),
          h('div', { class: 'card', id: 'tags' }, h('h3', {}, 'Tags'), kvTable(Object.entries(run.tags))),
          h(
            'div',
            { class: 'card', id: 'inputs' },
            h('h3', {}, 'Inputs (datasets)'),
            kvTable(run.inputs.map((input) => [input.name, `${input.digest.slice(0, 16)}… · ${input.nRows} rows${input.context ? ` · ${input.context}` : ''}`])),
          ),
        ),
        h(
          'div',
          { class: 'card', id: 'artifacts' },
          h('h3', {}, 'Artifacts'),
          run.artifacts.length
            ? h(
                'table',
                { class: 'grid' },
                h('thead', {}, h('tr', {}, h('th', {}, 'name'), h('th', {}, 'type'), h('th', {}, 'bytes'), h('th', {}, 'sha256'))),
                h(
                  'tbody',
                  {},
                  run.artifacts.map((artifact) =>
                    h(
                      'tr',
                      {},
                      h('td', {}, h('a', { href: artifactHref(run.id, artifact.name), target: '_blank', rel: 'noopener' }, artifact.name)),
                      h('td', {}, artifact.mediaType),
                      h('td', { class: 'num' }, artifact.size),
                      h('td', { class: 'muted' }, artifact.digest.slice(0, 16)),
                    ),
                  ),
                ),
              )
            : h('p', { class: 'muted' }, 'none'),
        ),
        h('h2', {}, 'Metrics over steps'),
        charts.length ? h('div', { class: 'charts', id: 'charts' }, charts) : h('p', { class: 'muted' }, 'No metric with more than one point.'),
      );
    },
  };
}
