import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RetrainContextV1 } from '../spec/retrain-policy/v1/retrain-policy-v1';
import { parseDuration } from './duration';
import { createPromotionPolicy } from './promotion-policy';
import {
  allOf,
  anyOf,
  cooldown,
  driftAbove,
  every,
  metricBelow,
  minSamples,
  not,
  retrainPolicyFromJSON,
} from './retrain-policy';

const HOUR = 3_600_000;
const base: RetrainContextV1 = {
  now: 10 * HOUR,
  drift: {},
  metrics: {},
  newSamples: 0,
  modelTrainedAt: 0,
  lastRetrainAt: 0,
};

describe('retrain policies', () => {
  // The SMS scenario's policy: drift > 0.15, accuracy < 0.93, or weekly; never twice within an hour.
  const sms = allOf(anyOf(driftAbove('tfidf', 0.15), metricBelow('accuracy', 0.93), every('7d')), cooldown('1h'));

  it('explains every decision with the reason of each rule', () => {
    const decision = sms.decide({ ...base, drift: { tfidf: 0.18 }, metrics: { accuracy: 0.95 } });
    expect(decision.action).toBe('retrain');
    expect(decision.reasons.map((reason) => [reason.rule, reason.fired, reason.message])).toEqual([
      ['driftAbove(tfidf, 0.15)', true, 'tfidf drift 0.18 > 0.15'],
      ['metricBelow(accuracy, 0.93)', false, 'accuracy 0.95 ≥ 0.93'],
      ['every(1w)', false, '10h since the last training < 1w'],
      ['cooldown(1h)', true, 'cooled down (10h since the last retrain)'],
    ]);
    expect(sms.decide({ ...base, metrics: { accuracy: 0.9 }, lastRetrainAt: 9.5 * HOUR }).action).toBe('none');
    expect(sms.decide({ ...base, metrics: { accuracy: 0.9 } }).action).toBe('retrain');
    expect(sms.decide({ ...base, now: 8 * 24 * HOUR }).action).toBe('retrain');
  });

  it('treats thresholds strictly and missing measures as not firing', () => {
    expect(driftAbove('dataset', 0.5).decide({ ...base, drift: { dataset: 0.5 } }).action).toBe('none');
    expect(metricBelow('f1', 0.85).decide({ ...base, metrics: { f1: 0.85 } }).action).toBe('none');
    expect(metricBelow('f1', 0.85).decide({ ...base, metrics: { f1: 0.8499 } }).action).toBe('retrain');
    expect(metricBelow('f1', 0.85).decide(base).reasons[0].message).toBe('no live f1 yet');
    expect(every('1d').decide({ ...base, modelTrainedAt: undefined, lastRetrainAt: undefined }).action).toBe('retrain');
    expect(allOf().decide(base).action).toBe('none');
    expect(not(minSamples(100)).decide({ ...base, newSamples: 5 }).action).toBe('retrain');
  });

  it('round-trips through JSON and stays pure', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(1000),
        fc.nat(20 * 24),
        (drift, accuracy, samples, hours) => {
          const context = {
            ...base,
            now: hours * HOUR,
            drift: { tfidf: drift },
            metrics: { accuracy },
            newSamples: samples,
          };
          const policy = allOf(sms, not(minSamples(0)), anyOf(minSamples(10)));
          const restored = retrainPolicyFromJSON(JSON.parse(JSON.stringify(policy)));
          expect(restored.decide(context)).toEqual(policy.decide(context));
          expect(policy.decide(context)).toEqual(policy.decide(context));
        },
      ),
    );
  });

  it('rejects malformed configs naming the path', () => {
    expect(() =>
      retrainPolicyFromJSON({
        rule: 'anyOf',
        policies: [
          { rule: 'driftAbove', measure: 'x', threshold: 0.1 },
          { rule: 'metricBelow', metric: 'f1', threshold: 'high' },
        ],
      }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'policies[1].threshold' }));
    expect(() => retrainPolicyFromJSON({ rule: 'sometimes' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => every('soon' as '1h')).toThrowError(expect.objectContaining({ field: 'every.duration' }));
    expect(parseDuration('1.5h')).toBe(1.5 * HOUR);
    expect(() => parseDuration(-1)).toThrow();
  });
});

describe('promotion policy', () => {
  const policy = createPromotionPolicy({
    gates: [
      { metric: 'recall', min: 0.7 },
      { metric: 'f1', min: 0.6 },
    ],
    compare: { metric: 'accuracy' },
    minImprovement: 0.01,
  });

  it('requires the gates, then a strict improvement of more than minImprovement', () => {
    const champion = { version: 1, metrics: { accuracy: 0.95, recall: 0.8, f1: 0.8 } };
    expect(
      policy.decide({ champion, challenger: { metrics: { accuracy: 0.99, recall: 0.65, f1: 0.9 } } }),
    ).toMatchObject({ action: 'keep' });
    expect(policy.decide({ champion, challenger: { metrics: { accuracy: 0.96, recall: 0.8, f1: 0.8 } } }).action).toBe(
      'keep',
    );
    expect(
      policy.decide({ champion, challenger: { metrics: { accuracy: 0.9601, recall: 0.8, f1: 0.8 } } }).action,
    ).toBe('promote');
    expect(policy.decide({ challenger: { metrics: { accuracy: 0.5, recall: 0.8, f1: 0.7 } } }).action).toBe('promote');
    const missing = policy.decide({ champion, challenger: { metrics: { accuracy: 0.99, f1: 0.9 } } });
    expect(missing.action).toBe('keep');
    expect(missing.reasons[0]).toEqual({
      rule: 'gate recall ≥ 0.7',
      passed: false,
      message: 'challenger has no recall',
    });
  });

  it('applies the tie rule and minimisation', () => {
    const byLatency = createPromotionPolicy({
      compare: { metric: 'accuracy' },
      tie: { metric: 'latencyMs', goal: 'minimize' },
      tieTolerance: 0.001,
    });
    const champion = { metrics: { accuracy: 0.95, latencyMs: 12 } };
    expect(byLatency.decide({ champion, challenger: { metrics: { accuracy: 0.9505, latencyMs: 8 } } }).action).toBe(
      'promote',
    );
    expect(byLatency.decide({ champion, challenger: { metrics: { accuracy: 0.9505, latencyMs: 20 } } }).action).toBe(
      'keep',
    );
    const loss = createPromotionPolicy({ compare: { metric: 'logLoss', goal: 'minimize' } });
    expect(
      loss.decide({ champion: { metrics: { logLoss: 0.3 } }, challenger: { metrics: { logLoss: 0.2 } } }).action,
    ).toBe('promote');
    expect(
      loss.decide({ champion: { metrics: { logLoss: 0.3 } }, challenger: { metrics: { logLoss: Number.NaN } } }).action,
    ).toBe('keep');
  });

  it('validates options', () => {
    expect(() => createPromotionPolicy({ gates: [{ metric: 'f1' }] })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'gates[0]' }),
    );
    expect(() => createPromotionPolicy({ minImprovement: -1 })).toThrowError(
      expect.objectContaining({ field: 'minImprovement' }),
    );
  });
});
