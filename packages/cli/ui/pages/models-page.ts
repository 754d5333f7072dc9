import { get, h, meta, num, type Page, post, time, fill } from '../dom';

interface Model {
  name: string;
  description: string;
  aliases: Record<string, number>;
  latestVersion: number;
  updatedAt: number;
}
interface Version {
  version: number;
  modelKind: string;
  runId?: string;
  datasets: { name: string; digest: string; nRows: number; context?: string }[];
  metrics: Record<string, number | string>;
  tags: Record<string, string>;
  aliases: string[];
  createdAt: number;
}
interface AliasEvent {
  id: number;
  alias: string;
  version: number | null;
  previousVersion: number | null;
  action: string;
  reason: string;
  at: number;
}

function aliasChips(aliases: Record<string, number>): HTMLElement[] {
  return Object.entries(aliases).map(([alias, version]) => h('span', { class: 'alias', 'data-alias': alias }, `${alias} → v${version}`));
}

/** Registry: the model list, and one model's versions (lineage), aliases with history, promote and rollback. */
export function modelsPage(name?: string): Page {
  const readOnly = meta('mloop-read-only') === 'true';
  return {
    async render(root) {
      if (!name) {
        const { models } = await get<{ models: Model[] }>('/api/models');
        fill(root, 
          h('h1', {}, 'Registry'),
          models.length
            ? h(
                'table',
                { class: 'grid', id: 'models-table' },
                h('thead', {}, h('tr', {}, h('th', {}, 'model'), h('th', {}, 'latest'), h('th', {}, 'aliases'), h('th', {}, 'updated'))),
                h(
                  'tbody',
                  {},
                  models.map((model) =>
                    h('tr', {}, h('td', {}, h('a', { href: `#/models/${encodeURIComponent(model.name)}` }, model.name)), h('td', {}, `v${model.latestVersion}`), h('td', {}, aliasChips(model.aliases)), h('td', {}, time(model.updatedAt))),
                  ),
                ),
              )
            : h('p', { class: 'muted' }, 'No registered models.'),
        );
        return;
      }
      const path = `/api/models/${encodeURIComponent(name)}`;
      const { model, versions, aliasHistory } = await get<{ model: Model; versions: Version[]; aliasHistory: AliasEvent[] }>(path);
      const message = h('p', { id: 'registry-message', class: 'muted' });
      const act = async (what: string, run: () => Promise<unknown>) => {
        if (!confirm(what)) return;
        try {
          await run();
          await modelsPage(name).render(root);
        } catch (error) {
          message.className = 'error';
          message.textContent = (error as Error).message;
        }
      };
      const aliasInput = h('input', { id: 'promote-alias', value: 'production', size: 14 });
      const versionSelect = h('select', { id: 'promote-version' }, versions.map((version) => h('option', { value: version.version }, `v${version.version}`)));
      const promoteForm = h(
        'form',
        {
          class: 'toolbar',
          onsubmit: (event) => {
            event.preventDefault();
            const version = Number(versionSelect.value);
            const alias = aliasInput.value.trim();
            void act(`Point ${name}@${alias} at v${version}?`, () => post(`${path}/aliases/${encodeURIComponent(alias)}`, { version }));
          },
        },
        h('strong', {}, 'Promote'),
        versionSelect,
        h('span', {}, 'to alias'),
        aliasInput,
        h('button', { type: 'submit', class: 'primary', id: 'promote', disabled: readOnly }, 'Promote…'),
      );
      const aliasTable = h(
        'table',
        { class: 'grid', id: 'aliases' },
        h('thead', {}, h('tr', {}, h('th', {}, 'alias'), h('th', {}, 'version'), h('th', {}, ''))),
        h(
          'tbody',
          {},
          Object.entries(model.aliases).map(([alias, version]) =>
            h(
              'tr',
              { 'data-alias': alias },
              h('td', {}, h('span', { class: 'alias' }, alias)),
              h('td', { class: 'alias-version' }, `v${version}`),
              h('td', {}, h('button', { class: 'danger', 'data-rollback': alias, disabled: readOnly, onclick: () => void act(`Roll ${name}@${alias} back to its previous version?`, () => post(`${path}/aliases/${encodeURIComponent(alias)}/rollback`, {})) }, 'Roll back…')),
            ),
          ),
        ),
      );
      fill(root, 
        h('h1', {}, model.name, ' ', aliasChips(model.aliases)),
        model.description ? h('p', {}, model.description) : null,
        readOnly ? h('p', { class: 'muted' }, 'Read-only dashboard: promote and rollback are off.') : null,
        h('div', { class: 'card' }, promoteForm, aliasTable, message),
        h('h2', {}, 'Versions and lineage'),
        h(
          'table',
          { class: 'grid', id: 'versions' },
          h('thead', {}, h('tr', {}, h('th', {}, 'version'), h('th', {}, 'kind'), h('th', {}, 'created'), h('th', {}, 'run'), h('th', {}, 'data'), h('th', {}, 'metrics'), h('th', {}, 'aliases'))),
          h(
            'tbody',
            {},
            versions.map((version) =>
              h(
                'tr',
                { 'data-version': version.version },
                h('td', {}, `v${version.version}`),
                h('td', {}, version.modelKind),
                h('td', {}, time(version.createdAt)),
                h('td', {}, version.runId ? h('a', { href: `#/runs/${encodeURIComponent(version.runId)}` }, version.runId.slice(0, 10)) : ''),
                h('td', {}, version.datasets.map((dataset) => h('div', { title: dataset.digest }, `${dataset.name}@${dataset.digest.slice(0, 8)} (${dataset.nRows} rows${dataset.context ? `, ${dataset.context}` : ''})`))),
                h('td', {}, Object.entries(version.metrics).map(([key, value]) => h('div', {}, `${key} = ${num(value)}`))),
                h('td', { class: 'version-aliases' }, version.aliases.map((alias) => h('span', { class: 'alias' }, alias))),
              ),
            ),
          ),
        ),
        h('h2', {}, 'Alias history'),
        h(
          'table',
          { class: 'grid', id: 'alias-history' },
          h('thead', {}, h('tr', {}, h('th', {}, 'when'), h('th', {}, 'alias'), h('th', {}, 'action'), h('th', {}, 'from'), h('th', {}, 'to'), h('th', {}, 'reason'))),
          h(
            'tbody',
            {},
            [...aliasHistory].reverse().map((event) =>
              h('tr', {}, h('td', {}, time(event.at)), h('td', {}, event.alias), h('td', {}, event.action), h('td', {}, event.previousVersion === null ? '' : `v${event.previousVersion}`), h('td', {}, event.version === null ? '' : `v${event.version}`), h('td', {}, event.reason)),
            ),
          ),
        ),
      );
    },
  };
}
