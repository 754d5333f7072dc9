import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFixed } from './classification-report';
import {
  accuracyScore,
  averagePrecisionScore,
  balancedAccuracyScore,
  confusionMatrix,
  f1Score,
  logLoss,
  matthewsCorrcoef,
  precisionRecallCurve,
  precisionRecallFscoreSupport,
  rocAucScore,
  rocCurve,
} from './index';

const CLOSE = 1e-12;

/** Equal-length true and predicted labels drawn from `classes` values. */
const labelPairs = (classes: number, maxLength = 60) =>
  fc
    .integer({ min: 1, max: maxLength })
    .chain((n) =>
      fc.tuple(
        fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
      ),
    );

/** Binary labels holding both classes, with scores; few distinct scores when `tied`. */
const scoredBinary = (tied: boolean) =>
  fc.integer({ min: 2, max: 80 }).chain((n) =>
    fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
        tied
          ? fc.array(
              fc.integer({ min: 0, max: 6 }).map((k) => k / 6),
              { minLength: n, maxLength: n },
            )
          : fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n }),
      )
      .filter(([yTrue]) => yTrue.includes(0) && yTrue.includes(1)),
  );

/** A permutation of 0 … n − 1. */
const permutationOf = (n: number) =>
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((keys) =>
    keys
      .map((key, i) => [key, i] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([, i]) => i),
  );

