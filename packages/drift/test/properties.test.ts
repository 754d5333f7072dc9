import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ColumnDriftDetector,
  compareCodePoints,
  createDriftReport,
  DataDriftDetector,
  jensenShannonDistance,
  ksExactPValue,
  ksTestSorted,
  parseDriftReport,
  renderDriftReportHtml,
  STAT_TESTS,
  type StatTestName,
  sortFloat64,
  wassersteinDistanceSorted,
} from '../src/index';

const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), {
  minLength: 1,
  maxLength: 80,
});
const smallIntSample = fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 60 });
const sortedCopy = (values: readonly number[]) => Float64Array.from(values).sort();
const numericTests = (Object.keys(STAT_TESTS) as StatTestName[]).filter((name) =>
  STAT_TESTS[name].appliesTo.includes('numeric'),
);

describe('properties of the column tests', () => {
  it('every p-value lies in [0, 1] and every score is finite or +Infinity', () => {
    fc.assert(
      fc.property(
        fc.oneof(sample, smallIntSample),
        fc.oneof(sample, smallIntSample),
        fc.constantFrom(...numericTests),
        (a, b, test) => {
          const result = new ColumnDriftDetector({ type: 'numeric', stattest: test }).fit(a).test(b);
          if (result.pValue !== undefined && !Number.isNaN(result.pValue)) {
            expect(result.pValue).toBeGreaterThanOrEqual(0);
            expect(result.pValue).toBeLessThanOrEqual(1);
          }
          expect(typeof result.driftDetected).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('identical samples never show drift under the automatic choice', () => {
    fc.assert(
      fc.property(fc.oneof(sample, smallIntSample), (a) => {
        const result = new ColumnDriftDetector({ type: 'numeric' }).fit(a).test(a);
        expect(result.driftDetected).toBe(false);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 60 }), (a) => {
        expect(new ColumnDriftDetector({ type: 'categorical' }).fit(a).test(a).driftDetected).toBe(false);
      }),
    );
  });

  it('KS D and its p-value, Wasserstein and Jensen–Shannon are symmetric', () => {
    fc.assert(
      fc.property(fc.oneof(sample, smallIntSample), fc.oneof(sample, smallIntSample), (a, b) => {
        const x = sortedCopy(a);
        const y = sortedCopy(b);
        const ab = ksTestSorted(x, y);
        const ba = ksTestSorted(y, x);
        expect(ab.statistic).toBe(ba.statistic);
        expect(Math.abs(ab.pValue - ba.pValue)).toBeLessThan(1e-12);
        const w1 = wassersteinDistanceSorted(x, y);
        expect(Math.abs(w1 - wassersteinDistanceSorted(y, x))).toBeLessThanOrEqual(1e-9 * Math.max(1, w1));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.nat(50), { minLength: 2, maxLength: 10 }),
        fc.array(fc.nat(50), { minLength: 2, maxLength: 10 }),
        (p, q) => {
          const len = Math.min(p.length, q.length);
          const a = p.slice(0, len).map((v, i) => (i === 0 ? v + 1 : v));
          const b = q.slice(0, len).map((v, i) => (i === 0 ? v + 1 : v));
          const d = jensenShannonDistance(a, b);
          expect(Math.abs(d - jensenShannonDistance(b, a))).toBeLessThan(1e-12);
          expect(d).toBeLessThanOrEqual(Math.sqrt(Math.LN2) + 1e-12);
        },
      ),
    );
  });

  it('the exact KS p-value decreases as D grows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), (n, m) => {
        let previous = 1;
        for (let k = 0; k <= 10; k++) {
          const p = ksExactPValue(n, m, k / 10).pValue;
          // NaN: the recursion left [0, 1] by rounding (SciPy then falls back to asymp, as ksTestSorted does).
          if (Number.isNaN(p)) continue;
          expect(p).toBeLessThanOrEqual(previous + 1e-12);
          previous = p;
        }
      }),
      { numRuns: 100 },
    );
  });

  it('the radix sort agrees with the comparison sort', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 0, maxLength: 200 }), (values) => {
        // Pad past the radix threshold so the radix path runs.
        const big = new Float64Array(40_000);
        for (let i = 0; i < big.length; i++)
          big[i] = values.length > 0 ? (values[i % values.length] as number) * (1 + (i % 7)) : i;
        const expected = Float64Array.from(big).sort();
        expect(Array.from(sortFloat64(big))).toEqual(Array.from(expected));
      }),
      { numRuns: 20 },
    );
  });
});

describe('bad input never crashes a report', () => {
  const value = fc.oneof(
    fc.double({ noNaN: false }),
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(null, undefined, Number.NaN, Number.POSITIVE_INFINITY, 'a', 'b', 'c', '', true, false),
  );
  const column = fc.oneof(
    fc.array(value, { minLength: 0, maxLength: 40 }),
    fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 40 }),
    fc.array(fc.constantFrom('x', 'y', 'z', null), { minLength: 1, maxLength: 40 }),
  );
  const table = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e'), column, { minKeys: 1, maxKeys: 5 });

  it('every column is tested with a finite score or not tested with a reason; the report validates and renders', () => {
    fc.assert(
      fc.property(table, table, (reference, current) => {
        const hasRows = (t: Record<string, unknown[]>) => Object.values(t).some((c) => c.length > 0);
        fc.pre(hasRows(reference) && hasRows(current));
        const detector = new DataDriftDetector().fit(reference as never);
        const restored = DataDriftDetector.fromJSON(JSON.parse(JSON.stringify(detector.toJSON())));
        const result = restored.test(current as never);
        for (const entry of result.columns) {
          if (entry.status === 'tested') {
            expect(Number.isNaN(entry.result?.score)).toBe(false);
            expect(typeof entry.result?.driftDetected).toBe('boolean');
          } else {
            expect(entry.reasonCode).toBeTruthy();
            expect(entry.reason).toBeTruthy();
          }
        }
        expect(typeof result.driftDetected).toBe('boolean');
        expect(Number.isFinite(result.shareOfDriftedColumns)).toBe(true);
        const report = parseDriftReport(JSON.parse(JSON.stringify(createDriftReport(result))));
        expect(renderDriftReportHtml(report)).toContain('</html>');
      }),
      { numRuns: 150 },
    );
  });
});

describe('string order', () => {
  it('compareCodePoints orders by Unicode code point, as Python does', () => {
    const byCodePoints = (a: string, b: string) => {
      const x = [...a].map((c) => c.codePointAt(0) as number);
      const y = [...b].map((c) => c.codePointAt(0) as number);
      for (let i = 0; i < Math.min(x.length, y.length); i++)
        if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
      return x.length - y.length;
    };
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom('a', 'z', '\u00e9', '\uffee', '\ue000', '😀', '𝒜'),
        fc
          .integer({ min: 0, max: 0x10ffff })
          .filter((c) => c < 0xd800 || c > 0xdfff)
          .map((c) => String.fromCodePoint(c)),
      ),
      maxLength: 6,
    });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(byCodePoints(a, b)));
      }),
      { numRuns: 500 },
    );
    expect(['😀', '\uffee', 'a'].sort(compareCodePoints)).toEqual(['a', '\uffee', '😀']);
  });
});
