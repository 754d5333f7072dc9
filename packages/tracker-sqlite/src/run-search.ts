import {
  decodePageToken,
  encodePageToken,
  InvalidArgumentError,
  resolvePageSize,
  runQueryFingerprint,
  type TrackerV1RunFilter,
  type TrackerV1RunQuery,
} from '@mloop/core';
import type { Statement } from 'better-sqlite3';
import { finiteNumber, isWellFormed, textOrder } from './order-columns';
import type { SqliteConnection } from './sqlite-database';

const COMPARISONS = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' } as const;

/** The SQL function that tells whether a value includes a needle given as UTF-16 order bytes. */
const CONTAINS_UTF16 = 'mloop_contains_utf16';

/** SQL (on the run `r`) for one filter clause, matching core's `matchesFilter`, and its arguments. */
function filterClause(filter: TrackerV1RunFilter): [string, unknown[]] {
  if (filter.kind === 'metric') {
    const target = typeof filter.value === 'number' ? filter.value : Number(filter.value);
    const op = filter.op as keyof typeof COMPARISONS;
    let condition: string;
    const args: unknown[] = [filter.key];
    // `number` is NULL exactly for NaN, so SQL's NULL comparisons are JavaScript's NaN ones;
    // only equality treats NaN as equal to itself.
    if (Number.isNaN(target)) condition = op === '=' ? 'm.kind = 1' : op === '!=' ? 'm.kind <> 1' : '0';
    else if (op === '!=') {
      condition = '(m.number IS NULL OR m.number <> ?)';
      args.push(target);
    } else {
      condition = `m.number ${COMPARISONS[op]} ?`;
      args.push(target);
    }
    return [`EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_id = r.id AND m.key = ? AND ${condition})`, args];
  }
  const table = filter.kind === 'param' ? 'params' : 'tags';
  const text = String(filter.value);
  let condition: string;
  const args: unknown[] = [filter.key];
  if (filter.op === 'contains') {
    if (isWellFormed(text)) {
      condition = 'instr(v.value, ?) > 0';
      args.push(text);
    } else {
      // instr works on UTF-8, where a lone surrogate has no bytes of its own (binding it would
      // replace it), while core's includes matches it against half of a character beyond
      // U+FFFF; the needle travels as its UTF-16 bytes to a JavaScript includes.
      condition = `${CONTAINS_UTF16}(v.value, ?)`;
      args.push(textOrder(text));
    }
  } else {
    const op = COMPARISONS[filter.op];
    const number = finiteNumber(filter.value);
    // Numerically when both sides read as finite numbers, else as UTF-16 strings.
    if (number === undefined) {
      condition = `v.text_order ${op} ?`;
      args.push(textOrder(text));
    } else {
      condition = `(CASE WHEN v.number IS NULL THEN v.text_order ${op} ? ELSE v.number ${op} ? END)`;
      args.push(textOrder(text), number);
    }
  }
  return [`EXISTS (SELECT 1 FROM ${table} v WHERE v.run_id = r.id AND v.key = ? AND ${condition})`, args];
}

/**
 * One stretch of the total order: runs whose sort keys share the `missing` and `nan` flags (and,
 * for params, the type of the value). Within it, rows come by `value` in the requested direction,
 * then start time descending, then id — the order its index is built in.
 */
interface Segment {
  /** FROM clause; the run is always `r`. */
  readonly from: string;
  /** What puts a row in this segment. */
  readonly where: string;
  /** Arguments of `where`. */
  readonly args: readonly unknown[];
  /** The ordered value, if any: the expression compared, the one returned, and how a returned one binds back. */
  readonly value?: { readonly order: string; readonly raw: string; readonly kind: 'number' | 'text' | 'plain' };
  /** The run's start time. */
  readonly startTime: string;
  /** The run's id. */
  readonly id: string;
}

const RUNS = { from: 'runs r', startTime: 'r.start_time', id: 'r.id' };
const ALL_RUNS: Segment = { ...RUNS, where: '1', args: [] };

function attributeSegments(key: string): Segment[] {
  switch (key) {
    case 'startTime':
      return [{ ...ALL_RUNS, value: { order: 'r.start_time', raw: 'r.start_time', kind: 'number' } }];
    case 'endTime':
      return [
        {
          ...RUNS,
          where: 'r.end_time IS NOT NULL',
          args: [],
          value: { order: 'r.end_time', raw: 'r.end_time', kind: 'number' },
        },
        { ...RUNS, where: 'r.end_time IS NULL', args: [] },
      ];
    case 'name':
      return [{ ...ALL_RUNS, value: { order: 'r.name_order', raw: 'r.name', kind: 'text' } }];
    default:
      // Statuses are ASCII, where SQLite's byte order is JavaScript's.
      return [{ ...ALL_RUNS, value: { order: 'r.status', raw: 'r.status', kind: 'plain' } }];
  }
}

/**
 * The segments of `query`'s order, in order (core's `compareSortKeys`: present, then NaN, then
 * missing). A filter on the ordering key matches only runs that have it, so the missing-key
 * segment is left out then: finding it empty would walk every run that has the key.
 * `fromRuns`: read the few runs the experiments and statuses allow and sort them, instead of
 * walking the key's index.
 */
