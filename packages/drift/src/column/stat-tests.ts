// The column tests by name, with Evidently's default thresholds and comparison directions
// (drift-spec §1): KS p ≤ t; chi-square, Z and Anderson–Darling p < t; distances score ≥ t.
import { andersonDarlingKSampleSorted } from '../stattests/anderson-darling';
import { alignCounts, type Binning, binNumeric, countSorted, toPercents } from '../stattests/binning';
import { chiSquareGoodnessOfFit } from '../stattests/chi-square';
import { jensenShannonDistance } from '../stattests/jensen-shannon';
import { ksTestSorted } from '../stattests/ks';
import { fillZeroes, populationStabilityIndex, psiBand } from '../stattests/psi';
import { WASSERSTEIN_MIN_NORM, wassersteinAndDistinctSorted } from '../stattests/wasserstein';
import { zTestTwoProportions } from '../stattests/z-test';
import { type ColumnProfile, type NumericColumnProfile, profileSize } from './column-profile';

/** The column tests this package implements. */
export type StatTestName = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi' | 'anderson';

/** Every test name, for validation. */
export const STAT_TEST_NAMES: readonly StatTestName[] = [
  'ks',
  'chisquare',
  'z',
  'wasserstein',
  'jensenshannon',
  'psi',
  'anderson',
];

/** How a test turns its score into a verdict. */
export interface StatTestInfo {
  /** `'pvalue'`: the score is a p-value; `'distance'`: the score is the statistic. */
  readonly kind: 'pvalue' | 'distance';
  /** Evidently's default threshold. */
  readonly defaultThreshold: number;
  /** Which column types it accepts. */
  readonly appliesTo: readonly ('numeric' | 'categorical')[];
  /** The comparison, as text for reports: `'p <= t'`, `'p < t'` or `'score >= t'`. */
  readonly rule: 'p <= t' | 'p < t' | 'score >= t';
}

/** Defaults and directions per test. */
export const STAT_TESTS: Readonly<Record<StatTestName, StatTestInfo>> = {
  ks: { kind: 'pvalue', defaultThreshold: 0.05, appliesTo: ['numeric'], rule: 'p <= t' },
  chisquare: { kind: 'pvalue', defaultThreshold: 0.05, appliesTo: ['numeric', 'categorical'], rule: 'p < t' },
  z: { kind: 'pvalue', defaultThreshold: 0.05, appliesTo: ['numeric', 'categorical'], rule: 'p < t' },
  wasserstein: { kind: 'distance', defaultThreshold: 0.1, appliesTo: ['numeric'], rule: 'score >= t' },
  jensenshannon: { kind: 'distance', defaultThreshold: 0.1, appliesTo: ['numeric', 'categorical'], rule: 'score >= t' },
  psi: { kind: 'distance', defaultThreshold: 0.1, appliesTo: ['numeric', 'categorical'], rule: 'score >= t' },
  anderson: { kind: 'pvalue', defaultThreshold: 0.1, appliesTo: ['numeric'], rule: 'p < t' },
};

/** Applies a test's comparison. NaN scores never signal drift. */
export function isDrift(test: StatTestName, score: number, threshold: number): boolean {
  switch (STAT_TESTS[test].rule) {
    case 'p <= t':
      return score <= threshold;
    case 'p < t':
      return score < threshold;
    default:
      return score >= threshold;
  }
}

/** The numbers a test produced. */
export interface StatTestOutcome {
  /** The statistic (D, χ², z, or the distance). */
  readonly statistic: number;
  /** The p-value, for p-value tests. */
  readonly pValue?: number;
  /** What is compared with the threshold. */
  readonly score: number;
  /** Method-specific details, JSON-serializable. */
  readonly details: Record<string, unknown>;
}

/** Counts on aligned keys, for any pair of profiles of the same type. */
export function keyedBinning(reference: ColumnProfile, current: ColumnProfile): Binning {
  if (reference.type === 'numeric' && current.type === 'numeric') {
    const r = countSorted(reference.sorted);
    const c = countSorted(current.sorted);
    return alignCounts(
      { keys: Array.from(r.values), counts: r.counts },
      { keys: Array.from(c.values), counts: c.counts },
    );
  }
  const r = reference as Extract<ColumnProfile, { type: 'categorical' }>;
  const c = current as Extract<ColumnProfile, { type: 'categorical' }>;
  return alignCounts({ keys: r.keys, counts: r.counts }, { keys: c.keys, counts: c.counts });
}

/** Evidently's `get_binned_data`: Sturges or per-value buckets for numeric, per-category otherwise. */
export function evidentlyBinning(reference: ColumnProfile, current: ColumnProfile): Binning {
  if (reference.type === 'numeric' && current.type === 'numeric') {
    return binNumeric(reference.sorted, current.sorted, reference.distinct);
  }
  return keyedBinning(reference, current);
}

/** Distinct non-missing values in reference ∪ current (`pd.concat([ref, cur]).nunique()`). */
export function distinctCombined(reference: ColumnProfile, current: ColumnProfile): number {
  if (reference.type === 'numeric' && current.type === 'numeric') {
    const a = reference.sorted;
    const b = current.sorted;
    let i = 0;
    let j = 0;
    let count = 0;
    while (i < a.length || j < b.length) {
      const va = i < a.length ? (a[i] as number) : Number.POSITIVE_INFINITY;
      const vb = j < b.length ? (b[j] as number) : Number.POSITIVE_INFINITY;
      const v = Math.min(va, vb);
      while (i < a.length && a[i] === v) i++;
      while (j < b.length && b[j] === v) j++;
      count++;
    }
    return count;
  }
  return keyedBinning(reference, current).referenceCounts.length;
}

