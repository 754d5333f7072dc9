import { describe, expect, it } from 'vitest';
import {
  accuracyScore,
  averagePrecisionScore,
  balancedAccuracyScore,
  brierScoreLoss,
  classificationReport,
  confusionMatrix,
  f1Score,
  fbetaScore,
  logLoss,
  matthewsCorrcoef,
  precisionRecallCurve,
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
  rocAucScore,
  rocCurve,
} from './index';

// Small cases whose results follow from the definitions by hand, including scikit-learn's own
// documentation examples.

describe('label metrics', () => {
  const yTrue = ['cat', 'dog', 'pig', 'cat', 'dog', 'pig'];
  const yPred = ['cat', 'pig', 'dog', 'cat', 'cat', 'dog'];

  it('averages precision, recall and F1 as scikit-learn documents', () => {
    // cat: tp 2, predicted 3, true 2; dog and pig: tp 0.
    const macro = precisionRecallFscoreSupport(yTrue, yPred, { average: 'macro' });
    expect(macro.precision).toBeCloseTo(2 / 9, 15);
    expect(macro.recall).toBeCloseTo(1 / 3, 15);
    expect(macro.fscore).toBeCloseTo(0.8 / 3, 15);
    const micro = precisionRecallFscoreSupport(yTrue, yPred, { average: 'micro' });
    expect([micro.precision, micro.recall, micro.fscore]).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const perClass = precisionRecallFscoreSupport(yTrue, yPred, { average: null, beta: 0.5 });
    expect(perClass.labels).toEqual(['cat', 'dog', 'pig']);
    expect(perClass.fscore[0]).toBeCloseTo((1.25 * 2) / (1.25 * 2 + 0.25 * 0 + 1), 15);
    expect(perClass.support).toEqual([2, 2, 2]);
    expect(fbetaScore(yTrue, yPred, { beta: 0.5, average: null })).toEqual(perClass.fscore);
  });

  it('keeps the order of labels, includes absent ones and ignores unlisted ones', () => {
    expect(recallScore(yTrue, yPred, { average: null, labels: ['pig', 'cat', 'cow'] })).toEqual([0, 1, 0]);
    expect(precisionScore(yTrue, yPred, { average: 'micro', labels: ['cat'] })).toBeCloseTo(2 / 3, 15);
    expect(confusionMatrix(yTrue, yPred, { labels: ['pig', 'cat'] })).toEqual([
      [0, 0],
      [0, 2],
    ]);
  });

  it('applies zeroDivision to undefined precision and recall only', () => {
    // Class 2 is never predicted (precision undefined); class 3 never occurs (recall undefined).
    const t = [1, 1, 2, 2];
    const p = [1, 3, 1, 1];
    expect(precisionScore(t, p, { average: null })).toEqual([1 / 3, 0, 0]);
    expect(precisionScore(t, p, { average: null, zeroDivision: 1 })).toEqual([1 / 3, 1, 0]);
    expect(recallScore(t, p, { average: null, zeroDivision: 1 })).toEqual([0.5, 0, 1]);
    expect(f1Score(t, p, { average: null, zeroDivision: 1 })).toEqual([0.4, 0, 0]);
    const nan = precisionScore(t, p, { average: null, zeroDivision: Number.NaN });
    expect(nan[1]).toBeNaN();
    // NaN scores are left out of the mean.
    expect(precisionScore(t, p, { average: 'macro', zeroDivision: Number.NaN })).toBeCloseTo(1 / 6, 15);
    // Nothing predicted and nothing true for the positive label.
    expect(f1Score([0, 0], [0, 0])).toBe(0);
    expect(f1Score([0, 0], [0, 0], { zeroDivision: 1 })).toBe(1);
  });

  it('balanced accuracy ignores labels only predicted, and can be adjusted for chance', () => {
    expect(balancedAccuracyScore([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1])).toBeCloseTo(0.625, 15);
    expect(balancedAccuracyScore([0, 0, 1, 1], [0, 2, 1, 1])).toBeCloseTo(0.75, 15);
    expect(balancedAccuracyScore([0, 0, 1, 1], [0, 1, 0, 1], { adjusted: true })).toBe(0);
  });

  it('Matthews correlation, binary and multiclass', () => {
    expect(matthewsCorrcoef([+1, +1, +1, -1], [+1, -1, +1, +1])).toBeCloseTo(-1 / 3, 15);
    expect(matthewsCorrcoef([0, 1, 2], [0, 1, 2])).toBe(1);
    expect(matthewsCorrcoef([0, 1, 2], [0, 0, 0])).toBe(0);
  });

  it('accuracy compares labels by value and type', () => {
    expect(accuracyScore([1, 2, 3, 4], [0, 2, 1, 3])).toBe(0.25);
    expect(accuracyScore(['1', '2'], ['1', '3'])).toBe(0.5);
  });

  it('sorts string labels by code point, numbers numerically', () => {
    const astral = '\u{1F600}';
    const high = '\uFF5E';
    expect(precisionRecallFscoreSupport([high, astral], [high, astral], { average: null }).labels).toEqual([
      high,
      astral,
    ]);
    expect(precisionRecallFscoreSupport([10, 9, -1], [10, 9, -1], { average: null }).labels).toEqual([-1, 9, 10]);
  });
});

