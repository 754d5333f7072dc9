import { Dataset, InvalidArgumentError, NotFittedError } from '@mloop/core';
import { describeBatchDetectorChecks } from '@mloop/core/testing/vitest';
import { describe, expect, it } from 'vitest';
import {
  ColumnDriftDetector,
  createDriftReport,
  DataDriftDetector,
  EmptyColumnError,
  renderDriftReportHtml,
} from '../src/index';
import { cleanCase, expectClose, TOL, vectors } from './vectors';

// biome-ignore lint/suspicious/noExplicitAny: vector cases.
const allCases: any[] = [...vectors.numeric_cases, ...vectors.categorical_cases];
const byId = new Map(allCases.map((c) => [c.id, c]));
const typeOf = (c: { feature_type: string }): 'numeric' | 'categorical' =>
  c.feature_type === 'num' ? 'numeric' : 'categorical';

describe("Evidently's automatic choice (evidently_default)", () => {
  it.each(allCases.map((c) => [c.id, c]))('%s', (_id, c) => {
    const expected = c.results.evidently_default;
    const detector = new ColumnDriftDetector({ type: typeOf(c), column: c.id }).fit(c.reference);
    const result = detector.test(c.current);
    expect(result.method).toBe(expected.stattest);
    expect(result.details.distinctCombined).toBe(expected.n_unique_combined);
    expect(result.threshold).toBe(expected.threshold);
    expect(result.driftDetected).toBe(expected.drift_detected);
    const pTest = ['ks', 'chisquare', 'z'].includes(expected.stattest);
    expectClose(result.score, expected.score, pTest ? TOL.pvalue : TOL.statistic, 'score');
    const { reference, current } = cleanCase(c);
    expect(result.missing).toEqual({
      reference: c.reference.length - reference.length,
      current: c.current.length - current.length,
    });
  });

  it('applies a per-column test and threshold, and the operators at the boundary', () => {
    const c = byId.get('num_small_shift');
    const pKs = new ColumnDriftDetector({ type: 'numeric' }).fit(c.reference).test(c.current).score;
    const ks = new ColumnDriftDetector({ type: 'numeric', threshold: pKs }).fit(c.reference);
    // KS uses p ≤ t: a threshold equal to the p-value is drift.
    expect(ks.test(c.current).driftDetected).toBe(true);
    const psiValue = new ColumnDriftDetector({ type: 'numeric', stattest: 'psi' })
      .fit(c.reference)
      .test(c.current).score;
    const psi = new ColumnDriftDetector({ type: 'numeric', stattest: 'psi', threshold: psiValue }).fit(c.reference);
    expect(psi.test(c.current).driftDetected).toBe(true);
    const psiAbove = new ColumnDriftDetector({ type: 'numeric', stattest: 'psi', threshold: psiValue * 1.0001 }).fit(
      c.reference,
    );
    expect(psiAbove.test(c.current).driftDetected).toBe(false);
    const cat = byId.get('cat_small_shift');
    const pChi = new ColumnDriftDetector({ type: 'categorical' }).fit(cat.reference).test(cat.current).score;
    const chi = new ColumnDriftDetector({ type: 'categorical', threshold: pChi }).fit(cat.reference);
    // chi-square uses p < t: equal is not drift.
    expect(chi.test(cat.current).driftDetected).toBe(false);
  });

  it('round-trips through JSON and keeps working on the current batch only', () => {
    for (const c of allCases) {
      const detector = new ColumnDriftDetector({ type: typeOf(c) }).fit(c.reference);
      const restored = ColumnDriftDetector.fromJSON(JSON.parse(JSON.stringify(detector.toJSON())));
      expect(restored.test(c.current)).toEqual(detector.test(c.current));
    }
  });
});

interface DatasetCase {
  columns: string[];
  column_drift: boolean[];
  drift_share: number;
  number_of_drifted_columns: number;
  share_of_drifted_columns: number;
  dataset_drift: boolean;
}
const datasetCases: DatasetCase[] = vectors.dataset_drift_cases;

