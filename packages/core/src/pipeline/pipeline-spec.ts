import { z } from 'zod';

/** What a code stage receives. */
export interface PipelineStageContext {
  /** The stage name. */
  readonly stage: string;
  /** The working directory every path is relative to. */
  readonly cwd: string;
  /** The values of the stage's `params` keys, read from the params file. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Writes a line to the pipeline's log. */
  log(line: string): void;
}

const relativePath = z
  .string()
  .min(1)
  .refine((path) => !path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path) && !path.split(/[\\/]/).includes('..'), {
    message: 'must be a path inside the working directory (relative, no "..")',
  });

const gateSchema = z
  .object({
    /** A metric read from the stage's metrics files. */
    metric: z.string().min(1),
    /** Inclusive lower bound. */
    min: z.number().optional(),
    /** Inclusive upper bound. */
    max: z.number().optional(),
  })
  .strict()
  .refine((gate) => gate.min !== undefined || gate.max !== undefined, {
    message: 'a gate needs min or max',
    path: ['min'],
  });

/** One stage: a shell command (`cmd`) or a function (`run`, code only), with what it reads and writes. */
export const pipelineStageSchema = z
  .object({
    /** Shell command, run in the working directory (YAML pipelines). */
    cmd: z.string().min(1).optional(),
    /** Function to run (pipelines declared in code). */
    run: z.custom<(context: PipelineStageContext) => unknown>((value) => typeof value === 'function').optional(),
    /** Code version; changing it re-runs the stage. Default: the command text, or the function's source. */
    version: z.string().min(1).optional(),
    /** Files or folders the stage reads (its own code included, if you want edits to re-run it). */
    deps: z.array(relativePath).default([]),
    /** Dotted keys of the params file the stage uses, e.g. `train.lr`. */
    params: z.array(z.string().min(1)).default([]),
    /** Files or folders the stage writes; cached in the artifact store when one is given. */
    outs: z.array(relativePath).default([]),
    /** JSON files of metrics the stage writes (outputs too); flat or nested numbers. */
    metrics: z.array(relativePath).default([]),
    /** Quality gates on those metrics: a failing gate marks the stage `gated` and nothing is registered. */
    gates: z.array(gateSchema).default([]),
    /** Registers a model document written by the stage when every gate passes. */
    register: z
      .object({
        /** Registered model name. */
        name: z.string().min(1),
        /** The output file holding the model JSON. */
        model: relativePath,
        /** Alias to move to the new version. */
        alias: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((stage) => (stage.cmd === undefined) !== (stage.run === undefined), {
    message: 'a stage has exactly one of cmd or run',
    path: ['cmd'],
  });

/** A pipeline: named stages in declaration order; order of execution follows their deps and outs. */
export const pipelineSpecSchema = z
  .object({
    stages: z
      .record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'stage names use letters, digits, _ . -'), pipelineStageSchema)
      .refine((stages) => Object.keys(stages).length > 0, 'needs at least one stage'),
  })
  .strict();

/** A pipeline as written. */
export type PipelineSpec = z.input<typeof pipelineSpecSchema>;
/** One stage as written. */
export type PipelineStage = z.input<typeof pipelineStageSchema>;
/** A pipeline after validation. */
export type ResolvedPipelineSpec = z.output<typeof pipelineSpecSchema>;
