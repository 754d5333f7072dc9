import { type EstimatorV1, InvalidArgumentError, type Label, parseOrThrow } from '@mloop/core';
import { z } from 'zod';
import { checkLabels, sortLabels } from '../shared/class-labels';
import { FittedEstimator } from '../shared/fitted-estimator';
import { corruptState, readModelDocument } from '../shared/model-json';

/** LabelEncoder has no params; the schema accepts only an empty object. */
export const labelEncoderParamsSchema = z.object({}).strict();

/** Params of {@link LabelEncoder} (none). */
export type LabelEncoderParams = z.input<typeof labelEncoderParamsSchema>;

const stateSchema = z
  .object({ classes: z.union([z.array(z.string()).min(1), z.array(z.number().finite()).min(1)]) })
  .strict();

/** The JSON form of a fitted {@link LabelEncoder}. */
export interface LabelEncoderStateJSON {
  /** The sorted classes; a label's code is its position. */
  classes: Label[];
}

/**
 * Encodes labels as integers 0 … k−1 in sorted class order (numbers ascending, strings by code
 * point), as scikit-learn's `LabelEncoder`. It works on a label vector, not on a feature matrix,
 * so it is not run through the matrix common checks.
 *
 * @example
 * ```ts
 * import { LabelEncoder } from '@mloop/models';
 *
 * const encoder = new LabelEncoder().fit(['spam', 'ham', 'ham']);
 * encoder.transform(['ham', 'spam']); // [0, 1]
 * encoder.inverseTransform([1]); // ['spam']
 * ```
 */
export class LabelEncoder
  extends FittedEstimator<'LabelEncoder', LabelEncoderParams, FittedClasses, LabelEncoderStateJSON>
  implements EstimatorV1<LabelEncoderParams>
{
  /** The kind written in model documents. */
  static readonly kind = 'LabelEncoder';
  /** The params schema (zod). */
  static readonly paramsSchema = labelEncoderParamsSchema;

  /** The kind written in model documents. */
  readonly kind = LabelEncoder.kind;
  /** The params (none); frozen. */
  readonly params: Readonly<LabelEncoderParams>;

  /**
   * @param params None; anything else is refused.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for an unknown param.
   */
  constructor(params: LabelEncoderParams = {}) {
    super();
    this.params = Object.freeze(parseOrThrow(labelEncoderParamsSchema, params, 'LabelEncoder params', ['params']));
  }

  /**
   * Learns the sorted classes.
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for no labels, or labels that are not all strings or all finite numbers.
   */
  fit(y: readonly Label[]): this {
    const labels = checkLabels(y, Array.isArray(y) ? y.length : 0, 'LabelEncoder');
    if (labels.length === 0) throw new InvalidArgumentError({ message: 'LabelEncoder: y is empty.', field: 'y' });
    this.setState(fittedClasses(sortLabels(labels)));
    return this;
  }

  /**
   * The code of each label.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a label not seen in training.
   */
  transform(y: readonly Label[]): number[] {
    const { codes } = this.fitted('transform');
    return Array.from(y, (label, i) => {
      const code = codes.get(label);
      if (code === undefined) {
        throw new InvalidArgumentError({
          message: `LabelEncoder: y[${i}] = ${JSON.stringify(label)} was not seen in training.`,
          field: `y[${i}]`,
        });
      }
      return code;
    });
  }

  /** `fit(y).transform(y)`. */
  fitTransform(y: readonly Label[]): number[] {
    return this.fit(y).transform(y);
  }

  /**
   * The label of each code.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for a code outside 0 … k−1.
   */
  inverseTransform(codes: ArrayLike<number>): Label[] {
    const { classes } = this.fitted('inverseTransform');
    return Array.from(codes, (code, i) => {
      if (!Number.isInteger(code) || code < 0 || code >= classes.length) {
        throw new InvalidArgumentError({
          message: `LabelEncoder: code ${code} at ${i} is not in 0…${classes.length - 1}.`,
          field: `codes[${i}]`,
        });
      }
      return classes[code];
    });
  }

  /**
   * The sorted classes (sklearn `classes_`); a copy.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get classes(): Label[] {
    return [...this.fitted('classes').classes];
  }

  /** A new, unfitted encoder. */
  clone(): LabelEncoder {
    return new LabelEncoder();
  }

  protected stateJSON({ classes }: FittedClasses): LabelEncoderStateJSON {
    return { classes: [...classes] };
  }

  /**
   * Rebuilds an encoder from {@link LabelEncoder.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a wrong kind or format version, or a malformed state.
   */
  static fromJSON(json: unknown): LabelEncoder {
    const kind = LabelEncoder.kind;
    const { state } = readModelDocument(json, { kind, paramsSchema: labelEncoderParamsSchema, stateSchema });
    const encoder = new LabelEncoder();
    if (state === null) return encoder;
    const sorted = sortLabels(state.classes as Label[]);
    if (sorted.length !== state.classes.length || sorted.some((label, i) => label !== state.classes[i])) {
      corruptState(kind, 'classes must be distinct and sorted');
    }
    encoder.setState(fittedClasses(sorted));
    return encoder;
  }
}

/** The sorted classes and each one's code. */
interface FittedClasses {
  readonly classes: Label[];
  readonly codes: Map<Label, number>;
}

function fittedClasses(classes: Label[]): FittedClasses {
  return { classes, codes: new Map(classes.map((label, code) => [label, code])) };
}
