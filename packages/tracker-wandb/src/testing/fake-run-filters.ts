/**
 * The fake server's reading of W&B's run `filters` (MongoDB style: `$and`, `$or`, `$nor`, and per
 * field `$eq $ne $gt $gte $lt $lte $in $nin $exists $regex`, a bare value meaning `$eq`, an array
 * field matching when any element does) and `order` (`+key` / `-key`, default ascending), over
 * a run document with W&B's filter paths: `name`, `displayName`, `state`, `group`, `jobType`,
 * `tags`, `createdAt`/`created_at`, `heartbeatAt`/`heartbeat_at`, `config.<key>` with nested
 * fields as `config.<key>.<field>…`, and `summary_metrics.<key>…`. Only the forms W&B documents
 * (wandb/apis/public/api.py `Api.runs`) are understood: a filter on `config.<key>.value` looks
 * for a field named `value` inside the config value (so it matches nothing, as the issues
 * wandb/wandb#2819 and #3087 report for such paths), while an `order` names config values as
 * `config.<key>.value`.
 */

/** A run as filters and orderings see it; `config` holds the config values, unwrapped. */
export type FakeRunDocument = Record<string, unknown>;

/** How the fake reads filters. */
export interface FakeRunFilterOptions {
  /**
   * Whether nested config paths (`config.<key>.<field>`) are understood; when false they match no
   * run, like a W&B server that answers such filters with no runs.
   */
  readonly nestedConfig: boolean;
}

const OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$regex']);

/** The value at a dotted path. */
function resolve(document: FakeRunDocument, path: string): unknown {
  let current: unknown = document;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function compare(left: unknown, right: unknown): number | undefined {
  if (typeof left === 'number' && typeof right === 'number') return left < right ? -1 : left > right ? 1 : 0;
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  return undefined;
}

function equal(left: unknown, right: unknown): boolean {
  return left === right || JSON.stringify(left) === JSON.stringify(right);
}

/** One operator against one (non-array) value. */
function scalarMatches(value: unknown, operator: string, operand: unknown): boolean {
  switch (operator) {
    case '$eq':
      return equal(value, operand);
    case '$gt':
      return (compare(value, operand) ?? 0) > 0;
    case '$gte':
      return compare(value, operand) !== undefined && (compare(value, operand) as number) >= 0;
    case '$lt':
      return (compare(value, operand) ?? 0) < 0;
    case '$lte':
      return compare(value, operand) !== undefined && (compare(value, operand) as number) <= 0;
    case '$in':
      return Array.isArray(operand) && operand.some((item) => equal(value, item));
    case '$regex':
      return typeof value === 'string' && new RegExp(String(operand)).test(value);
    default:
      throw new Error(`fake W&B: unknown filter operator ${operator}`);
  }
}

function fieldMatches(value: unknown, condition: unknown): boolean {
  const isOperatorObject =
    typeof condition === 'object' &&
    condition !== null &&
    !Array.isArray(condition) &&
    Object.keys(condition).length > 0 &&
    Object.keys(condition).every((key) => OPERATORS.has(key));
  const clauses: [string, unknown][] = isOperatorObject
    ? Object.entries(condition as Record<string, unknown>)
    : [['$eq', condition]];
  return clauses.every(([operator, operand]) => {
    if (operator === '$exists') return (value !== undefined && value !== null) === Boolean(operand);
    if (operator === '$ne') return !fieldMatches(value, { $eq: operand });
    if (operator === '$nin') return !fieldMatches(value, { $in: operand });
    if (value === undefined || value === null) return operator === '$eq' && operand === null;
    // An array field (tags) matches when one of its elements does, unless compared as a whole.
    if (Array.isArray(value) && !(operator === '$eq' && Array.isArray(operand)))
      return value.some((item) => scalarMatches(item, operator, operand));
    return scalarMatches(value, operator, operand);
  });
}

/** Whether a run document matches W&B `filters`. */
export function matchesRunFilters(
  document: FakeRunDocument,
  filters: unknown,
  options: FakeRunFilterOptions = { nestedConfig: true },
): boolean {
  if (typeof filters !== 'object' || filters === null) return true;
  const matches = (part: unknown) => matchesRunFilters(document, part, options);
  return Object.entries(filters as Record<string, unknown>).every(([key, condition]) => {
    if (key === '$and') return (condition as unknown[]).every(matches);
    if (key === '$or') return (condition as unknown[]).some(matches);
    if (key === '$nor') return !(condition as unknown[]).some(matches);
    if (key.startsWith('$')) throw new Error(`fake W&B: unknown filter operator ${key}`);
    if (!options.nestedConfig && key.startsWith('config.') && key.split('.').length > 2) return false;
    return fieldMatches(resolve(document, key), condition);
  });
}

const ORDER_ALIASES: Record<string, string> = { created_at: 'createdAt', heartbeat_at: 'heartbeatAt' };

/** Sorts documents by a W&B `order` (`+created_at` when empty); runs lacking the key come last, ties keep their order. */
export function sortRunDocuments<T extends FakeRunDocument>(
  documents: readonly T[],
  order: string | null | undefined,
): T[] {
  const spec = order || '+created_at';
  const descending = spec.startsWith('-');
  const raw = spec.replace(/^[+-]/, '');
  // W&B orders by a config value as `config.<key>.value`; other config paths name nothing here.
  const configKey = /^config\.(.+)\.value$/.exec(raw)?.[1];
  const path = configKey === undefined ? (ORDER_ALIASES[raw] ?? raw) : `config.${configKey}`;
  const known = configKey !== undefined || !raw.startsWith('config.');
  return documents
    .map((document, index) => ({ document, index, value: known ? resolve(document, path) : undefined }))
    .sort((a, b) => {
      const missingA = a.value === undefined || a.value === null;
      const missingB = b.value === undefined || b.value === null;
      if (missingA || missingB) return missingA === missingB ? a.index - b.index : missingA ? 1 : -1;
      const order = compare(a.value, b.value) ?? compare(String(a.value), String(b.value)) ?? 0;
      return (descending ? -order : order) || a.index - b.index;
    })
    .map((entry) => entry.document);
}
