import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Label } from '../spec/shared/v1/matrix';
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

/** Runs `run`, expecting an INVALID_ARGUMENT error whose field and message name `field`. */
function expectInvalid(run: () => unknown, field: string, message?: RegExp): InvalidArgumentError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidArgumentError);
  const error = caught as InvalidArgumentError;
  expect(InvalidArgumentError.isInstance(error)).toBe(true);
  expect(error.code).toBe('INVALID_ARGUMENT');
  expect(error.field).toBe(field);
  // The message names the argument (the part of the field before any index).
  expect(error.message).toContain(field.replace(/\[.*$/, ''));
  if (message) expect(error.message).toMatch(message);
  return error;
}

const labelFunctions: [string, (yTrue: Label[], yPred: Label[]) => unknown][] = [
  ['accuracyScore', accuracyScore],
  ['confusionMatrix', confusionMatrix],
  ['precisionRecallFscoreSupport', (t, p) => precisionRecallFscoreSupport(t, p, { average: 'macro' })],
  ['precisionScore', (t, p) => precisionScore(t, p, { average: 'macro' })],
  ['recallScore', (t, p) => recallScore(t, p, { average: 'macro' })],
  ['f1Score', (t, p) => f1Score(t, p, { average: 'macro' })],
  ['fbetaScore', (t, p) => fbetaScore(t, p, { beta: 2, average: 'macro' })],
  ['balancedAccuracyScore', balancedAccuracyScore],
  ['matthewsCorrcoef', matthewsCorrcoef],
  ['classificationReport', classificationReport],
];

describe.each(labelFunctions)('%s rejects bad labels', (_, metric) => {
  it('empty arrays', () => expectInvalid(() => metric([], []), 'yTrue', /empty/));
  it('a length mismatch', () => expectInvalid(() => metric([0, 1, 1], [0, 1]), 'yPred', /3 values but yPred has 2/));
  it('strings mixed with numbers', () =>
    expectInvalid(() => metric([0, 'a', 1], [0, 1, 1]), 'yTrue[1]', /mixes strings and numbers/));
  it('strings against numbers', () => expectInvalid(() => metric(['a', 'b'], [0, 1]), 'yPred', /same kind/));
  it('NaN labels', () => expectInvalid(() => metric([0, 1], [Number.NaN, 1]), 'yPred[0]', /NaN/));
});

describe('precision, recall and F-scores', () => {
  it('string labels need an explicit posLabel for the binary average, listing the labels', () => {
    const error = expectInvalid(() => precisionScore(['ham', 'spam'], ['ham', 'ham']), 'posLabel');
    expect(error.message).toContain('"ham", "spam"');
    expect(precisionScore(['ham', 'spam'], ['spam', 'spam'], { posLabel: 'spam' })).toBe(0.5);
  });

  it('a posLabel that is not one of two present labels', () => {
    expectInvalid(() => f1Score([2, 3, 3], [2, 3, 2]), 'posLabel', /1 \(the default\).*one of 2, 3/);
    expectInvalid(() => recallScore([0, 1], [0, 1], { posLabel: 3 }), 'posLabel');
  });

  it("more than two labels with average 'binary'", () => {
    expectInvalid(() => f1Score([0, 1, 2], [0, 1, 2]), 'average', /3 labels/);
  });

  it('an unknown average, a negative beta, a bad zeroDivision, bad labels', () => {
    expectInvalid(() => f1Score([0, 1], [0, 1], { average: 'samples' as never }), 'average');
    expectInvalid(() => fbetaScore([0, 1], [0, 1], { beta: -1 }), 'beta');
    expectInvalid(() => fbetaScore([0, 1], [0, 1], {} as never), 'beta', /required/);
    expectInvalid(() => f1Score([0, 1], [0, 1], { zeroDivision: 0.5 }), 'zeroDivision');
    expectInvalid(() => f1Score([0, 1], [0, 1], { average: 'macro', labels: [] }), 'labels');
    expectInvalid(() => f1Score([0, 1], [0, 1], { average: 'macro', labels: [0, 0] }), 'labels', /twice/);
    expectInvalid(() => f1Score([0, 1], [0, 1], { average: 'macro', labels: ['0'] }), 'labels[0]', /same kind/);
  });
});

