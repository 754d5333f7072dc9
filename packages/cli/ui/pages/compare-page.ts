import { lineChart } from '../charts';
import { get, h, num, type Page, routeQuery, fill } from '../dom';
import type { Series } from './run-page';

interface RunSummary {
  id: string;
  name: string;
  experiment: string;
  params: Record<string, string>;
  metrics: Record<string, number | string>;
}

/** Compare runs: overlaid metric charts and a params diff. */
export function comparePage(): Page {
  return {
    async render(root) {
      const ids = (routeQuery().get('ids') ?? '').split(',').filter(Boolean);
      const compared = await get<{ runs: RunSummary[]; differingParams: string[]; metrics: string[] }>(`/api/compare?ids=${ids.map(encodeURIComponent).join(',')}`);
      const histories = await Promise.all(
        compared.runs.map((run) => get<{ series: Series[] }>(`/api/runs/${encodeURIComponent(run.id)}/metrics?points=500`)),
      );
      const charts = compared.metrics
        .map((key) => {
          const lines = compared.runs
            .map((run, index) => {
              const series = histories[index].series.find((candidate) => candidate.key === key);
              return series ? { label: run.name, x: series.x, y: series.y } : undefined;
            })
            .filter((line) => line !== undefined);
          return lines.some((line) => line.x.length > 1) ? lineChart(key, lines) : undefined;
        })
        .filter((chart) => chart !== undefined);
      const allParams = [...new Set(compared.runs.flatMap((run) => Object.keys(run.params)))].sort();
      const differing = new Set(compared.differingParams);
      fill(root, 
        h('h1', {}, `Compare ${compared.runs.length} runs`),
        h(
          'table',
          { class: 'grid diff', id: 'params-diff' },
          h('thead', {}, h('tr', {}, h('th', {}, ''), compared.runs.map((run) => h('th', {}, h('a', { href: `#/runs/${encodeURIComponent(run.id)}` }, run.name))))),
          h(
            'tbody',
            {},
            allParams.map((key) =>
              h('tr', { 'data-param': key, class: differing.has(key) ? 'differs' : '' }, h('th', {}, `params.${key}`), compared.runs.map((run) => h('td', { class: differing.has(key) ? 'changed' : '' }, run.params[key] ?? '—'))),
            ),
            compared.metrics.map((key) =>
              h('tr', {}, h('th', {}, `metrics.${key}`), compared.runs.map((run) => h('td', { class: 'num' }, key in run.metrics ? num(run.metrics[key]) : '—'))),
            ),
          ),
        ),
        h('p', { class: 'muted' }, `${compared.differingParams.length} param(s) differ (highlighted).`),
        h('h2', {}, 'Metrics overlaid'),
        charts.length ? h('div', { class: 'charts', id: 'charts' }, charts) : h('p', { class: 'muted' }, 'No metric histories to overlay.'),
      );
    },
  };
}
