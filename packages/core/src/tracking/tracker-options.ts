import { z } from 'zod';

/** Options of the tracker facade, validated with zod. */
export const trackerFacadeOptionsSchema = z
  .object({
    /** Buffered metrics are sent at least this often, in ms; default 1,000. */
    flushIntervalMs: z.number().int().min(1).max(3_600_000).default(1000),
    /** Experiment used by `startRun` when none is named; default `'default'`. */
    defaultExperiment: z.string().min(1).max(256).default('default'),
  })
  .strict();

/** Options of the tracker facade as the user writes them. */
export type TrackerFacadeOptions = z.input<typeof trackerFacadeOptionsSchema>;

/** Options of `startRun`, validated with zod. */
export const startRunOptionsSchema = z
  .object({
    /** Experiment name; created on first use. Default: the facade's `defaultExperiment`. */
    experiment: z.string().min(1).max(256).optional(),
    /** Run display name. */
    name: z.string().min(1).max(500).optional(),
    /** Params logged at start. */
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    /** Tags set at start. */
    tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict();

/** Options of `startRun`. */
export type StartRunOptions = z.input<typeof startRunOptionsSchema>;