function segmentsOf(query: TrackerV1RunQuery, direction: 'asc' | 'desc', fromRuns: boolean): Segment[] {
  const order = query.orderBy;
  if (!order) return [ALL_RUNS];
  if (order.kind === 'attribute') return attributeSegments(order.key);
  const table = order.kind === 'metric' ? 'latest_metrics' : 'params';
  // Driven by the key's index (a page reads about as many rows as it returns) or, when few runs
  // are allowed, by those runs; CROSS JOIN fixes the loop order, which SQLite has no statistics for.
  const keyed = {
    from: fromRuns
      ? `runs r CROSS JOIN ${table} o ON o.run_id = r.id`
      : `${table} o CROSS JOIN runs r ON r.id = o.run_id`,
    startTime: 'o.start_time',
    id: 'o.run_id',
  };
  const keyFiltered = (query.filters ?? []).some((filter) => filter.kind === order.kind && filter.key === order.key);
  const missing: Segment = {
    ...RUNS,
    where: `NOT EXISTS (SELECT 1 FROM ${table} o WHERE o.run_id = r.id AND o.key = ?)`,
    args: [order.key],
  };
  const numbers: Segment = {
    ...keyed,
    where: 'o.key = ? AND o.number IS NOT NULL',
    args: [order.key],
    value: { order: 'o.number', raw: 'o.number', kind: 'number' },
  };
  if (order.kind === 'metric') {
    const nans: Segment = { ...keyed, where: 'o.key = ? AND o.number IS NULL', args: [order.key] };
    return keyFiltered ? [numbers, nans] : [numbers, nans, missing];
  }
  const texts: Segment = {
    ...keyed,
    where: 'o.key = ? AND o.number IS NULL',
    args: [order.key],
    value: { order: 'o.text_order', raw: 'o.value', kind: 'text' },
  };
  // Numbers come before strings ascending and after them descending.
  const present = direction === 'asc' ? [numbers, texts] : [texts, numbers];
  return keyFiltered ? present : [...present, missing];
}

/** Where a page ends: segment index, value (±Infinity spelled out, as JSON has no such numbers), start time, id. */
type Position = [segment: number, value: number | string | null, startTime: number, id: string];

function malformed(): never {
  throw new InvalidArgumentError({
    message: 'pageToken is malformed; pass the nextPageToken of the previous page.',
    field: 'pageToken',
  });
}

/** The value of a position as its segment's order expression compares it. */
function boundValue(segment: Segment, value: unknown): unknown {
  const kind = segment.value?.kind;
  if (kind === undefined) return value === null ? null : malformed();
  if (kind === 'number') {
    if (typeof value === 'number') return value;
    if (value === 'Infinity' || value === '-Infinity') return Number(value);
    return malformed();
  }
  if (typeof value !== 'string') malformed();
  return kind === 'text' ? textOrder(value) : value;
}

/** Clauses that narrow a segment's query, and their arguments. */
interface Range {
  /** SQL conditions, all of which hold. */
  readonly where: readonly string[];
  /** Their arguments, in order. */
  readonly args: readonly unknown[];
}

/**
 * The rest of `segment` after `position`, as ranges that follow each other in the order: the
 * rest of the position's run of equal value and start time, then the rest of its equal value,
 * then the values beyond. Each is an equality prefix and one range of the segment's index, so
 * SQLite seeks straight to it, however many runs share the value.
 */
function rangesAfter(segment: Segment, position: Position, direction: 'asc' | 'desc'): Range[] {
  const [, raw, time, lastId] = position;
  const { value, startTime, id } = segment;
  const bound = boundValue(segment, raw);
  const tie: Range[] = [
    { where: [`${startTime} = ?`, `${id} > ?`], args: [time, lastId] },
    { where: [`${startTime} < ?`], args: [time] },
  ];
  if (!value) return tie;
  const beyond: Range = { where: [`${value.order} ${direction === 'asc' ? '>' : '<'} ?`], args: [bound] };
  // Ordered by start time itself, equal values are equal start times: only the ids remain.
  if (value.order === startTime) return [tie[0], beyond];
  return [
    ...tie.map((range) => ({ where: [`${value.order} = ?`, ...range.where], args: [bound, ...range.args] })),
    beyond,
  ];
}

/**
 * `searchRuns` in SQL: core's filter rules as `EXISTS` clauses, core's total order as a sequence
 * of index-ordered segments, and keyset paging on (segment, value, start time, id), so a page
 * costs about its size in index steps however many runs there are.
 */
export class RunSearch {
  readonly #db: SqliteConnection;
  readonly #statements = new Map<string, Statement>();

  /** Searches `db`, whose schema is current. */
  constructor(db: SqliteConnection) {
    this.#db = db;
    db.function(CONTAINS_UTF16, { deterministic: true }, (value, needle) =>
      (value as string).includes(
        Buffer.from(needle as Uint8Array)
          .swap16()
          .toString('utf16le'),
      )
        ? 1
        : 0,
    );
  }

