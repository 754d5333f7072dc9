import { get, h, num, type Page, post, routeQuery, fill } from '../dom';

type InputSpec =
  | { kind: 'text'; field?: string }
  | { kind: 'features'; features: string[] }
  | { kind: 'columns'; columns: { name: string; spec: { type: string; nullable: boolean } }[] };
interface Prediction {
  modelVersion: number;
  prediction: string | number;
  confidence: number;
  probabilities?: Record<string, number>;
  topFeatures: { feature: string; weight: number }[];
}

/** Try a model: a form built from the version's input shape (a text box, or one number field per feature). */
export function tryPage(): Page {
  return {
    async render(root) {
      const { models } = await get<{ models: { name: string; aliases: Record<string, number>; latestVersion: number }[] }>('/api/models');
      if (models.length === 0) {
        fill(root, h('h1', {}, 'Try a model'), h('p', { class: 'muted' }, 'No registered models.'));
        return;
      }
      const query = routeQuery();
      const modelSelect = h('select', { id: 'try-model' }, models.map((model) => h('option', { value: model.name, selected: model.name === query.get('model') }, model.name)));
      const selectorSelect = h('select', { id: 'try-selector' });
      const form = h('form', { id: 'try-form', class: 'card' });
      const result = h('div', { id: 'try-result' });
      const fillSelectors = () => {
        const model = models.find((candidate) => candidate.name === modelSelect.value) ?? models[0];
        const options = [
          ...Object.keys(model.aliases).map((alias) => h('option', { value: `alias:${alias}` }, `${alias} (v${model.aliases[alias]})`)),
          ...Array.from({ length: model.latestVersion }, (_, index) => model.latestVersion - index).map((version) => h('option', { value: `version:${version}` }, `v${version}`)),
        ];
        selectorSelect.replaceChildren(...options);
      };
      const selector = () => {
        const [kind, value] = selectorSelect.value.split(':');
        return kind === 'alias' ? { alias: value } : { version: Number(value) };
      };
      const buildForm = async () => {
        result.replaceChildren();
        const chosen = selector();
        const params = new URLSearchParams('alias' in chosen ? { alias: chosen.alias ?? '' } : { version: String(chosen.version) });
        let spec: { version: number; input?: InputSpec };
        try {
          spec = await get(`/api/models/${encodeURIComponent(modelSelect.value)}/input?${params}`);
        } catch (error) {
          form.replaceChildren(h('p', { class: 'error' }, (error as Error).message));
          return;
        }
        const input = spec.input;
        if (!input) {
          form.replaceChildren(h('p', { class: 'muted' }, `v${spec.version} does not say what input it takes (set its mloop.input tag).`));
          return;
        }
        const describe =
          input.kind === 'text'
            ? 'text input'
            : input.kind === 'features'
              ? `${input.features.length} numeric features`
              : `${input.columns.length} dataset columns`;
        const fields =
          input.kind === 'columns'
            ? input.columns.map((column) =>
                h(
                  'label',
                  { class: 'field' },
                  `${column.name} `,
                  column.spec.type === 'numeric'
                    ? h('input', { name: column.name, type: 'number', step: 'any', required: !column.spec.nullable, size: 10, 'data-kind': 'number' })
                    : h('input', { name: column.name, type: 'text', required: !column.spec.nullable, size: 12, placeholder: column.spec.type }),
                ),
              )
            : input.kind === 'text'
            ? [h('label', {}, input.field ?? 'text', h('br'), h('textarea', { name: input.field ?? 'text', rows: 3, cols: 70, id: 'try-text', placeholder: 'Type a message…' }))]
            : input.features.map((feature) => h('label', { class: 'field' }, `${feature} `, h('input', { name: feature, type: 'number', step: 'any', required: true, size: 10 })));
        form.replaceChildren(
          h('p', { class: 'muted' }, `v${spec.version} · ${describe}`),
          h('div', { class: 'toolbar' }, fields),
          h('button', { type: 'submit', class: 'primary', id: 'try-submit' }, 'Predict'),
        );
      };
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const values: Record<string, string | number> = {};
        for (const element of Array.from(form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'))) {
          values[element.name] = element.type === 'number' && element.value !== '' ? Number(element.value) : element.value;
        }
        try {
          const answer = await post<Prediction>('/api/predict', { model: modelSelect.value, ...selector(), input: values });
          const max = Math.max(1e-12, ...answer.topFeatures.map((feature) => Math.abs(feature.weight)));
          result.replaceChildren(
            h(
              'div',
              { class: 'card' },
              h('p', { class: 'result' }, 'Prediction: ', h('strong', { id: 'try-prediction' }, String(answer.prediction)), ` · confidence ${num(answer.confidence)} · v${answer.modelVersion}`),
              answer.probabilities ? h('p', { class: 'muted' }, Object.entries(answer.probabilities).map(([label, p]) => `${label}: ${num(p)}`).join(' · ')) : null,
              answer.topFeatures.length
                ? h(
                    'table',
                    { class: 'grid', id: 'top-features' },
                    h('thead', {}, h('tr', {}, h('th', {}, 'top feature'), h('th', {}, 'contribution'), h('th', {}, ''))),
                    h('tbody', {}, answer.topFeatures.map((feature) => h('tr', {}, h('td', {}, feature.feature), h('td', { class: 'num' }, num(feature.weight)), h('td', {}, h('span', { class: `bar${feature.weight < 0 ? ' neg' : ''}`, style: `width:${Math.round((120 * Math.abs(feature.weight)) / max)}px` }))))),
                  )
                : null,
            ),
          );
        } catch (error) {
          result.replaceChildren(h('p', { class: 'error' }, (error as Error).message));
        }
      });
      modelSelect.addEventListener('change', () => {
        fillSelectors();
        void buildForm();
      });
      selectorSelect.addEventListener('change', () => void buildForm());
      fillSelectors();
      fill(root, h('h1', {}, 'Try a model'), h('div', { class: 'toolbar' }, modelSelect, selectorSelect), form, result);
      await buildForm();
    },
    // Typing in the form must not be thrown away by a live update.
    async refresh() {},
  };
}