/** ROC AUC as the Mann–Whitney probability that a positive outscores a negative, ties counting 1/2. */
function naiveAuc(yTrue: readonly number[], yScore: readonly number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] !== 1) continue;
    for (let j = 0; j < yTrue.length; j++) {
      if (yTrue[j] !== 0) continue;
      pairs++;
      if (yScore[i] > yScore[j]) wins += 1;
      else if (yScore[i] === yScore[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

/** Average precision from its definition: Σ over distinct thresholds t (high to low) of ΔR(t)·P(t). */
function naiveAveragePrecision(yTrue: readonly number[], yScore: readonly number[]): number {
  const thresholds = [...new Set(yScore)].sort((a, b) => b - a);
  const positives = yTrue.filter((y) => y === 1).length;
  let previousRecall = 0;
  let sum = 0;
  for (const t of thresholds) {
    let tp = 0;
    let predicted = 0;
    for (let i = 0; i < yTrue.length; i++) {
      if (yScore[i] >= t) {
        predicted++;
        tp += yTrue[i];
      }
    }
    const recall = tp / positives;
    sum += (recall - previousRecall) * (tp / predicted);
    previousRecall = recall;
  }
  return sum;
}

describe('label metrics: properties', () => {
  it('accuracy is in [0, 1] and equals trace / total of the confusion matrix', () => {
    fc.assert(
      fc.property(labelPairs(5), ([yTrue, yPred]) => {
        const accuracy = accuracyScore(yTrue, yPred);
        const matrix = confusionMatrix(yTrue, yPred);
        const total = matrix.flat().reduce((a, b) => a + b, 0);
        const trace = matrix.reduce((sum, row, i) => sum + row[i], 0);
        expect(accuracy).toBeGreaterThanOrEqual(0);
        expect(accuracy).toBeLessThanOrEqual(1);
        expect(total).toBe(yTrue.length);
        expect(accuracy).toBe(trace / total);
      }),
    );
  });

  it('F1 is the harmonic mean of precision and recall, per class', () => {
    fc.assert(
      fc.property(labelPairs(4), ([yTrue, yPred]) => {
        const scores = precisionRecallFscoreSupport(yTrue, yPred, { average: null });
        scores.labels.forEach((_, j) => {
          const p = scores.precision[j];
          const r = scores.recall[j];
          const harmonic = p + r === 0 ? 0 : (2 * p * r) / (p + r);
          expect(Math.abs(scores.fscore[j] - harmonic)).toBeLessThanOrEqual(CLOSE);
        });
      }),
    );
  });

  it('micro-averaged precision, recall and F1 equal accuracy for single-label multiclass', () => {
    fc.assert(
      fc.property(labelPairs(5), ([yTrue, yPred]) => {
        const accuracy = accuracyScore(yTrue, yPred);
        const micro = precisionRecallFscoreSupport(yTrue, yPred, { average: 'micro' });
        expect(Math.abs(micro.precision - accuracy)).toBeLessThanOrEqual(CLOSE);
        expect(Math.abs(micro.recall - accuracy)).toBeLessThanOrEqual(CLOSE);
        expect(Math.abs(micro.fscore - accuracy)).toBeLessThanOrEqual(CLOSE);
        expect(micro.support).toBe(yTrue.length);
      }),
    );
  });

  it('binary balanced accuracy and MCC match their confusion-matrix formulas', () => {
    fc.assert(
      fc.property(
        labelPairs(2).filter(([yTrue, yPred]) => new Set([...yTrue, ...yPred]).size === 2),
        ([yTrue, yPred]) => {
          const [[tn, fp], [fn, tp]] = confusionMatrix(yTrue, yPred);
          const rates = [tp + fn > 0 ? tp / (tp + fn) : Number.NaN, tn + fp > 0 ? tn / (tn + fp) : Number.NaN].filter(
            (rate) => !Number.isNaN(rate),
          );
          const balanced = rates.reduce((a, b) => a + b, 0) / rates.length;
          expect(Math.abs(balancedAccuracyScore(yTrue, yPred) - balanced)).toBeLessThanOrEqual(CLOSE);
          const denominator = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
          const mcc = denominator === 0 ? 0 : (tp * tn - fp * fn) / denominator;
          expect(Math.abs(matthewsCorrcoef(yTrue, yPred) - mcc)).toBeLessThanOrEqual(CLOSE);
        },
      ),
    );
  });

  it('string labels give the same scores as the numbers they stand for', () => {
    const names = ['alpha', 'beta', 'gamma', 'delta'];
    fc.assert(
      fc.property(labelPairs(4), ([yTrue, yPred]) => {
        // Sorted names keep the label order, so per-class arrays line up too.
        const sorted = [...names].sort();
        const asText = (values: number[]) => values.map((v) => sorted[v]);
        expect(f1Score(asText(yTrue), asText(yPred), { average: 'macro' })).toBe(
          f1Score(yTrue, yPred, { average: 'macro' }),
        );
        expect(matthewsCorrcoef(asText(yTrue), asText(yPred))).toBe(matthewsCorrcoef(yTrue, yPred));
        expect(confusionMatrix(asText(yTrue), asText(yPred))).toEqual(confusionMatrix(yTrue, yPred));
      }),
    );
  });

  it('are invariant under a permutation of the samples', () => {
    fc.assert(
      fc.property(
        labelPairs(4).chain(([yTrue, yPred]) =>
          fc.tuple(fc.constant(yTrue), fc.constant(yPred), permutationOf(yTrue.length)),
        ),
        ([yTrue, yPred, order]) => {
          const t = order.map((i) => yTrue[i]);
          const p = order.map((i) => yPred[i]);
          expect(confusionMatrix(t, p)).toEqual(confusionMatrix(yTrue, yPred));
          expect(
            Math.abs(f1Score(t, p, { average: 'weighted' }) - f1Score(yTrue, yPred, { average: 'weighted' })),
          ).toBeLessThanOrEqual(CLOSE);
          expect(Math.abs(matthewsCorrcoef(t, p) - matthewsCorrcoef(yTrue, yPred))).toBeLessThanOrEqual(CLOSE);
        },
      ),
    );
  });
});

describe('score metrics: properties', () => {
  it.each([false, true])('ROC AUC equals the Mann–Whitney probability (tied scores: %s)', (tied) => {
    fc.assert(
      fc.property(scoredBinary(tied), ([yTrue, yScore]) => {
        expect(Math.abs(rocAucScore(yTrue, yScore) - naiveAuc(yTrue, yScore))).toBeLessThanOrEqual(CLOSE);
      }),
    );
  });

  it('AUC of the negated scores is 1 − AUC', () => {
    fc.assert(
      fc.property(scoredBinary(true), ([yTrue, yScore]) => {
        const auc = rocAucScore(yTrue, yScore);
        expect(
          Math.abs(
            rocAucScore(
              yTrue,
              yScore.map((s) => -s),
            ) -
              (1 - auc),
          ),
        ).toBeLessThanOrEqual(CLOSE);
      }),
    );
  });

  it('average precision follows its step-wise definition', () => {
    fc.assert(
      fc.property(scoredBinary(true), ([yTrue, yScore]) => {
        expect(
          Math.abs(averagePrecisionScore(yTrue, yScore) - naiveAveragePrecision(yTrue, yScore)),
        ).toBeLessThanOrEqual(CLOSE);
      }),
    );
  });

  it('ROC AUC, average precision and log loss are invariant under a permutation of the samples', () => {
    fc.assert(
      fc.property(
        scoredBinary(true).chain(([yTrue, yScore]) =>
          fc.tuple(fc.constant(yTrue), fc.constant(yScore), permutationOf(yTrue.length)),
        ),
        ([yTrue, yScore, order]) => {
          const t = order.map((i) => yTrue[i]);
          const s = order.map((i) => yScore[i]);
          expect(Math.abs(rocAucScore(t, s) - rocAucScore(yTrue, yScore))).toBeLessThanOrEqual(CLOSE);
          expect(Math.abs(averagePrecisionScore(t, s) - averagePrecisionScore(yTrue, yScore))).toBeLessThanOrEqual(
            CLOSE,
          );
          expect(Math.abs(logLoss(t, s) - logLoss(yTrue, yScore))).toBeLessThanOrEqual(1e-9);
        },
      ),
    );
  });

  it('the ROC curve runs from (0, 0) to (1, 1), monotone, below decreasing thresholds from Infinity', () => {
    fc.assert(
      fc.property(scoredBinary(true), fc.boolean(), ([yTrue, yScore], dropIntermediate) => {
        const { fpr, tpr, thresholds } = rocCurve(yTrue, yScore, { dropIntermediate });
        expect([fpr[0], tpr[0], fpr[fpr.length - 1], tpr[tpr.length - 1]]).toEqual([0, 0, 1, 1]);
        expect(thresholds[0]).toBe(Number.POSITIVE_INFINITY);
        for (let k = 1; k < fpr.length; k++) {
          expect(fpr[k]).toBeGreaterThanOrEqual(fpr[k - 1]);
          expect(tpr[k]).toBeGreaterThanOrEqual(tpr[k - 1]);
          expect(thresholds[k]).toBeLessThan(thresholds[k - 1]);
        }
        if (!dropIntermediate) expect(thresholds.length).toBe(new Set(yScore).size + 1);
      }),
    );
  });

  it('dropping collinear ROC points keeps the area', () => {
    fc.assert(
      fc.property(scoredBinary(true), ([yTrue, yScore]) => {
        const area = (curve: { fpr: Float64Array; tpr: Float64Array }) => {
          let sum = 0;
          for (let k = 1; k < curve.fpr.length; k++)
            sum += ((curve.fpr[k] - curve.fpr[k - 1]) * (curve.tpr[k] + curve.tpr[k - 1])) / 2;
          return sum;
        };
        const full = area(rocCurve(yTrue, yScore, { dropIntermediate: false }));
        expect(Math.abs(area(rocCurve(yTrue, yScore)) - full)).toBeLessThanOrEqual(CLOSE);
      }),
    );
  });

  it('the precision-recall curve ends at (recall 0, precision 1) and recall never increases', () => {
    fc.assert(
      fc.property(scoredBinary(true), fc.boolean(), ([yTrue, yScore], dropIntermediate) => {
        const { precision, recall, thresholds } = precisionRecallCurve(yTrue, yScore, { dropIntermediate });
        expect(precision.length).toBe(thresholds.length + 1);
        expect(recall[0]).toBe(1);
        expect([precision[precision.length - 1], recall[recall.length - 1]]).toEqual([1, 0]);
        for (let k = 1; k < recall.length; k++) expect(recall[k]).toBeLessThanOrEqual(recall[k - 1]);
        for (let k = 1; k < thresholds.length; k++) expect(thresholds[k]).toBeGreaterThan(thresholds[k - 1]);
      }),
    );
  });

  it('one-vs-rest ROC AUC does not depend on the order of the columns, given matching labels', () => {
    const rowsOf = (n: number) =>
      fc.array(
        fc.tuple(
          fc.double({ min: 0.01, max: 1, noNaN: true }),
          fc.double({ min: 0.01, max: 1, noNaN: true }),
          fc.double({ min: 0.01, max: 1, noNaN: true }),
        ),
        { minLength: n, maxLength: n },
      );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 3, max: 40 })
          .chain((n) => fc.tuple(fc.array(fc.constantFrom('x', 'y', 'z'), { minLength: n, maxLength: n }), rowsOf(n)))
          .filter(([yTrue]) => new Set(yTrue).size === 3),
        ([yTrue, raw]) => {
          const proba = raw.map((row) => {
            const sum = row[0] + row[1] + row[2];
            return row.map((value) => value / sum);
          });
          const sorted = rocAucScore(yTrue, proba);
          const reordered = rocAucScore(
            yTrue,
            proba.map(([x, y, z]) => [z, x, y]),
            { labels: ['z', 'x', 'y'] },
          );
          expect(Math.abs(sorted - reordered)).toBeLessThanOrEqual(CLOSE);
          expect(
            Math.abs(
              logLoss(yTrue, proba) -
                logLoss(
                  yTrue,
                  proba.map(([x, y, z]) => [z, x, y]),
                  { labels: ['z', 'x', 'y'] },
                ),
            ),
          ).toBeLessThanOrEqual(CLOSE);
        },
      ),
    );
  });

  it('log loss of one positive-class probability equals that of two columns when nothing is clipped', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 50 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.constantFrom('no', 'yes'), { minLength: n, maxLength: n }),
              fc.array(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), { minLength: n, maxLength: n }),
            ),
          ),
        ([yTrue, p]) => {
          const labels = ['no', 'yes'];
          const oneColumn = logLoss(yTrue, p, { labels });
          const twoColumns = logLoss(
            yTrue,
            p.map((value) => [1 - value, value]),
            { labels },
          );
          expect(Math.abs(oneColumn - twoColumns)).toBeLessThanOrEqual(1e-9);
        },
      ),
    );
  });
});

describe('formatFixed (Python float formatting)', () => {
  it('rounds exact halves to even, like Python, and everything else like toFixed', () => {
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(0.625, 2)).toBe('0.62');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(3.5, 0)).toBe('4');
    expect(formatFixed(-0.125, 2)).toBe('-0.12');
    expect(formatFixed(1 / 3, 4)).toBe('0.3333');
    expect(formatFixed(2 / 3, 2)).toBe('0.67');
    expect(formatFixed(1, 2)).toBe('1.00');
    expect(formatFixed(Number.NaN, 2)).toBe('nan');
  });

  it('agrees with toFixed whenever the value is not an exact half', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 6 }), (value, digits) => {
        const scaled = value * 2 ** (digits + 1);
        fc.pre(!(Number.isInteger(scaled) && scaled % 2 === 1));
        expect(formatFixed(value, digits)).toBe(value.toFixed(digits));
      }),
    );
  });
});
