import type { TrackerV1FilterOperator, TrackerV1RunFilter, TrackerV1RunOrder, TrackerV1RunStatus } from '@mloop/core';
import { CliUsageError } from './cli-errors';

const KINDS: Record<string, TrackerV1RunFilter['kind']> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  tag: 'tag',
  tags: 'tag',
};
const OPERATORS: Record<string, TrackerV1FilterOperator> = {
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '~': 'contains',
  contains: 'contains',
};
const CLAUSE = /^\s*(metrics?|params?|tags?)\.(.+?)\s*(==|!=|<=|>=|=|<|>|~|\scontains\s)\s*(.*?)\s*$/i;

/** The run statuses, for option checks. */
export const RUN_STATUSES: readonly TrackerV1RunStatus[] = ['running', 'finished', 'failed', 'killed'];

/**
 * Parses filter clauses such as `metrics.f1 > 0.8 and params.metric = cosine and tags.team ~ fraud`:
 * `<metrics|params|tags>.<key> <op> <value>` joined by `and`, with `=, !=, <, <=, >, >=` and `~`
 * (contains). Metric values must be numbers; quotes around a value are removed.
 * @throws {CliUsageError} naming the clause that does not parse.
 */
export function parseRunFilters(expression: string): TrackerV1RunFilter[] {
  const text = expression.trim();
  if (!text) return [];
  return text.split(/\s+and\s+/i).map((clause) => {
    const match = CLAUSE.exec(clause);
    if (!match) {
      throw new CliUsageError(
        `Cannot read the filter "${clause}"; write <metrics|params|tags>.<key> <op> <value>, e.g. "metrics.f1 > 0.8".`,
      );
    }
    const kind = KINDS[match[1].toLowerCase()];
    const op = OPERATORS[match[3].trim().toLowerCase()];
    const raw = match[4].replace(/^(["'])(.*)\1$/, '$2');
    if (kind === 'metric') {
      if (op === 'contains') throw new CliUsageError(`"~" compares params and tags only, not metric ${match[2]}.`);
      const value = Number(raw);
      if (raw === '' || !Number.isFinite(value)) {
        throw new CliUsageError(`The metric filter "${clause}" needs a number, got "${raw}".`);
      }
      return { kind, key: match[2], op, value };
    }
    return { kind, key: match[2], op, value: raw };
  });
}

/**
 * Parses an ordering: `metrics.f1`, `params.alpha:asc`, `start`, `end`, `name`, `status`
 * (`:asc` or `:desc`, default descending).
 * @throws {CliUsageError} for anything else.
 */
export function parseRunOrder(expression: string): TrackerV1RunOrder {
  const match =
    /^\s*(?:(metrics?|params?)\.(.+?)|(start|end|name|status|startTime|endTime))\s*(?::(asc|desc))?\s*$/i.exec(
      expression,
    );
  if (!match) {
    throw new CliUsageError(
      `Cannot order by "${expression}"; use metrics.<key>, params.<key>, start, end, name or status, with :asc or :desc.`,
    );
  }
  const direction = (match[4]?.toLowerCase() as 'asc' | 'desc' | undefined) ?? 'desc';
  if (match[1]) {
    return { kind: match[1].toLowerCase().startsWith('metric') ? 'metric' : 'param', key: match[2], direction };
  }
  const attribute = match[3].toLowerCase();
  const key =
    attribute === 'start' || attribute === 'starttime'
      ? 'startTime'
      : attribute === 'end' || attribute === 'endtime'
        ? 'endTime'
        : attribute;
  return { kind: 'attribute', key, direction };
}

/**
 * Parses a comma-separated status list.
 * @throws {CliUsageError} for an unknown status.
 */
export function parseStatuses(expression: string): TrackerV1RunStatus[] {
  return expression
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      if (!(RUN_STATUSES as readonly string[]).includes(item)) {
        throw new CliUsageError(`Unknown status "${item}"; use ${RUN_STATUSES.join(', ')}.`);
      }
      return item as TrackerV1RunStatus;
    });
}
