import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Dataset, datasetLabels, datasetToMatrix, type Matrix, SeededRandom, trainTestSplit } from '@mloop/core';

/** The nine telemetry columns of the Statlog shuttle data, in file order. */
export const FEATURES = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9'] as const;

/** The label column of the cleaned datasets: 1 = outlier (any class but 1), 0 = normal. */
export const LABEL = 'outlier';

/** The cleaned datasets the example versions and works on. */
export interface ShuttleData {
  /** `shuttle.trn` without class 4 (what the validation split is carved from). */
  readonly trainClean: Dataset;
  /** Normal rows (class 1) of the training part, what LOF is fitted on. */
  readonly trainNormal: Dataset;
  /** A seeded sample of `trainNormal`, what sweep trials fit on (see `sweepFitRows`). */
  readonly fitSample: Dataset;
  /** The validation split carved from `shuttle.trn` (stratified, outliers included). */
  readonly validation: Dataset;
  /** A stratified sample of `validation`, what sweep trials are scored on. */
  readonly validationSample: Dataset;
  /** `shuttle.tst` without class 4: the labelled production traffic. */
  readonly test: Dataset;
}

/** Sizes of the cleaned splits; the defaults keep a 20-trial sweep within a few seconds. */
export interface ShuttleDataOptions {
  /** Directory holding `shuttle.trn` and `shuttle.tst`. */
  readonly dataDir: string;
  /** Share of `shuttle.trn` held out for validation (default 0.25). */
  readonly validationShare?: number;
  /** Normal rows a trial fits on (default 6,000 of about 25,600). */
  readonly sweepFitRows?: number;
  /** Validation rows a trial is scored on (default 3,000 of about 9,200). */
  readonly sweepValidationRows?: number;
  /** Seed of every split and sample. */
  readonly seed?: number;
}

/**
 * Reads one of the space-separated shuttle files (nine integer features and the class, no header)
 * and cleans it the way the scenario needs: class 4 dropped (as in the ODDS benchmark, where it is
 * too close to the normal class to be an anomaly) and the class turned into an outlier flag.
 */
export async function readShuttleFile(path: string, name: string): Promise<Dataset> {
  const text = await readFile(path, 'utf8');
  const columns: number[][] = FEATURES.map(() => []);
  const outlier: number[] = [];
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const fields = lines[line].trim();
    if (fields === '') continue;
    const values = fields.split(/\s+/).map(Number);
    if (values.length !== FEATURES.length + 1 || values.some((value) => !Number.isFinite(value))) {
      throw new Error(`${path} line ${line + 1}: expected ${FEATURES.length + 1} numbers, got "${fields}".`);
    }
    const label = values[FEATURES.length];
    if (label === 4) continue;
    FEATURES.forEach((_, j) => {
      columns[j].push(values[j]);
    });
    outlier.push(label === 1 ? 0 : 1);
  }
  const record: Record<string, ArrayLike<unknown>> = {};
  FEATURES.forEach((feature, j) => {
    record[feature] = Float64Array.from(columns[j]);
  });
  record[LABEL] = outlier;
  return Dataset.fromColumns(record, { name, label: LABEL });
}

/** Loads and splits the shuttle data (seeded: the same options give the same digests). */
export async function loadShuttleData(options: ShuttleDataOptions): Promise<ShuttleData> {
  const seed = options.seed ?? 7;
  const trainClean = await readShuttleFile(join(options.dataDir, 'shuttle.trn'), 'shuttle-trn-clean');
  const test = await readShuttleFile(join(options.dataDir, 'shuttle.tst'), 'shuttle-tst-clean');
  const split = trainTestSplit(trainClean, { testSize: options.validationShare ?? 0.25, seed, stratify: LABEL });
  const trainNormal = normalRows(split.train).withName('shuttle-train-normal');
  const validation = split.test.withName('shuttle-validation');
  const fitRows = Math.min(options.sweepFitRows ?? 6000, trainNormal.nRows);
  const fitSample = trainNormal
    .take(new SeededRandom(seed).sampleWithoutReplacement(trainNormal.nRows, fitRows))
    .withName('shuttle-train-normal-sample');
  const validationRows = Math.min(options.sweepValidationRows ?? 3000, validation.nRows - 2);
  const validationSample = trainTestSplit(validation, {
    testSize: validationRows,
    seed,
    stratify: LABEL,
  }).test.withName('shuttle-validation-sample');
  return { trainClean, trainNormal, fitSample, validation, validationSample, test };
}

/** The rows labelled normal. */
export function normalRows(dataset: Dataset): Dataset {
  const labels = datasetLabels(dataset, LABEL);
  const keep: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === 0) keep.push(i);
  return dataset.take(keep);
}

/** The feature matrix and the 0/1 outlier labels of a cleaned dataset. */
export function featuresAndLabels(dataset: Dataset): { x: Matrix; y: number[] } {
  return {
    x: datasetToMatrix(dataset, { columns: [...FEATURES] }),
    y: datasetLabels(dataset, LABEL).map(Number),
  };
}
