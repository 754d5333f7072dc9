import { duration, get, h, num, type Page, routeQuery, statusPill, time, fill } from '../dom';

interface RunSummary {
  id: string;
  name: string;
  experiment: string;
  status: string;
  startTime: number;
  durationMs?: number;
  params: Record<string, string>;
  metrics: Record<string, number | string>;
}
interface RunsPage {
  items: RunSummary[];
  nextPageToken?: string;
  columns: { params: string[]; metrics: string[] };
}

/** The runs table: server-side paging, filters and sorting; select runs to compare. */
export function runsPage(): Page {
  const tokens: (string | undefined)[] = [undefined];
  let pageIndex = 0;
  const selected = new Set<string>();
  const query = routeQuery();
  const state = {
    experiment: query.get('experiment') ?? '',
    status: query.get('status') ?? '',
    filter: query.get('filter') ?? '',
    order: query.get('order') ?? '',
    pageSize: Number(query.get('pageSize') ?? 50),
  };

  // A newer render (filter, sort, paging) supersedes an older one still waiting for the server, so a
  // slow earlier answer can never overwrite the table with stale rows.
  let generation = 0;

  async function render(root: HTMLElement): Promise<void> {
    const current = ++generation;
    const params = new URLSearchParams();
    if (state.experiment) params.set('experiment', state.experiment);
    if (state.status) params.set('status', state.status);
    if (state.filter) params.set('filter', state.filter);
    if (state.order) params.set('order', state.order);
    params.set('pageSize', String(state.pageSize));
    const token = tokens[pageIndex];
    if (token) params.set('pageToken', token);
    const started = performance.now();
    const [page, experiments] = await Promise.all([
      get<RunsPage>(`/api/runs?${params}`),
      get<{ experiments: { id: string; name: string }[] }>('/api/experiments'),
    ]);
    if (current !== generation) return;
    tokens[pageIndex + 1] = page.nextPageToken;

    const restart = () => {
      tokens.length = 1;
      pageIndex = 0;
      void render(root);
    };
    const experimentSelect = h(
      'select',
      { id: 'experiment', onchange: (event) => { state.experiment = (event.target as HTMLSelectElement).value; restart(); } },
      h('option', { value: '' }, 'all experiments'),
      experiments.experiments.map((experiment) => h('option', { value: experiment.name, selected: experiment.name === state.experiment }, experiment.name)),
    );
    const statusSelect = h(
      'select',
      { id: 'status', onchange: (event) => { state.status = (event.target as HTMLSelectElement).value; restart(); } },
      ['', 'running', 'finished', 'failed', 'killed'].map((status) => h('option', { value: status, selected: status === state.status }, status || 'any status')),
    );
    // Keep what the user is typing: a re-render (another control changed) must not wipe it.
    const typed = (root.querySelector('#filter') as HTMLInputElement | null)?.value;
    const filterInput = h('input', {
      id: 'filter',
      size: 40,
      placeholder: 'metrics.f1 > 0.8 and params.metric = cosine',
      value: typed !== undefined && typed !== state.filter ? typed : state.filter,
    });
    const filterForm = h(
      'form',
      { onsubmit: (event) => { event.preventDefault(); state.filter = filterInput.value; restart(); } },
      filterInput,
      h('button', { type: 'submit' }, 'Filter'),
    );
    const compare = h('button', { id: 'compare', class: 'primary', disabled: selected.size < 2, onclick: () => { location.hash = `#/compare?ids=${[...selected].join(',')}`; } }, `Compare (${selected.size})`);

    const sortKey = (kind: string, key: string) => (kind === 'attribute' ? key : `${kind}.${key}`);
    const [orderKey, orderDirection] = state.order ? state.order.split(':') : ['start', 'desc'];
    const header = (label: string, key: string | undefined) => {
      if (!key) return h('th', {}, label);
      const sorted = orderKey === key ? `sorted-${orderDirection ?? 'desc'}` : '';
      return h(
        'th',
        {
          class: `sortable ${sorted}`,
          onclick: () => {
            state.order = `${key}:${orderKey === key && (orderDirection ?? 'desc') === 'desc' ? 'asc' : 'desc'}`;
            restart();
          },
        },
        label,
      );
    };
    const metricKeys = page.columns.metrics.slice(0, 12);
    const paramKeys = page.columns.params.slice(0, 8);
    const table = h(
      'table',
      { class: 'grid', id: 'runs-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, ''),
          header('name', 'name'),
          h('th', {}, 'experiment'),
          header('status', 'status'),
          header('started', 'start'),
          h('th', {}, 'duration'),
          paramKeys.map((key) => header(key, sortKey('params', key))),
          metricKeys.map((key) => header(key, sortKey('metrics', key))),
        ),
      ),
      h(
        'tbody',
        {},
        page.items.map((run) =>
          h(
            'tr',
            { 'data-run': run.id },
            h(
              'td',
              {},
              h('input', {
                type: 'checkbox',
                checked: selected.has(run.id),
                onchange: (event) => {
                  if ((event.target as HTMLInputElement).checked) selected.add(run.id);
                  else selected.delete(run.id);
                  compare.textContent = `Compare (${selected.size})`;
                  compare.disabled = selected.size < 2;
                },
              }),
            ),
            h('td', {}, h('a', { href: `#/runs/${encodeURIComponent(run.id)}` }, run.name)),
            h('td', {}, run.experiment),
            h('td', {}, statusPill(run.status)),
            h('td', {}, time(run.startTime)),
            h('td', { class: 'num' }, duration(run.durationMs)),
            paramKeys.map((key) => h('td', {}, run.params[key] ?? '')),
            metricKeys.map((key) => h('td', { class: 'num' }, key in run.metrics ? num(run.metrics[key]) : '')),
          ),
        ),
      ),
    );
    const pager = h(
      'div',
      { class: 'toolbar' },
      h('button', { id: 'prev', disabled: pageIndex === 0, onclick: () => { pageIndex--; void render(root); } }, '← Previous'),
      h('span', { class: 'muted', id: 'page-label' }, `page ${pageIndex + 1} · ${page.items.length} runs`),
      h('button', { id: 'next', disabled: !page.nextPageToken, onclick: () => { pageIndex++; void render(root); } }, 'Next →'),
      h('select', { onchange: (event) => { state.pageSize = Number((event.target as HTMLSelectElement).value); restart(); } },
        [25, 50, 100, 250].map((size) => h('option', { value: size, selected: size === state.pageSize }, `${size} / page`))),
      h('span', { class: 'muted', id: 'load-ms' }, `loaded in ${Math.round(performance.now() - started)} ms`),
    );
    fill(root, 
      h('h1', {}, 'Runs'),
      h('div', { class: 'toolbar' }, experimentSelect, statusSelect, filterForm, compare),
      page.items.length ? h('div', { class: 'scroll' }, table) : h('p', { class: 'muted' }, 'No runs match.'),
      pager,
    );
  }

  return { render };
}
