/** preprocess: optional de-duplication, then a stratified, seeded train/test split. */
import { trainTestSplit } from '@mloop/core';
import { readMessages, readParams, writeCsv } from './common';

const params = readParams();
let messages = await readMessages('data/messages.csv');
const before = messages.nRows;
if (params.preprocess.dedupe) messages = messages.dedupe(['text']);
const { train, test } = trainTestSplit(messages, {
  testSize: params.split.testSize,
  seed: params.split.seed,
  stratify: 'label',
});
writeCsv('data/train.csv', train);
writeCsv('data/test.csv', test);
console.log(
  `${before} messages${params.preprocess.dedupe ? `, ${messages.nRows} after de-duplication` : ''} → train ${train.nRows}, test ${test.nRows} (stratified, seed ${params.split.seed})`,
);
