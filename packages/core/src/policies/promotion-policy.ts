import { z } from 'zod';
import { parseOrThrow } from '../errors/from-zod';
import type {
  PromotionCandidateV1,
  PromotionContextV1,
  PromotionDecisionV1,
  PromotionPolicyV1,
  PromotionReasonV1,
} from '../spec/promotion-policy/v1/promotion-policy-v1';

const finite = z.number().refine(Number.isFinite, 'must be finite');

/** Options of {@link createPromotionPolicy}, validated with zod. */
export const promotionPolicyOptionsSchema = z
  .object({
    /** Absolute thresholds the challenger must meet to be a candidate at all, e.g. `{ metric: 'recall', min: 0.7 }`. */
    gates: z
      .array(
        z
          .object({ metric: z.string().min(1), min: finite.optional(), max: finite.optional() })
          .strict()
          .refine((gate) => gate.min !== undefined || gate.max !== undefined, 'a gate needs min or max'),
      )
      .default([]),
    /** The metric compared with the champion, and whether higher is better. */
    compare: z
      .object({
        metric: z.string().min(1),
        goal: z.union([z.literal('maximize'), z.literal('minimize')]).default('maximize'),
      })
      .strict()
      .optional(),
    /**
     * How much better the challenger must be, in the metric's units (0.01 = one accuracy point).
     * Promotion needs a strict improvement of more than this.
     */
    minImprovement: z.number().min(0).default(0),
    /**
     * What to do when the difference is within `tieTolerance`: keep the champion (default), promote
     * the challenger, or decide by a second metric.
     */
    tie: z
      .union([
        z.literal('keep'),
        z.literal('promote'),
        z
          .object({
            metric: z.string().min(1),
            goal: z.union([z.literal('maximize'), z.literal('minimize')]).default('maximize'),
          })
          .strict(),
      ])
      .default('keep'),
    /** Differences at most this large count as a tie; default 0 (only exact equality). */
    tieTolerance: z.number().min(0).default(0),
  })
  .strict();

/** Options of {@link createPromotionPolicy} as the user writes them. */
export type PromotionPolicyOptions = z.input<typeof promotionPolicyOptionsSchema>;

function metricOf(candidate: PromotionCandidateV1, metric: string): number | undefined {
  const value = candidate.metrics[metric];
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

const show = (value: number) => String(Number(value.toPrecision(6)));

/**
 * Champion vs challenger on the same holdout: the challenger must pass every gate, then beat the
 * champion on `compare.metric` by more than `minImprovement`; within `tieTolerance` the tie rule
 * decides. With no champion, passing the gates is enough. A metric a rule needs but a candidate
 * lacks (or is NaN) fails that rule. Pure.
 *
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the bad option.
 * @example
 * // The SMS scenario: deploy only when accuracy improves by more than one point.
 * const policy = createPromotionPolicy({ gates: [{ metric: 'recall', min: 0.7 }], compare: { metric: 'accuracy' }, minImprovement: 0.01 });
 */
export function createPromotionPolicy(options: PromotionPolicyOptions = {}): PromotionPolicyV1 {
  const parsed = parseOrThrow(promotionPolicyOptionsSchema, options, 'promotion policy');
  return {
    specificationVersion: 'v1',
    decide(context: PromotionContextV1): PromotionDecisionV1 {
      const reasons: PromotionReasonV1[] = [];
      for (const gate of parsed.gates) {
        const value = metricOf(context.challenger, gate.metric);
        const bounds = [gate.min !== undefined ? `≥ ${gate.min}` : '', gate.max !== undefined ? `≤ ${gate.max}` : '']
          .filter(Boolean)
          .join(' and ');
        const rule = `gate ${gate.metric} ${bounds}`;
        if (value === undefined) {
          reasons.push({ rule, passed: false, message: `challenger has no ${gate.metric}` });
          continue;
        }
        const passed = (gate.min === undefined || value >= gate.min) && (gate.max === undefined || value <= gate.max);
        reasons.push({
          rule,
          passed,
          message: `challenger ${gate.metric} ${show(value)} ${passed ? 'meets' : 'misses'} ${bounds}`,
        });
      }
      if (reasons.some((reason) => !reason.passed)) return { action: 'keep', reasons };
      if (!context.champion) {
        reasons.push({
          rule: 'no champion',
          passed: true,
          message: 'there is no champion; a challenger that passes the gates is promoted',
        });
        return { action: 'promote', reasons };
      }
      if (!parsed.compare) {
        reasons.push({
          rule: 'no comparison',
          passed: true,
          message: 'no comparison metric configured; passing the gates is enough',
        });
        return { action: 'promote', reasons };
      }
      const { metric, goal } = parsed.compare;
      const challenger = metricOf(context.challenger, metric);
      const champion = metricOf(context.champion, metric);
      const rule = `improve ${metric} by more than ${parsed.minImprovement} (${goal})`;
      if (challenger === undefined || champion === undefined) {
        reasons.push({
          rule,
          passed: false,
          message: `${challenger === undefined ? 'challenger' : 'champion'} has no ${metric}`,
        });
        return { action: champion === undefined && challenger !== undefined ? 'promote' : 'keep', reasons };
      }
      const delta = goal === 'maximize' ? challenger - champion : champion - challenger;
      if (Math.abs(challenger - champion) <= parsed.tieTolerance) {
        const tie = parsed.tie;
        if (tie === 'keep' || tie === 'promote') {
          reasons.push({
            rule: `tie → ${tie}`,
            passed: tie === 'promote',
            message: `${metric} ties (${show(challenger)} vs ${show(champion)}); the tie rule says ${tie}`,
          });
          return { action: tie, reasons };
        }
        const second = {
          challenger: metricOf(context.challenger, tie.metric),
          champion: metricOf(context.champion, tie.metric),
        };
        const better =
          second.challenger !== undefined &&
          second.champion !== undefined &&
          (tie.goal === 'maximize' ? second.challenger > second.champion : second.challenger < second.champion);
        reasons.push({
          rule: `tie → ${tie.metric} (${tie.goal})`,
          passed: better,
          message: `${metric} ties; on ${tie.metric} the challenger ${better ? 'wins' : 'does not win'} (${second.challenger ?? 'n/a'} vs ${second.champion ?? 'n/a'})`,
        });
        return { action: better ? 'promote' : 'keep', reasons };
      }
      // A relative epsilon so that 0.96 vs 0.95 counts as exactly one point, not 1.0000000000000009.
      const passed = delta > parsed.minImprovement + 1e-12 * Math.max(1, Math.abs(champion));
      reasons.push({
        rule,
        passed,
        message: `challenger ${metric} ${show(challenger)} vs champion ${show(champion)}: ${delta >= 0 ? 'better' : 'worse'} by ${show(Math.abs(delta))}${passed ? '' : `, needs more than ${parsed.minImprovement}`}`,
      });
      return { action: passed ? 'promote' : 'keep', reasons };
    },
  };
}
