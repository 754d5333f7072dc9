/** evaluate: the saved pipeline on the test split → metrics/evaluate.json and reports/confusion.json. */
import { accuracyScore, confusionMatrix, f1Score, precisionScore, recallScore } from '@mloop/core';
import { Pipeline } from '@mloop/models';
import { readJson, readMessages, textsAndLabels, writeJson } from './common';

const model = Pipeline.fromJSON(readJson('models/model.json'));
const { texts, labels } = textsAndLabels(await readMessages('data/test.csv'));
const predicted = model.predict(texts) as string[];
const spam = { posLabel: 'spam' } as const;
const metrics = {
  accuracy: accuracyScore(labels, predicted),
  precision: precisionScore(labels, predicted, spam),
  recall: recallScore(labels, predicted, spam),
  f1: f1Score(labels, predicted, spam),
};
writeJson('metrics/evaluate.json', metrics);
const order = ['ham', 'spam'];
writeJson('reports/confusion.json', { labels: order, matrix: confusionMatrix(labels, predicted, { labels: order }) });
console.log(
  `test (${texts.length} messages): accuracy ${metrics.accuracy.toFixed(4)}, spam precision ${metrics.precision.toFixed(4)}, recall ${metrics.recall.toFixed(4)}, F1 ${metrics.f1.toFixed(4)}`,
);
