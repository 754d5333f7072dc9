import { describe, expect, it } from 'vitest';
import {
  alignCounts,
  andersonDarlingKSampleSorted,
  binNumeric,
  categoricalProfile,
  chiSquareContingency,
  chiSquareGoodnessOfFit,
  fillZeroes,
  histogramSorted,
  jensenShannonDistance,
  kolmogorovCdf,
  kolmogorovSf,
  ksAsympPValue,
  ksExactPValue,
  ksLimitPValue,
  ksTestSorted,
  populationStabilityIndex,
  populationStd,
  sturgesEdges,
  toPercents,
  wassersteinDistanceSorted,
  zTestTwoProportions,
} from '../src/index';
import { cleanCase, expectAllClose, expectClose, sorted, TOL, vectors } from './vectors';

// biome-ignore lint/suspicious/noExplicitAny: vector cases.
const numericCases: any[] = vectors.numeric_cases;
// biome-ignore lint/suspicious/noExplicitAny: vector cases.
const categoricalCases: any[] = vectors.categorical_cases;

describe('two-sample Kolmogorov–Smirnov', () => {
  it.each(numericCases.map((c) => [c.id, c]))('%s: statistic, location and auto p-value', (_id, c) => {
    const { reference, current } = cleanCase(c);
    const result = ksTestSorted(sorted(reference), sorted(current));
    const ks = c.results.ks;
    expect(result.method).toBe(ks.method_auto_resolves_to);
    expectClose(
      result.statistic,
      ks.method_auto_resolves_to === 'exact' ? ks.statistic_exact : ks.statistic,
      TOL.statistic,
      'D',
    );
    expectClose(result.pValue, ks.pvalue_auto, TOL.pvalue, 'p');
    expect(result.location).toBe(ks.statistic_location);
    expect(result.sign).toBe(ks.statistic_sign);
    const n = reference.length;
    const m = current.length;
    const exact = ksExactPValue(n, m, ks.statistic);
    expectClose(exact.pValue, ks.pvalue_exact, TOL.pvalue, 'exact');
    expectClose(exact.statistic, ks.statistic_exact, TOL.statistic, 'snapped D');
    expectClose(ksAsympPValue(n, m, ks.statistic), ks.pvalue_asymp, TOL.pvalue, 'asymp');
    expectClose(ksLimitPValue(n, m, ks.statistic), ks.pvalue_kstwobign, TOL.pvalue, 'kstwobign');
  });

  it(`p-value tables: ${vectors.ks_pvalue_cases.length} (n, m, h) rows`, () => {
    for (const c of vectors.ks_pvalue_cases) {
      const what = `n=${c.n1} m=${c.n2} h=${c.h}`;
      expectClose(ksExactPValue(c.n1, c.n2, c.d).pValue, c.pvalue_exact, TOL.pvalue, `${what} exact`);
      expectClose(ksAsympPValue(c.n1, c.n2, c.d), c.pvalue_asymp, TOL.pvalue, `${what} asymp (${c.asymp_branch})`);
      expectClose(ksLimitPValue(c.n1, c.n2, c.d), c.pvalue_kstwobign, TOL.pvalue, `${what} kstwobign`);
    }
  });

  it('falls back to asymp with the snapped D when the exact recursion leaves [0, 1] (as SciPy)', () => {
    // n = m = 5, h = 1: the outside-square recursion rounds to just above 1 in double precision.
    expect(Number.isNaN(ksExactPValue(5, 5, 0.2).pValue)).toBe(true);
    const result = ksTestSorted(Float64Array.from([1, 2, 3, 4, 5]), Float64Array.from([1.5, 2.5, 3.5, 4.5, 5.5]));
    expect(result.method).toBe('asymp');
    expect(result.statistic).toBe(0.2);
    expect(result.pValue).toBe(kolmogorovSf(2, 0.2));
  });

  it(`finite-n Kolmogorov distribution: ${vectors.kstwo_sf_cases.length} rows over every branch`, () => {
    const branches = new Set<string>();
    for (const c of vectors.kstwo_sf_cases) {
      expectClose(kolmogorovSf(c.n, c.x), c.sf, TOL.pvalue, `sf n=${c.n} x=${c.x} (${c.branch})`);
      expectClose(kolmogorovCdf(c.n, c.x), c.cdf, TOL.pvalue, `cdf n=${c.n} x=${c.x} (${c.branch})`);
      branches.add(c.branch);
    }
    expect(branches.size).toBe(9);
  });
});

