import { Dataset, InvalidArgumentError, isCsrMatrix, type Matrix, matrixToArrays } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../../test/code-of';
import { expectRobustFromJSON } from '../../test/serialization-cases';
import { modelsVectors, readNumericCsv } from '../../test/shared-data';
import { ColumnTransformer } from './column-transformer';
import { LabelEncoder } from './label-encoder';
import { MinMaxScaler } from './min-max-scaler';
import { OneHotEncoder } from './one-hot-encoder';
import { RandomUnderSampler } from './random-under-sampler';
import { SimpleImputer } from './simple-imputer';
import { StandardScaler } from './standard-scaler';

const rows = (matrix: Matrix) => matrixToArrays(matrix);

describe('StandardScaler', () => {
  it('matches sklearn on WDBC (mean_, scale_) to 12 significant digits', () => {
    const { x } = readNumericCsv('data/wdbc/wdbc.csv', 'target');
    const expected = modelsVectors().logistic_wdbc;
    const scaler = new StandardScaler().fit(x);
    const mean = scaler.mean;
    const scale = scaler.scale;
    for (let j = 0; j < 30; j++) {
      expect(Math.abs(mean[j] - expected.scalerMean[j])).toBeLessThanOrEqual(1e-11 * Math.abs(expected.scalerMean[j]));
      expect(Math.abs(scale[j] - expected.scalerScale[j])).toBeLessThanOrEqual(
        1e-11 * Math.abs(expected.scalerScale[j]),
      );
    }
  });

  it('ignores NaN when fitting, keeps it when transforming; constant columns keep scale 1; inverse undoes', () => {
    const scaler = new StandardScaler().fit([
      [1, 5, Number.NaN],
      [3, 5, 2],
      [5, 5, 4],
    ]);
    expect(Array.from(scaler.scale)).toEqual([Math.sqrt(8 / 3), 1, 1]);
    const out = scaler.transform([[3, 5, Number.NaN]]);
    expect(Array.from(out.data)).toEqual([0, 0, Number.NaN]);
    const back = scaler.inverseTransform(scaler.transform([[7, 1, 3]]));
    expect(back.data[0]).toBeCloseTo(7, 12);
    expect(back.data[2]).toBeCloseTo(3, 12);
    expect(Array.from(new StandardScaler({ withMean: false }).fit([[2], [4]]).transform([[2]]).data)).toEqual([2]);
  });
});

describe('MinMaxScaler', () => {
  it('maps the training range to featureRange; clip bounds new data', () => {
    const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit([
      [0, 3],
      [10, 3],
    ]);
    expect(
      rows(
        scaler.transform([
          [5, 3],
          [20, 3],
        ]),
      ),
    ).toEqual([
      [0, -1],
      [3, -1],
    ]);
    const clipped = new MinMaxScaler({ clip: true }).fit([[0], [10]]);
    expect(Array.from(clipped.transform([[-5], [15]]).data)).toEqual([0, 1]);
    expect(rows(clipped.inverseTransform([[0.5]]))).toEqual([[5]]);
    expect(codeOf(() => new MinMaxScaler({ featureRange: [1, 0] }))).toBe('INVALID_ARGUMENT');
  });
});

describe('SimpleImputer', () => {
  const x = [
    [1, Number.NaN, 7, Number.NaN],
    [3, 4, 7, Number.NaN],
    [3, 8, 9, Number.NaN],
    [Number.NaN, 8, 9, Number.NaN],
  ];
  it('mean, median, most_frequent (smallest of ties), constant; all-missing columns dropped like sklearn', () => {
    expect(Array.from(new SimpleImputer().fit(x).statistics)).toEqual([7 / 3, 20 / 3, 8, Number.NaN]);
    expect(Array.from(new SimpleImputer({ strategy: 'median' }).fit(x).statistics)).toEqual([3, 8, 8, Number.NaN]);
    expect(Array.from(new SimpleImputer({ strategy: 'most_frequent' }).fit(x).statistics)).toEqual([
      3,
      8,
      7,
      Number.NaN,
    ]);
    const imputed = new SimpleImputer({ strategy: 'median' }).fit(x).transform(x);
    expect(imputed.cols).toBe(3);
    expect(rows(imputed)[0]).toEqual([1, 8, 7]);
    const constant = new SimpleImputer({ strategy: 'constant', fillValue: -1 }).fit(x).transform(x);
    expect(rows(constant)[0]).toEqual([1, -1, 7, -1]);
    const kept = new SimpleImputer({ keepEmptyFeatures: true }).fit(x).transform(x);
    expect(rows(kept)[0][3]).toBe(0);
  });
});

