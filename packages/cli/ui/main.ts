import { fill, h, type Page } from './dom';
import { comparePage } from './pages/compare-page';
import { driftPage } from './pages/drift-page';
import { loopPage } from './pages/loop-page';
import { modelsPage } from './pages/models-page';
import { runPage } from './pages/run-page';
import { runsPage } from './pages/runs-page';
import { sweepsPage } from './pages/sweeps-page';
import { tryPage } from './pages/try-page';

function route(hash: string): { page: Page; nav: string } {
  const path = hash.replace(/^#/, '').split('?')[0] || '/runs';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'runs':
      return parts[1] ? { page: runPage(parts[1]), nav: 'runs' } : { page: runsPage(), nav: 'runs' };
    case 'compare':
      return { page: comparePage(), nav: 'runs' };
    case 'sweeps':
      return { page: sweepsPage(parts[1]), nav: 'sweeps' };
    case 'models':
      return { page: modelsPage(parts[1]), nav: 'models' };
    case 'try':
      return { page: tryPage(), nav: 'try' };
    case 'drift':
      return { page: driftPage(parts[1]), nav: 'drift' };
    case 'loop':
      return { page: loopPage(), nav: 'loop' };
    default:
      return { page: runsPage(), nav: 'runs' };
  }
}

const root = document.getElementById('app') as HTMLElement;
let current: Page | undefined;
let rendering: Promise<void> = Promise.resolve();

async function show(page: Page, how: 'render' | 'refresh'): Promise<void> {
  try {
    if (how === 'refresh' && page.refresh) await page.refresh(root);
    else await page.render(root);
    root.dataset.ready = String(Date.now());
  } catch (error) {
    fill(root, h('h1', {}, 'Something went wrong'), h('p', { class: 'error' }, (error as Error).message));
    root.dataset.ready = String(Date.now());
  }
}

function navigate(): void {
  const { page, nav } = route(location.hash);
  current = page;
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('[data-nav]'))) {
    link.classList.toggle('active', link.dataset.nav === nav);
  }
  rendering = rendering.then(() => show(page, 'render'));
}

window.addEventListener('hashchange', navigate);
navigate();

// Live updates: the server says `change` when runs, metrics or the registry moved.
const live = document.getElementById('live');
const events = new EventSource('/api/events');
events.addEventListener('hello', () => live?.classList.add('on'));
events.addEventListener('change', () => {
  const page = current;
  if (page) rendering = rendering.then(() => (page === current ? show(page, 'refresh') : undefined));
});
events.addEventListener('error', () => live?.classList.remove('on'));
