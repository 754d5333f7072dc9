import { InvalidArgumentError } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { classificationQuality } from '../src/index';

describe('classificationQuality', () => {
  const reference = {
    yTrue: ['ham', 'ham', 'spam', 'spam', 'ham', 'spam', 'ham', 'ham'],
    yPred: ['ham', 'ham', 'spam', 'spam', 'ham', 'ham', 'ham', 'spam'],
    yScore: [0.1, 0.2, 0.9, 0.8, 0.3, 0.4, 0.2, 0.6],
  };
  const current = {
    yTrue: ['spam', 'spam', 'spam', 'ham', 'spam', 'spam', 'ham', 'spam'],
    yPred: ['ham', 'spam', 'ham', 'ham', 'ham', 'spam', 'ham', 'ham'],
    yScore: [0.4, 0.7, 0.3, 0.2, 0.45, 0.9, 0.1, 0.35],
  };

  it('scores both batches for the positive class and reports the change', () => {
    const q = classificationQuality(reference, current);
    expect(q.labels).toEqual(['ham', 'spam']);
    expect(q.positiveLabel).toBe('spam');
    // Reference: tp 2, fp 1, fn 1 → precision 2/3, recall 2/3; current: tp 2, fp 0, fn 4.
    expect(q.reference.precision).toBeCloseTo(2 / 3, 12);
    expect(q.reference.recall).toBeCloseTo(2 / 3, 12);
    expect(q.current.precision).toBe(1);
    expect(q.current.recall).toBeCloseTo(2 / 6, 12);
    expect(q.change.recall).toBeCloseTo(2 / 6 - 2 / 3, 12);
    expect(q.reference.confusionMatrix).toEqual([
      [4, 1],
      [1, 2],
    ]);
    expect(q.reference.rocAuc).toBeCloseTo(14 / 15, 12);
    expect(q.current.targetShares).toEqual([0.25, 0.75]);
    expect(q.targetDrift.method).toBe('z');
    expect(q.scoreDrift?.method).toBe('ks');
  });

  it('uses macro averages for several classes and rejects bad batches', () => {
    const q = classificationQuality(
      { yTrue: [0, 1, 2, 2], yPred: [0, 2, 2, 1] },
      { yTrue: [0, 1, 2, 0], yPred: [0, 1, 2, 0] },
    );
    expect(q.average).toBe('macro');
    expect(q.current.f1).toBe(1);
    expect(q.reference.rocAuc).toBeNull();
    expect(() => classificationQuality({ yTrue: [], yPred: [] }, { yTrue: [1], yPred: [1] })).toThrow(
      InvalidArgumentError,
    );
    expect(() => classificationQuality({ yTrue: [1, 0], yPred: [1] }, { yTrue: [1], yPred: [1] })).toThrow(
      InvalidArgumentError,
    );
  });
});
