import {
  MODEL_JSON_FORMAT,
  MODEL_JSON_FORMAT_VERSION,
  type ModelJSONV1,
  parseOrThrow,
  SerializationError,
} from '@mloop/core';
import { z } from 'zod';
import { PRODUCER } from '../version';

/** A number in a model document: finite numbers as is, non-finite ones as strings. */
export const jsonNumberSchema = z.union([
  z.number(),
  z.literal('NaN').transform(() => Number.NaN),
  z.literal('Infinity').transform(() => Number.POSITIVE_INFINITY),
  z.literal('-Infinity').transform(() => Number.NEGATIVE_INFINITY),
]);

/** An array of document numbers, read into a `Float64Array`. */
export const float64ArraySchema = z.array(jsonNumberSchema).transform((values) => Float64Array.from(values));

/** An array of finite numbers, read into a `Float64Array`. */
export const finiteFloat64ArraySchema = z.array(z.number()).transform((values) => Float64Array.from(values));

/** An array of integers, read into an `Int32Array`. */
export const int32ArraySchema = z
  .array(z.number().int().min(-2147483648).max(2147483647))
  .transform((values) => Int32Array.from(values));

/** Writes numbers for a model document (non-finite values become strings). */
export function encodeNumbers(values: ArrayLike<number>): (number | string)[] {
  const out: (number | string)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    out[i] = Number.isFinite(value) ? value : String(value);
  }
  return out;
}

/** Builds the model document of an estimator. */
export function modelDocument<Kind extends string, Params, State>(
  kind: Kind,
  params: Params,
  state: State | null,
): ModelJSONV1<Kind, Params, State> {
  return {
    format: MODEL_JSON_FORMAT,
    formatVersion: MODEL_JSON_FORMAT_VERSION,
    kind,
    producer: PRODUCER,
    params,
    state,
  };
}

const envelopeSchema = z.object({
  format: z.string(),
  formatVersion: z.number(),
  kind: z.string(),
  producer: z.string().optional(),
  params: z.unknown(),
  state: z.unknown(),
});

/** What {@link readModelDocument} needs to know about the class being restored. */
export interface ReadModelDocumentOptions<ParamsSchema extends z.ZodType, StateSchema extends z.ZodType> {
  /** The class's `kind`. */
  readonly kind: string;
  /** The class's params schema. */
  readonly paramsSchema: ParamsSchema;
  /** The schema of the fitted state (validated fully before anything is built). */
  readonly stateSchema: StateSchema;
}

/**
 * Reads and validates a model document: the envelope, the kind, the format version, the params
 * (with the class's schema) and the state (with `stateSchema`). Nothing is built until all of it
 * has been checked, so a bad document never yields a half-built model.
 * @throws {SerializationError} SERIALIZATION naming what is wrong.
 */
export function readModelDocument<ParamsSchema extends z.ZodType, StateSchema extends z.ZodType>(
  json: unknown,
  options: ReadModelDocumentOptions<ParamsSchema, StateSchema>,
): { params: z.output<ParamsSchema>; state: z.output<StateSchema> | null } {
  const { kind } = options;
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw new SerializationError({
      message: `Not a ${kind} model document: expected an object with format, formatVersion, kind, params and state (${describeIssue(envelope.error)}).`,
      kind,
    });
  }
  const document = envelope.data;
  if (document.format !== MODEL_JSON_FORMAT) {
    throw new SerializationError({
      message: `Not a model document: format is ${JSON.stringify(document.format)}, expected "${MODEL_JSON_FORMAT}".`,
      kind,
    });
  }
  if (document.kind !== kind) {
    throw new SerializationError({
      message: `Cannot read a ${JSON.stringify(document.kind)} document with ${kind}.fromJSON; use the class of that kind (or ModelKinds.load).`,
      kind,
    });
  }
  if (document.formatVersion !== MODEL_JSON_FORMAT_VERSION) {
    throw new SerializationError({
      message: `${kind} document has formatVersion ${document.formatVersion}; this copy of @mloop/models reads formatVersion ${MODEL_JSON_FORMAT_VERSION} only${document.formatVersion > MODEL_JSON_FORMAT_VERSION ? ' (it was written by a newer version: upgrade @mloop/models)' : ''}.`,
      kind,
    });
  }
  let params: z.output<ParamsSchema>;
  try {
    params = parseOrThrow(options.paramsSchema, document.params, `${kind} params`, ['params']);
  } catch (error) {
    throw new SerializationError({
      message: `${kind} document has invalid params: ${(error as Error).message}`,
      kind,
      cause: error,
    });
  }
  if (document.state === null) return { params, state: null };
  const state = options.stateSchema.safeParse(document.state);
  if (!state.success) {
    throw new SerializationError({
      message: `${kind} document has a malformed state (${describeIssue(state.error)}); it may be truncated or edited.`,
      kind,
      cause: state.error,
    });
  }
  return { params, state: state.data };
}

/**
 * Throws the SerializationError of a state that parsed but is inconsistent (wrong lengths,
 * indices out of range): the sign of a tampered or truncated document.
 */
export function corruptState(kind: string, what: string): never {
  throw new SerializationError({ message: `${kind} document has an inconsistent state: ${what}.`, kind });
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map(String).join('.');
  return `${path ? `${path}: ` : ''}${issue.message}`;
}
