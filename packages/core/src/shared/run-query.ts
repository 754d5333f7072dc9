import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { PageV1 } from '../spec/shared/v1/page';
import type { TrackerV1RunFilter, TrackerV1RunOrder, TrackerV1RunQuery } from '../spec/tracker/v1/tracker-v1-query';
import type { TrackerV1Run } from '../spec/tracker/v1/tracker-v1-run';
import { decodePageToken, encodePageToken, resolvePageSize, spellNonFinite } from './page-token';

/**
 * The semantics of `searchRuns` written once, so every backend that filters in memory (and the
 * conformance kit that checks the others) agrees on them.
 */

const ATTRIBUTES = new Set(['startTime', 'endTime', 'name', 'status']);

function asFiniteNumber(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function compareValues(left: string | number, right: string | number): number {
  const a = asFiniteNumber(left);
  const b = asFiniteNumber(right);
  if (a !== undefined && b !== undefined) return a < b ? -1 : a > b ? 1 : 0;
  const x = String(left);
  const y = String(right);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether `run` satisfies one filter clause (see `TrackerV1RunFilter`). */
export function matchesFilter(run: TrackerV1Run, filter: TrackerV1RunFilter): boolean {
  if (filter.kind === 'metric') {
    const metric = run.metrics[filter.key];
    if (metric === undefined) return false;
    const target = typeof filter.value === 'number' ? filter.value : Number(filter.value);
    const value = metric.value;
    switch (filter.op) {
      case '=':
        return value === target || (Number.isNaN(value) && Number.isNaN(target));
      case '!=':
        return !(value === target || (Number.isNaN(value) && Number.isNaN(target)));
      case '<':
        return value < target;
      case '<=':
        return value <= target;
      case '>':
        return value > target;
      case '>=':
        return value >= target;
      default:
        return false;
    }
  }
  const source = filter.kind === 'param' ? run.params : run.tags;
  const actual = source[filter.key];
  if (actual === undefined) return false;
  if (filter.op === 'contains') return actual.includes(String(filter.value));
  const order = compareValues(actual, filter.value);
  switch (filter.op) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    default:
      return false;
  }
}

/** Whether `run` passes the query's experiment, status and filter restrictions. */
export function matchesQuery(run: TrackerV1Run, query: TrackerV1RunQuery): boolean {
  if (query.experimentIds && !query.experimentIds.includes(run.experimentId)) return false;
  if (query.statuses && !query.statuses.includes(run.status)) return false;
  for (const filter of query.filters ?? []) if (!matchesFilter(run, filter)) return false;
  return true;
}

/**
 * A run's position in an ordering: `[missing, nan, value, startTime, id]`. Comparing these
 * tuples with {@link compareSortKeys} gives the total order the spec documents.
 */
export type RunSortKey = readonly [missing: 0 | 1, nan: 0 | 1, value: number | string, startTime: number, id: string];

/** Computes a run's sort key for `order` (undefined order = by startTime). */
export function runSortKey(run: TrackerV1Run, order: TrackerV1RunOrder | undefined): RunSortKey {
  if (!order) return [0, 0, 0, run.startTime, run.id];
  let value: number | string | undefined;
  if (order.kind === 'metric') value = run.metrics[order.key]?.value;
  else if (order.kind === 'param') value = run.params[order.key];
  else if (order.key === 'startTime') value = run.startTime;
  else if (order.key === 'endTime') value = run.endTime;
  else if (order.key === 'name') value = run.name;
  else value = run.status;
  if (value === undefined) return [1, 0, 0, run.startTime, run.id];
  if (typeof value === 'number' && Number.isNaN(value)) return [0, 1, 0, run.startTime, run.id];
  if (order.kind === 'param') {
    const numeric = asFiniteNumber(value);
    if (numeric !== undefined) value = numeric;
  }
  return [0, 0, value, run.startTime, run.id];
}

/**
 * Compares sort keys: present before missing, numbers before NaN, then the value in the
 * requested direction (numbers before strings), then startTime descending, then id ascending.
 */
export function compareSortKeys(a: RunSortKey, b: RunSortKey, direction: 'asc' | 'desc'): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] !== b[1]) return a[1] - b[1];
  if (a[2] !== b[2]) {
    const typeA = typeof a[2];
    const typeB = typeof b[2];
    let order: number;
    if (typeA !== typeB) order = typeA === 'number' ? -1 : 1;
    else order = a[2] < b[2] ? -1 : 1;
    return direction === 'asc' ? order : -order;
  }
  if (a[3] !== b[3]) return b[3] - a[3];
  return a[4] < b[4] ? -1 : a[4] > b[4] ? 1 : 0;
}

/**
 * Checks a run query's shape beyond the type system (known attribute names, numeric metric
 * comparisons, `contains` only on params and tags).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the bad clause.
 */
const FILTER_KINDS = new Set(['metric', 'param', 'tag']);
const OPERATORS = new Set(['=', '!=', '<', '<=', '>', '>=', 'contains']);
const ORDER_KINDS = new Set(['metric', 'param', 'attribute']);
const STATUSES = new Set(['running', 'finished', 'failed', 'killed']);
/** More clauses than any search form needs; also keeps SQL backends within their expression limits. */
const MAX_FILTERS = 100;
/** Keeps a SQL backend's IN (…) list within its variable limit. */
const MAX_EXPERIMENT_IDS = 1_000;

