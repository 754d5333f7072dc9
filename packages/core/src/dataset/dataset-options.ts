import { z } from 'zod';
import { parseOrThrow } from '../errors/from-zod';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { DatasetV1ColumnSpec, DatasetV1ColumnType } from '../spec/dataset/v1/dataset-v1';
import { forbidReservedName } from './column-names';
import { parseNumberString } from './parse-number';

/** The declared type of one column in `options.schema`; `nullable` defaults to `false`. */
export interface DatasetColumnSpecInput {
  /** How the column's values are stored and interpreted. */
  readonly type: DatasetV1ColumnType;
  /** Whether missing values are allowed (default `false`). */
  readonly nullable?: boolean;
}

/**
 * Declared column types, either as a plain record (`{ a1: { type: 'numeric' } }`) or as a zod
 * object schema, from which each column's type is derived: `z.number()` → numeric,
 * `z.boolean()` → boolean, `z.string()` / `z.enum()` / string `z.literal()` → categorical, and
 * `.meta({ mloopType: 'text' })` or `.describe('text')` (any of the five type names) overrides;
 * `.nullable()` / `.optional()` make the column nullable. Only types are taken from a zod schema:
 * values are not checked against refinements or enum members. Columns the schema does not name
 * are inferred.
 */
export type DatasetSchemaInput = Readonly<Record<string, DatasetColumnSpecInput>> | z.ZodObject;

/** Options shared by every Dataset constructor. */
export interface DatasetOptions {
  /** The dataset's name (default `'dataset'`); not part of the digest. */
  readonly name?: string;
  /** Declared column types; columns it does not name are inferred. Every column it names must exist. */
  readonly schema?: DatasetSchemaInput;
  /** The label column: it gets type `label` (strings, or numbers when every value is numeric). */
  readonly label?: string;
  /** The columns to keep, in this order (default: all, in the data's order). */
  readonly columns?: readonly string[];
}

/** Options of the CSV loaders: {@link DatasetOptions} plus how missing values and fields are written. */
export interface DatasetCsvOptions extends DatasetOptions {
  /**
   * Unquoted field texts that mean "missing" (default {@link DEFAULT_MISSING_VALUES}). A quoted
   * field is missing only in numeric and boolean columns; in string columns it is always its
   * literal text, so `""` is the empty string.
   */
  readonly missing?: readonly string[];
  /** The field delimiter, one character other than a quote or a line break (default `','`). */
  readonly delimiter?: string;
}

