import {
  type CsrMatrix,
  csrSelectRows,
  type EstimatorV1,
  InvalidArgumentError,
  isCsrMatrix,
  type Label,
  type Matrix,
  type MatrixLike,
  parseOrThrow,
  SeededRandom,
  selectRows,
  toMatrix,
} from '@mloop/core';
import { z } from 'zod';
import { checkLabels, sortLabels } from '../shared/class-labels';
import { FittedEstimator } from '../shared/fitted-estimator';
import { readModelDocument } from '../shared/model-json';

/** Params of {@link RandomUnderSampler} (imbalanced-learn's names in camelCase). */
export const randomUnderSamplerParamsSchema = z
  .object({
    /**
     * Which classes shrink: `'auto'` / `'not minority'` (every class but the smallest, down to its
     * size), `'majority'` (only the largest), `'all'`, or a ratio in (0, 1] = minority / majority
     * size after resampling (binary only).
     */
    samplingStrategy: z
      .union([
        z.literal('auto'),
        z.literal('not minority'),
        z.literal('majority'),
        z.literal('all'),
        z.number().gt(0).lte(1),
      ])
      .default('auto'),
    /** Draw with replacement. */
    replacement: z.boolean().default(false),
    /** Seed of the random generator; unset means 0. */
    seed: z.number().int().optional(),
  })
  .strict();

/** Params of {@link RandomUnderSampler} as the user writes them. */
export type RandomUnderSamplerParams = z.input<typeof randomUnderSamplerParamsSchema>;

/** What {@link RandomUnderSampler.fitResample} accepts: dense rows, a CSR matrix or documents. */
export type ResampleInput = MatrixLike | CsrMatrix | readonly string[];

/** The output of {@link RandomUnderSampler.fitResample}. */
export interface Resampled<Input> {
  /** The kept rows, grouped by class in sorted class order. */
  readonly x: Input;
  /** Their labels. */
  readonly y: Label[];
  /** Their positions in the input (imbalanced-learn `sample_indices_`). */
  readonly indices: Int32Array;
}

/** The JSON form of a {@link RandomUnderSampler} after `fitResample`. */
export interface RandomUnderSamplerStateJSON {
  /** Rows kept per class. */
  targetCounts: Record<string, number>;
}

/**
 * Balances classes by dropping random rows of the larger ones, as imbalanced-learn's
 * `RandomUnderSampler` (seeded; classes in sorted order, the untouched classes kept whole and in
 * input order). Inside a {@link Pipeline} it resamples during `fit` only, never when predicting.
 *
 * @example
 * ```ts
 * import { RandomUnderSampler } from '@mloop/models';
 *
 * const { x, y } = new RandomUnderSampler({ seed: 1 }).fitResample([[0], [1], [2], [3]], ['a', 'a', 'a', 'b']);
 * // y: ['a', 'b'] — one row of each class
 * ```
 */
