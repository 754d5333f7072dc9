import { type Dataset, datasetLabels } from '@mloop/core';
import {
  ColumnTransformer,
  LogisticRegression,
  OneHotEncoder,
  Pipeline,
  RandomUnderSampler,
  SimpleImputer,
  StandardScaler,
} from '@mloop/models';
import { CATEGORICAL_COLUMNS, FEATURE_COLUMNS, NUMERIC_COLUMNS } from './simulator';

/** The most frequent value of each categorical column (ties: first in code-point order). */
export type CategoricalModes = Readonly<Record<string, string>>;

/** What cleaning did to one raw batch. */
export interface CleaningReport {
  /** Raw rows received. */
  readonly raw: number;
  /** Exact re-sent records dropped. */
  readonly duplicates: number;
  /** Missing categorical values filled with the training mode. */
  readonly imputedCategorical: number;
  /** Missing numeric values (filled with the training median inside the model). */
  readonly missingNumeric: number;
}

/** Mode of each categorical column of `data`, ignoring missing values. */
export function categoricalModes(data: Dataset): CategoricalModes {
  const modes: Record<string, string> = {};
  for (const column of CATEGORICAL_COLUMNS) {
    const counts = new Map<string, number>();
    for (const value of data.column(column) as readonly unknown[])
      if (typeof value === 'string') counts.set(value, (counts.get(value) ?? 0) + 1);
    const [mode] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? ['unknown'];
    modes[column] = mode;
  }
  return modes;
}

/**
 * Drops exact duplicates (re-sent records) and fills missing categoricals with `modes` (the
 * training data's modes, so serving and training agree). Missing numerics stay missing: the
 * model's median imputer fills them, with medians learnt at fit time.
 */
export function cleanTelemetry(raw: Dataset, modes: CategoricalModes): { data: Dataset; report: CleaningReport } {
  let data = raw.dedupe();
  let imputedCategorical = 0;
  for (const column of CATEGORICAL_COLUMNS) {
    const values = (data.column(column) as readonly (string | null)[]).map((value) => {
      if (value !== null && value !== undefined) return value;
      imputedCategorical++;
      return modes[column];
    });
    data = data.withColumn(column, values, { type: 'categorical' });
  }
  let missingNumeric = 0;
  for (const column of NUMERIC_COLUMNS)
    for (const value of data.column(column) as Float64Array) if (Number.isNaN(value)) missingNumeric++;
  return {
    data,
    report: { raw: raw.nRows, duplicates: raw.nRows - data.nRows, imputedCategorical, missingNumeric },
  };
}

/** The features of a dataset, in model order. */
export const features = (data: Dataset): Dataset => data.select([...FEATURE_COLUMNS]);

/** The risk labels of a dataset. */
export const riskLabels = (data: Dataset): string[] => datasetLabels(data, 'risk') as string[];

/**
 * The risk model: numeric columns → median imputation → standard scaling; categorical columns →
 * one-hot (unseen categories ignored); random undersampling of the majority class (at fit time
 * only); logistic regression. One Pipeline, so the registry stores it as one document.
 */
export function riskPipeline(seed: number): Pipeline {
  return new Pipeline({
    steps: [
      [
        'prepare',
        new ColumnTransformer({
          transformers: [
            {
              name: 'numeric',
              // A nested pipeline is a transformer when its last step is (its transform output is typed loosely).
              transformer: new Pipeline({
                steps: [
                  ['impute', new SimpleImputer({ strategy: 'median' })],
                  ['scale', new StandardScaler()],
                ],
              }) as unknown as StandardScaler,
              columns: [...NUMERIC_COLUMNS],
            },
            {
              name: 'categorical',
              transformer: new OneHotEncoder({ handleUnknown: 'ignore' }),
              columns: [...CATEGORICAL_COLUMNS],
            },
          ],
        }),
      ],
      ['undersample', new RandomUnderSampler({ seed })],
      ['model', new LogisticRegression({ C: 1 })],
    ],
  });
}