describe('Wasserstein and Anderson–Darling', () => {
  it.each(numericCases.map((c) => [c.id, c]))('%s', (_id, c) => {
    const { reference, current } = cleanCase(c);
    const r = sorted(reference);
    const u = sorted(current);
    const w = c.results.wasserstein;
    expectClose(wassersteinDistanceSorted(r, u), w.distance, TOL.statistic, 'W1');
    expectClose(populationStd(r), w.reference_std_ddof0, TOL.statistic, 'std');
    const ad = andersonDarlingKSampleSorted(r, u);
    if (c.results.anderson.error) {
      expect(ad).toBeNull();
      return;
    }
    expect(ad).not.toBeNull();
    if (!ad) return;
    expectClose(ad.statistic, c.results.anderson.statistic, TOL.statistic, 'A2');
    expectAllClose(ad.criticalValues, c.results.anderson.critical_values, TOL.statistic, 'critical');
    expectClose(ad.pValue, c.results.anderson.pvalue, TOL.pvalue, 'p');
    expect(ad.pValueClipped).toBe(c.results.anderson.pvalue_clipped);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: vector case.
function binningOf(c: any) {
  const { reference, current } = cleanCase(c);
  if (c.feature_type === 'num') return { ...cleanCase(c), binning: binNumeric(sorted(reference), sorted(current)) };
  const r = categoricalProfile(reference);
  const u = categoricalProfile(current);
  return {
    reference,
    current,
    binning: alignCounts({ keys: r.keys, counts: r.counts }, { keys: u.keys, counts: u.counts }),
  };
}

interface SturgesCase {
  values: number[];
  n_bins: number;
  edges: number[];
  counts: number[];
}
const sturgesCases: SturgesCase[] = vectors.sturges_cases;

describe('binning, Jensen–Shannon, PSI, chi-square and Z', () => {
  it.each([...numericCases, ...categoricalCases].map((c) => [c.id, c]))('%s', (_id, c) => {
    const { reference, current, binning } = binningOf(c);
    const b = c.results.binning;
    expect(binning.kind).toBe(b.kind);
    if (b.edges) expectAllClose(binning.edges as Float64Array, b.edges, TOL.statistic, 'edges');
    if (b.keys) expect(binning.keys).toEqual(b.keys);
    const rp = toPercents(binning.referenceCounts, reference.length);
    const cp = toPercents(binning.currentCounts, current.length);
    expectAllClose(rp, b.reference_percents, TOL.statistic, 'reference %');
    expectAllClose(cp, b.current_percents, TOL.statistic, 'current %');
    expectClose(jensenShannonDistance(rp, cp), c.results.jensenshannon.natural, TOL.statistic, 'JS');
    expectClose(jensenShannonDistance(rp, cp, 2), c.results.jensenshannon.base2, TOL.statistic, 'JS base 2');
    const rf = fillZeroes(rp);
    const cf = fillZeroes(cp);
    expectAllClose(rf, c.results.psi.reference_percents_filled, TOL.statistic, 'ref filled');
    expectAllClose(cf, c.results.psi.current_percents_filled, TOL.statistic, 'cur filled');
    expectClose(populationStabilityIndex(rf, cf), c.results.psi.value, TOL.statistic, 'PSI');

    const chi = c.results.chisquare_evidently;
    if (!chi) return;
    expect(binning.kind).toBe('categorical');
    expect(binning.keys).toEqual(chi.keys);
    expect(Array.from(binning.referenceCounts)).toEqual(chi.reference_counts);
    expect(Array.from(binning.currentCounts)).toEqual(chi.current_counts);
    const gof = chiSquareGoodnessOfFit(binning.referenceCounts, binning.currentCounts);
    expectAllClose(gof.expected, chi.f_exp, TOL.statistic, 'f_exp');
    expectClose(gof.statistic, chi.statistic, TOL.statistic, 'chi2');
    expect(gof.dof).toBe(chi.dof);
    expectClose(gof.pValue, chi.pvalue, TOL.pvalue, 'chi2 p');
    const contingency = chiSquareContingency(binning.referenceCounts, binning.currentCounts);
    const expected = c.results.chi2_contingency_uncorrected;
    if (expected === null) expect(contingency).toBeNull();
    else {
      expectClose(contingency?.statistic ?? Number.NaN, expected.statistic, TOL.statistic, 'contingency');
      expectClose(contingency?.pValue ?? Number.NaN, expected.pvalue, TOL.pvalue, 'contingency p');
      expect(contingency?.dof).toBe(expected.dof);
    }
    const zExpected = c.results.z_test;
    if (!zExpected) return;
    const z = zTestTwoProportions(binning.keys ?? [], binning.referenceCounts, binning.currentCounts);
    expect(z.firstKey).toBe(zExpected.first_key);
    expect(z.degenerate).toBe(zExpected.degenerate);
    expectClose(z.pValue, zExpected.pvalue, TOL.pvalue, 'z p');
    expectClose(z.pValue, zExpected.pvalue_precise, TOL.pvalue, 'z p precise');
    if (zExpected.z !== null) {
      expectClose(z.z ?? Number.NaN, zExpected.z, TOL.statistic, 'z');
      expectClose(z.p1, zExpected.p1, TOL.statistic, 'p1');
      expectClose(z.p2, zExpected.p2, TOL.statistic, 'p2');
      expectClose(z.pooled, zExpected.pooled, TOL.statistic, 'pooled');
    }
  });

  it.each(sturgesCases.map((c, i): [number, SturgesCase] => [i, c]))('Sturges case %i', (_i, c) => {
    const values = sorted(c.values);
    const edges = sturgesEdges(values[0] as number, values[values.length - 1] as number, values.length);
    expect(edges.length - 1).toBe(c.n_bins);
    expectAllClose(edges, c.edges, TOL.statistic, 'edges');
    expect(Array.from(histogramSorted(values, edges))).toEqual(c.counts);
  });
});
