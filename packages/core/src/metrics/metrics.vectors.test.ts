import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toMatrix } from '../numeric/matrix';
import { sharedPath } from '../testing/shared-data';
import {
  accuracyScore,
  averagePrecisionScore,
  balancedAccuracyScore,
  brierScoreLoss,
  classificationReport,
  confusionMatrix,
  f1Score,
  logLoss,
  matthewsCorrcoef,
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
  rocAucScore,
  rocCurve,
} from './index';

interface BinaryCase {
  name: string;
  yTrue: number[];
  yScore: number[];
  yPred: number[];
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  balancedAccuracy: number;
  matthewsCorrcoef: number;
  confusionMatrix: number[][];
  rocAuc: number;
  averagePrecision: number;
  logLoss: number;
  brier: number;
  rocCurve: { fpr: number[]; tpr: number[]; thresholds: number[] };
}

interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

type AveragedKey = `${'precision' | 'recall' | 'f1'}_${'macro' | 'weighted' | 'micro'}`;

type MulticlassCase = {
  name: string;
  labels: string[];
  yTrue: string[];
  yPred: string[];
  proba: number[][];
  accuracy: number;
  confusionMatrix: number[][];
  logLoss: number;
  rocAucOvrMacro: number;
  perClass: Record<string, ClassScores>;
} & { [key in AveragedKey]: number };

const vectors = JSON.parse(readFileSync(sharedPath('test-vectors/metrics.json'), 'utf8')) as {
  binary: BinaryCase[];
  multiclass: MulticlassCase[];
};

const TOLERANCE = 1e-9;
// The vectors write +inf as 1e308.
const decode = (value: number) => (value === 1e308 ? Number.POSITIVE_INFINITY : value);

function expectClose(actual: number, expected: number, what: string): void {
  const want = decode(expected);
  if (!Number.isFinite(want)) {
    expect(actual, what).toBe(want);
    return;
  }
  expect(Math.abs(actual - want), `${what}: got ${actual}, expected ${want}`).toBeLessThanOrEqual(TOLERANCE);
}

function expectCloseArray(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], `${what}[${i}]`);
}

describe('metrics.json binary cases', () => {
  it('holds the three documented cases', () => {
    expect(vectors.binary.map((c) => c.name)).toHaveLength(3);
  });

  describe.each(vectors.binary)('$name', (c) => {
    it('label metrics', () => {
      expectClose(accuracyScore(c.yTrue, c.yPred), c.accuracy, 'accuracy');
      expectClose(precisionScore(c.yTrue, c.yPred), c.precision, 'precision');
      expectClose(recallScore(c.yTrue, c.yPred), c.recall, 'recall');
      expectClose(f1Score(c.yTrue, c.yPred), c.f1, 'f1');
      expectClose(balancedAccuracyScore(c.yTrue, c.yPred), c.balancedAccuracy, 'balancedAccuracy');
      expectClose(matthewsCorrcoef(c.yTrue, c.yPred), c.matthewsCorrcoef, 'matthewsCorrcoef');
      expect(confusionMatrix(c.yTrue, c.yPred)).toEqual(c.confusionMatrix);
    });

    it('score metrics', () => {
      expectClose(rocAucScore(c.yTrue, c.yScore), c.rocAuc, 'rocAuc');
      expectClose(rocAucScore(c.yTrue, Float64Array.from(c.yScore)), c.rocAuc, 'rocAuc (Float64Array)');
      expectClose(averagePrecisionScore(c.yTrue, c.yScore), c.averagePrecision, 'averagePrecision');
      expectClose(logLoss(c.yTrue, c.yScore), c.logLoss, 'logLoss (1-D)');
      expectClose(brierScoreLoss(c.yTrue, c.yScore), c.brier, 'brier');
    });

    it('ROC curve, ties and dropped points included', () => {
      const curve = rocCurve(c.yTrue, c.yScore);
      const expected = c.rocCurve;
      expectCloseArray(curve.fpr, expected.fpr, 'fpr');
      expectCloseArray(curve.tpr, expected.tpr, 'tpr');
      expect(curve.thresholds.length).toBe(expected.thresholds.length);
      // The first threshold is +Infinity (scikit-learn ≥ 1.3). The README says the vectors write it
      // as 1e308, but they were produced with scikit-learn 1.2.1, which wrote thresholds[1] + 1
      // there; accept either encoding of the vector and compare everything after it exactly.
      expect(curve.thresholds[0]).toBe(Number.POSITIVE_INFINITY);
      const first = expected.thresholds[0];
      expect(first === 1e308 || first === expected.thresholds[1] + 1, `vector thresholds[0] = ${first}`).toBe(true);
      expectCloseArray(curve.thresholds.subarray(1), expected.thresholds.slice(1), 'thresholds');
    });
  });
});

