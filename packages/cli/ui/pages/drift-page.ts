import { get, h, num, type Page, time, fill } from '../dom';
import { artifactHref } from './run-page';

interface Entry {
  runId: string;
  runName: string;
  experiment: string;
  at: number;
  html?: string;
  json?: string;
  share?: number;
  driftDetected?: boolean;
}

/** Drift reports: a list, and one report shown in a sandboxed frame. */
export function driftPage(runId?: string): Page {
  return {
    async render(root) {
      const { reports } = await get<{ reports: Entry[] }>('/api/drift');
      const current = runId ? reports.find((entry) => entry.runId === runId) : undefined;
      const list = reports.length
        ? h(
            'table',
            { class: 'grid', id: 'drift-table' },
            h('thead', {}, h('tr', {}, h('th', {}, 'when'), h('th', {}, 'report'), h('th', {}, 'experiment'), h('th', {}, 'drift'), h('th', {}, 'drifted share'), h('th', {}, 'files'))),
            h(
              'tbody',
              {},
              reports.map((entry) =>
                h(
                  'tr',
                  {},
                  h('td', {}, time(entry.at)),
                  h('td', {}, h('a', { href: `#/drift/${encodeURIComponent(entry.runId)}` }, entry.runName)),
                  h('td', {}, entry.experiment),
                  h('td', {}, entry.driftDetected === undefined ? '' : entry.driftDetected ? h('span', { class: 'pill failed' }, 'drift') : h('span', { class: 'pill finished' }, 'no drift')),
                  h('td', { class: 'num' }, entry.share === undefined ? '' : `${num(entry.share * 100)}%`),
                  h('td', {}, [entry.html, entry.json].filter((name) => name !== undefined).map((name) => h('a', { href: artifactHref(entry.runId, name), target: '_blank', rel: 'noopener', style: 'margin-right:0.6rem' }, name))),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'No drift reports yet (log drift_report.html / .json as run artifacts, or run mloop drift … --log <experiment>).');
      fill(root, 
        h('h1', {}, 'Drift reports'),
        list,
        current?.html
          ? h('div', {}, h('h2', {}, current.runName), h('iframe', { class: 'report', id: 'drift-frame', sandbox: 'allow-scripts', src: artifactHref(current.runId, current.html), title: 'drift report' }))
          : null,
      );
    },
  };
}
