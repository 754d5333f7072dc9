import { readFileSync } from 'node:fs';
import type { Matrix } from '@mloop/core';
import { sharedPath } from '@mloop/core/testing';

/** The SMS Spam Collection, one entry per line: label (`ham`/`spam`) and raw text. */
export interface SmsData {
  /** Every message, in file order. */
  readonly texts: string[];
  /** Every label, in file order. */
  readonly labels: string[];
}

let cached: SmsData | undefined;

/** Reads `data/sms-spam/SMSSpamCollection` (label TAB message per line; no quoting, so no CSV parser). */
export function loadSms(): SmsData {
  if (cached) return cached;
  const lines = readFileSync(sharedPath('data/sms-spam/SMSSpamCollection'), 'utf8').split('\n');
  const texts: string[] = [];
  const labels: string[] = [];
  for (const line of lines) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    labels.push(line.slice(0, tab));
    texts.push(line.slice(tab + 1));
  }
  cached = { texts, labels };
  return cached;
}

/** The reference split of models.json `sms_split`: test lines as listed (sorted), train = every other line in file order. */
export function smsSplit(testIndices: readonly number[]): {
  trainTexts: string[];
  trainLabels: string[];
  testTexts: string[];
  testLabels: string[];
} {
  const { texts, labels } = loadSms();
  const isTest = new Uint8Array(texts.length);
  for (const i of testIndices) isTest[i] = 1;
  const split = {
    trainTexts: [] as string[],
    trainLabels: [] as string[],
    testTexts: [] as string[],
    testLabels: [] as string[],
  };
  for (const i of testIndices) {
    split.testTexts.push(texts[i]);
    split.testLabels.push(labels[i]);
  }
  for (let i = 0; i < texts.length; i++) {
    if (isTest[i]) continue;
    split.trainTexts.push(texts[i]);
    split.trainLabels.push(labels[i]);
  }
  return split;
}

/** One `tfidf_small` case of models.json. */
export interface TfidfCase {
  params: { ngram_range?: [number, number]; min_df?: number; sublinear_tf?: boolean };
  nDocs: number;
  vocabulary: string[];
  idf: number[];
  rows: [number, number][][];
}

/** Test-split metrics of one `sms_models` pipeline. */
export interface PipelineMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  confusionMatrix: number[][];
  rocAuc: number;
  classes?: string[];
  classLogPrior?: number[];
  spamProbaFirst20?: number[];
}

/** A `logistic_wdbc` C entry. */
export interface LogisticCase {
  coef: number[] | number[][];
  intercept: number[];
  probaFirst30?: number[];
  probaRows?: Record<string, number[]>;
  trainAccuracy: number;
}

/** The parts of models.json the text and linear tests read. */
export interface ModelsVectors {
  sms_split: { test_indices: number[]; n_train: number; n_test: number };
  tfidf_small: Record<string, TfidfCase>;
  sms_models: Record<
    string,
    { vectorizer: { ngram_range?: [number, number]; min_df?: number; sublinear_tf?: boolean } } & Record<
      string,
      PipelineMetrics
    >
  >;
  logistic_wdbc: { scalerMean: number[]; scalerScale: number[] } & Record<string, LogisticCase>;
  logistic_iris: LogisticCase;
  timings: Record<string, Record<string, number>>;
}

let modelsCache: ModelsVectors | undefined;

/** models.json, parsed once. */
export function modelsVectors(): ModelsVectors {
  modelsCache ??= JSON.parse(readFileSync(sharedPath('test-vectors/models.json'), 'utf8')) as ModelsVectors;
  return modelsCache;
}

/** A numeric CSV with a header whose last column is the label (`data/wdbc/wdbc.csv`, `data/iris/iris.csv`). */
export function readLabelledCsv(relative: string): { x: Matrix; y: number[] } {
  const lines = readFileSync(sharedPath(relative), 'utf8').trim().split('\n').slice(1);
  const cols = lines[0].split(',').length - 1;
  const data = new Float64Array(lines.length * cols);
  const y: number[] = [];
  lines.forEach((line, i) => {
    const cells = line.split(',').map(Number);
    data.set(cells.slice(0, cols), i * cols);
    y.push(cells[cols]);
  });
  return { x: { rows: lines.length, cols, data }, y };
}
