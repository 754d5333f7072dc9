/**
 * Helpers the stage scripts share. Each stage is its own process, as in DVC: it reads its params
 * from params.yaml, its inputs from files, and writes its outputs and metrics as files.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Dataset, readCsvFile } from '@mloop/core';
import { parse } from 'yaml';

/** The params file as the stages see it. */
export interface Params {
  readonly preprocess: { readonly dedupe: boolean };
  readonly split: { readonly testSize: number; readonly seed: number };
  readonly features: { readonly ngramMax: number; readonly minDf: number; readonly sublinearTf: boolean };
  readonly train: {
    readonly model: 'complement-nb' | 'multinomial-nb' | 'logistic-regression' | 'linear-svc';
    readonly alpha: number;
    readonly C: number;
  };
}

/** Reads params.yaml from the working directory (the pipeline runs every stage there). */
export function readParams(): Params {
  return parse(readFileSync('params.yaml', 'utf8')) as Params;
}

/** Writes a JSON file, creating its folder. */
export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Reads a JSON file. */
export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Writes a dataset as CSV, creating its folder. */
export function writeCsv(path: string, dataset: Dataset): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, dataset.toCsv());
}

/** Reads a messages CSV (`label`, `text`); nothing counts as missing, so a message "NA" stays text. */
export function readMessages(path: string): Promise<Dataset> {
  return readCsvFile(path, { schema: { text: { type: 'text' } }, label: 'label', missing: [] });
}

/** The texts and labels of a messages dataset. */
export function textsAndLabels(dataset: Dataset): { texts: string[]; labels: string[] } {
  return {
    texts: dataset.column('text') as string[],
    labels: (dataset.column('label') as string[]).map(String),
  };
}
