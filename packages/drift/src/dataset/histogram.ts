import { z } from 'zod';
import type { ColumnProfile } from '../column/column-profile';
import { profileSize } from '../column/column-profile';
import { evidentlyBinning } from '../column/stat-tests';
import { toPercents } from '../stattests/binning';

/** Most buckets a report histogram keeps for categories; the rest are summed into `'(other)'`. */
export const MAX_HISTOGRAM_KEYS = 20;

/** zod schema of a column histogram (bucket shares of each side). */
export const columnHistogramSchema = z.object({
  /** `'sturges'`: equal-width bins with `edges`; `'categorical'`: buckets named by `keys`. */
  kind: z.union([z.literal('sturges'), z.literal('categorical')]),
  /** Bin edges (bins + 1), or null. */
  edges: z.array(z.number()).nullable(),
  /** Bucket names, or null. The last may be `'(other)'` when categories were folded. */
  keys: z.array(z.string()).nullable(),
  /** Reference share per bucket. */
  reference: z.array(z.number()),
  /** Current share per bucket. */
  current: z.array(z.number()),
});

/** A column histogram for reports. Its size depends on the bucket count only, never on rows. */
export type ColumnHistogram = z.infer<typeof columnHistogramSchema>;

/** The histogram a report draws for a column: Evidently's bins, categories folded beyond {@link MAX_HISTOGRAM_KEYS}. */
export function columnHistogram(reference: ColumnProfile, current: ColumnProfile): ColumnHistogram {
  const binning = evidentlyBinning(reference, current);
  const rp = Array.from(toPercents(binning.referenceCounts, profileSize(reference)));
  const cp = Array.from(toPercents(binning.currentCounts, profileSize(current)));
  if (binning.kind === 'sturges') {
    return {
      kind: 'sturges',
      edges: Array.from(binning.edges as Float64Array),
      keys: null,
      reference: rp,
      current: cp,
    };
  }
  const keys = (binning.keys ?? []).map(String);
  if (keys.length <= MAX_HISTOGRAM_KEYS) return { kind: 'categorical', edges: null, keys, reference: rp, current: cp };
  const order = keys
    .map((_, i) => i)
    .sort((a, b) => (rp[b] as number) + (cp[b] as number) - ((rp[a] as number) + (cp[a] as number)));
  const kept = order.slice(0, MAX_HISTOGRAM_KEYS - 1).sort((a, b) => a - b);
  const keptSet = new Set(kept);
  let otherRef = 0;
  let otherCur = 0;
  for (let i = 0; i < keys.length; i++) {
    if (keptSet.has(i)) continue;
    otherRef += rp[i] as number;
    otherCur += cp[i] as number;
  }
  return {
    kind: 'categorical',
    edges: null,
    keys: [...kept.map((i) => keys[i] as string), '(other)'],
    reference: [...kept.map((i) => rp[i] as number), otherRef],
    current: [...kept.map((i) => cp[i] as number), otherCur],
  };
}
