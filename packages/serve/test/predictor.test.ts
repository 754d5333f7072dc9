import { createMemoryBackend, createMloop, type ModelJSONV1 } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { abBucket, createPredictor } from '../src/index';
import { confidenceOf, KeywordClassifier } from './fixtures/keyword-classifier';

async function setup() {
  const mloop = createMloop({ backend: createMemoryBackend(), models: [KeywordClassifier] });
  await mloop.registry.register({
    name: 'sms',
    model: new KeywordClassifier({ keywords: ['prize', 'winner'], marker: 1 }),
    aliases: ['production'],
  });
  const predictor = await createPredictor({ mloop, model: 'sms', input: { kind: 'text' }, positiveLabel: 'spam' });
  return { mloop, predictor };
}

describe('Predictor', () => {
  it('predicts with version, alias, probabilities and confidence', async () => {
    const { predictor } = await setup();
    const prediction = predictor.predict({ text: 'You are a WINNER, claim your prize' });
    expect(prediction).toMatchObject({
      prediction: 'spam',
      modelVersion: 1,
      alias: 'production',
      confidence: confidenceOf(1),
    });
    expect(prediction.probabilities).toEqual({ ham: 1 - confidenceOf(1), spam: confidenceOf(1) });
    expect(new Date(prediction.timestamp).getTime()).not.toBeNaN();
    expect(
      predictor.predictBatch([{ text: 'see you at lunch' }, { text: 'prize inside' }]).map((entry) => entry.prediction),
    ).toEqual(['ham', 'spam']);
  });

  it('rejects bad input with the field named, and logs nothing', async () => {
    const { predictor } = await setup();
    expect(() => predictor.predict({ txt: 'typo' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => predictor.predict({ text: '' })).toThrowError(expect.objectContaining({ field: 'text' }));
    expect(() => predictor.predict({ text: 42 })).toThrowError(expect.objectContaining({ field: 'text' }));
    expect(() => predictor.predictBatch([{ text: 'ok' }, { text: 7 }])).toThrowError(
      expect.objectContaining({ field: 'inputs[1].text' }),
    );
    expect(() => predictor.predictBatch([])).toThrowError(expect.objectContaining({ field: 'inputs' }));
    expect(predictor.recent()).toEqual([]);
  });

  it('hot-swaps when the alias moves, and keeps the old version when the new one fails to load', async () => {
    const { mloop, predictor } = await setup();
    const swaps: unknown[] = [];
    const failures: unknown[] = [];
    predictor.on('swapped', (swap) => swaps.push(swap));
    predictor.on('load-failed', (failure) => failures.push(failure.version));
    await mloop.registry.register({
      name: 'sms',
      model: new KeywordClassifier({ keywords: ['free'], marker: 2 }),
      aliases: ['production'],
    });
    await predictor.settled();
    expect(swaps).toEqual([{ alias: 'production', from: 1, to: 2 }]);
    expect(predictor.predict({ text: 'free entry' })).toMatchObject({ prediction: 'spam', modelVersion: 2 });
    const broken: ModelJSONV1 = {
      format: 'mloop.model',
      formatVersion: 1,
      kind: 'NoSuchKind',
      producer: 'test',
      params: {},
      state: {},
    };
    await mloop.registry.register({ name: 'sms', model: broken, aliases: ['production'] });
    await predictor.settled();
    expect(failures).toEqual([3]);
    expect(predictor.predict({ text: 'free entry' }).modelVersion).toBe(2);
  });

  it('refuses a version its verify hook rejects', async () => {
    const mloop = createMloop({ backend: createMemoryBackend(), models: [KeywordClassifier] });
    await mloop.registry.register({
      name: 'sms',
      model: new KeywordClassifier({ keywords: ['prize'], marker: 1 }),
      aliases: ['production'],
    });
    const predictor = await createPredictor({
      mloop,
      model: 'sms',
      input: { kind: 'text' },
      verify: (model) => {
        if ((model as KeywordClassifier).predict(['claim your prize'])[0] !== 'spam')
          throw new Error('fails the smoke test');
      },
    });
    await mloop.registry.register({
      name: 'sms',
      model: new KeywordClassifier({ keywords: ['free'], marker: 2 }),
      aliases: ['production'],
    });
    await predictor.settled();
    expect(predictor.loaded[0].version).toBe(1);
  });

  it('splits A/B traffic by a stable hash of the key, with per-arm counters', async () => {
    const mloop = createMloop({ backend: createMemoryBackend(), models: [KeywordClassifier] });
    await mloop.registry.register({
      name: 'sms',
      model: new KeywordClassifier({ keywords: ['a'], marker: 1 }),
      aliases: ['production'],
    });
    await mloop.registry.register({
      name: 'sms',
      model: new KeywordClassifier({ keywords: ['b'], marker: 2 }),
      aliases: ['staging'],
    });
    const predictor = await createPredictor({
      mloop,
      model: 'sms',
      input: { kind: 'text' },
      ab: { alias: 'staging', share: 0.3 },
    });
    const arms = Array.from(
      { length: 2000 },
      (_, index) => predictor.predict({ text: 'x', key: `user-${index}` }).alias,
    );
    const share = arms.filter((alias) => alias === 'staging').length / arms.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
    expect(predictor.predict({ text: 'x', key: 'user-7' }).alias).toBe(arms[7]);
    expect(predictor.counters.staging.requests + predictor.counters.production.requests).toBe(2001);
    expect(abBucket('same')).toBe(abBucket('same'));
  });

  it('turns feedback into rolling live metrics', async () => {
    const { predictor } = await setup();
    const spam = predictor.predict({ text: 'prize' });
    const ham = predictor.predict({ text: 'hello' });
    const missed = predictor.predict({ text: 'cheap loans' });
    predictor.recordFeedback(spam.id, 'spam');
    predictor.recordFeedback(ham.id, 'ham');
    predictor.recordFeedback(missed.id, 'spam');
    predictor.recordFeedback(missed.id, 'spam');
    expect(predictor.liveMetrics()).toEqual({ count: 3, accuracy: 2 / 3, precision: 1, recall: 0.5, f1: 2 / 3 });
    expect(() => predictor.recordFeedback(missed.id, 'ham')).toThrowError(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => predictor.recordFeedback('nope', 'ham')).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(predictor.recent().map((record) => record.prediction)).toEqual(['spam', 'ham', 'ham']);
    expect(predictor.recent()[0].inputDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fails clearly when the alias does not exist', async () => {
    const mloop = createMloop({ backend: createMemoryBackend(), models: [KeywordClassifier] });
    await mloop.registry.register({ name: 'sms', model: new KeywordClassifier({ keywords: [], marker: 1 }) });
    await expect(createPredictor({ mloop, model: 'sms', input: { kind: 'text' } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      createPredictor({ mloop, model: 'sms', alias: 'bad alias', input: { kind: 'text' } }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'alias' });
  });
});