  #prepare(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      // Queries differ only by their number of clauses; a bound keeps odd callers from growing it.
      if (this.#statements.size >= 256) this.#statements.clear();
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Whether the runs `scope` (experiment and status clauses) allows are few enough that sorting
   * them all beats walking an order index. Walking finds a page after about page size × runs ÷
   * allowed steps when the allowed runs are spread through the order (and walks it all when none
   * has the key); sorting costs about three such steps per allowed run (measured at 100,000
   * runs). So sort while 3 × allowed² ≤ page size × runs, and always up to a thousand. Counting
   * stops at that bound; the largest rowid stands in for the number of runs (deleted runs only
   * make it larger, which favours sorting).
   */
  #fewCandidates(scope: readonly string[], args: readonly unknown[], pageSize: number): boolean {
    if (scope.length === 0) return false;
    const { runs } = this.#prepare('SELECT COALESCE(MAX(rowid), 0) AS runs FROM runs').get() as { runs: number };
    const bound = Math.max(1000, Math.ceil(Math.sqrt((pageSize * runs) / 3)));
    const { allowed } = this.#prepare(
      `SELECT count(*) AS allowed FROM (SELECT 1 FROM runs r WHERE ${scope.join(' AND ')} LIMIT ?)`,
    ).get(...args, bound + 1) as { allowed: number };
    return allowed <= bound;
  }

  /**
   * The ids of one page of `query`'s matches, in order, and the token of the next page. Call it
   * inside a read transaction so the page and the snapshots built from it agree.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a bad page size or a foreign or malformed token.
   */
  page(query: TrackerV1RunQuery): { ids: string[]; nextPageToken?: string } {
    const pageSize = resolvePageSize(query.pageSize);
    const fingerprint = runQueryFingerprint(query);
    const direction = query.orderBy?.direction ?? 'desc';
    const common: string[] = [];
    const commonArgs: unknown[] = [];
    if (query.experimentIds) {
      common.push(`r.experiment_id IN (${query.experimentIds.map(() => '?').join(', ') || 'NULL'})`);
      commonArgs.push(...query.experimentIds);
    }
    if (query.statuses) {
      common.push(`r.status IN (${query.statuses.map(() => '?').join(', ') || 'NULL'})`);
      commonArgs.push(...query.statuses);
    }
    const keyed = query.orderBy !== undefined && query.orderBy.kind !== 'attribute';
    const segments = segmentsOf(query, direction, keyed && this.#fewCandidates(common, commonArgs, pageSize));
    for (const filter of query.filters ?? []) {
      const [clause, args] = filterClause(filter);
      common.push(clause);
      commonArgs.push(...args);
    }
    let first = 0;
    let after: Position | undefined;
    if (query.pageToken !== undefined) {
      const position = decodePageToken(query.pageToken, fingerprint);
      if (
        !Array.isArray(position) ||
        position.length !== 4 ||
        !Number.isInteger(position[0]) ||
        position[0] < 0 ||
        position[0] >= segments.length ||
        typeof position[2] !== 'number' ||
        typeof position[3] !== 'string'
      )
        malformed();
      after = position as Position;
      first = after[0];
    }
    const rows: { segment: number; id: string; start_time: number; raw?: number | string }[] = [];
    for (let index = first; index < segments.length && rows.length <= pageSize; index++) {
      const segment = segments[index];
      const { value, startTime, id } = segment;
      // Ordering by start time, the value is the start time: one term, which the index gives.
      const orderBy = value
        ? value.order === startTime
          ? `${startTime} ${direction.toUpperCase()}, ${id}`
          : `${value.order} ${direction.toUpperCase()}, ${startTime} DESC, ${id}`
        : `${startTime} DESC, ${id}`;
      const ranges = after && index === first ? rangesAfter(segment, after, direction) : [{ where: [], args: [] }];
      for (const range of ranges) {
        if (rows.length > pageSize) break;
        const sql =
          `SELECT ${id} AS id, ${startTime} AS start_time${value ? `, ${value.raw} AS raw` : ''} FROM ${segment.from}` +
          ` WHERE ${[segment.where, ...range.where, ...common].join(' AND ')} ORDER BY ${orderBy} LIMIT ?`;
        const found = this.#prepare(sql).all(
          ...segment.args,
          ...range.args,
          ...commonArgs,
          pageSize + 1 - rows.length,
        ) as Omit<(typeof rows)[number], 'segment'>[];
        for (const row of found) rows.push({ ...row, segment: index });
      }
    }
    const ids = rows.slice(0, pageSize).map((row) => row.id);
    if (rows.length <= pageSize) return { ids };
    const last = rows[pageSize - 1];
    const raw =
      last.raw === undefined
        ? null
        : typeof last.raw === 'number' && !Number.isFinite(last.raw)
          ? String(last.raw)
          : last.raw;
    const position: Position = [last.segment, raw, last.start_time, last.id];
    return { ids, nextPageToken: encodePageToken(fingerprint, position) };
  }
}