function checkShape(query: TrackerV1RunQuery): void {
  const fail = (field: string, message: string): never => {
    throw new InvalidArgumentError({ message: `${field}: ${message}`, field });
  };
  if (query.filters !== undefined && !Array.isArray(query.filters))
    fail('filters', 'must be an array of { kind, key, op, value }.');
  if ((query.filters?.length ?? 0) > MAX_FILTERS)
    fail('filters', `at most ${MAX_FILTERS} clauses, got ${query.filters?.length}.`);
  if (query.experimentIds !== undefined) {
    if (!Array.isArray(query.experimentIds)) fail('experimentIds', 'must be an array of experiment ids.');
    if (query.experimentIds.length > MAX_EXPERIMENT_IDS)
      fail('experimentIds', `at most ${MAX_EXPERIMENT_IDS} ids, got ${query.experimentIds.length}.`);
    query.experimentIds.forEach((id, index) => {
      if (typeof id !== 'string' || id === '') fail(`experimentIds[${index}]`, 'must be a non-empty string.');
    });
  }
  if (query.statuses !== undefined) {
    if (!Array.isArray(query.statuses)) fail('statuses', `must be an array of ${[...STATUSES].join(', ')}.`);
    query.statuses.forEach((status, index) => {
      if (!STATUSES.has(status))
        fail(`statuses[${index}]`, `must be one of ${[...STATUSES].join(', ')}, got ${JSON.stringify(status)}.`);
    });
  }
  (query.filters ?? []).forEach((filter, index) => {
    const at = `filters[${index}]`;
    if (typeof filter !== 'object' || filter === null) fail(at, 'must be an object { kind, key, op, value }.');
    if (!FILTER_KINDS.has(filter.kind))
      fail(`${at}.kind`, `must be 'metric', 'param' or 'tag', got ${JSON.stringify(filter.kind)}.`);
    if (typeof filter.key !== 'string' || filter.key === '') fail(`${at}.key`, 'must be a non-empty string.');
    if (!OPERATORS.has(filter.op))
      fail(`${at}.op`, `must be one of ${[...OPERATORS].join(' ')}, got ${JSON.stringify(filter.op)}.`);
    if (typeof filter.value !== 'string' && typeof filter.value !== 'number')
      fail(`${at}.value`, 'must be a string or a number.');
  });
  const order = query.orderBy;
  if (order === undefined) return;
  if (typeof order !== 'object' || order === null || Array.isArray(order)) {
    fail('orderBy', "must be one object { kind: 'metric' | 'param' | 'attribute', key, direction? }.");
  }
  if (!ORDER_KINDS.has(order.kind))
    fail('orderBy.kind', `must be 'metric', 'param' or 'attribute', got ${JSON.stringify(order.kind)}.`);
  if (typeof order.key !== 'string' || order.key === '') fail('orderBy.key', 'must be a non-empty string.');
  if (order.direction !== undefined && order.direction !== 'asc' && order.direction !== 'desc') {
    fail('orderBy.direction', `must be 'asc' or 'desc', got ${JSON.stringify(order.direction)}.`);
  }
}

export function validateRunQuery(query: TrackerV1RunQuery): void {
  checkShape(query);
  (query.filters ?? []).forEach((filter, index) => {
    if (filter.kind === 'metric') {
      if (filter.op === 'contains') {
        throw new InvalidArgumentError({
          message: `filters[${index}]: 'contains' applies to params and tags, not metrics.`,
          field: `filters[${index}].op`,
        });
      }
      const value = typeof filter.value === 'number' ? filter.value : Number(filter.value);
      if (
        typeof filter.value === 'string' &&
        (filter.value.trim() === '' || (Number.isNaN(value) && filter.value !== 'NaN'))
      ) {
        throw new InvalidArgumentError({
          message: `filters[${index}]: metric ${filter.key} must be compared with a number, got "${filter.value}".`,
          field: `filters[${index}].value`,
        });
      }
    }
  });
  const order = query.orderBy;
  if (order?.kind === 'attribute' && !ATTRIBUTES.has(order.key)) {
    throw new InvalidArgumentError({
      message: `orderBy.key must be one of ${[...ATTRIBUTES].join(', ')} for kind 'attribute', got "${order.key}".`,
      field: 'orderBy.key',
    });
  }
}

/** A stable fingerprint of everything in a query except paging, for binding page tokens. */
export function runQueryFingerprint(query: TrackerV1RunQuery): string {
  const { pageSize: _pageSize, pageToken: _pageToken, ...rest } = query;
  // ±Infinity spelled out: JSON would write null, and `loss < Infinity` would share `loss < -Infinity`'s tokens.
  return JSON.stringify(rest, spellNonFinite);
}

/**
 * One page of `runs` for `query` by the shared rules: the filters, the order with its tie-breaks
 * (start time, then id) and keyset page tokens. What a backend that holds, or has fetched, whole
 * run snapshots answers `searchRuns` with; `runs` is walked once, after the query is checked.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for a malformed query, page size or token.
 */
export function pageRuns(runs: Iterable<TrackerV1Run>, query: TrackerV1RunQuery = {}): PageV1<TrackerV1Run> {
  validateRunQuery(query);
  const pageSize = resolvePageSize(query.pageSize);
  const fingerprint = runQueryFingerprint(query);
  const direction = query.orderBy?.direction ?? 'desc';
  const after =
    query.pageToken === undefined ? undefined : (decodePageToken(query.pageToken, fingerprint) as RunSortKey);
  const candidates: { run: TrackerV1Run; key: RunSortKey }[] = [];
  for (const run of runs) {
    if (!matchesQuery(run, query)) continue;
    const key = runSortKey(run, query.orderBy);
    if (after && compareSortKeys(key, after, direction) <= 0) continue;
    candidates.push({ run, key });
  }
  candidates.sort((a, b) => compareSortKeys(a.key, b.key, direction));
  const page = candidates.slice(0, pageSize);
  const last = page[page.length - 1];
  return {
    items: page.map((entry) => entry.run),
    nextPageToken: candidates.length > pageSize && last ? encodePageToken(fingerprint, last.key) : undefined,
  };
}
