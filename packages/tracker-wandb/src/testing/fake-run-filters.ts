/**
 * The fake server's reading of W&B's run `filters` (MongoDB style: `$and`, `$or`, `$nor`, and per
 * field `$eq $ne $gt $gte $lt $lte $in $nin $exists $regex`, a bare value meaning `$eq`, an array
 * field matching when any element does) and `order` (`+key` / `-key`, default ascending), over
 * a run document with W&B's filter paths: `name`, `displayName`, `state`, `group`, `jobType`,
 * `tags`, `createdAt`/`created_at`, `heartbeatAt`/`heartbeat_at`, `config.<key>.value…` (or
 * `config.<key>`) and `summary_metrics.<key>`.
 */

/** A run as filters and orderings see it. */
export type FakeRunDocument = Record<string, unknown>;

const OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$regex']);

/** The value at a dotted path; a W&B `{ value }` config wrapper counts as its value when the path stops at it. */
function resolve(document: FakeRunDocument, path: string): unknown {
  let current: unknown = document;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  if (path.startsWith('config.') && typeof current === 'object' && current !== null && 'value' in current)
    return (current as { value: unknown }).value;
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
export function matchesRunFilters(document: FakeRunDocument, filters: unknown): boolean {
  if (typeof filters !== 'object' || filters === null) return true;
  return Object.entries(filters as Record<string, unknown>).every(([key, condition]) => {
    if (key === '$and') return (condition as unknown[]).every((part) => matchesRunFilters(document, part));
    if (key === '$or') return (condition as unknown[]).some((part) => matchesRunFilters(document, part));
    if (key === '$nor') return !(condition as unknown[]).some((part) => matchesRunFilters(document, part));
    if (key.startsWith('$')) throw new Error(`fake W&B: unknown filter operator ${key}`);
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
  const path = ORDER_ALIASES[raw] ?? raw;
  return documents
    .map((document, index) => ({ document, index, value: resolve(document, path) }))
    .sort((a, b) => {
      const missingA = a.value === undefined || a.value === null;
      const missingB = b.value === undefined || b.value === null;
      if (missingA || missingB) return missingA === missingB ? a.index - b.index : missingA ? 1 : -1;
      const order = compare(a.value, b.value) ?? compare(String(a.value), String(b.value)) ?? 0;
      return (descending ? -order : order) || a.index - b.index;
    })
    .map((entry) => entry.document);
}
