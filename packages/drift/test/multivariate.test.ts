import { InvalidArgumentError } from '@mloop/core';
import { describeBatchDetectorChecks } from '@mloop/core/testing/vitest';
import { describe, expect, it } from 'vitest';
import { MmdDrift, medianHeuristicSigma, mmd2Unbiased, PcaReconstructionDrift } from '../src/index';
import { expectAllClose, expectClose, TOL, vectors } from './vectors';

const pcaCase = vectors.pca_reconstruction_cases[0];
const mmdCase = vectors.mmd_cases[0];

interface ChunkCase {
  start: number;
  end: number;
  value: number;
  sampling_error: number;
  alert: boolean;
}

describe('PCA reconstruction drift (pca_reconstruction_cases)', () => {
  it('reproduces the scaler, the kept components, every chunk and the band', () => {
    const detector = new PcaReconstructionDrift({
      chunkSize: pcaCase.chunk_size,
      nComponents: pcaCase.n_components,
    }).fit(pcaCase.reference);
    const encoder = detector.toJSON().fitted?.encoder;
    expectAllClose(encoder?.columns.map((c) => c.mean) ?? [], pcaCase.scaler_mean, TOL.pca, 'scaler mean');
    expectAllClose(encoder?.columns.map((c) => c.scale) ?? [], pcaCase.scaler_std_ddof0, TOL.pca, 'scaler std');
    expectAllClose(
      detector.explainedVarianceRatio,
      pcaCase.explained_variance_ratio_all,
      TOL.pca,
      'explained variance',
    );
    expect(detector.componentsKept).toBe(pcaCase.components_kept);
    const { referenceChunks, upper, lower } = detector.thresholds;
    const compare = (
      actual: readonly { start: number; end: number; value: number; samplingError: number; alert: boolean }[],
      expected: ChunkCase[],
    ) => {
      expect(actual.length).toBe(expected.length);
      expected.forEach((e, k) => {
        const a = actual[k] as (typeof actual)[number];
        expect([a.start, a.end, a.alert]).toEqual([e.start, e.end, e.alert]);
        expectClose(a.value, e.value, TOL.pca, `chunk ${k} value`);
        expectClose(a.samplingError, e.sampling_error, TOL.pca, `chunk ${k} sampling error`);
      });
    };
    compare(referenceChunks, pcaCase.reference_chunks);
    expectClose(upper, pcaCase.upper_threshold, TOL.pca, 'upper');
    expectClose(lower ?? Number.NaN, pcaCase.lower_threshold, TOL.pca, 'lower');
    const result = detector.test(pcaCase.analysis);
    const chunks = result.details.chunks as {
      start: number;
      end: number;
      value: number;
      samplingError: number;
      alert: boolean;
    }[];
    compare(chunks, pcaCase.analysis_chunks);
    expect(result.driftDetected).toBe(pcaCase.analysis_chunks.some((c: ChunkCase) => c.alert));
    const restored = PcaReconstructionDrift.fromJSON(JSON.parse(JSON.stringify(detector.toJSON())));
    expect(restored.test(pcaCase.analysis)).toEqual(result);
  });

  it('takes tables with categorical columns and missing values, and rejects bad input', () => {
    const rows = 200;
    const table = {
      a: Array.from({ length: rows }, (_, i) => (i % 17 === 0 ? null : Math.sin(i))),
      b: Array.from({ length: rows }, (_, i) => Math.sin(i) * 2 + Math.cos(i * 3) * 0.1),
      c: Array.from({ length: rows }, (_, i) => ['x', 'y', 'z'][i % 3] as string),
      k: Array.from({ length: rows }, () => 5),
    };
    const detector = new PcaReconstructionDrift({ chunkSize: 50 }).fit(table);
    const result = detector.test({ ...table, c: table.c.map(() => 'new') });
    expect(Number.isFinite(result.statistic)).toBe(true);
    expect(() => detector.test({ a: table.a })).toThrow(InvalidArgumentError);
    expect(() => new PcaReconstructionDrift().fit({ a: [null, null] })).toThrow(InvalidArgumentError);
    expect(() => new PcaReconstructionDrift().fit([[1, 2]])).toThrow(InvalidArgumentError);
  });
});

describe('MMD (mmd_cases)', () => {
  it('reproduces σ by the median heuristic and the unbiased MMD²', () => {
    const toM = (rows: number[][]) => ({
      rows: rows.length,
      cols: (rows[0] as number[]).length,
      data: Float64Array.from(rows.flat()),
    });
    const sigma = medianHeuristicSigma(toM(mmdCase.x_ref));
    expectClose(sigma, mmdCase.sigma, TOL.statistic, 'sigma');
    expectClose(mmd2Unbiased(toM(mmdCase.x_ref), toM(mmdCase.x), sigma), mmdCase.mmd2_unbiased, TOL.statistic, 'MMD²');
    const detector = new MmdDrift({ seed: 3 }).fit(mmdCase.x_ref);
    const result = detector.test(mmdCase.x);
    expectClose(result.statistic, mmdCase.mmd2_unbiased, TOL.statistic, 'detector MMD²');
    expect(result.pValue).toBeGreaterThanOrEqual(0);
    expect(result.pValue).toBeLessThanOrEqual(1);
  });
});

const cloud = (n: number, shift: number, seed: number) => {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  return Array.from({ length: n }, () => {
    const u = next();
    return [u + shift, 2 * u + next() * 0.2, next()];
  });
};

describeBatchDetectorChecks('MmdDrift', {
  create: () => new MmdDrift({ seed: 1, nPermutations: 50 }),
  fromJSON: MmdDrift.fromJSON,
  reference: cloud(60, 0, 1),
  drifted: cloud(60, 1.5, 2),
});

describeBatchDetectorChecks('PcaReconstructionDrift', {
  create: () => new PcaReconstructionDrift({ chunkSize: 100 }),
  fromJSON: PcaReconstructionDrift.fromJSON,
  reference: pcaCase.reference,
  drifted: (pcaCase.reference as number[][]).map((row, i) => [
    row[1] as number,
    (row[0] as number) * (i % 2 ? 1 : -1),
    row[2] as number,
    row[3] as number,
  ]),
});