describe('classificationReport', () => {
  it("prints scikit-learn's documentation example", () => {
    const report = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], {
      targetNames: ['class 0', 'class 1', 'class 2'],
    });
    expect(report.text).toBe(
      [
        '              precision    recall  f1-score   support',
        '',
        '     class 0       0.50      1.00      0.67         1',
        '     class 1       0.00      0.00      0.00         1',
        '     class 2       1.00      0.67      0.80         3',
        '',
        '    accuracy                           0.60         5',
        '   macro avg       0.50      0.56      0.49         5',
        'weighted avg       0.70      0.60      0.61         5',
        '',
      ].join('\n'),
    );
    expect(report.perClass['class 2']).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(report.accuracy).toBe(0.6);
    expect(report.microAvg).toBeUndefined();
  });

  it('shows a micro average instead of accuracy when labels leave data out', () => {
    const report = classificationReport([1, 1, 1], [1, 1, 0], { labels: [1, 2, 3] });
    expect(report.text).toBe(
      [
        '              precision    recall  f1-score   support',
        '',
        '           1       1.00      0.67      0.80         3',
        '           2       0.00      0.00      0.00         0',
        '           3       0.00      0.00      0.00         0',
        '',
        '   micro avg       1.00      0.67      0.80         3',
        '   macro avg       0.33      0.22      0.27         3',
        'weighted avg       1.00      0.67      0.80         3',
        '',
      ].join('\n'),
    );
    expect(report.microAvg?.recall).toBeCloseTo(2 / 3, 15);
    expect(Object.keys(report.perClass)).toEqual(['1', '2', '3']);
  });

  it('widens the name column for long labels and honours digits', () => {
    const report = classificationReport(['a rather long label', 'b'], ['a rather long label', 'a rather long label'], {
      digits: 4,
    });
    const lines = report.text.split('\n');
    expect(lines[2]).toBe('a rather long label     0.5000    1.0000    0.6667         1');
    expect(lines[5]).toBe('           accuracy                         0.5000         2');
  });
});