describe('metrics.json multiclass cases', () => {
  it('holds a 3-class and a 4-class case', () => {
    expect(vectors.multiclass.map((c) => c.labels.length)).toEqual([3, 4]);
  });

  describe.each(vectors.multiclass)('$name', (c) => {
    it('accuracy and confusion matrix in the order of labels', () => {
      expectClose(accuracyScore(c.yTrue, c.yPred), c.accuracy, 'accuracy');
      expect(confusionMatrix(c.yTrue, c.yPred, { labels: c.labels })).toEqual(c.confusionMatrix);
    });

    it('log loss and one-vs-rest ROC AUC with proba columns in the order of labels', () => {
      expectClose(logLoss(c.yTrue, c.proba, { labels: c.labels }), c.logLoss, 'logLoss');
      expectClose(logLoss(c.yTrue, toMatrix(c.proba), { labels: c.labels }), c.logLoss, 'logLoss (Matrix)');
      expectClose(
        rocAucScore(c.yTrue, c.proba, { multiClass: 'ovr', average: 'macro', labels: c.labels }),
        c.rocAucOvrMacro,
        'rocAucOvrMacro',
      );
      expectClose(
        rocAucScore(c.yTrue, toMatrix(c.proba), { multiClass: 'ovr', average: 'macro', labels: c.labels }),
        c.rocAucOvrMacro,
        'rocAucOvrMacro (Matrix)',
      );
    });

    it.each(['macro', 'weighted', 'micro'] as const)('%s averages', (average) => {
      expectClose(precisionScore(c.yTrue, c.yPred, { average }), c[`precision_${average}`], `precision_${average}`);
      expectClose(recallScore(c.yTrue, c.yPred, { average }), c[`recall_${average}`], `recall_${average}`);
      expectClose(f1Score(c.yTrue, c.yPred, { average }), c[`f1_${average}`], `f1_${average}`);
      const all = precisionRecallFscoreSupport(c.yTrue, c.yPred, { average, labels: c.labels });
      expectClose(all.fscore, c[`f1_${average}`], `fscore_${average} with labels`);
    });

    it('per-class scores and the classification report', () => {
      const perClass = precisionRecallFscoreSupport(c.yTrue, c.yPred, { average: null, labels: c.labels });
      expect(perClass.labels).toEqual(c.labels);
      const report = classificationReport(c.yTrue, c.yPred, { labels: c.labels });
      expect(Object.keys(c.perClass).sort()).toEqual([...c.labels].sort());
      c.labels.forEach((label, j) => {
        const expected = c.perClass[label];
        expectClose(perClass.precision[j], expected.precision, `${label} precision`);
        expectClose(perClass.recall[j], expected.recall, `${label} recall`);
        expectClose(perClass.fscore[j], expected.f1, `${label} f1`);
        expect(perClass.support[j]).toBe(expected.support);
        expectClose(report.perClass[label].precision, expected.precision, `report ${label} precision`);
        expectClose(report.perClass[label].recall, expected.recall, `report ${label} recall`);
        expectClose(report.perClass[label].f1, expected.f1, `report ${label} f1`);
        expect(report.perClass[label].support).toBe(expected.support);
      });
      expectClose(report.accuracy, c.accuracy, 'report accuracy');
      expectClose(report.macroAvg.f1, c.f1_macro, 'report macro f1');
      expectClose(report.weightedAvg.precision, c.precision_weighted, 'report weighted precision');
      expect(report.microAvg).toBeUndefined();
    });
  });
});
