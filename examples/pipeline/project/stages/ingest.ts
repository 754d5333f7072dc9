/** ingest: the raw SMS Spam Collection (label TAB text per line) → data/messages.csv. */
import { readFileSync } from 'node:fs';
import { Dataset } from '@mloop/core';
import { writeCsv, writeJson } from './common';

const labels: string[] = [];
const texts: string[] = [];
const lines = readFileSync('data/raw/SMSSpamCollection', 'utf8').split('\n');
lines.forEach((line, index) => {
  if (line.trim() === '') return;
  const tab = line.indexOf('\t');
  const label = line.slice(0, tab);
  if (tab < 0 || (label !== 'ham' && label !== 'spam')) {
    throw new Error(`data/raw/SMSSpamCollection line ${index + 1}: expected "ham|spam<TAB>text".`);
  }
  labels.push(label);
  texts.push(line.slice(tab + 1));
});
const messages = Dataset.fromColumns(
  { label: labels, text: texts },
  { name: 'sms-messages', label: 'label', schema: { text: { type: 'text' } } },
);
writeCsv('data/messages.csv', messages);
const spam = labels.filter((label) => label === 'spam').length;
writeJson('metrics/ingest.json', { rows: messages.nRows, spamShare: spam / messages.nRows });
console.log(`ingested ${messages.nRows} messages (${spam} spam), digest ${messages.digest.slice(0, 12)}`);
