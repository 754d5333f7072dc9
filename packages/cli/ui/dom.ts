// Tiny DOM and API helpers for the dashboard (no framework: the pages are tables, forms and charts).

/** Anything `h` accepts as a child; `null`, `undefined` and `false` are skipped. */
export type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

/** Creates an element: `h('a', { href: '#/runs', class: 'x' }, 'Runs')`; `on*` attributes are listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** The content of a `<meta name=…>` tag. */
export function meta(name: string): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
}

/** An error from the API, with the server's message. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** GETs JSON from the API. */
export async function get<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => ({}))) as T & { error?: { message?: string } };
  if (!response.ok) throw new ApiError(body.error?.message ?? response.statusText, response.status);
  return body;
}

/** POSTs JSON with the session token (changes need it, and the same origin). */
export async function post<T>(path: string, payload: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mloop-token': meta('mloop-token') },
    body: JSON.stringify(payload),
  });
  const body = (await response.json().catch(() => ({}))) as T & { error?: { message?: string } };
  if (!response.ok) throw new ApiError(body.error?.message ?? response.statusText, response.status);
  return body;
}

/** A number for people: integers as is, others to 4 significant digits. */
export function num(value: number | string | undefined | null): string {
  if (value === undefined || value === null || value === '') return '';
  const n = typeof value === 'string' ? Number(value) : value;
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '−∞';
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) return n.toExponential(3);
  return String(Number(n.toPrecision(4)));
}

/** Unix ms as `YYYY-MM-DD HH:MM:SS` (UTC). */
export function time(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** Milliseconds as a short duration. */
export function duration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.floor((ms % 3_600_000) / 60_000)} min`;
}

/** Reads the query part of the hash route (`#/compare?ids=a,b`). */
export function routeQuery(): URLSearchParams {
  const hash = location.hash;
  const index = hash.indexOf('?');
  return new URLSearchParams(index >= 0 ? hash.slice(index + 1) : '');
}

/** A status pill. */
export function statusPill(status: string): HTMLElement {
  return h('span', { class: `pill ${status}` }, status);
}

/** A key/value table. */
export function kvTable(entries: [string, Child][], empty = '—'): HTMLElement {
  if (entries.length === 0) return h('p', { class: 'muted' }, empty);
  return h('table', { class: 'kv' }, h('tbody', {}, entries.map(([key, value]) => h('tr', {}, h('th', {}, key), h('td', {}, value)))));
}

/** Shared page state: the page re-renders itself on live `change` events through this hook. */
export interface Page {
  /** Builds the page into `root`. */
  render(root: HTMLElement): Promise<void>;
  /** Called on a live update; default: render again. */
  refresh?(root: HTMLElement): Promise<void>;
}

/** Replaces the children of `parent` (skipping `null`/`false` like `h`). */
export function fill(parent: HTMLElement, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}