describe('dataset drift share (dataset_drift_cases)', () => {
  it.each(datasetCases.map((c, i): [number, number, DatasetCase] => [i, c.drift_share, c]))(
    'case %i (drift_share %f)',
    (_i, _share, c) => {
      // The cases' columns differ in length: pad them with nulls (missing values are dropped).
      const cases = c.columns.map((id: string) => byId.get(id));
      const longest = (side: 'reference' | 'current') =>
        Math.max(...cases.map((k: Record<string, unknown[]>) => (k[side] as unknown[]).length));
      const pad = (values: unknown[], length: number) => [...values, ...new Array(length - values.length).fill(null)];
      const reference: Record<string, unknown[]> = {};
      const current: Record<string, unknown[]> = {};
      const columnTypes: Record<string, 'numeric' | 'categorical'> = {};
      for (const k of cases) {
        reference[k.id] = pad(k.reference, longest('reference'));
        current[k.id] = pad(k.current, longest('current'));
        columnTypes[k.id] = typeOf(k);
      }
      const result = new DataDriftDetector({ driftShare: c.drift_share, columnTypes })
        .fit(reference as never)
        .test(current as never);
      expect(result.columns.map((entry) => entry.result?.driftDetected)).toEqual(c.column_drift);
      expect(result.numberOfDriftedColumns).toBe(c.number_of_drifted_columns);
      expect(result.shareOfDriftedColumns).toBeCloseTo(c.share_of_drifted_columns, 12);
      expect(result.driftDetected).toBe(c.dataset_drift);
    },
  );
});

describe('DataDriftDetector', () => {
  const reference = {
    age: Float64Array.from({ length: 400 }, (_, i) => 20 + ((i * 37) % 50)),
    plan: Array.from({ length: 400 }, (_, i) => ['basic', 'pro', 'team'][i % 3] as string),
    score: Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? null : Math.sin(i) * 10)),
  };
  const drifted = {
    age: Float64Array.from({ length: 300 }, (_, i) => 45 + ((i * 37) % 50)),
    plan: Array.from({ length: 300 }, (_, i) => (i % 5 === 0 ? 'basic' : 'team')),
    score: Array.from({ length: 300 }, (_, i) => Math.sin(i) * 10),
  };

  it('tests every column and decides the dataset verdict', () => {
    const result = new DataDriftDetector().fit(reference).test(drifted);
    expect(result.columns.map((c) => [c.column, c.type, c.status, c.result?.method])).toEqual([
      ['age', 'numeric', 'tested', 'ks'],
      ['plan', 'categorical', 'tested', 'chisquare'],
      ['score', 'numeric', 'tested', 'ks'],
    ]);
    expect(result.columns[2]?.missing).toEqual({ reference: 58, current: 0 });
    expect(result.numberOfDriftedColumns).toBe(2);
    expect(result.driftDetected).toBe(true);
    expect(result.reference.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(result.current.digest).not.toBe(result.reference.digest);
    for (const entry of result.columns) expect(entry.histogram?.reference.length).toBeGreaterThan(0);
  });

  it('follows the precedence per column → per type → global', () => {
    const result = new DataDriftDetector({
      stattest: 'psi',
      numStattest: 'wasserstein',
      perColumnStattest: { score: 'anderson' },
      threshold: 0.5,
      catThreshold: 0.2,
      perColumnThreshold: { age: 0.3 },
    })
      .fit(reference)
      .test(drifted);
    expect(result.columns.map((c) => [c.result?.method, c.result?.threshold])).toEqual([
      ['wasserstein', 0.3],
      ['psi', 0.2],
      ['anderson', 0.5],
    ]);
  });

  it('takes column types from a Dataset schema and reports its digests', () => {
    const ds = (rows: Record<string, unknown>[], name: string) =>
      Dataset.fromObjects(rows, { name, schema: { x: { type: 'numeric' }, c: { type: 'categorical' } } });
    const ref = ds(
      Array.from({ length: 50 }, (_, i) => ({ x: i, c: String(i % 4) })),
      'ref',
    );
    const cur = ds(
      Array.from({ length: 50 }, (_, i) => ({ x: i + 30, c: String(i % 2) })),
      'cur',
    );
    const result = new DataDriftDetector().fit(ref).test(cur);
    expect(result.reference).toEqual({ name: 'ref', digest: ref.digest, nRows: 50 });
    expect(result.current.digest).toBe(cur.digest);
    expect(result.columns.map((c) => c.type)).toEqual(['numeric', 'categorical']);
  });

  it('stores the reference profile as JSON and tests the current batch from it alone', () => {
    const detector = new DataDriftDetector().fit(reference);
    const json = JSON.parse(JSON.stringify(detector.toJSON()));
    const restored = DataDriftDetector.fromJSON(json);
    expect(restored.test(drifted)).toEqual(detector.test(drifted));
    expect(() => DataDriftDetector.fromJSON({ ...json, columns: [{ name: 'a', type: 'numeric' }] })).toThrow(
      InvalidArgumentError,
    );
    expect(() => new DataDriftDetector().test(drifted)).toThrow(NotFittedError);
  });

  it('turns bad input into not-tested entries with reasons, never NaN verdicts', () => {
    const ref = {
      ok: [1, 2, 3, 4, 5, 6, 7, 8],
      gone: [1, 2, 3, 4, 5, 6, 7, 8],
      allNaN: [Number.NaN, Number.NaN, null, null, Number.NaN, null, null, null],
      constant: [3, 3, 3, 3, 3, 3, 3, 3],
      mixed: [1, 2, 'three', 4, 5, 6, 7, 8],
      kind: [1, 2, 3, 4, 5, 6, 7, 8],
      single: ['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'],
      emptyNow: [1, 2, 3, 4, 5, 6, 7, 8],
    };
    const cur = {
      ok: [1, 2, 3, 4, 5, 6, 7, 8],
      added: [1, 2, 3],
      allNaN: [1, 2, 3, 4, 5, 6, 7, 8],
      constant: [3, 3, 3, 3, 3, 3, 3, 3],
      mixed: [1, 2, 3, 4, 5, 6, 7, 8],
      kind: ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'],
      single: ['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'],
      emptyNow: [null, null, Number.POSITIVE_INFINITY, null, null, null, null, null],
    };
    const result = new DataDriftDetector({
      perColumnStattest: { single: 'chisquare' },
      columnTypes: { kind: 'numeric' },
    })
      .fit(ref as never)
      .test(cur as never);
    const summary = Object.fromEntries(
      result.columns.map((c) => [c.column, c.status === 'tested' ? c.result?.method : c.reasonCode]),
    );
    expect(summary).toEqual({
      ok: 'ks',
      gone: 'missing_in_current',
      allNaN: 'empty_reference',
      constant: 'z',
      mixed: 'mixed_types',
      kind: 'mixed_types',
      single: 'undefined_statistic',
      emptyNow: 'empty_current',
      added: 'missing_in_reference',
    });
    for (const entry of result.columns) {
      expect(typeof entry.reason === 'string' || entry.status === 'tested').toBe(true);
      if (entry.result) expect(Number.isFinite(entry.result.score)).toBe(true);
    }
    expect(result.numberOfColumns).toBe(2);
    expect(result.driftDetected).toBe(false);
    expect(result.columns.find((c) => c.column === 'emptyNow')?.missing).toEqual({ reference: 0, current: 8 });
  });

  it('throws typed errors for empty tables and unknown columns', () => {
    expect(() => new DataDriftDetector().fit({})).toThrow(InvalidArgumentError);
    expect(() => new DataDriftDetector().fit({ a: [] })).toThrow(InvalidArgumentError);
    expect(() => new DataDriftDetector({ columns: ['nope'] }).fit({ a: [1] })).toThrow(/nope/);
    const fitted = new DataDriftDetector().fit({ a: [1, 2] });
    expect(() => fitted.test({ a: [] })).toThrow(InvalidArgumentError);
    expect(() => new DataDriftDetector({ driftShare: 2 } as never)).toThrow(InvalidArgumentError);
  });
});

