import { z } from 'zod';
import { invalidArgumentFromZod } from '../errors/from-zod';
import type {
  RetrainContextV1,
  RetrainDecisionV1,
  RetrainPolicyJSONV1,
  RetrainPolicyV1,
  RetrainReasonV1,
} from '../spec/retrain-policy/v1/retrain-policy-v1';
import { type Duration, formatDuration, parseDuration } from './duration';

/** One evaluated rule: whether it fired and every reason gathered below it. */
interface Evaluation {
  readonly fired: boolean;
  readonly reasons: RetrainReasonV1[];
}

/**
 * A retrain policy built from combinators. Pure: the same context always gives the same decision,
 * and every rule evaluated reports a reason, fired or not.
 */
class CompositePolicy implements RetrainPolicyV1 {
  readonly specificationVersion = 'v1' as const;
  readonly #json: RetrainPolicyJSONV1;
  readonly #evaluate: (context: RetrainContextV1) => Evaluation;

  constructor(json: RetrainPolicyJSONV1, evaluate: (context: RetrainContextV1) => Evaluation) {
    this.#json = json;
    this.#evaluate = evaluate;
  }

  /** @internal */
  evaluate(context: RetrainContextV1): Evaluation {
    return this.#evaluate(context);
  }

  decide(context: RetrainContextV1): RetrainDecisionV1 {
    const { fired, reasons } = this.#evaluate(context);
    return { action: fired ? 'retrain' : 'none', reasons };
  }

  toJSON(): RetrainPolicyJSONV1 {
    return this.#json;
  }
}

const leaf = (json: RetrainPolicyJSONV1, evaluate: (context: RetrainContextV1) => RetrainReasonV1): CompositePolicy =>
  new CompositePolicy(json, (context) => {
    const reason = evaluate(context);
    return { fired: reason.fired, reasons: [reason] };
  });

const format = (value: number) => (Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4))));

/** Retrain when drift measure `measure` (e.g. `'dataset'`, `'tfidf'`) is strictly above `threshold`. */
export function driftAbove(measure: string, threshold: number): RetrainPolicyV1 {
  const rule = `driftAbove(${measure}, ${threshold})`;
  return leaf({ rule: 'driftAbove', measure, threshold }, (context) => {
    const value = context.drift[measure];
    if (value === undefined || Number.isNaN(value))
      return { rule, fired: false, message: `no ${measure} drift measure in this check`, threshold };
    return {
      rule,
      fired: value > threshold,
      message: `${measure} drift ${format(value)} ${value > threshold ? '>' : '≤'} ${threshold}`,
      value,
      threshold,
    };
  });
}

/** Retrain when live metric `name` (e.g. `'f1'`, `'accuracy'`) is strictly below `threshold`. */
export function metricBelow(name: string, threshold: number): RetrainPolicyV1 {
  const rule = `metricBelow(${name}, ${threshold})`;
  return leaf({ rule: 'metricBelow', metric: name, threshold }, (context) => {
    const value = context.metrics[name];
    if (value === undefined || Number.isNaN(value))
      return { rule, fired: false, message: `no live ${name} yet`, threshold };
    return {
      rule,
      fired: value < threshold,
      message: `${name} ${format(value)} ${value < threshold ? '<' : '≥'} ${threshold}`,
      value,
      threshold,
    };
  });
}

/** Retrain on a schedule: when at least `duration` has passed since the last retrain (or since the model was trained). */
export function every(duration: Duration): RetrainPolicyV1 {
  const durationMs = parseDuration(duration, 'every.duration');
  const rule = `every(${formatDuration(durationMs)})`;
  return leaf({ rule: 'every', durationMs }, (context) => {
    const since = context.lastRetrainAt ?? context.modelTrainedAt;
    if (since === undefined) return { rule, fired: true, message: 'no model trained yet', threshold: durationMs };
    const elapsed = context.now - since;
    return {
      rule,
      fired: elapsed >= durationMs,
      message: `${formatDuration(Math.max(0, elapsed))} since the last training ${elapsed >= durationMs ? '≥' : '<'} ${formatDuration(durationMs)}`,
      value: elapsed,
      threshold: durationMs,
    };
  });
}

/** Holds when at least `n` new labelled samples arrived since the last retrain (use inside `allOf`). */
export function minSamples(n: number): RetrainPolicyV1 {
  const rule = `minSamples(${n})`;
  return leaf({ rule: 'minSamples', n }, (context) => ({
    rule,
    fired: context.newSamples >= n,
    message: `${context.newSamples} new samples ${context.newSamples >= n ? '≥' : '<'} ${n}`,
    value: context.newSamples,
    threshold: n,
  }));
}

