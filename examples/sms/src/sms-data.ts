import { readFileSync } from 'node:fs';
import { Dataset } from '@mloop/core';

/** Labelled messages. */
export interface Messages {
  /** The texts. */
  readonly texts: string[];
  /** `'ham'` or `'spam'`, one per text. */
  readonly labels: string[];
}

/** The SMS Spam Collection split as `sms_split` in the shared models.json. */
export interface SmsSplit {
  /** Every message, in file order. */
  readonly all: Messages;
  /** 4,459 training messages. */
  readonly train: Messages;
  /** 1,115 test messages (stratified, random_state 42). */
  readonly test: Messages;
  /** The 0-based line numbers of the test messages. */
  readonly testIndices: readonly number[];
}

/** Reads `SMSSpamCollection` (label, tab, text per line) and splits it by the reference test indices. */
export function loadSmsSplit(collectionPath: string, modelsJsonPath: string): SmsSplit {
  const lines = readFileSync(collectionPath, 'utf8').split('\n');
  const texts: string[] = [];
  const labels: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const tab = line.indexOf('\t');
    const label = line.slice(0, tab);
    if (tab < 0 || (label !== 'ham' && label !== 'spam'))
      throw new Error(`${collectionPath}:${index + 1}: expected "ham|spam<TAB>text".`);
    labels.push(label);
    texts.push(line.slice(tab + 1));
  }
  const testIndices = (JSON.parse(readFileSync(modelsJsonPath, 'utf8')) as { sms_split: { test_indices: number[] } })
    .sms_split.test_indices;
  const isTest = new Uint8Array(texts.length);
  for (const index of testIndices) isTest[index] = 1;
  const take = (keep: (index: number) => boolean): Messages => {
    const out: Messages = { texts: [], labels: [] };
    for (let index = 0; index < texts.length; index++)
      if (keep(index)) {
        out.texts.push(texts[index]);
        out.labels.push(labels[index]);
      }
    return out;
  };
  return {
    all: { texts, labels },
    train: take((index) => isTest[index] === 0),
    test: { texts: testIndices.map((index) => texts[index]), labels: testIndices.map((index) => labels[index]) },
    testIndices,
  };
}

/** Messages as a Dataset (a text column and a label), so runs and versions record its digest. */
export function messagesDataset(messages: Messages, name: string): Dataset {
  return Dataset.fromColumns(
    { text: messages.texts, label: messages.labels },
    { name, schema: { text: { type: 'text' } }, label: 'label' },
  );
}