describe('ColumnDriftDetector bad input', () => {
  it('throws EmptyColumnError naming the side, and InvalidArgumentError for mixed types', () => {
    const detector = new ColumnDriftDetector({ type: 'numeric', column: 'age' });
    expect(() => detector.fit([null, Number.NaN])).toThrow(EmptyColumnError);
    detector.fit([1, 2, 3]);
    try {
      detector.test([null, Number.NEGATIVE_INFINITY]);
      expect.unreachable();
    } catch (error) {
      expect(EmptyColumnError.isInstance(error)).toBe(true);
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as EmptyColumnError).side).toBe('current');
      expect((error as EmptyColumnError).field).toBe('current.age');
    }
    expect(() => detector.test([1, 'x'])).toThrow(InvalidArgumentError);
    expect(() => new ColumnDriftDetector({ type: 'numeric', stattest: 'nope' as never })).toThrow(InvalidArgumentError);
  });

  it('reports an undefined test with NaN p-value and no drift', () => {
    const detector = new ColumnDriftDetector({ type: 'categorical', stattest: 'chisquare' }).fit(['a', 'a']);
    const result = detector.test(['a', 'a', 'a']);
    expect(result.driftDetected).toBe(false);
    expect(result.pValue).toBeNaN();
    expect(result.details.reasonCode).toBe('undefined_statistic');
  });
});

const gaussian = (n: number, shift: number, seed: number) => {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  return Array.from(
    { length: n },
    () => shift + Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next()),
  );
};

