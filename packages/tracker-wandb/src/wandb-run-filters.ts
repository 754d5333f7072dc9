import type { TrackerV1RunQuery } from '@mloop/core';
import { wandbTag } from './wandb-tags';

/**
 * The part of a run query W&B can evaluate server-side, as the MongoDB-style `filters` of its
 * `Runs` query. It only narrows: every run the query matches also matches these filters, and
 * core's `matchesQuery` decides on what comes back. Pushed down: experiments (the W&B `group`)
 * and tag equality with a non-numeric value (the W&B tag `key:value`). Not pushed down, because
 * W&B would answer differently from mloop's rules: numeric-looking param and tag comparisons
 * (`"1.0" = "1"` in mloop), orderings, statuses (a run whose process died is `running` in
 * `_mloop` but `crashed` on W&B) and metrics (NaN and ±Infinity in the summary).
 *
 * @param experimentNames Names of the query's experiments (undefined: any experiment).
 */
export function wandbRunFilters(
  query: TrackerV1RunQuery,
  experimentNames: readonly string[] | undefined,
): Record<string, unknown> {
  const clauses: Record<string, unknown>[] = [];
  if (experimentNames !== undefined) clauses.push({ group: { $in: [...experimentNames] } });
  for (const filter of query.filters ?? []) {
    if (filter.kind !== 'tag' || filter.op !== '=' || typeof filter.value !== 'string') continue;
    if (filter.value.trim() !== '' && Number.isFinite(Number(filter.value))) continue;
    const tag = wandbTag(filter.key, filter.value);
    if (tag !== undefined) clauses.push({ tags: { $in: [tag] } });
  }
  if (clauses.length === 0) return {};
  return clauses.length === 1 ? (clauses[0] as Record<string, unknown>) : { $and: clauses };
}
