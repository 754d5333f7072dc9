import { InvalidArgumentError, rocAucScore, SeededRandom } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../../test/code-of';
import { expectRobustFromJSON } from '../../test/serialization-cases';
import { modelsVectors, readNumericCsv } from '../../test/shared-data';
import { IsolationForest } from './isolation-forest';
import { averagePathLength } from './isolation-tree';

function blob(n: number, seed: number): number[][] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, () => [rng.normal(), rng.normal(), rng.normal(), rng.normal()]);
}

describe('IsolationForest', () => {
  it('iforest_shuttle: mean ROC AUC over seeds 0–9 within 0.01 of sklearn', () => {
    const { x, y } = readNumericCsv('data/shuttle/shuttle-odds.csv', 'label');
    const reference = modelsVectors().iforest_shuttle;
    let total = 0;
    for (let seed = 0; seed < 10; seed++) {
      const forest = new IsolationForest({ nEstimators: 100, maxSamples: 256, seed }).fit(x);
      const scores = forest.scoreSamples(x).map((value) => -value);
      total += rocAucScore(y, scores);
    }
    expect(Math.abs(total / 10 - reference.meanRocAuc)).toBeLessThanOrEqual(0.01);
  });

  it("c(n) is sklearn's _average_path_length", () => {
    expect(averagePathLength(0)).toBe(0);
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    // 2(ln 255 + γ) − 2·255/256
    expect(averagePathLength(256)).toBe(2 * (Math.log(255) + 0.5772156649015329) - (2 * 255) / 256);
  });

  it('scores lie in [−1, 0]; a far point scores lowest and is predicted −1', () => {
    const rows = blob(300, 1);
    const forest = new IsolationForest({ nEstimators: 50, seed: 2 }).fit(rows);
    const scores = forest.scoreSamples([...rows, [8, 8, 8, 8]]);
    expect(scores.every((value) => value >= -1 && value <= 0)).toBe(true);
    expect(Math.min(...scores)).toBe(scores[300]);
    expect(forest.predict([[8, 8, 8, 8]])[0]).toBe(-1);
    expect(forest.offset).toBe(-0.5);
  });

  it('contamination flags that share of the training rows; decisionFunction = scoreSamples − offset', () => {
    const rows = blob(200, 3);
    const forest = new IsolationForest({ nEstimators: 30, contamination: 0.1, seed: 4 }).fit(rows);
    const flagged = Array.from(forest.predict(rows)).filter((label) => label === -1).length;
    expect(flagged).toBe(20);
    const scores = forest.scoreSamples(rows);
    const decision = forest.decisionFunction(rows);
    for (let i = 0; i < rows.length; i++) expect(decision[i]).toBe(scores[i] - forest.offset);
  });

  it('the same seed gives the same forest; another seed another one', () => {
    const rows = blob(100, 5);
    const a = new IsolationForest({ nEstimators: 10, seed: 1 }).fit(rows).scoreSamples(rows);
    const b = new IsolationForest({ nEstimators: 10, seed: 1 }).fit(rows).scoreSamples(rows);
    const c = new IsolationForest({ nEstimators: 10, seed: 2 }).fit(rows).scoreSamples(rows);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('maxSamples, maxFeatures and bootstrap follow sklearn (fractions, counts capped at n)', () => {
    const rows = blob(100, 6);
    expect(new IsolationForest({ nEstimators: 2 }).fit(rows).maxSamplesFitted).toBe(100);
    expect(new IsolationForest({ nEstimators: 2, maxSamples: 0.25 }).fit(rows).maxSamplesFitted).toBe(25);
    expect(new IsolationForest({ nEstimators: 2, maxSamples: 500 }).fit(rows).maxSamplesFitted).toBe(100);
    const narrow = new IsolationForest({ nEstimators: 20, maxFeatures: 2, bootstrap: true, seed: 9 }).fit(rows);
    const document = narrow.toJSON();
    for (const tree of document.state?.trees ?? []) {
      const used = new Set(tree.feature.filter((feature) => feature >= 0));
      expect(used.size).toBeLessThanOrEqual(2);
      expect(tree.nSamples[0]).toBe(100);
    }
  });

  it('constant data gives one-leaf trees and the score of c(n)', () => {
    const forest = new IsolationForest({ nEstimators: 3 }).fit([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(Array.from(forest.scoreSamples([[1, 1]]))).toEqual([-0.5]);
  });

  it('rejects bad input and bad params with InvalidArgumentError', () => {
    const forest = new IsolationForest({ nEstimators: 3 }).fit(blob(20, 7));
    const before = JSON.stringify(forest);
    for (const input of [[], [[1, 2, 3]], [[1, 2, Number.NaN, 4]]]) {
      let error: unknown;
      try {
        forest.scoreSamples(input);
      } catch (caught) {
        error = caught;
      }
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
    }
    expect(codeOf(() => forest.fit([]))).toBe('INVALID_ARGUMENT');
    expect(JSON.stringify(forest)).toBe(before);
    for (const params of [
      { nEstimators: 0 },
      { maxSamples: 0 },
      { maxSamples: 2.5 },
      { contamination: 0.6 },
      { seed: 1.5 },
    ]) {
      expect(codeOf(() => new IsolationForest(params as never))).toBe('INVALID_ARGUMENT');
    }
    expect(codeOf(() => new IsolationForest().scoreSamples([[1]]))).toBe('NOT_FITTED');
  });

  it('fromJSON restores identical scores and rejects damaged documents', () => {
    const rows = blob(60, 8);
    const forest = new IsolationForest({ nEstimators: 5, seed: 1 }).fit(rows);
    const restored = IsolationForest.fromJSON(JSON.parse(JSON.stringify(forest)));
    expect(restored.scoreSamples(rows)).toEqual(forest.scoreSamples(rows));
    expectRobustFromJSON(IsolationForest, forest);
    // A child pointing back at its parent (a cycle) is refused.
    const document = JSON.parse(JSON.stringify(forest));
    const tree = document.state.trees[0];
    const inner = tree.feature.findIndex((feature: number) => feature >= 0);
    tree.left[inner] = inner;
    expect(codeOf(() => IsolationForest.fromJSON(document))).toBe('SERIALIZATION');
  });
});
