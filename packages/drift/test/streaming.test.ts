import { InvalidArgumentError, type StreamingDriftDetectorV1 } from '@mloop/core';
import { describeStreamingDetectorChecks } from '@mloop/core/testing/vitest';
import { describe, expect, it } from 'vitest';
import { Adwin, Ddm, Eddm, Kswin, ksTestSorted, PageHinkley } from '../src/index';
import { expectClose, TOL, vectors } from './vectors';

interface StreamCase {
  id: string;
  params: Record<string, unknown>;
  stream: number[];
  drift_indices: number[];
  warning_indices?: number[];
  final_width?: number;
  final_estimation?: number;
}

const camel = (params: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), value]),
  );

function run(detector: StreamingDriftDetectorV1, stream: readonly number[]) {
  const drifts: number[] = [];
  const warnings: number[] = [];
  stream.forEach((x, i) => {
    detector.update(x);
    if (detector.driftDetected) drifts.push(i);
    if (detector.warningDetected) warnings.push(i);
  });
  return { drifts, warnings };
}

const families: [string, (params: Record<string, unknown>) => StreamingDriftDetectorV1, StreamCase[]][] = [
  ['adwin', (p) => new Adwin(p), vectors.streaming.adwin],
  ['page_hinkley', (p) => new PageHinkley(p), vectors.streaming.page_hinkley],
  ['ddm', (p) => new Ddm(p), vectors.streaming.ddm],
  ['eddm', (p) => new Eddm(p), vectors.streaming.eddm],
];

describe('detection indices equal River on drift.json', () => {
  for (const [family, create, cases] of families) {
    it.each(cases.map((c): [string, StreamCase] => [c.id, c]))(`${family}: %s`, (_id, c) => {
      const detector = create(camel(c.params));
      const { drifts, warnings } = run(detector, c.stream);
      expect(drifts).toEqual(c.drift_indices);
      if (c.warning_indices) expect(warnings).toEqual(c.warning_indices);
      if (c.final_width !== undefined) {
        const adwin = detector as Adwin;
        expect(adwin.width).toBe(c.final_width);
        expectClose(adwin.estimation, c.final_estimation, TOL.statistic, 'estimation');
      }
    });
  }

  it('resumes every vector stream exactly after a JSON round trip at every 97th value', () => {
    const fromJSON: Record<string, (json: unknown) => StreamingDriftDetectorV1> = {
      adwin: Adwin.fromJSON,
      page_hinkley: PageHinkley.fromJSON,
      ddm: Ddm.fromJSON,
      eddm: Eddm.fromJSON,
    };
    for (const [family, create, cases] of families) {
      for (const c of cases) {
        let detector = create(camel(c.params));
        const drifts: number[] = [];
        c.stream.forEach((x, i) => {
          if (i % 97 === 0)
            detector = (fromJSON[family] as (json: unknown) => StreamingDriftDetectorV1)(
              JSON.parse(JSON.stringify(detector.toJSON())),
            );
          if (detector.update(x).driftDetected) drifts.push(i);
        });
        expect(drifts, `${c.id}`).toEqual(c.drift_indices);
      }
    }
  });
});

describe('bad input', () => {
  it('rejects non-finite values and non-binary errors with INVALID_ARGUMENT, state unchanged', () => {
    for (const detector of [new Adwin(), new PageHinkley(), new Kswin()]) {
      detector.update(1);
      const before = JSON.stringify(detector.toJSON());
      expect(() => detector.update(Number.NaN)).toThrow(InvalidArgumentError);
      expect(() => detector.update(Number.POSITIVE_INFINITY)).toThrow(InvalidArgumentError);
      expect(JSON.stringify(detector.toJSON())).toBe(before);
    }
    for (const detector of [new Ddm(), new Eddm()]) {
      expect(() => detector.update(0.5)).toThrow(InvalidArgumentError);
      expect(() => detector.update(2)).toThrow(InvalidArgumentError);
    }
  });

  it('rejects invalid params', () => {
    expect(() => new Adwin({ delta: 0 })).toThrow(InvalidArgumentError);
    expect(() => new PageHinkley({ mode: 'sideways' as never })).toThrow(InvalidArgumentError);
    expect(() => new Eddm({ alpha: 0.5, beta: 0.9 })).toThrow(InvalidArgumentError);
    expect(() => new Kswin({ statSize: 100, windowSize: 100 })).toThrow(InvalidArgumentError);
    expect(() => Adwin.fromJSON({ format: 'mloop.drift.adwin' })).toThrow(InvalidArgumentError);
  });
});

describe('KSWIN', () => {
  it('tests the last statSize values against the injected draw from the older part', () => {
    const firstK = (_n: number, k: number) => Array.from({ length: k }, (_, i) => i);
    const detector = new Kswin({ windowSize: 50, statSize: 20 }, firstK);
    const stream = [...Array.from({ length: 40 }, (_, i) => i % 10), ...Array.from({ length: 10 }, (_, i) => 20 + i)];
    stream.forEach((x) => {
      detector.update(x);
    });
    // Window = the 50 values; older part = first 30, draw = its first 20; recent = last 20.
    const expected = ksTestSorted(
      Float64Array.from(stream.slice(0, 20)).sort(),
      Float64Array.from(stream.slice(30)).sort(),
    );
    expect(detector.pValue).toBe(expected.pValue);
    expect(detector.statistic).toBe(expected.statistic);
    expect(detector.driftDetected).toBe(expected.pValue <= 0.005 && expected.statistic > 0.1);
  });
});

const shift = (n: number, at: number, before: number, after: number, seed: number) => {
  let s = seed;
  return Array.from({ length: n }, (_, i) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (i < at ? before : after) + (s / 2147483648 - 0.5);
  });
};

describeStreamingDetectorChecks('Adwin', {
  create: () => new Adwin(),
  fromJSON: Adwin.fromJSON,
  golden: { stream: vectors.streaming.adwin[0].stream, drifts: vectors.streaming.adwin[0].drift_indices },
});
describeStreamingDetectorChecks('PageHinkley', {
  create: () => new PageHinkley(),
  fromJSON: PageHinkley.fromJSON,
  golden: { stream: vectors.streaming.page_hinkley[0].stream, drifts: vectors.streaming.page_hinkley[0].drift_indices },
});
describeStreamingDetectorChecks('Ddm', {
  create: () => new Ddm(),
  fromJSON: Ddm.fromJSON,
  binary: true,
  golden: { stream: vectors.streaming.ddm[0].stream, drifts: vectors.streaming.ddm[0].drift_indices },
});
describeStreamingDetectorChecks('Eddm', {
  create: () => new Eddm(),
  fromJSON: Eddm.fromJSON,
  binary: true,
  golden: { stream: vectors.streaming.eddm[1].stream, drifts: vectors.streaming.eddm[1].drift_indices },
});
describeStreamingDetectorChecks('Kswin', {
  create: () => new Kswin({ seed: 7 }),
  fromJSON: Kswin.fromJSON,
  stream: shift(2000, 1000, 0, 3, 11),
  changeAt: 1000,
});
