import { readFileSync } from 'node:fs';
import { createMemoryBackend, createMloop, type Mloop, splitIndices } from '@mloop/core';
import { sharedPath } from '@mloop/core/testing';
import { MultinomialNB, modelKinds, Pipeline, TfidfVectorizer } from '@mloop/models';

/** The SMS corpus: texts and labels. */
export function smsCorpus(): { texts: string[]; labels: string[] } {
  const lines = readFileSync(sharedPath('data/sms-spam/SMSSpamCollection'), 'utf8').split('\n').filter(Boolean);
  return {
    labels: lines.map((line) => line.slice(0, line.indexOf('\t'))),
    texts: lines.map((line) => line.slice(line.indexOf('\t') + 1)),
  };
}

/** A memory-backed mloop with two versions of the SMS TF-IDF + MultinomialNB model (v1 production). */
export async function smsRegistry(): Promise<{ mloop: Mloop; testTexts: string[] }> {
  const { texts, labels } = smsCorpus();
  const { train, test } = splitIndices(texts.length, { testSize: 0.2, seed: 42 }, labels);
  const fit = (alpha: number) =>
    new Pipeline({
      steps: [
        ['tfidf', new TfidfVectorizer()],
        ['nb', new MultinomialNB({ alpha })],
      ],
    }).fit(
      Array.from(train, (i) => texts[i]),
      Array.from(train, (i) => labels[i]),
    );
  const mloop = createMloop({ backend: createMemoryBackend(), models: modelKinds() });
  await mloop.registry.register({ name: 'sms', model: fit(0.1), aliases: ['production'] });
  await mloop.registry.register({ name: 'sms', model: fit(0.5) });
  return { mloop, testTexts: Array.from(test, (i) => texts[i]) };
}
