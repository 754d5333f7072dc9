import { z } from 'zod';

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const finite = z.number().finite();

const constantSchema = z.object({ distribution: z.literal('constant').optional(), value: scalar }).strict();
const categoricalSchema = z
  .object({
    distribution: z.union([z.literal('categorical'), z.literal('categorical_w_probabilities')]).optional(),
    values: z.array(scalar).min(1),
    probabilities: z.array(z.number().min(0)).optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (spec.probabilities === undefined) return;
    if (spec.probabilities.length !== spec.values.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['probabilities'],
        message: `needs one probability per value (${spec.values.length})`,
      });
    } else if (Math.abs(spec.probabilities.reduce((a, b) => a + b, 0) - 1) > 1e-9) {
      ctx.addIssue({ code: 'custom', path: ['probabilities'], message: 'must sum to 1' });
    }
  });
const rangeDistribution = z.union([
  z.literal('uniform'),
  z.literal('int_uniform'),
  z.literal('q_uniform'),
  z.literal('log_uniform'),
  z.literal('log_uniform_values'),
  z.literal('q_log_uniform_values'),
  z.literal('inv_log_uniform_values'),
]);
const rangeSchema = z
  .object({ distribution: rangeDistribution.optional(), min: finite, max: finite, q: z.number().positive().optional() })
  .strict()
  .superRefine((spec, ctx) => {
    if (!(spec.min < spec.max))
      ctx.addIssue({ code: 'custom', path: ['max'], message: `must be greater than min (${spec.min})` });
    const logValues =
      spec.distribution === 'log_uniform_values' ||
      spec.distribution === 'q_log_uniform_values' ||
      spec.distribution === 'inv_log_uniform_values';
    if (logValues && !(spec.min > 0))
      ctx.addIssue({ code: 'custom', path: ['min'], message: `must be > 0 for ${spec.distribution}` });
    if (spec.distribution === 'int_uniform' && !(Number.isInteger(spec.min) && Number.isInteger(spec.max))) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'int_uniform needs integer min and max' });
    }
    if ((spec.distribution === 'q_uniform' || spec.distribution === 'q_log_uniform_values') && spec.q === undefined) {
      ctx.addIssue({ code: 'custom', path: ['q'], message: `${spec.distribution} needs q` });
    }
  });
const normalSchema = z
  .object({
    distribution: z.union([z.literal('normal'), z.literal('log_normal')]),
    mu: finite.default(0),
    sigma: z.number().positive().default(1),
  })
  .strict();

/**
 * One searchable (or constant) parameter, as in a W&B sweep config: `{ value }`, `{ values }`
 * (optionally with `probabilities`), `{ min, max }` (int_uniform when both are integers, uniform
 * otherwise) or an explicit `distribution` — uniform, int_uniform, q_uniform, log_uniform (min and
 * max are natural-log exponents, as in W&B), log_uniform_values, q_log_uniform_values,
 * inv_log_uniform_values, normal and log_normal (`mu`, `sigma`).
 */
export const sweepParameterSchema = z.union([constantSchema, categoricalSchema, rangeSchema, normalSchema]);

/** Hyperband early termination (W&B semantics): brackets at `minIter·eta^k`, or from `maxIter` and `s`. */
const hyperbandSchema = z
  .object({
    type: z.literal('hyperband'),
    minIter: z.number().int().min(1).optional(),
    maxIter: z.number().int().min(1).optional(),
    s: z.number().int().min(1).optional(),
    eta: z.number().gt(1).default(3),
    strict: z.boolean().default(true),
  })
  .strict()
  .refine((spec) => spec.minIter !== undefined || (spec.maxIter !== undefined && spec.s !== undefined), {
    message: 'hyperband needs minIter, or maxIter and s',
    path: ['minIter'],
  });

/**
 * Median stopping (Vizier): after `minIter` reports, a trial whose best value so far is worse
 * than the median of the other trials' best values at the same report is stopped, once at least
 * `minTrials` other trials reached it.
 */
const medianSchema = z
  .object({
    type: z.literal('median'),
    minIter: z.number().int().min(1).default(3),
    minTrials: z.number().int().min(1).default(3),
  })
  .strict();

/** A sweep definition, in the shape of a W&B sweep config with camelCase keys. */
export const sweepConfigSchema = z
  .object({
    /** Name, used for the sweep's id and run names. */
    name: z.string().min(1).max(200).default('sweep'),
    method: z.union([z.literal('grid'), z.literal('random'), z.literal('bayes')]),
    metric: z
      .object({
        name: z.string().min(1),
        goal: z.union([z.literal('minimize'), z.literal('maximize')]).default('minimize'),
        target: finite.optional(),
      })
      .strict(),
    parameters: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'parameter names start with a letter or _'),
        sweepParameterSchema,
      )
      .refine((parameters) => Object.keys(parameters).length > 0, 'needs at least one parameter'),
    earlyTerminate: z.union([hyperbandSchema, medianSchema]).optional(),
    runCap: z.number().int().min(1).max(100_000).optional(),
    randomizeOrder: z.boolean().default(false),
  })
  .strict();

/** A sweep config as written (see {@link sweepConfigSchema}). */
export type SweepConfig = z.input<typeof sweepConfigSchema>;
/** A sweep config after validation, defaults filled in. */
export type ResolvedSweepConfig = z.output<typeof sweepConfigSchema>;
/** One parameter of a sweep config. */
export type SweepParameter = z.input<typeof sweepParameterSchema>;
/** A parameter value a trial receives. */
export type SweepValue = string | number | boolean;
