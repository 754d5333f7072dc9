import type { DatasetV1ColumnSpec, DatasetV1Ref, ModelJSONV1, RegistryV1Version } from '@mloop/core';
import type { PredictorInputSpec } from '@mloop/serve';
import { CliUsageError } from './cli-errors';

/** The version tag a training script may set to declare its request shape (JSON of a `PredictorInputSpec`). */
export const INPUT_SPEC_TAG = 'mloop.input';

const TEXT_STEPS = new Set(['TfidfVectorizer', 'CountVectorizer']);

/**
 * Reads `--input`: `text` or `text:<field>` for text models, `features:<a>,<b>,…` for numeric ones.
 * @throws {CliUsageError} for anything else.
 */
export function parseInputOption(value: string): PredictorInputSpec {
  const text = /^text(?::([A-Za-z_][A-Za-z0-9_]*))?$/.exec(value.trim());
  if (text) return text[1] ? { kind: 'text', field: text[1] } : { kind: 'text' };
  const features = /^features:(.+)$/.exec(value.trim());
  if (features) {
    const names = features[1]
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    if (names.length > 0) return { kind: 'features', features: names };
  }
  throw new CliUsageError(`Cannot read --input "${value}"; use text, text:<field> or features:<a>,<b>,…`, 'serve');
}

function isInputSpec(value: unknown): value is PredictorInputSpec {
  if (typeof value !== 'object' || value === null) return false;
  const spec = value as { kind?: unknown; features?: unknown; field?: unknown };
  if (spec.kind === 'text') return spec.field === undefined || typeof spec.field === 'string';
  return (
    spec.kind === 'features' &&
    Array.isArray(spec.features) &&
    spec.features.length > 0 &&
    spec.features.every((name) => typeof name === 'string')
  );
}

function firstStepKind(document: ModelJSONV1): string | undefined {
  if (document.kind !== 'Pipeline') return document.kind;
  const steps = (document.params as { steps?: unknown }).steps;
  if (!Array.isArray(steps) || steps.length === 0) return undefined;
  const first = steps[0] as [string, ModelJSONV1] | undefined;
  return Array.isArray(first) && first[1] && typeof first[1] === 'object' ? firstStepKind(first[1]) : undefined;
}

function nFeatures(document: ModelJSONV1): number | undefined {
  const state = document.state as { nFeatures?: unknown; steps?: unknown } | null;
  if (state && typeof state.nFeatures === 'number') return state.nFeatures;
  if (document.kind === 'Pipeline' && state && Array.isArray(state.steps) && state.steps.length > 0) {
    return nFeatures(state.steps[0] as ModelJSONV1);
  }
  return undefined;
}

function featuresFromLineage(datasets: readonly DatasetV1Ref[], count: number | undefined): string[] | undefined {
  for (const dataset of datasets) {
    const names = Object.entries(dataset.schema)
      .filter(([, spec]) => spec.type === 'numeric' || spec.type === 'boolean')
      .map(([name]) => name);
    if (names.length > 0 && (count === undefined || names.length === count)) return names;
  }
  return undefined;
}

/** The columns a model that starts with a ColumnTransformer reads from a dataset row. */
export interface ColumnsInputSpec {
  /** Rows of named, typed columns, given to the model as a one-row Dataset. */
  readonly kind: 'columns';
  /** The columns in the order the transformer names them, with their types from the training data. */
  readonly columns: readonly { readonly name: string; readonly spec: DatasetV1ColumnSpec }[];
  /**
   * The training data's other columns (the label, ids …): a fitted ColumnTransformer expects every
   * column it saw at fit, so the request row carries them as missing values.
   */
  readonly other: readonly { readonly name: string; readonly spec: DatasetV1ColumnSpec }[];
}

/** What the "try a model" form can ask for: text, numeric features, or typed dataset columns. */
export type FormInputSpec = PredictorInputSpec | ColumnsInputSpec;

/** The column names a ColumnTransformer document (at the start of a pipeline, or alone) selects. */
function columnTransformerColumns(document: ModelJSONV1): string[] | undefined {
  let first: ModelJSONV1 | undefined = document;
  while (first?.kind === 'Pipeline') {
    const steps: unknown = (first.params as { steps?: unknown }).steps;
    const step: [string, ModelJSONV1] | undefined = Array.isArray(steps)
      ? (steps[0] as [string, ModelJSONV1] | undefined)
      : undefined;
    first = Array.isArray(step) ? step[1] : undefined;
  }
  if (first?.kind !== 'ColumnTransformer') return undefined;
  const transformers = (first.params as { transformers?: unknown }).transformers;
  if (!Array.isArray(transformers)) return [];
  const names: string[] = [];
  for (const entry of transformers as { columns?: unknown }[]) {
    if (Array.isArray(entry?.columns))
      for (const name of entry.columns) if (typeof name === 'string' && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * The form for a version: {@link inferInputSpec}, or, for a model that starts with a
 * ColumnTransformer (it reads named columns of a dataset, like the ADAS pipeline), the columns it
 * selects with their types from the dataset it was trained on.
 */
export function inferFormSpec(version: RegistryV1Version, document: ModelJSONV1): FormInputSpec | undefined {
  const tagged = inferInputSpec(version, document);
  if (tagged) return tagged;
  const names = columnTransformerColumns(document);
  if (!names || names.length === 0) return undefined;
  for (const dataset of version.datasets) {
    if (names.every((name) => name in dataset.schema)) {
      return {
        kind: 'columns',
        columns: names.map((name) => ({ name, spec: dataset.schema[name] })),
        other: Object.entries(dataset.schema)
          .filter(([name]) => !names.includes(name))
          .map(([name, spec]) => ({ name, spec })),
      };
    }
  }
  return undefined;
}

/**
 * Works out what a prediction request for a model version looks like, from (in order) the
 * version's `mloop.input` tag, a text vectorizer as the first pipeline step (→ a text box), the
 * numeric columns of the dataset it was trained on (when their number matches the model), or the
 * model's feature count (→ `x0 … x{n−1}`). `undefined` when none of these tells, and for models
 * that start with a ColumnTransformer (they need dataset rows; see {@link inferFormSpec}).
 */
export function inferInputSpec(version: RegistryV1Version, document: ModelJSONV1): PredictorInputSpec | undefined {
  const tagged = version.tags[INPUT_SPEC_TAG];
  if (tagged) {
    try {
      const parsed = JSON.parse(tagged) as unknown;
      if (isInputSpec(parsed)) return parsed;
    } catch {
      // A malformed tag is ignored: the other sources may still tell.
    }
  }
  const first = firstStepKind(document);
  if (first && TEXT_STEPS.has(first)) return { kind: 'text' };
  // A ColumnTransformer reads a dataset's named columns, which a features row cannot carry.
  if (columnTransformerColumns(document) !== undefined) return undefined;
  const count = nFeatures(document);
  const named = featuresFromLineage(version.datasets, count);
  if (named) return { kind: 'features', features: named };
  if (count !== undefined) return { kind: 'features', features: Array.from({ length: count }, (_, i) => `x${i}`) };
  return undefined;
}