describeBatchDetectorChecks('ColumnDriftDetector (auto, numeric)', {
  create: () => new ColumnDriftDetector({ type: 'numeric' }),
  fromJSON: ColumnDriftDetector.fromJSON,
  reference: gaussian(500, 0, 1),
  drifted: gaussian(400, 1, 2),
});

describeBatchDetectorChecks('ColumnDriftDetector (psi, categorical)', {
  create: () => new ColumnDriftDetector({ type: 'categorical', stattest: 'psi' }),
  fromJSON: ColumnDriftDetector.fromJSON,
  reference: Array.from({ length: 300 }, (_, i) => ['a', 'b', 'c'][i % 3] as string),
  drifted: Array.from({ length: 300 }, (_, i) => ['a', 'c', 'c', 'c', 'd'][i % 5] as string),
});

describeBatchDetectorChecks('DataDriftDetector', {
  create: () => new DataDriftDetector(),
  fromJSON: DataDriftDetector.fromJSON,
  reference: { x: gaussian(2000, 0, 3), y: gaussian(2000, 0, 4) },
  drifted: { x: gaussian(1500, 0.8, 5), y: gaussian(1500, 0.8, 6) },
});

describe('DataDriftDetector with text columns', () => {
  const ham = ['lunch at noon', 'see you at home', 'running late sorry', 'call me later', 'dinner tonight ok'];
  const spam = [
    'claim crypto bonus now',
    'free nft airdrop',
    'crypto wallet reward',
    'exclusive nft drop',
    'bonus crypto claim',
  ];
  const reference = { msg: [...ham, ...ham, null], n: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
  const current = { msg: [...spam, ...spam, null], n: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };

  it('tests text columns with TextDriftDetector, round-trips the profile and fills the report section', () => {
    const detector = new DataDriftDetector({ columnTypes: { msg: 'text' }, text: { domainClassifier: false } }).fit(
      reference,
    );
    const result = detector.test(current);
    const msg = result.columns.find((c) => c.column === 'msg');
    expect(msg?.status).toBe('tested');
    expect(msg?.result?.method).toBe('text_vocabulary');
    expect(msg?.result?.driftDetected).toBe(true);
    expect(msg?.missing).toEqual({ reference: 1, current: 1 });
    const restored = DataDriftDetector.fromJSON(JSON.parse(JSON.stringify(detector.toJSON())));
    expect(JSON.parse(JSON.stringify(restored.test(current)))).toEqual(JSON.parse(JSON.stringify(result)));
    const report = createDriftReport(result);
    expect(report.text.map((t) => t.name)).toEqual(['msg']);
    expect(report.text[0]?.newPatterns).toContain('crypto');
    expect(renderDriftReportHtml(report)).toContain('id="text"');
  });

  it('reports empty, mixed, mismatched or disabled text columns as not tested', () => {
    const summary = (options: object, ref: object, cur: object) =>
      Object.fromEntries(
        new DataDriftDetector(options)
          .fit(ref as never)
          .test(cur as never)
          .columns.map((c) => [c.column, c.status === 'tested' ? c.result?.method : c.reasonCode]),
      );
    expect(summary({ columnTypes: { msg: 'text' } }, { msg: [null, null] }, { msg: ['a b'] })).toEqual({
      msg: 'empty_reference',
    });
    expect(
      summary({ columnTypes: { msg: 'text' }, text: { domainClassifier: false } }, { msg: ['a b c'] }, { msg: [null] }),
    ).toEqual({ msg: 'empty_current' });
    expect(
      summary({ columnTypes: { msg: 'text' }, text: { domainClassifier: false } }, { msg: ['a b c'] }, { msg: [3] }),
    ).toEqual({ msg: 'mixed_types' });
    expect(summary({ columnTypes: { msg: 'text' }, textDrift: false }, { msg: ['a b c'] }, { msg: ['d'] })).toEqual({
      msg: 'text_column',
    });
  });
});

describe('high-cardinality columns', () => {
  it('keeps results and reports small: bucket details omitted beyond 100, histogram folded to 20', () => {
    const ids = (n: number, offset: number) => Array.from({ length: n }, (_, i) => `user-${(i * 7 + offset) % 3000}`);
    const result = new DataDriftDetector().fit({ id: ids(2000, 0) }).test({ id: ids(2000, 1500) });
    const entry = result.columns[0];
    expect(entry?.result?.method).toBe('jensenshannon');
    expect(entry?.result?.details.bucketsOmitted).toBe(true);
    expect(entry?.histogram?.keys?.length).toBe(20);
    expect(entry?.histogram?.keys?.at(-1)).toBe('(other)');
    expect(JSON.stringify(result).length).toBeLessThan(10_000);
  });
});
