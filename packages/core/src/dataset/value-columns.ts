import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { DatasetV1Column, DatasetV1ColumnSpec, DatasetV1ColumnType } from '../spec/dataset/v1/dataset-v1';

/** Names where value `index` came from, for messages: `row 3`, `line 4`, `index 3`. */
export type Locate = (index: number) => string;

/** A typed column built from JavaScript values. */
export interface ValueColumn {
  /** The resolved spec. */
  readonly spec: DatasetV1ColumnSpec;
  /** The stored values. */
  readonly values: DatasetV1Column;
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `the ${typeof value} ${String(value)}`;
  }
  if (Array.isArray(value)) return 'an array';
  return `a value of type ${typeof value}`;
}

function isMissingValue(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

class ColumnErrors {
  /** Set when the column's type was inferred from its first present value, e.g. `'numbers'`. */
  inferredFrom: string | undefined;

  constructor(
    private readonly name: string,
    private readonly locate: Locate,
  ) {}

  at(index: number, problem: string): InvalidArgumentError {
    const place = this.locate(index);
    return new InvalidArgumentError({
      message: `${place}, column "${this.name}": ${problem}`,
      field: `${place}, column ${this.name}`,
    });
  }

  missing(index: number, type: DatasetV1ColumnType): InvalidArgumentError {
    return this.at(
      index,
      `missing value in a non-nullable ${type} column. Declare it { nullable: true } in the schema, or fill the value.`,
    );
  }

  wrong(index: number, value: unknown, expected: string): InvalidArgumentError {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return this.at(
        index,
        `${String(value)} is not finite. Numeric values are finite numbers, or NaN/null for missing.`,
      );
    }
    if (typeof value === 'object' && value !== null) {
      return this.at(
        index,
        `got ${describe(value)}; nested objects and arrays are not column values. Flatten them first.`,
      );
    }
    if (this.inferredFrom !== undefined) {
      return this.at(
        index,
        `expected ${expected} like the earlier values, got ${describe(value)}. Make the column's values one type, or declare its type in options.schema.`,
      );
    }
    return this.at(index, `expected ${expected}, got ${describe(value)}.`);
  }
}

function numericValues(
  values: ArrayLike<unknown>,
  errors: ColumnErrors,
): { values: Float64Array; firstMissing: number } {
  const out = new Float64Array(values.length);
  let firstMissing = -1;
  if (values instanceof Float64Array || ArrayBuffer.isView(values)) {
    const numbers = values as ArrayLike<number>;
    for (let index = 0; index < numbers.length; index++) {
      const value = Number(numbers[index]);
      if (Number.isNaN(value)) {
        if (firstMissing < 0) firstMissing = index;
      } else if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) {
        throw errors.wrong(index, value, 'a finite number');
      }
      out[index] = value;
    }
    return { values: out, firstMissing };
  }
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value === 'number' && Number.isFinite(value)) {
      out[index] = value;
    } else if (isMissingValue(value)) {
      out[index] = Number.NaN;
      if (firstMissing < 0) firstMissing = index;
    } else {
      throw errors.wrong(index, value, 'a number');
    }
  }
  return { values: out, firstMissing };
}

function booleanValues(
  values: ArrayLike<unknown>,
  errors: ColumnErrors,
): { values: (boolean | null)[]; firstMissing: number } {
  const out: (boolean | null)[] = new Array(values.length);
  let firstMissing = -1;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value === 'boolean') {
      out[index] = value;
    } else if (isMissingValue(value)) {
      out[index] = null;
      if (firstMissing < 0) firstMissing = index;
    } else {
      throw errors.wrong(index, value, 'true or false');
    }
  }
  return { values: out, firstMissing };
}

/** Strings as they are; finite numbers and booleans as `String(value)` (a declared string column). */
function stringValues(
  values: ArrayLike<unknown>,
  errors: ColumnErrors,
  coerce: boolean,
): { values: (string | null)[]; firstMissing: number } {
  const out: (string | null)[] = new Array(values.length);
  let firstMissing = -1;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value === 'string') {
      out[index] = value;
    } else if (isMissingValue(value)) {
      out[index] = null;
      if (firstMissing < 0) firstMissing = index;
    } else if (coerce && ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')) {
      out[index] = String(value);
    } else {
      throw errors.wrong(index, value, 'a string');
    }
  }
  return { values: out, firstMissing };
}

function labelValues(
  values: ArrayLike<unknown>,
  errors: ColumnErrors,
): { values: (string | number | null)[]; firstMissing: number } {
  const out: (string | number | null)[] = new Array(values.length);
  let firstMissing = -1;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      out[index] = value;
    } else if (isMissingValue(value)) {
      out[index] = null;
      if (firstMissing < 0) firstMissing = index;
    } else {
      throw errors.wrong(index, value, 'a string or a finite number');
    }
  }
  return { values: out, firstMissing };
}

/** The type of the first present value, for inference (numeric when there is none). */
function inferType(values: ArrayLike<unknown>, errors: ColumnErrors): DatasetV1ColumnType {
  if (ArrayBuffer.isView(values)) return 'numeric';
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (isMissingValue(value)) continue;
    if (typeof value === 'number') return 'numeric';
    if (typeof value === 'boolean') return 'boolean';
    if (typeof value === 'string') return 'categorical';
    throw errors.wrong(index, value, 'a number, string, boolean or null');
  }
  return 'numeric';
}

/**
 * Builds a typed column from JavaScript values. With a spec, values must fit it (a string column
 * also takes finite numbers and booleans, as their `String()`); without, the type is that of the
 * first present value and every other value must have the same type (`label` columns take strings
 * and numbers). Missing values are `null`, `undefined` and `NaN`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the place and column of the first value that does not fit.
 */
export function columnFromValues(
  name: string,
  values: ArrayLike<unknown>,
  declared: DatasetV1ColumnSpec | undefined,
  isLabel: boolean,
  locate: Locate,
): ValueColumn {
  const errors = new ColumnErrors(name, locate);
  const type: DatasetV1ColumnType = isLabel ? 'label' : (declared?.type ?? inferType(values, errors));
  if (!isLabel && declared === undefined) errors.inferredFrom = type;
  let built: { values: DatasetV1Column; firstMissing: number };
  switch (type) {
    case 'numeric':
      built = numericValues(values, errors);
      break;
    case 'boolean':
      built = booleanValues(values, errors);
      break;
    case 'label':
      built = labelValues(values, errors);
      break;
    default:
      built = stringValues(values, errors, declared !== undefined);
  }
  let nullable: boolean;
  if (declared) {
    nullable = declared.nullable;
    if (!nullable && built.firstMissing >= 0) throw errors.missing(built.firstMissing, type);
  } else {
    nullable = built.firstMissing >= 0;
  }
  return { spec: { type, nullable }, values: built.values };
}