describe('curves and scores', () => {
  const yTrue = [0, 0, 1, 1];
  const yScore = [0.1, 0.4, 0.35, 0.8];

  it("reproduces scikit-learn's roc_curve example, with Infinity first", () => {
    const { fpr, tpr, thresholds } = rocCurve(yTrue, yScore);
    expect(Array.from(fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(thresholds)).toEqual([Number.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1]);
    expect(rocAucScore(yTrue, yScore)).toBe(0.75);
    expect(rocAucScore(['no', 'no', 'yes', 'yes'], yScore)).toBe(0.75);
    expect(rocAucScore(['no', 'no', 'yes', 'yes'], yScore, { posLabel: 'no' })).toBe(0.25);
  });

  it('drops collinear points only when asked, and marks a missing class with NaN', () => {
    const scores = [0.9, 0.8, 0.7, 0.6];
    expect(Array.from(rocCurve([1, 1, 0, 0], scores).thresholds)).toEqual([Number.POSITIVE_INFINITY, 0.9, 0.8, 0.6]);
    expect(rocCurve([1, 1, 0, 0], scores, { dropIntermediate: false }).thresholds).toHaveLength(5);
    const noPositives = rocCurve([0, 0], [0.2, 0.4]);
    expect(Array.from(noPositives.tpr).every(Number.isNaN)).toBe(true);
    expect(Array.from(noPositives.fpr)).toEqual([0, 0.5, 1]);
  });

  it("reproduces scikit-learn's precision_recall_curve and average_precision_score examples", () => {
    const { precision, recall, thresholds } = precisionRecallCurve(yTrue, yScore);
    expect(Array.from(precision)).toEqual([0.5, 2 / 3, 0.5, 1, 1]);
    expect(Array.from(recall)).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(Array.from(thresholds)).toEqual([0.1, 0.35, 0.4, 0.8]);
    expect(averagePrecisionScore(yTrue, yScore)).toBeCloseTo(5 / 6, 15);
    expect(averagePrecisionScore([0, 0, 0], [0.1, 0.2, 0.3])).toBe(0);
  });

  it('precisionRecallCurve with dropIntermediate keeps the ends of each recall run', () => {
    const curve = precisionRecallCurve([1, 0, 0, 0, 1], [0.9, 0.8, 0.7, 0.6, 0.5], { dropIntermediate: true });
    expect(Array.from(curve.thresholds)).toEqual([0.5, 0.6, 0.9]);
    expect(Array.from(curve.recall)).toEqual([1, 0.5, 0.5, 0]);
  });

  it('one-vs-rest ROC AUC, macro and weighted, and the binary case from two columns', () => {
    const t = ['a', 'b', 'c', 'a', 'b'];
    const proba = [
      [0.6, 0.3, 0.1],
      [0.2, 0.5, 0.3],
      [0.3, 0.3, 0.4],
      [0.2, 0.2, 0.6],
      [0.1, 0.7, 0.2],
    ];
    // a: positives (0.6, 0.2) against (0.2, 0.3, 0.1): 4.5 of 6; b: 6 of 6; c: 0.4 vs (0.1, 0.3, 0.6, 0.2): 3 of 4.
    expect(rocAucScore(t, proba)).toBeCloseTo((0.75 + 1 + 0.75) / 3, 15);
    expect(rocAucScore(t, proba, { average: 'weighted' })).toBeCloseTo((2 * 0.75 + 2 * 1 + 0.75) / 5, 15);
    expect(
      rocAucScore(
        [0, 1, 1],
        [
          [0.8, 0.2],
          [0.3, 0.7],
          [0.6, 0.4],
        ],
      ),
    ).toBe(1);
  });

  it('log loss clips, renormalises rows, and can return the sum', () => {
    expect(logLoss(['ham', 'spam', 'spam'], [0.1, 0.9, 0.8])).toBeCloseTo(-(2 * Math.log(0.9) + Math.log(0.8)) / 3, 15);
    expect(logLoss([0, 1], [0, 0])).toBeCloseTo(-Math.log(1e-15) / 2, 12);
    expect(logLoss([0, 1], [0, 0], { eps: 1e-7 })).toBeCloseTo(-(Math.log(1e-7) + Math.log(1 - 1e-7)) / 2, 12);
    expect(
      logLoss(
        [0, 1],
        [
          [2 / 4, 2 / 4],
          [0.25, 0.25],
        ],
      ),
    ).toBeCloseTo(Math.log(2), 15);
    expect(logLoss(['x', 'y'], [0.5, 0.5], { normalize: false })).toBeCloseTo(2 * Math.log(2), 15);
  });

  it('Brier score with default and explicit positive labels', () => {
    expect(brierScoreLoss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3])).toBeCloseTo(0.0375, 15);
    expect(brierScoreLoss(['spam', 'ham', 'ham', 'spam'], [0.1, 0.9, 0.8, 0.3], { posLabel: 'ham' })).toBeCloseTo(
      0.0375,
      15,
    );
    // Other numeric labels: the greater label is positive, as scikit-learn.
    expect(brierScoreLoss([3, 7], [0, 1])).toBe(0);
  });
});
