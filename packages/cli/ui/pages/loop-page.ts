import { get, h, num, type Page, time, fill } from '../dom';

interface LoopEvent {
  at: number;
  type: string;
  model: string;
  cycle?: number;
  runId?: string;
  summary: string;
  metrics?: Record<string, number | string>;
}

/** The loop: a timeline of monitor / decide / retrain / promote events and alias moves, newest first. */
export function loopPage(): Page {
  return {
    async render(root) {
      const { events } = await get<{ events: LoopEvent[] }>('/api/loop');
      fill(root, 
        h('h1', {}, 'The loop'),
        events.length
          ? h(
              'ul',
              { class: 'timeline', id: 'timeline' },
              events.map((event) =>
                h(
                  'li',
                  { class: `ev-${event.type}`, 'data-type': event.type },
                  h('span', { class: 'type' }, event.type),
                  h('span', { class: 'muted' }, `${time(event.at)} · ${event.model}${event.cycle === undefined ? '' : ` · cycle ${event.cycle}`} `),
                  event.runId ? h('a', { href: `#/runs/${encodeURIComponent(event.runId)}` }, 'run') : null,
                  h('div', {}, event.summary),
                  event.metrics && Object.keys(event.metrics).length
                    ? h('div', { class: 'muted' }, Object.entries(event.metrics).map(([key, value]) => `${key} = ${num(value)}`).join(' · '))
                    : null,
                ),
              ),
            )
          : h('p', { class: 'muted' }, 'No loop events yet (createLoop logs each cycle as a run).'),
      );
    },
  };
}
