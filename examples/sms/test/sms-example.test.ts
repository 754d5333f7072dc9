import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMloop } from '@mloop/core';
import { modelKinds } from '@mloop/models';
import { createSqliteBackend } from '@mloop/tracker-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSummary } from '../src/format-summary';
import { MODEL_NAME, runSmsExample, type SmsExampleResult } from '../src/sms-example';

describe('the SMS example end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mloop-sms-example-'));
  let result: SmsExampleResult;
  const lines: string[] = [];

  beforeAll(async () => {
    result = await runSmsExample({ dir, log: (line) => lines.push(line), env: {} });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compares the three families and meets the floors with the best one', () => {
    expect(result.tracking).toBe('sqlite');
    expect(result.storeDir).toBe(join(dir, '.mloop'));
    expect(existsSync(join(dir, '.mloop', 'mloop.db'))).toBe(true);
    expect(result.comparison.map((entry) => entry.family).sort()).toEqual([
      'linear-svm',
      'logistic-regression',
      'naive-bayes',
    ]);
    const [best, runnerUp, third] = result.comparison;
    expect(best.metrics.accuracy).toBeGreaterThanOrEqual(runnerUp.metrics.accuracy);
    expect(runnerUp.metrics.accuracy).toBeGreaterThanOrEqual(third.metrics.accuracy);
    expect(best.metrics.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(best.metrics.f1).toBeGreaterThanOrEqual(0.9);
  });

  it('answers /predict with a prediction, confidence, version, timestamp and top features', () => {
    const [ham, spam, crypto] = result.served.map((entry) => entry.response);
    expect(ham.prediction).toBe('ham');
    expect(spam.prediction).toBe('spam');
    for (const response of [ham, spam, crypto]) {
      expect(response.modelVersion).toBe(result.comparison[0].version);
      expect(typeof response.confidence).toBe('number');
      expect(Number.isNaN(Date.parse(response.timestamp as string))).toBe(false);
      expect((response.topFeatures as unknown[]).length).toBeGreaterThan(0);
    }
    expect((spam.topFeatures as { feature: string }[]).map((f) => f.feature)).toContain('prize');
    expect(result.serviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('retrains on text drift above 0.15 and deploys only with more than one point of accuracy', () => {
    const [calm, wave, more, weekly] = result.cycles;
    expect(calm.tfidfDrift).toBeLessThanOrEqual(0.15);
    expect(calm.outcome).toBe('no-retrain');
    expect(wave.tfidfDrift).toBeGreaterThan(0.15);
    expect(wave.newSpamPatterns.length).toBeGreaterThan(0);
    expect(wave.decision).toBe('retrain');
    expect(wave.outcome).toBe('promoted');
    expect(wave.challengerAccuracy! - wave.championAccuracy!).toBeGreaterThan(0.01);
    expect(more.decision).toBe('retrain');
    expect(more.outcome).toBe('kept');
    expect(more.challengerAccuracy! - more.championAccuracy!).toBeLessThanOrEqual(0.01);
    expect(weekly.fired.some((reason) => reason.includes('since the last training'))).toBe(true);
    expect(weekly.outcome).toBe('kept');
    // Every promotion in the run gained more than one point; every kept challenger did not.
    for (const cycle of result.cycles.filter((c) => c.challenger !== undefined)) {
      const gain = cycle.challengerAccuracy! - cycle.championAccuracy!;
      expect(cycle.outcome === 'promoted').toBe(gain > 0.01);
    }
  });

  it('alerts the local webhook and rolls back at the end', async () => {
    const titles = result.alerts.map((alert) => alert.title);
    expect(titles).toContain(`${MODEL_NAME}: text drift`);
    expect(titles).toContain(`${MODEL_NAME}: retraining`);
    const promoted = result.cycles.find((cycle) => cycle.outcome === 'promoted')!;
    expect(titles).toContain(`${MODEL_NAME}: v${promoted.challenger} promoted to production`);
    expect(result.rollback.from).toBe(promoted.challenger);
    expect(result.rollback.to).toBe(result.comparison[0].version);
    expect(result.rollback.prediction.modelVersion).toBe(result.rollback.to);

    // The store holds what the run reported, for `mloop ui` and the CLI.
    const mloop = createMloop({ backend: createSqliteBackend({ dir: result.storeDir }), models: modelKinds() });
    try {
      const model = await mloop.registry.getModel(MODEL_NAME);
      expect(model.aliases.production).toBe(result.comparison[0].version);
      expect(model.aliases.staging).toBe(result.comparison[1].version);
      const versions = await mloop.registry.listVersions(MODEL_NAME);
      const challengers = result.cycles.filter((cycle) => cycle.challenger !== undefined).length;
      expect(versions).toHaveLength(3 + challengers);
      const history = await mloop.registry.aliasHistory(MODEL_NAME, 'production');
      expect(history.map((event) => [event.action, event.version])).toEqual([
        ['set', result.comparison[0].version],
        ['set', promoted.challenger],
        ['rollback', result.comparison[0].version],
      ]);
      const loaded = await mloop.registry.load(MODEL_NAME, { alias: 'production' });
      expect(loaded.kind).toBe('Pipeline');
    } finally {
      await mloop.close();
    }
  });

  it('prints progress and a summary', () => {
    expect(lines.some((line) => line.startsWith('serve '))).toBe(true);
    const summary = formatSummary(result);
    expect(summary).toContain('Floors: accuracy');
    expect(summary).toContain(`Rollback: production v${result.rollback.from} → v${result.rollback.to}`);
  });
});
