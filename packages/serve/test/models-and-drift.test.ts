/**
 * The predictor and the HTTP service with real @mloop/models estimators: a TF-IDF + naive Bayes
 * pipeline on the SMS collection answers with top features, and `POST /drift/calculate` tests a
 * batch against a @mloop/drift reference profile.
 */
import { readFileSync } from 'node:fs';
import { createMemoryBackend, createMloop, Dataset, datasetToMatrix, splitIndices } from '@mloop/core';
import { sharedPath } from '@mloop/core/testing';
import { DataDriftDetector } from '@mloop/drift';
import {
  IsolationForest,
  LinearSVC,
  LocalOutlierFactor,
  MultinomialNB,
  modelKinds,
  Pipeline,
  StandardScaler,
  TfidfVectorizer,
} from '@mloop/models';
import { describe, expect, it } from 'vitest';
import { createPredictor, createServer, explainWithTopFeatures, rowsDriftCheck } from '../src/index';

function smsCorpus() {
  const lines = readFileSync(sharedPath('data/sms-spam/SMSSpamCollection'), 'utf8').split('\n').filter(Boolean);
  const labels = lines.map((line) => line.slice(0, line.indexOf('\t')));
  const texts = lines.map((line) => line.slice(line.indexOf('\t') + 1));
  return { texts, labels };
}

describe('serving @mloop/models estimators', () => {
  it('a TF-IDF + MultinomialNB pipeline predicts spam with the terms that pushed it', async () => {
    const { texts, labels } = smsCorpus();
    const { train } = splitIndices(texts.length, { testSize: 0.2, seed: 42 }, labels);
    const pipeline = new Pipeline({
      steps: [
        ['tfidf', new TfidfVectorizer()],
        ['nb', new MultinomialNB({ alpha: 0.1 })],
      ],
    }).fit(
      Array.from(train, (i) => texts[i]),
      Array.from(train, (i) => labels[i]),
    );
    const mloop = createMloop({ backend: createMemoryBackend(), models: modelKinds() });
    await mloop.registry.register({ name: 'sms', model: pipeline, aliases: ['production'] });
    const predictor = await createPredictor({
      mloop,
      model: 'sms',
      input: { kind: 'text' },
      positiveLabel: 'spam',
      topFeatures: 3,
      explain: explainWithTopFeatures,
    });
    const spam = predictor.predict({ text: 'WINNER!! Claim your FREE prize now, call 09061701461' });
    expect(spam.prediction).toBe('spam');
    expect(spam.confidence).toBeGreaterThan(0.9);
    expect(spam.topFeatures).toHaveLength(3);
    for (const feature of spam.topFeatures ?? []) expect(feature.weight).toBeGreaterThan(0);
    expect(
      spam.topFeatures
        ?.map((f) => f.feature)
        .some((term) => ['claim', 'prize', 'free', 'winner', 'call'].includes(term)),
    ).toBe(true);
    expect(predictor.predict({ text: 'see you at lunch tomorrow' }).prediction).toBe('ham');
    const quiet = await createPredictor({ mloop, model: 'sms', input: { kind: 'text' }, explain: false });
    expect(quiet.predict({ text: 'free prize' }).topFeatures).toBeUndefined();
    predictor.close();
    quiet.close();
  });

  it('an outlier detector serves without top features, and /drift/calculate tests a batch against the reference profile', async () => {
    const shuttle = Dataset.fromCsv(readFileSync(sharedPath('data/shuttle/shuttle-odds.csv')), { label: 'label' }).head(
      4000,
    );
    const features = shuttle.columnNames.filter((name) => name !== 'label');
    const x = datasetToMatrix(shuttle, { exclude: ['label'] });
    const forest = new IsolationForest({ nEstimators: 20, seed: 0 }).fit(x);
    const mloop = createMloop({ backend: createMemoryBackend(), models: modelKinds() });
    await mloop.registry.register({ name: 'shuttle', model: forest, aliases: ['production'] });
    const predictor = await createPredictor({
      mloop,
      model: 'shuttle',
      input: { kind: 'features', features },
      explain: explainWithTopFeatures,
    });
    const reference = Object.fromEntries(
      features.map((name) => [name, Array.from(shuttle.column(name) as Float64Array)]),
    );
    // The server only needs the stored profile, not the reference rows.
    const profile = JSON.parse(JSON.stringify(new DataDriftDetector().fit(reference).toJSON()));
    const server = createServer(predictor, { port: 0 }, { drift: rowsDriftCheck(DataDriftDetector.fromJSON(profile)) });
    const { url } = await server.listen();
    try {
      const rows = shuttle.head(300).select(features).toObjects();
      const post = (path: string, body: unknown) =>
        fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const predicted = (await (await post('/predict', rows[0])).json()) as {
        prediction: number;
        topFeatures?: unknown;
      };
      expect([1, -1]).toContain(predicted.prediction);
      expect(predicted.topFeatures).toBeUndefined();
      const same = (await (await post('/drift/calculate', { inputs: rows })).json()) as {
        result: { driftDetected: boolean };
      };
      expect(same.result.driftDetected).toBe(false);
      const shifted = rows.map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v) * 3 + 40])),
      );
      const drifted = (await (await post('/drift/calculate', { inputs: shifted })).json()) as {
        result: { driftDetected: boolean };
      };
      expect(drifted.result.driftDetected).toBe(true);
      const bad = await post('/drift/calculate', { inputs: [] });
      expect(bad.status).toBe(400);
    } finally {
      await server.close();
      predictor.close();
    }
  });

  it('serves a pipeline ending in LOF as an outlier detector and a LinearSVC pipeline as a classifier without probabilities', async () => {
    const shuttle = Dataset.fromCsv(readFileSync(sharedPath('data/shuttle/shuttle-odds.csv')), { label: 'label' }).head(
      3000,
    );
    const features = shuttle.columnNames.filter((name) => name !== 'label');
    const lof = new Pipeline({
      steps: [
        ['scale', new StandardScaler()],
        ['lof', new LocalOutlierFactor({ nNeighbors: 20, novelty: true })],
      ],
    }).fit(datasetToMatrix(shuttle, { exclude: ['label'] }));
    const { texts, labels } = smsCorpus();
    const svc = new Pipeline({
      steps: [
        ['tfidf', new TfidfVectorizer()],
        ['svc', new LinearSVC()],
      ],
    }).fit(texts.slice(0, 3000), labels.slice(0, 3000));
    const mloop = createMloop({ backend: createMemoryBackend(), models: modelKinds() });
    await mloop.registry.register({ name: 'lof', model: lof, aliases: ['production'] });
    await mloop.registry.register({ name: 'svc', model: svc, aliases: ['production'] });
    const outliers = await createPredictor({ mloop, model: 'lof', input: { kind: 'features', features } });
    const row = shuttle.select(features).row(0);
    expect([1, -1]).toContain(outliers.predict(row).prediction);
    const spam = await createPredictor({
      mloop,
      model: 'svc',
      input: { kind: 'text' },
      explain: explainWithTopFeatures,
    });
    const answer = spam.predict({ text: 'WINNER!! Claim your FREE prize now, call 09061701461' });
    expect(answer.prediction).toBe('spam');
    expect(answer.confidence).toBeGreaterThan(0.5);
    expect(answer.confidence).toBeLessThanOrEqual(1);
    expect(answer.probabilities).toBeUndefined();
    expect(answer.topFeatures?.length).toBeGreaterThan(0);
    outliers.close();
    spam.close();
  });
});