describe('confusionMatrix and classificationReport options', () => {
  it('labels of which none occurs in yTrue', () => {
    expectInvalid(() => confusionMatrix([0, 1], [0, 1], { labels: [5, 6] }), 'labels', /yTrue/);
  });

  it('targetNames of the wrong length and a bad digits', () => {
    expectInvalid(
      () => classificationReport([0, 1], [0, 1], { targetNames: ['zero'] }),
      'targetNames',
      /one name per label/,
    );
    expectInvalid(() => classificationReport([0, 1], [0, 1], { digits: 1.5 }), 'digits');
  });
});

describe('curves and ranking scores', () => {
  const curveFunctions: [string, (yTrue: Label[], yScore: ArrayLike<number>) => unknown][] = [
    ['rocCurve', rocCurve],
    ['precisionRecallCurve', precisionRecallCurve],
    ['rocAucScore', rocAucScore],
    ['averagePrecisionScore', averagePrecisionScore],
  ];

  describe.each(curveFunctions)('%s', (_, metric) => {
    it('rejects empty input, a length mismatch and non-finite scores', () => {
      expectInvalid(() => metric([], []), 'yTrue', /empty/);
      expectInvalid(() => metric([0, 1, 1], [0.1, 0.2]), 'yScore', /3 values but yScore has 2/);
      expectInvalid(() => metric([0, 1, 1], [0.1, Number.NaN, 0.3]), 'yScore[1]', /NaN/);
      expectInvalid(() => metric([0, 1, 1], [0.1, Number.POSITIVE_INFINITY, 0.3]), 'yScore[1]', /Infinity/);
    });
  });

  it.each([
    ['rocCurve', rocCurve],
    ['precisionRecallCurve', precisionRecallCurve],
    ['averagePrecisionScore', averagePrecisionScore],
  ] as const)('%s rejects string labels without posLabel, naming posLabel and the labels', (_, metric) => {
    const error = expectInvalid(() => metric(['neg', 'pos'], [0.1, 0.9]), 'posLabel');
    expect(error.message).toContain('"neg", "pos"');
  });

  it('rocAucScore takes the greater label as positive unless posLabel says otherwise', () => {
    expect(rocAucScore(['neg', 'pos'], [0.1, 0.9])).toBe(1);
    expectInvalid(() => rocAucScore(['neg', 'pos'], [0.1, 0.9], { posLabel: 'other' }), 'posLabel', /"neg", "pos"/);
  });

  it('rocCurve and precisionRecallCurve reject an unknown posLabel and labels other than 0/1 or -1/1 without one', () => {
    expectInvalid(() => rocCurve([0, 1], [0.1, 0.9], { posLabel: 2 }), 'posLabel', /one of 0, 1/);
    expectInvalid(() => precisionRecallCurve(['a', 'b'], [0.1, 0.9], { posLabel: 'c' }), 'posLabel');
    expectInvalid(() => rocCurve([1, 2], [0.1, 0.9]), 'posLabel', /1, 2/);
    expect(rocCurve([1, 2], [0.1, 0.9], { posLabel: 2 }).tpr[1]).toBe(1);
  });

  it('rocAucScore rejects a single class', () => {
    expectInvalid(() => rocAucScore([1, 1, 1], [0.1, 0.5, 0.9]), 'yTrue', /single class/);
    expectInvalid(
      () =>
        rocAucScore(
          ['a', 'a'],
          [
            [0.5, 0.5],
            [0.2, 0.8],
          ],
          { labels: ['a', 'b'] },
        ),
      'yTrue',
      /single class/,
    );
  });

  it('rocAucScore rejects probability rows of the wrong shape, not summing to 1, or with an absent class', () => {
    const yTrue = ['a', 'b', 'c'];
    const proba = [
      [0.7, 0.2, 0.1],
      [0.2, 0.5, 0.3],
      [0.1, 0.3, 0.6],
    ];
    expect(rocAucScore(yTrue, proba)).toBe(1);
    expectInvalid(() => rocAucScore(yTrue, proba.slice(0, 2)), 'yScore', /2 rows/);
    expectInvalid(
      () =>
        rocAucScore(
          yTrue,
          proba.map((row) => row.slice(0, 2)),
        ),
      'yScore',
      /2 columns but there are 3 classes/,
    );
    expectInvalid(() => rocAucScore(yTrue, [[0.7, 0.2, 0.2], ...proba.slice(1)]), 'yScore[0]', /sums to/);
    expectInvalid(() => rocAucScore(yTrue, proba, { labels: ['a', 'b'] }), 'labels', /"c"/);
    expectInvalid(
      () =>
        rocAucScore(
          yTrue,
          proba.map((row) => [...row, 0]),
          { labels: ['a', 'b', 'c', 'd'] },
        ),
      'yTrue',
      /"d" has no samples/,
    );
    expectInvalid(() => rocAucScore(yTrue, proba, { average: 'micro' as never }), 'average');
    expectInvalid(() => rocAucScore(yTrue, proba, { multiClass: 'ovo' as never }), 'multiClass');
    expectInvalid(() => rocAucScore(yTrue, [0.1, 0.2, 0.3]), 'yTrue', /3 classes/);
  });

  it('averagePrecisionScore rejects more than two classes', () => {
    expectInvalid(() => averagePrecisionScore([0, 1, 2], [0.1, 0.2, 0.3]), 'yTrue', /binary/);
  });
});