describe('OneHotEncoder', () => {
  it('sorted categories per column, missing last, unknown → zeros with ignore, error otherwise', () => {
    const encoder = new OneHotEncoder({ handleUnknown: 'ignore' }).fit([
      ['red', 2],
      ['blue', 1],
      [null, 2],
    ]);
    expect(encoder.categories).toEqual([
      ['blue', 'red', null],
      [1, 2],
    ]);
    expect(encoder.getFeatureNamesOut(['colour', 'size'])).toEqual([
      'colour_blue',
      'colour_red',
      'colour_None',
      'size_1',
      'size_2',
    ]);
    expect(
      rows(
        encoder.transform([
          ['red', 1],
          ['green', 2],
        ]) as Matrix,
      ),
    ).toEqual([
      [0, 1, 0, 1, 0],
      [0, 0, 0, 0, 1],
    ]);
    const strict = new OneHotEncoder().fit([['a'], ['b']]);
    expect(() => strict.transform([['c']])).toThrow(/not seen in training/);
    const sparse = new OneHotEncoder({ sparseOutput: true }).fit([['a'], ['b']]).transform([['b']]);
    expect(isCsrMatrix(sparse) && Array.from(sparse.indices)).toEqual([1]);
    expect(codeOf(() => new OneHotEncoder().fit([['a'], [1]]))).toBe('INVALID_ARGUMENT');
  });
});

describe('LabelEncoder', () => {
  it('codes in sorted order and back; unseen labels refused', () => {
    const encoder = new LabelEncoder().fit(['spam', 'ham', 'ham']);
    expect(encoder.classes).toEqual(['ham', 'spam']);
    expect(encoder.transform(['spam', 'ham'])).toEqual([1, 0]);
    expect(encoder.inverseTransform([1, 0])).toEqual(['spam', 'ham']);
    expect(codeOf(() => encoder.transform(['eggs']))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => encoder.inverseTransform([2]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new LabelEncoder().transform(['a']))).toBe('NOT_FITTED');
    const restored = LabelEncoder.fromJSON(JSON.parse(JSON.stringify(encoder)));
    expect(restored.transform(['spam'])).toEqual([1]);
    // A shorter class list is a valid encoder, so only structural damage can be detected here.
    for (const classes of [['spam', 'ham'], ['ham', 'ham'], ['ham', 1], []]) {
      expect(codeOf(() => LabelEncoder.fromJSON({ ...encoder.toJSON(), state: { classes } }))).toBe('SERIALIZATION');
    }
    expect(codeOf(() => LabelEncoder.fromJSON({ ...encoder.toJSON(), kind: 'OneHotEncoder' }))).toBe('SERIALIZATION');
  });
});