/** The field texts read as missing by default: `''`, `NA`, `N/A`, `NaN`, `nan`, `null`, `NULL`. */
export const DEFAULT_MISSING_VALUES: readonly string[] = Object.freeze(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL']);

const COLUMN_TYPES = [
  'numeric',
  'categorical',
  'text',
  'boolean',
  'label',
] as const satisfies readonly DatasetV1ColumnType[];

/** Options after validation, with the schema resolved to column specs. */
export interface ResolvedOptions {
  readonly name: string;
  readonly declared: ReadonlyMap<string, DatasetV1ColumnSpec>;
  readonly label: string | undefined;
  readonly columns: readonly string[] | undefined;
  readonly missing: ReadonlySet<string>;
  /** True when a missing token also parses as a number, so it must be checked first. */
  readonly missingLooksNumeric: boolean;
  readonly delimiter: string;
}

const columnSpecSchema = z.strictObject({
  type: z.enum(COLUMN_TYPES),
  nullable: z.boolean().optional(),
});

const recordSchema = z.record(z.string(), columnSpecSchema, {
  error: 'expected a zod object schema or a record of { type, nullable? }',
});

const optionsSchema = z.strictObject({
  name: z.string().min(1).optional(),
  schema: z.unknown().optional(),
  label: z.string().optional(),
  columns: z.array(z.string()).optional(),
  missing: z.array(z.string()).optional(),
  delimiter: z
    .string()
    .length(1)
    .refine((value) => value !== '"' && value !== '\n' && value !== '\r', 'must not be a quote or a line break')
    .optional(),
});

interface ZodLike {
  readonly _zod: { readonly def: Record<string, unknown> & { readonly type: string } };
  readonly description?: string;
  meta?: () => Record<string, unknown> | undefined;
}

function isZodLike(value: unknown): value is ZodLike {
  if (typeof value !== 'object' || value === null || !('_zod' in value)) return false;
  const inner = (value as { _zod: unknown })._zod;
  return (
    typeof inner === 'object' && inner !== null && typeof (inner as { def?: { type?: unknown } }).def?.type === 'string'
  );
}

function isZodObject(value: unknown): value is z.ZodObject {
  return isZodLike(value) && value._zod.def.type === 'object';
}

function isColumnType(value: unknown): value is DatasetV1ColumnType {
  return typeof value === 'string' && (COLUMN_TYPES as readonly string[]).includes(value);
}

/** The mloop type a zod schema names through `.meta({ mloopType })` or `.describe(type)`, if any. */
function explicitType(schema: ZodLike, column: string): DatasetV1ColumnType | undefined {
  const meta = typeof schema.meta === 'function' ? schema.meta() : undefined;
  const fromMeta = meta?.mloopType;
  if (fromMeta !== undefined) {
    if (!isColumnType(fromMeta)) {
      throw new InvalidArgumentError({
        message: `options.schema.${column}: meta mloopType must be one of ${COLUMN_TYPES.join(', ')}, got ${JSON.stringify(fromMeta)}.`,
        field: `options.schema.${column}`,
      });
    }
    return fromMeta;
  }
  return isColumnType(schema.description) ? schema.description : undefined;
}

const WRAPPERS = new Set(['default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** Maps one zod field schema to a column spec. */
function specFromZod(column: string, schema: ZodLike): DatasetV1ColumnSpec {
  let current = schema;
  let nullable = false;
  let type: DatasetV1ColumnType | undefined;
  for (;;) {
    type ??= explicitType(current, column);
    const def = current._zod.def;
    if (def.type === 'nullable' || def.type === 'optional') {
      nullable = true;
      current = def.innerType as ZodLike;
    } else if (WRAPPERS.has(def.type)) {
      current = def.innerType as ZodLike;
    } else if (def.type === 'pipe') {
      current = def.in as ZodLike;
    } else {
      break;
    }
  }
  if (type) return { type, nullable };
  const def = current._zod.def;
  switch (def.type) {
    case 'number':
    case 'int':
      return { type: 'numeric', nullable };
    case 'boolean':
      return { type: 'boolean', nullable };
    case 'string':
    case 'enum':
      return { type: 'categorical', nullable };
    case 'literal': {
      const values = def.values as readonly unknown[];
      if (values.every((value) => typeof value === 'string')) return { type: 'categorical', nullable };
      if (values.every((value) => typeof value === 'number')) return { type: 'numeric', nullable };
      if (values.every((value) => typeof value === 'boolean')) return { type: 'boolean', nullable };
      break;
    }
  }
  throw new InvalidArgumentError({
    message: `options.schema.${column}: a zod "${def.type}" schema has no column type. Use z.number(), z.boolean(), z.string() or z.enum(), or name the type with .meta({ mloopType: 'text' }).`,
    field: `options.schema.${column}`,
  });
}

/** Validates Dataset options and resolves the schema to column specs. */
export function resolveOptions(options: DatasetCsvOptions | undefined, what: string): ResolvedOptions {
  const parsed = parseOrThrow(optionsSchema, options ?? {}, `${what} options`, ['options']);
  const declared = new Map<string, DatasetV1ColumnSpec>();
  if (parsed.schema !== undefined) {
    if (isZodObject(parsed.schema)) {
      const shape = parsed.schema._zod.def.shape as Record<string, ZodLike>;
      for (const [column, field] of Object.entries(shape)) declared.set(column, specFromZod(column, field));
    } else {
      const record = parseOrThrow(recordSchema, parsed.schema, `${what} options`, ['options', 'schema']);
      for (const [column, spec] of Object.entries(record)) {
        declared.set(column, { type: spec.type, nullable: spec.nullable ?? false });
      }
    }
  }
  for (const column of declared.keys()) forbidReservedName(column, `options.schema.${column}`);
  const label = parsed.label;
  if (label !== undefined) {
    const spec = declared.get(label);
    if (spec && spec.type !== 'label') {
      throw new InvalidArgumentError({
        message: `options.label names column "${label}", but options.schema declares it ${spec.type}. Declare it as label or drop one of the two.`,
        field: 'options.label',
      });
    }
  }
  if (parsed.columns) {
    const seen = new Set<string>();
    for (const column of parsed.columns) {
      if (seen.has(column)) {
        throw new InvalidArgumentError({
          message: `options.columns names "${column}" twice.`,
          field: 'options.columns',
        });
      }
      seen.add(column);
    }
    if (label !== undefined && !seen.has(label)) {
      throw new InvalidArgumentError({
        message: `options.label "${label}" is not among options.columns (${parsed.columns.join(', ')}). Add it there.`,
        field: 'options.label',
      });
    }
  }
  const missing = new Set(parsed.missing ?? DEFAULT_MISSING_VALUES);
  let missingLooksNumeric = false;
  for (const token of missing) if (!Number.isNaN(parseNumberString(token))) missingLooksNumeric = true;
  return {
    name: parsed.name ?? 'dataset',
    declared,
    label,
    columns: parsed.columns,
    missing,
    missingLooksNumeric,
    delimiter: parsed.delimiter ?? ',',
  };
}
