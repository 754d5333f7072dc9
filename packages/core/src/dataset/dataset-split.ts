import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Dataset } from './dataset';
import { datasetLabels } from './dataset-to-matrix';
import { type StratifiedKFoldOptions, splitIndices, stratifiedKFoldIndices, type TrainTestSplitOptions } from './split';

/** A dataset cut in two. */
export interface DatasetSplit {
  /** The rows to fit on. */
  readonly train: Dataset;
  /** The rows to evaluate on. */
  readonly test: Dataset;
}

/** Options of {@link trainTestSplit}: sizes and seed, plus the column to stratify on. */
export interface DatasetSplitOptions extends TrainTestSplitOptions {
  /** A column (usually the label) whose class shares both sides keep. */
  readonly stratify?: string;
}

/**
 * A seeded train/test split of a dataset's rows, stratified on a column if asked; the two sides
 * are named `<name>-train` and `<name>-test` and have their own digests.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for sizes that leave a side empty, an unknown
 *   stratify column, or a class too small to appear on both sides.
 * @example
 * const { train, test } = trainTestSplit(data, { testSize: 0.2, seed: 42, stratify: 'label' });
 */
export function trainTestSplit(dataset: Dataset, options: DatasetSplitOptions = {}): DatasetSplit {
  const labels = options.stratify === undefined ? undefined : datasetLabels(dataset, options.stratify);
  const { train, test } = splitIndices(dataset.nRows, options, labels);
  return {
    train: dataset.take(train).withName(`${dataset.name}-train`),
    test: dataset.take(test).withName(`${dataset.name}-test`),
  };
}

/** Options of {@link stratifiedKFold}. */
export interface DatasetKFoldOptions extends StratifiedKFoldOptions {
  /** The column whose classes every fold keeps in proportion. */
  readonly label: string;
}

/**
 * Stratified k-fold cross-validation splits of a dataset (sklearn's `StratifiedKFold`): every row
 * is in exactly one test fold. Folds are named `<name>-fold<k>-train` / `-test`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when `label` is missing or unknown, or `nSplits` is invalid.
 * @example
 * for (const { train, test } of stratifiedKFold(data, { label: 'label', nSplits: 5, shuffle: true, seed: 1 })) { … }
 */
export function stratifiedKFold(dataset: Dataset, options: DatasetKFoldOptions): DatasetSplit[] {
  if (typeof options?.label !== 'string') {
    throw new InvalidArgumentError({
      message: 'stratifiedKFold needs options.label, the column to stratify on.',
      field: 'label',
    });
  }
  const folds = stratifiedKFoldIndices(datasetLabels(dataset, options.label), options);
  return folds.map(({ train, test }, k) => ({
    train: dataset.take(train).withName(`${dataset.name}-fold${k}-train`),
    test: dataset.take(test).withName(`${dataset.name}-fold${k}-test`),
  }));
}