describe('RandomUnderSampler', () => {
  const y = ['a', 'a', 'a', 'a', 'b', 'b', 'c'];
  const x = y.map((_, i) => [i]);
  it("'auto' shrinks every class but the minority to its size, seeded and grouped by class", () => {
    const sampler = new RandomUnderSampler({ seed: 3 });
    const first = sampler.fitResample(x, y);
    expect(first.y).toEqual(['a', 'b', 'c']);
    expect(first.indices[2]).toBe(6);
    expect(sampler.fitResample(x, y).indices).toEqual(first.indices);
    const majority = new RandomUnderSampler({ samplingStrategy: 'majority' }).fitResample(x, y);
    expect(majority.y).toEqual(['a', 'b', 'b', 'c']);
    const documents = new RandomUnderSampler().fitResample(['x', 'y', 'z'], ['ham', 'ham', 'spam']);
    expect(documents.x).toHaveLength(2);
    expect(codeOf(() => new RandomUnderSampler().fitResample([[1]], ['a']))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new RandomUnderSampler().fitResample([[1], [2]], ['a']))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new RandomUnderSampler({ samplingStrategy: 0.5 }).fitResample(x, y))).toBe('INVALID_ARGUMENT');
    const ratio = new RandomUnderSampler({ samplingStrategy: 0.5 }).fitResample(x.slice(0, 6), y.slice(0, 6));
    expect(ratio.y.filter((label) => label === 'a')).toHaveLength(4);
  });
});

describe('ColumnTransformer', () => {
  const data = Dataset.fromObjects([
    { age: 30, income: 100, colour: 'red', note: 'hello world' },
    { age: 50, income: null, colour: 'blue', note: 'good morning world' },
    { age: 40, income: 300, colour: 'red', note: 'hello again' },
  ]);

  it('routes columns by name to each transformer and concatenates, with feature names', () => {
    const columns = new ColumnTransformer({
      transformers: [
        { name: 'num', transformer: new SimpleImputer({ strategy: 'median' }), columns: ['age', 'income'] },
        { name: 'cat', transformer: new OneHotEncoder(), columns: ['colour'] },
      ],
    });
    const out = columns.fitTransform(data) as Matrix;
    expect(rows(out)).toEqual([
      [30, 100, 0, 1],
      [50, 200, 1, 0],
      [40, 300, 0, 1],
    ]);
    expect(columns.getFeatureNamesOut()).toEqual(['num__age', 'num__income', 'cat__colour_blue', 'cat__colour_red']);
    expect(rows(columns.transform(data) as Matrix)).toEqual(rows(out));
    const restored = ColumnTransformer.fromJSON(JSON.parse(JSON.stringify(columns)));
    expect(rows(restored.transform(data) as Matrix)).toEqual(rows(out));
    expectRobustFromJSON(ColumnTransformer, columns);
  });

  it('passes remaining numeric columns through; refuses unknown columns and non-numeric remainders', () => {
    const withText = new ColumnTransformer({
      transformers: [{ name: 'age', transformer: new MinMaxScaler(), columns: ['age'] }],
      remainder: 'passthrough',
    });
    expect(() => withText.fit(data)).toThrow(/passthrough/);
    const scaled = new ColumnTransformer({
      transformers: [{ name: 'a', transformer: new MinMaxScaler(), columns: ['a'] }],
      remainder: 'passthrough',
    });
    const numeric = Dataset.fromObjects([
      { a: 1, b: 10 },
      { a: 3, b: 20 },
    ]);
    expect(rows(scaled.fitTransform(numeric) as Matrix)).toEqual([
      [0, 10],
      [1, 20],
    ]);
    expect(scaled.getFeatureNamesOut()).toEqual(['a__a', 'remainder__b']);
    const unknown = new ColumnTransformer({
      transformers: [{ name: 'x', transformer: new MinMaxScaler(), columns: ['nope'] }],
    });
    let error: unknown;
    try {
      unknown.fit(numeric);
    } catch (caught) {
      error = caught;
    }
    expect(InvalidArgumentError.isInstance(error) && (error as Error).message).toMatch(/nope/);
  });
});

describe('preprocessing documents', () => {
  it('fromJSON rejects damaged documents with SerializationError', () => {
    const x = [
      [1, 2],
      [3, 5],
      [4, 1],
    ];
    expectRobustFromJSON(StandardScaler, new StandardScaler().fit(x));
    expectRobustFromJSON(MinMaxScaler, new MinMaxScaler().fit(x));
    expectRobustFromJSON(SimpleImputer, new SimpleImputer().fit(x));
    expectRobustFromJSON(OneHotEncoder, new OneHotEncoder().fit(x));
  });
});
