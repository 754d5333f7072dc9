import type { PageRequestV1 } from '../../shared/v1/page';
import type { TrackerV1RunStatus } from './tracker-v1-run';

/** Comparison operators of a run filter. `contains` applies to params and tags only. */
export type TrackerV1FilterOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains';

/**
 * One filter clause. Metric clauses compare the latest value numerically; param and tag
 * clauses compare strings (or numerically when both sides parse as finite numbers). A run that
 * lacks the key never matches (except for `!=`, which it does not match either).
 */
export interface TrackerV1RunFilter {
  /** What the key names. */
  readonly kind: 'metric' | 'param' | 'tag';
  /** The metric, param or tag name. */
  readonly key: string;
  /** The comparison. */
  readonly op: TrackerV1FilterOperator;
  /** The value compared with. */
  readonly value: string | number;
}

/**
 * Ordering of a search. Runs that lack the key come last in either direction; NaN metric values
 * come after every number. Ties are broken by `startTime` descending, then `id` ascending, so the
 * order is total and paging is stable.
 */
export interface TrackerV1RunOrder {
  /** What to order by. */
  readonly kind: 'metric' | 'param' | 'attribute';
  /** The metric or param name, or the attribute: `'startTime'`, `'endTime'`, `'name'`, `'status'`. */
  readonly key: string;
  /** Direction; default `'desc'`. */
  readonly direction?: 'asc' | 'desc';
}

/** Input of `searchRuns`. Default order: `startTime` descending, then `id` ascending. */
export interface TrackerV1RunQuery extends PageRequestV1 {
  /** Restrict to these experiments; all experiments when absent. */
  readonly experimentIds?: readonly string[];
  /** Restrict to these statuses. */
  readonly statuses?: readonly TrackerV1RunStatus[];
  /** All clauses must match. */
  readonly filters?: readonly TrackerV1RunFilter[];
  /** Ordering; see {@link TrackerV1RunOrder}. */
  readonly orderBy?: TrackerV1RunOrder;
}