describe('probability losses', () => {
  it('logLoss rejects probabilities outside [0, 1], NaN, and a wrong shape', () => {
    expectInvalid(() => logLoss([0, 1], [0.2, 1.2]), 'yPred[1]', /\[0, 1\]/);
    expectInvalid(() => logLoss([0, 1], [-0.1, 0.5]), 'yPred[0]', /\[0, 1\]/);
    expectInvalid(() => logLoss([0, 1], [Number.NaN, 0.5]), 'yPred[0]', /NaN/);
    expectInvalid(() => logLoss([0, 1, 1], [0.2, 0.5]), 'yPred', /3 values but yPred has 2/);
    expectInvalid(
      () =>
        logLoss(
          ['a', 'b', 'c'],
          [
            [0.5, 0.5],
            [0.5, 0.5],
            [0.5, 0.5],
          ],
        ),
      'yPred',
      /2 columns but there are 3 classes/,
    );
    expectInvalid(
      () =>
        logLoss(
          ['a', 'b', 'c'],
          [
            [0.5, 0.3, 0.2],
            [0.5, 0.3, 0.2],
          ],
        ),
      'yPred',
      /2 rows/,
    );
    expectInvalid(() => logLoss(['a', 'b', 'c'], [0.1, 0.2, 0.3]), 'yPred', /one column per class/);
    expectInvalid(
      () =>
        logLoss(
          [0, 1],
          [
            [0.5, 1.5],
            [0.5, 0.5],
          ],
        ),
      'yPred[0][1]',
      /\[0, 1\]/,
    );
  });

  it('logLoss needs labels when yTrue holds one class, and labels that cover yTrue', () => {
    expectInvalid(() => logLoss([1, 1], [0.9, 0.8]), 'labels', /single class/);
    expect(logLoss([1, 1], [0.5, 0.5], { labels: [0, 1] })).toBeCloseTo(Math.log(2), 14);
    expectInvalid(() => logLoss([0, 2], [0.9, 0.8], { labels: [0, 1] }), 'labels', /2/);
    expectInvalid(() => logLoss([0, 1], [0.9, 0.8], { eps: 0.7 }), 'eps');
  });

  it('brierScoreLoss rejects probabilities outside [0, 1], more than two classes, an unknown posLabel', () => {
    expectInvalid(() => brierScoreLoss([0, 1], [0.2, 1.01]), 'probPos[1]', /\[0, 1\]/);
    expectInvalid(() => brierScoreLoss([0, 1], [0.2, 0.3, 0.4]), 'probPos', /2 values but probPos has 3/);
    expectInvalid(() => brierScoreLoss([0, 1, 2], [0.2, 0.3, 0.4]), 'yTrue', /binary/);
    expectInvalid(() => brierScoreLoss(['a', 'b'], [0.2, 0.3]), 'posLabel', /"a", "b"/);
    expectInvalid(() => brierScoreLoss([0, 1], [0.2, 0.3], { posLabel: 7 }), 'posLabel');
  });
});