/** Holds when the last retrain started at least `duration` ago (or never): a gate inside `allOf`. */
export function cooldown(duration: Duration): RetrainPolicyV1 {
  const durationMs = parseDuration(duration, 'cooldown.duration');
  const rule = `cooldown(${formatDuration(durationMs)})`;
  return leaf({ rule: 'cooldown', durationMs }, (context) => {
    if (context.lastRetrainAt === undefined)
      return { rule, fired: true, message: 'never retrained', threshold: durationMs };
    const elapsed = context.now - context.lastRetrainAt;
    return {
      rule,
      fired: elapsed >= durationMs,
      message:
        elapsed >= durationMs
          ? `cooled down (${formatDuration(elapsed)} since the last retrain)`
          : `cooling down: ${formatDuration(Math.max(0, elapsed))} of ${formatDuration(durationMs)} since the last retrain`,
      value: elapsed,
      threshold: durationMs,
    };
  });
}

function asComposite(policy: RetrainPolicyV1): CompositePolicy {
  return policy instanceof CompositePolicy
    ? policy
    : new CompositePolicy(policy.toJSON(), (context) => {
        const decision = policy.decide(context);
        return { fired: decision.action === 'retrain', reasons: [...decision.reasons] };
      });
}

/** Fires when any child fires (every child is evaluated, so every reason is reported). */
export function anyOf(...policies: RetrainPolicyV1[]): RetrainPolicyV1 {
  const children = policies.map(asComposite);
  return new CompositePolicy({ rule: 'anyOf', policies: children.map((child) => child.toJSON()) }, (context) => {
    const results = children.map((child) => child.evaluate(context));
    return { fired: results.some((result) => result.fired), reasons: results.flatMap((result) => result.reasons) };
  });
}

/** Fires when every child fires (an empty `allOf` never fires). */
export function allOf(...policies: RetrainPolicyV1[]): RetrainPolicyV1 {
  const children = policies.map(asComposite);
  return new CompositePolicy({ rule: 'allOf', policies: children.map((child) => child.toJSON()) }, (context) => {
    const results = children.map((child) => child.evaluate(context));
    return {
      fired: results.length > 0 && results.every((result) => result.fired),
      reasons: results.flatMap((result) => result.reasons),
    };
  });
}

/** Fires when the child does not. */
export function not(policy: RetrainPolicyV1): RetrainPolicyV1 {
  const child = asComposite(policy);
  return new CompositePolicy({ rule: 'not', policy: child.toJSON() }, (context) => {
    const result = child.evaluate(context);
    return {
      fired: !result.fired,
      reasons: result.reasons.map((reason) => ({ ...reason, rule: `not(${reason.rule})`, fired: !reason.fired })),
    };
  });
}

const finite = z.number().refine(Number.isFinite, 'must be finite');
const policyJsonSchema: z.ZodType<RetrainPolicyJSONV1> = z.lazy(() =>
  z.discriminatedUnion('rule', [
    z.object({ rule: z.literal('driftAbove'), measure: z.string().min(1), threshold: finite }).strict(),
    z.object({ rule: z.literal('metricBelow'), metric: z.string().min(1), threshold: finite }).strict(),
    z.object({ rule: z.literal('every'), durationMs: z.number().min(0) }).strict(),
    z.object({ rule: z.literal('minSamples'), n: z.number().int().min(0) }).strict(),
    z.object({ rule: z.literal('cooldown'), durationMs: z.number().min(0) }).strict(),
    z.object({ rule: z.literal('anyOf'), policies: z.array(policyJsonSchema) }).strict(),
    z.object({ rule: z.literal('allOf'), policies: z.array(policyJsonSchema) }).strict(),
    z.object({ rule: z.literal('not'), policy: policyJsonSchema }).strict(),
  ]),
);

function build(json: RetrainPolicyJSONV1): RetrainPolicyV1 {
  switch (json.rule) {
    case 'driftAbove':
      return driftAbove(json.measure, json.threshold);
    case 'metricBelow':
      return metricBelow(json.metric, json.threshold);
    case 'every':
      return every(json.durationMs);
    case 'minSamples':
      return minSamples(json.n);
    case 'cooldown':
      return cooldown(json.durationMs);
    case 'anyOf':
      return anyOf(...json.policies.map(build));
    case 'allOf':
      return allOf(...json.policies.map(build));
    case 'not':
      return not(build(json.policy));
  }
}

/**
 * Builds a policy from its JSON form (a config file), the inverse of `toJSON()`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the path of the first bad node, e.g. `policies[1].threshold`.
 * @example
 * const policy = retrainPolicyFromJSON({ rule: 'anyOf', policies: [{ rule: 'driftAbove', measure: 'tfidf', threshold: 0.15 }, { rule: 'metricBelow', metric: 'accuracy', threshold: 0.93 }] });
 */
export function retrainPolicyFromJSON(json: unknown): RetrainPolicyV1 {
  const result = policyJsonSchema.safeParse(json);
  if (!result.success) throw invalidArgumentFromZod(result.error, 'retrain policy');
  return build(result.data);
}
