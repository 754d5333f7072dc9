/**
 * train: fits the classifier on the TF-IDF features of the training texts and saves the fitted
 * vectorizer and classifier together as one Pipeline document (models/model.json), the model a
 * service can load and feed raw text.
 */
import { accuracyScore, MODEL_JSON_FORMAT, MODEL_JSON_FORMAT_VERSION, type ModelJSONV1 } from '@mloop/core';
import {
  ComplementNB,
  LinearSVC,
  LogisticRegression,
  MultinomialNB,
  Pipeline,
  type PipelineParamsJSON,
  type PipelineStateJSON,
  PRODUCER,
  TfidfVectorizer,
} from '@mloop/models';
import { readJson, readMessages, readParams, textsAndLabels, writeJson } from './common';

const { train } = readParams();
const vectorizer = TfidfVectorizer.fromJSON(readJson('models/vectorizer.json'));
const { texts, labels } = textsAndLabels(await readMessages('data/train.csv'));
const x = vectorizer.transform(texts);
const classifier =
  train.model === 'complement-nb'
    ? new ComplementNB({ alpha: train.alpha })
    : train.model === 'multinomial-nb'
      ? new MultinomialNB({ alpha: train.alpha })
      : train.model === 'logistic-regression'
        ? new LogisticRegression({ C: train.C, maxIter: 1000 })
        : new LinearSVC({ C: train.C });
classifier.fit(x, labels);

// The vectorizer was fitted by the features stage, so the pipeline document is assembled from the
// two fitted steps (Pipeline.fit would refit the vectorizer); fromJSON checks the result.
const steps: [
  string,
  { toJSON(): ModelJSONV1<string, unknown>; clone(): { toJSON(): ModelJSONV1<string, unknown> } },
][] = [
  ['tfidf', vectorizer],
  ['clf', classifier],
];
const document: ModelJSONV1<'Pipeline', PipelineParamsJSON, PipelineStateJSON> = {
  format: MODEL_JSON_FORMAT,
  formatVersion: MODEL_JSON_FORMAT_VERSION,
  kind: 'Pipeline',
  producer: PRODUCER,
  params: { steps: steps.map(([name, step]) => [name, step.clone().toJSON()]) },
  state: { steps: steps.map(([, step]) => step.toJSON()) },
};
const pipeline = Pipeline.fromJSON(document);
writeJson('models/model.json', pipeline.toJSON());
const trainAccuracy = accuracyScore(labels, pipeline.predict(texts) as string[]);
writeJson('metrics/train.json', { trainAccuracy });
console.log(`${train.model} fitted on ${texts.length} messages, train accuracy ${trainAccuracy.toFixed(4)}`);
