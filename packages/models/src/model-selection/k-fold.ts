import { InvalidArgumentError, type Label, SeededRandom, type SplitIndices, stratifiedKFoldIndices } from '@mloop/core';
import { z } from 'zod';

/** Options of {@link KFold} and {@link StratifiedKFold} (sklearn's `n_splits`, `shuffle`, `random_state`). */
export const kFoldOptionsSchema = z
  .object({
    /** Number of folds, at least 2. */
    nSplits: z.number().int().min(2).default(5),
    /** Shuffle before assigning folds (sklearn's default is not to). */
    shuffle: z.boolean().default(false),
    /** Seed of the shuffle; unset means 0. */
    seed: z.number().int().optional(),
  })
  .strict();

/** Options of {@link KFold} and {@link StratifiedKFold}. */
export type KFoldOptions = z.input<typeof kFoldOptionsSchema>;

function parseOptions(options: KFoldOptions, what: string): z.output<typeof kFoldOptionsSchema> {
  const parsed = kFoldOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidArgumentError({
      message: `${what} options: ${issue.path.join('.')}: ${issue.message}`,
      field: String(issue.path[0] ?? 'options'),
    });
  }
  return parsed.data;
}

/**
 * Plain k-fold cross-validation, as scikit-learn's `KFold`: the rows (shuffled when asked) cut
 * into `nSplits` consecutive folds, the first `n mod k` one row larger.
 *
 * @example
 * ```ts
 * import { KFold } from '@mloop/models';
 *
 * for (const { train, test } of new KFold({ nSplits: 3 }).split(9)) console.log(test); // [0,1,2], [3,4,5], [6,7,8]
 * ```
 */
export class KFold {
  /** The validated options. */
  readonly options: Readonly<z.output<typeof kFoldOptionsSchema>>;

  /**
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for `nSplits` < 2 or an unknown option.
   */
  constructor(options: KFoldOptions = {}) {
    this.options = Object.freeze(parseOptions(options, 'KFold'));
  }

  /** Number of folds. */
  getNSplits(): number {
    return this.options.nSplits;
  }

  /**
   * The folds of `n` rows.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when there are fewer rows than folds.
   */
  split(n: number): SplitIndices[] {
    const { nSplits } = this.options;
    if (!Number.isInteger(n) || n < nSplits) {
      throw new InvalidArgumentError({ message: `KFold: ${n} rows cannot make ${nSplits} folds.`, field: 'n' });
    }
    const order = Int32Array.from({ length: n }, (_, i) => i);
    if (this.options.shuffle) new SeededRandom(this.options.seed ?? 0).shuffle(order);
    const folds: SplitIndices[] = [];
    let start = 0;
    for (let f = 0; f < nSplits; f++) {
      const size = Math.floor(n / nSplits) + (f < n % nSplits ? 1 : 0);
      const test = order.slice(start, start + size);
      const train = Int32Array.from([...order.subarray(0, start), ...order.subarray(start + size)]);
      folds.push({ train, test });
      start += size;
    }
    return folds;
  }
}

/**
 * Stratified k-fold cross-validation, as scikit-learn's `StratifiedKFold`: every fold keeps each
 * class in proportion (sizes differ by at most one per class), every row is in exactly one test
 * fold. The allocation follows sklearn's; the shuffle (when asked) comes from `seed`.
 *
 * @example
 * ```ts
 * import { StratifiedKFold } from '@mloop/models';
 *
 * const folds = new StratifiedKFold({ nSplits: 5, shuffle: true, seed: 1 }).split(labels);
 * ```
 */
export class StratifiedKFold {
  /** The validated options. */
  readonly options: Readonly<z.output<typeof kFoldOptionsSchema>>;

  /**
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for `nSplits` < 2 or an unknown option.
   */
  constructor(options: KFoldOptions = {}) {
    this.options = Object.freeze(parseOptions(options, 'StratifiedKFold'));
  }

  /** Number of folds. */
  getNSplits(): number {
    return this.options.nSplits;
  }

  /**
   * The folds for these labels.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when `nSplits` exceeds the size of every class.
   */
  split(y: readonly Label[]): SplitIndices[] {
    return stratifiedKFoldIndices(y, this.options);
  }
}