/** Most buckets whose keys and counts are copied into `details` (results stay small for high-cardinality columns). */
export const MAX_DETAIL_BUCKETS = 100;

function binningDetails(binning: Binning): Record<string, unknown> {
  const buckets = binning.referenceCounts.length;
  if (buckets > MAX_DETAIL_BUCKETS) return { binning: binning.kind, buckets, bucketsOmitted: true };
  return {
    binning: binning.kind,
    buckets,
    edges: binning.edges ? Array.from(binning.edges) : null,
    keys: binning.keys ? [...binning.keys] : null,
  };
}

function asNumeric(profile: ColumnProfile): NumericColumnProfile {
  return profile as NumericColumnProfile;
}

/**
 * Runs one test on two non-empty profiles of the same type. The caller checks that the test
 * applies to the type (see {@link STAT_TESTS}).
 */
export function runStatTest(test: StatTestName, reference: ColumnProfile, current: ColumnProfile): StatTestOutcome {
  switch (test) {
    case 'ks': {
      const result = ksTestSorted(asNumeric(reference).sorted, asNumeric(current).sorted);
      return {
        statistic: result.statistic,
        pValue: result.pValue,
        score: result.pValue,
        details: { pValueMethod: result.method, location: result.location, sign: result.sign },
      };
    }
    case 'wasserstein': {
      const ref = asNumeric(reference);
      const { distance, distinct } = wassersteinAndDistinctSorted(ref.sorted, asNumeric(current).sorted);
      const norm = Math.max(ref.std, WASSERSTEIN_MIN_NORM);
      const normed = distance / norm;
      return {
        statistic: normed,
        score: normed,
        details: { distance, referenceStd: ref.std, norm, distinctCombined: distinct },
      };
    }
    case 'anderson': {
      const result = andersonDarlingKSampleSorted(asNumeric(reference).sorted, asNumeric(current).sorted);
      if (!result) {
        return {
          statistic: Number.NaN,
          pValue: Number.NaN,
          score: Number.NaN,
          details: { undefinedReason: 'Anderson–Darling needs more than one distinct value in the pooled sample' },
        };
      }
      return {
        statistic: result.statistic,
        pValue: result.pValue,
        score: result.pValue,
        details: { criticalValues: result.criticalValues, pValueClipped: result.pValueClipped },
      };
    }
    case 'chisquare': {
      const binning = keyedBinning(reference, current);
      const result = chiSquareGoodnessOfFit(binning.referenceCounts, binning.currentCounts);
      return {
        statistic: result.statistic,
        pValue: result.pValue,
        score: result.pValue,
        details: {
          ...(binning.referenceCounts.length <= MAX_DETAIL_BUCKETS
            ? {
                keys: binning.keys,
                referenceCounts: Array.from(binning.referenceCounts),
                currentCounts: Array.from(binning.currentCounts),
                expected: Array.from(result.expected),
              }
            : { bucketsOmitted: true }),
          dof: result.dof,
          ...(result.dof === 0 ? { undefinedReason: 'a single category: chi-square has 0 degrees of freedom' } : {}),
        },
      };
    }
    case 'z': {
      const binning = keyedBinning(reference, current);
      const result = zTestTwoProportions(binning.keys ?? [], binning.referenceCounts, binning.currentCounts);
      return {
        statistic: result.z ?? 0,
        pValue: result.pValue,
        score: result.pValue,
        details: {
          firstKey: result.firstKey,
          p1: result.p1,
          p2: result.p2,
          pooled: result.pooled,
          z: result.z,
          degenerate: result.degenerate,
        },
      };
    }
    case 'jensenshannon': {
      const binning = evidentlyBinning(reference, current);
      const rp = toPercents(binning.referenceCounts, profileSize(reference));
      const cp = toPercents(binning.currentCounts, profileSize(current));
      const distance = jensenShannonDistance(rp, cp);
      return {
        statistic: distance,
        score: distance,
        details: { ...binningDetails(binning), base2: jensenShannonDistance(rp, cp, 2) },
      };
    }
    case 'psi': {
      const binning = evidentlyBinning(reference, current);
      const rp = fillZeroes(toPercents(binning.referenceCounts, profileSize(reference)));
      const cp = fillZeroes(toPercents(binning.currentCounts, profileSize(current)));
      const value = populationStabilityIndex(rp, cp);
      return { statistic: value, score: value, details: { ...binningDetails(binning), band: psiBand(value) } };
    }
  }
}

/**
 * Evidently's automatic choice (`_get_default_stattest`): by the reference row count after
 * cleaning (≤ 1000 is "small", inclusive), the column type and the distinct values of ref ∪ cur.
 */
export function chooseStatTest(type: 'numeric' | 'categorical', referenceRows: number, distinct: number): StatTestName {
  if (referenceRows <= 1000) {
    if (type === 'numeric') {
      if (distinct <= 2) return 'z';
      if (distinct <= 5) return 'chisquare';
      return 'ks';
    }
    return distinct > 2 ? 'chisquare' : 'z';
  }
  if (type === 'numeric' && distinct > 5) return 'wasserstein';
  return 'jensenshannon';
}