export class RandomUnderSampler
  extends FittedEstimator<
    'RandomUnderSampler',
    RandomUnderSamplerParams,
    Map<Label, number>,
    RandomUnderSamplerStateJSON
  >
  implements EstimatorV1<RandomUnderSamplerParams>
{
  /** The kind written in model documents. */
  static readonly kind = 'RandomUnderSampler';
  /** The params schema (zod). */
  static readonly paramsSchema = randomUnderSamplerParamsSchema;

  /** The kind written in model documents. */
  readonly kind = RandomUnderSampler.kind;
  /** The validated params; frozen. */
  readonly params: Readonly<z.output<typeof randomUnderSamplerParamsSchema>>;

  /**
   * @param params See {@link randomUnderSamplerParamsSchema}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the bad param.
   */
  constructor(params: RandomUnderSamplerParams = {}) {
    super();
    this.params = Object.freeze(
      parseOrThrow(randomUnderSamplerParamsSchema, params, 'RandomUnderSampler params', ['params']),
    );
  }

  /**
   * Draws the balanced subset. Each call draws afresh from `seed`, so the same input gives the
   * same output.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty input, a label count that differs
   *   from the row count, one class only, or a ratio strategy with more than two classes.
   */
  fitResample<Input extends ResampleInput>(x: Input, y: readonly Label[]): Resampled<Input> {
    const rows = rowCountOf(x);
    const labels = checkLabels(y, rows, 'RandomUnderSampler');
    if (rows === 0) throw new InvalidArgumentError({ message: 'RandomUnderSampler: x is empty.', field: 'x' });
    const classes = sortLabels(labels);
    if (classes.length < 2) {
      throw new InvalidArgumentError({
        message: `RandomUnderSampler needs at least two classes; y holds only ${JSON.stringify(classes[0])}.`,
        field: 'y',
      });
    }
    const members = new Map<Label, number[]>(classes.map((label) => [label, []]));
    labels.forEach((label, i) => {
      members.get(label)?.push(i);
    });
    const sizes = classes.map((label) => (members.get(label) as number[]).length);
    const minority = Math.min(...sizes);
    const majority = Math.max(...sizes);
    const strategy = this.params.samplingStrategy;
    const targets = new Map<Label, number>();
    classes.forEach((label, k) => {
      const size = sizes[k];
      let target = size;
      if (typeof strategy === 'number') {
        if (classes.length !== 2) {
          throw new InvalidArgumentError({
            message: 'RandomUnderSampler: a numeric samplingStrategy is for two classes only.',
            field: 'params.samplingStrategy',
          });
        }
        if (size === majority && size !== minority) target = Math.floor(minority / strategy);
      } else if (strategy === 'all') target = minority;
      else if (strategy === 'majority') target = size === majority ? minority : size;
      else target = size === minority ? size : minority;
      targets.set(label, Math.min(size, target));
    });
    const rng = new SeededRandom(this.params.seed ?? 0);
    const kept: number[] = [];
    for (const label of classes) {
      const rowsOfClass = members.get(label) as number[];
      const target = targets.get(label) as number;
      if (target === rowsOfClass.length) {
        kept.push(...rowsOfClass);
      } else if (this.params.replacement) {
        for (let i = 0; i < target; i++) kept.push(rowsOfClass[rng.nextInt(rowsOfClass.length)]);
      } else {
        for (const pick of rng.sampleWithoutReplacement(rowsOfClass.length, target)) kept.push(rowsOfClass[pick]);
      }
    }
    this.setState(targets);
    const indices = Int32Array.from(kept);
    return { x: takeRows(x, indices) as Input, y: kept.map((i) => labels[i]), indices };
  }

  /**
   * A new sampler with the same params, some overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<RandomUnderSamplerParams> = {}): RandomUnderSampler {
    return new RandomUnderSampler({ ...this.params, ...overrides });
  }

  /** The state records the last resampling's class sizes. @hidden */
  protected stateJSON(counts: Map<Label, number>): RandomUnderSamplerStateJSON {
    return { targetCounts: Object.fromEntries([...counts].map(([label, count]) => [String(label), count])) };
  }

  /**
   * Rebuilds a sampler from {@link RandomUnderSampler.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a wrong kind or format version, or malformed params.
   */
  static fromJSON(json: unknown): RandomUnderSampler {
    const { params, state } = readModelDocument(json, {
      kind: RandomUnderSampler.kind,
      paramsSchema: randomUnderSamplerParamsSchema,
      stateSchema: z.object({ targetCounts: z.record(z.string(), z.number().int().min(0)) }).strict(),
    });
    const sampler = new RandomUnderSampler(params);
    if (state) sampler.setState(new Map(Object.entries(state.targetCounts)));
    return sampler;
  }
}

function rowCountOf(x: ResampleInput): number {
  if (isCsrMatrix(x)) return x.rows;
  if (Array.isArray(x)) return x.length;
  return toMatrix(x as MatrixLike).rows;
}

function takeRows(x: ResampleInput, indices: Int32Array): Matrix | CsrMatrix | string[] | number[][] {
  if (isCsrMatrix(x)) return csrSelectRows(x, indices);
  if (Array.isArray(x) && (x.length === 0 || typeof x[0] === 'string')) {
    return Array.from(indices, (i) => (x as readonly string[])[i]);
  }
  return selectRows(toMatrix(x as MatrixLike), indices);
}
