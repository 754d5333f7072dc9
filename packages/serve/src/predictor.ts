import { createHash, randomUUID } from 'node:crypto';
import {
  accuracyScore,
  ConflictError,
  type EstimatorV1,
  f1Score,
  InvalidArgumentError,
  type Label,
  type Matrix,
  MloopError,
  NotFoundError,
  parseOrThrow,
  precisionScore,
  type RegistryV1AliasEvent,
  type RegistryV1Version,
  recallScore,
} from '@mloop/core';
import { EventEmitter } from 'eventemitter3';
import { z } from 'zod';
import { explainWithTopFeatures } from './explain-with-top-features';
import {
  type PredictionRecord,
  type PredictorInputSpec,
  type PredictorOptions,
  predictorOptionsSchema,
  type TopFeature,
} from './predictor-options';

/** What one prediction returns. */
export interface Prediction {
  /** The id to pass to `recordFeedback`. */
  readonly id: string;
  /** The predicted label (outlier detectors: −1 outlier, 1 inlier). */
  readonly prediction: Label;
  /** Probability of the predicted class; for outlier detectors `1 / (1 + e^−|decision|)`. */
  readonly confidence: number;
  /** Class → probability (classifiers only). */
  readonly probabilities?: Readonly<Record<string, number>>;
  /** The registry version that served this request. */
  readonly modelVersion: number;
  /** The alias it was served under (differs from the main alias for the B arm of an A/B split). */
  readonly alias: string;
  /** ISO 8601 time of the prediction. */
  readonly timestamp: string;
  /** Top features, when an explainer is configured. */
  readonly topFeatures?: readonly TopFeature[];
}

/** The loaded model of one arm. */
interface Loaded {
  readonly alias: string;
  readonly version: number;
  readonly model: EstimatorV1<unknown>;
  readonly loadedAt: number;
  /** The classes when the model is a classifier, read once at load. */
  readonly classes: readonly Label[] | undefined;
  /** Set on the first request that finds `predictProba` UNSUPPORTED (LinearSVC), so later ones skip it. */
  withoutProbabilities: boolean;
}

/** What the predictor serves right now. */
export interface LoadedVersion {
  /** The alias. */
  readonly alias: string;
  /** The version behind it. */
  readonly version: number;
  /** The model kind. */
  readonly kind: string;
  /** When it was loaded, Unix ms. */
  readonly loadedAt: number;
}

/** Live metrics over the feedback window. */
export interface LiveMetrics {
  /** Labelled predictions in the window. */
  readonly count: number;
  /** Accuracy; NaN with no feedback. */
  readonly accuracy: number;
  /** Precision (of `positiveLabel`, or macro). */
  readonly precision: number;
  /** Recall (of `positiveLabel`, or macro). */
  readonly recall: number;
  /** F1 (of `positiveLabel`, or macro). */
  readonly f1: number;
}

/** Events of a predictor. */
export interface PredictorEvents {
  /** A new version replaced the old one. */
  swapped: [payload: { alias: string; from: number; to: number }];
  /** A version failed to load or verify; the old one keeps serving. */
  'load-failed': [payload: { alias: string; version: number; error: unknown }];
}

/** One input row as the predictor receives it: feature name → value. */
export type PredictorRow = Record<string, unknown>;

function inputSchema(spec: PredictorInputSpec): z.ZodType<PredictorRow> {
  if (spec.kind === 'text') {
    const field = spec.field ?? 'text';
    return z
      .object({
        [field]: z
          .string()
          .min(1)
          .max(spec.maxLength ?? 10_000),
        key: z.string().max(256).optional(),
      })
      .strict() as unknown as z.ZodType<PredictorRow>;
  }
  if (spec.features.length === 0)
    throw new InvalidArgumentError({
      message: 'input.features must name at least one feature.',
      field: 'input.features',
    });
  const shape: Record<string, z.ZodType> = { key: z.string().max(256).optional() };
  for (const feature of spec.features) shape[feature] = z.number().refine(Number.isFinite, 'must be a finite number');
  return z.object(shape).strict() as unknown as z.ZodType<PredictorRow>;
}

/** A stable bucket in [0, 1) for an A/B key (FNV-1a, so every process agrees). */
export function abBucket(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 4294967296;
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical((value as PredictorRow)[key])}`)
    .join(',')}}`;
}

type ServedClassifier = EstimatorV1<unknown> & {
  predict(x: unknown): Label[];
  predictProba?(x: unknown): Matrix;
  decisionFunction?(x: unknown): Float64Array | Matrix;
  classes: readonly Label[];
};

/**
 * A model's classes when it is a classifier. Testing for `predictProba` alone is not enough: a
 * Pipeline always has the method and throws when its last step is an outlier detector.
 */
function classesOf(model: EstimatorV1<unknown>): readonly Label[] | undefined {
  try {
    const classes = (model as { classes?: unknown }).classes;
    return Array.isArray(classes) ? classes : undefined;
  } catch {
    return undefined;
  }
}

/** Labels and confidences of a classifier without probabilities (LinearSVC): the margin through a sigmoid. */
function fromDecision(model: ServedClassifier, input: unknown): { labels: Label[]; confidences: number[] } {
  const labels = model.predict(input);
  const decision = model.decisionFunction?.(input);
  if (!decision) return { labels, confidences: labels.map(() => 1) };
  const margins =
    decision instanceof Float64Array
      ? Array.from(decision)
      : labels.map((_, row) => {
          const values = Array.from(decision.data.subarray(row * decision.cols, (row + 1) * decision.cols));
          return Math.max(...values);
        });
  return { labels, confidences: margins.map((m) => 1 / (1 + Math.exp(-Math.abs(m)))) };
}

const isOutlierDetector = (
  model: EstimatorV1<unknown>,
): model is EstimatorV1<unknown> & { decisionFunction(x: unknown): Float64Array } =>
  typeof (model as { decisionFunction?: unknown }).decisionFunction === 'function' &&
  typeof (model as { scoreSamples?: unknown }).scoreSamples === 'function';

/**
 * Serves one registered model in-process. It loads the aliased version, validates every input
 * against the input schema, and predicts rows or batches. When the alias moves (a registry event
 * in-process, the backend's change feed across processes) it loads and verifies the new version
 * before swapping it in with one reference assignment: a request is served wholly by the version
 * it started with, and a version that fails to load leaves the old one serving.
 */
export class Predictor extends EventEmitter<PredictorEvents> {
  /** The zod schema of one request row. */
  readonly inputSchema: z.ZodType<PredictorRow>;
  readonly #options: PredictorOptions;
  readonly #settings: z.output<typeof predictorOptionsSchema>;
  readonly #now: () => number;
  readonly #arms = new Map<string, Loaded>();
  readonly #ring: (PredictionRecord | undefined)[];
  readonly #byId = new Map<string, PredictionRecord>();
  readonly #labelled: PredictionRecord[] = [];
  readonly #counters = new Map<string, { requests: number; errors: number }>();
  #ringIndex = 0;
  #reload: Promise<void> = Promise.resolve();
  #stopWatching: (() => void) | undefined;

  /** @internal Use `createPredictor()`. */
  constructor(options: PredictorOptions) {
    super();
    this.#options = options;
    this.#settings = parseOrThrow(
      predictorOptionsSchema,
      {
        model: options.model,
        alias: options.alias,
        topFeatures: options.topFeatures,
        ab: options.ab,
        feedbackWindow: options.feedbackWindow,
        logCapacity: options.log?.capacity,
      },
      'predictor options',
    );
    this.inputSchema = inputSchema(options.input);
    this.#now = options.now ?? Date.now;
    this.#ring = new Array(this.#settings.logCapacity);
  }

  /** The served alias. */
  get alias(): string {
    return this.#settings.alias;
  }

  /** The model name. */
  get model(): string {
    return this.#settings.model;
  }

  /** What each arm serves now. */
  get loaded(): LoadedVersion[] {
    return [...this.#arms.values()].map((arm) => ({
      alias: arm.alias,
      version: arm.version,
      kind: arm.model.kind,
      loadedAt: arm.loadedAt,
    }));
  }

  /** The registry records (metrics, lineage, tags) of every loaded version, with when each was loaded. */
  async describe(): Promise<(RegistryV1Version & { readonly servedAlias: string; readonly loadedAt: number })[]> {
    return Promise.all(
      [...this.#arms.values()].map(async (arm) => ({
        ...(await this.#options.mloop.registry.getVersion(this.#settings.model, arm.version)),
        servedAlias: arm.alias,
        loadedAt: arm.loadedAt,
      })),
    );
  }

  /** Requests and errors per alias. */
  get counters(): Readonly<Record<string, { requests: number; errors: number }>> {
    return Object.fromEntries([...this.#counters].map(([alias, counter]) => [alias, { ...counter }]));
  }

  /** @internal Loads every arm and starts following alias moves. */
  async start(): Promise<void> {
    const aliases = [this.#settings.alias, ...(this.#settings.ab ? [this.#settings.ab.alias] : [])];
    for (const alias of aliases) await this.#load(alias, undefined, true);
    const registry = this.#options.mloop.registry;
    const onMove = (event: RegistryV1AliasEvent) => {
      if (event.model !== this.#settings.model || !aliases.includes(event.alias) || event.version === null) return;
      const target = event.version;
      this.#reload = this.#reload.then(() => this.#load(event.alias, target, false)).catch(() => undefined);
    };
    registry.on('alias-moved', onMove);
    this.#stopWatching = () => registry.off('alias-moved', onMove);
  }

  /** Waits for reloads in progress (tests and graceful shutdown). */
  async settled(): Promise<void> {
    await this.#reload;
  }

  async #load(alias: string, expected: number | undefined, initial: boolean): Promise<void> {
    const registry = this.#options.mloop.registry;
    let version = expected ?? -1;
    try {
      const { version: info, document } = await registry.loadDocument(this.#settings.model, expected ?? { alias });
      version = info.version;
      if (this.#arms.get(alias)?.version === version) return;
      const model = registry.kinds.load(document);
      if (!model.isFitted)
        throw new InvalidArgumentError({ message: `version ${version} is not fitted`, field: 'model' });
      await this.#options.verify?.(model);
      const previous = this.#arms.get(alias);
      // The swap: one assignment. Requests already running hold the previous object.
      this.#arms.set(alias, {
        alias,
        version,
        model,
        loadedAt: this.#now(),
        classes: classesOf(model),
        withoutProbabilities: false,
      });
      if (previous) this.emit('swapped', { alias, from: previous.version, to: version });
    } catch (error) {
      if (initial) throw error;
      this.emit('load-failed', { alias, version, error });
    }
  }

  #arm(key: string | undefined): Loaded {
    const ab = this.#settings.ab;
    const alias = ab && key !== undefined && abBucket(key) < ab.share ? ab.alias : this.#settings.alias;
    const arm = this.#arms.get(alias) ?? this.#arms.get(this.#settings.alias);
    if (!arm)
      throw new NotFoundError({
        message: `No version of ${this.#settings.model} is loaded.`,
        entity: 'alias',
        id: `${this.#settings.model}@${alias}`,
      });
    return arm;
  }

  #toModelInput(rows: readonly PredictorRow[]): unknown {
    const spec = this.#options.input;
    if (spec.kind === 'text') return rows.map((row) => row[spec.field ?? 'text'] as string);
    const cols = spec.features.length;
    const data = new Float64Array(rows.length * cols);
    rows.forEach((row, index) => {
      for (let column = 0; column < cols; column++) data[index * cols + column] = row[spec.features[column]] as number;
    });
    return { rows: rows.length, cols, data } satisfies Matrix;
  }

  /**
   * Predicts one row (`key` picks the A/B arm by stable hash; default: the main alias).
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the bad field.
   */
  predict(row: unknown, options: { key?: string } = {}): Prediction {
    return this.predictBatch([row], options)[0];
  }

  /**
   * Predicts several rows with one model call; all rows are served by the same version.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the first bad row and field; nothing is logged.
   */
  predictBatch(rows: readonly unknown[], options: { key?: string } = {}): Prediction[] {
    if (!Array.isArray(rows) || rows.length === 0)
      throw new InvalidArgumentError({ message: 'Send at least one input row.', field: 'inputs' });
    const parsed = rows.map((row, index) =>
      parseOrThrow(
        this.inputSchema,
        row,
        rows.length === 1 ? 'input' : `input ${index}`,
        rows.length === 1 ? [] : ['inputs', index],
      ),
    );
    const arm = this.#arm(options.key ?? (parsed[0].key as string | undefined));
    const counter = this.#counters.get(arm.alias) ?? { requests: 0, errors: 0 };
    this.#counters.set(arm.alias, counter);
    counter.requests += rows.length;
    const started = performance.now();
    const input = this.#toModelInput(parsed);
    let labels: Label[];
    let confidences: number[];
    let probabilities: Record<string, number>[] | undefined;
    try {
      const classes = arm.classes;
      const classifier = classes ? (arm.model as ServedClassifier) : undefined;
      let proba: Matrix | undefined;
      if (classifier && !arm.withoutProbabilities) {
        try {
          proba = classifier.predictProba?.(input);
        } catch (error) {
          if (!(MloopError.isInstance(error) && error.code === 'UNSUPPORTED')) throw error;
          arm.withoutProbabilities = true;
        }
      }
      if (classifier && !proba) {
        ({ labels, confidences } = fromDecision(classifier, input));
      } else if (classes && proba) {
        labels = [];
        confidences = [];
        probabilities = [];
        for (let row = 0; row < proba.rows; row++) {
          let best = 0;
          const byClass: Record<string, number> = {};
          for (let column = 0; column < proba.cols; column++) {
            const value = proba.data[row * proba.cols + column];
            byClass[String(classes[column])] = value;
            if (value > proba.data[row * proba.cols + best]) best = column;
          }
          labels.push(classes[best]);
          confidences.push(proba.data[row * proba.cols + best]);
          probabilities.push(byClass);
        }
      } else if (isOutlierDetector(arm.model)) {
        const decision = arm.model.decisionFunction(input);
        labels = Array.from(decision, (value) => (value >= 0 ? 1 : -1));
        confidences = Array.from(decision, (value) => 1 / (1 + Math.exp(-Math.abs(value))));
      } else {
        throw new MloopError('UNSUPPORTED', {
          message: `${arm.model.kind} is neither a classifier nor an outlier detector.`,
        });
      }
    } catch (error) {
      counter.errors += rows.length;
      throw error;
    }
    const latencyMs = performance.now() - started;
    const explainer = this.#options.explain === undefined ? explainWithTopFeatures : this.#options.explain;
    const explained = explainer ? explainer(arm.model, input, this.#settings.topFeatures) : undefined;
    const at = this.#now();
    const timestamp = new Date(at).toISOString();
    return parsed.map((row, index) => {
      const id = randomUUID();
      const record: PredictionRecord = {
        id,
        at,
        modelVersion: arm.version,
        alias: arm.alias,
        inputDigest: createHash('sha256').update(canonical(row)).digest('hex'),
        prediction: labels[index],
        confidence: confidences[index],
        latencyMs: latencyMs / rows.length,
      };
      this.#log(record);
      return {
        id,
        prediction: labels[index],
        confidence: confidences[index],
        ...(probabilities ? { probabilities: probabilities[index] } : {}),
        modelVersion: arm.version,
        alias: arm.alias,
        timestamp,
        ...(explained?.[index] ? { topFeatures: explained[index] } : {}),
      };
    });
  }

  #log(record: PredictionRecord): void {
    const evicted = this.#ring[this.#ringIndex];
    if (evicted) this.#byId.delete(evicted.id);
    this.#ring[this.#ringIndex] = record;
    this.#ringIndex = (this.#ringIndex + 1) % this.#ring.length;
    this.#byId.set(record.id, record);
    // A failing sink must not fail the prediction.
    if (this.#options.log?.sink) void Promise.resolve(this.#options.log.sink(record)).catch(() => undefined);
  }

  /** The most recent predictions, newest last. */
  recent(limit = 100): PredictionRecord[] {
    const out: PredictionRecord[] = [];
    for (let offset = 1; offset <= this.#ring.length && out.length < limit; offset++) {
      const record = this.#ring[(this.#ringIndex - offset + this.#ring.length) % this.#ring.length];
      if (!record) break;
      out.push(record);
    }
    return out.reverse();
  }

  /**
   * Records the true label of a prediction; live metrics cover the last `feedbackWindow` labels.
   * Repeating the same label is a no-op.
   * @throws {NotFoundError} NOT_FOUND when the id is unknown or already evicted from the log.
   * @throws {ConflictError} CONFLICT when the prediction already has another label.
   */
  recordFeedback(id: string, label: Label): void {
    if (typeof label !== 'string' && typeof label !== 'number')
      throw new InvalidArgumentError({ message: 'label must be a string or a number.', field: 'label' });
    const record = this.#byId.get(id);
    if (!record) throw new NotFoundError({ message: `No recent prediction has id ${id}.`, entity: 'prediction', id });
    if (record.label !== undefined) {
      if (record.label === label) return;
      throw new ConflictError({
        message: `Prediction ${id} already has label ${record.label}.`,
        entity: 'prediction',
        id,
      });
    }
    record.label = label;
    this.#labelled.push(record);
    if (this.#labelled.length > this.#settings.feedbackWindow) this.#labelled.shift();
  }

  /** Accuracy, precision, recall and F1 over the feedback window. */
  liveMetrics(): LiveMetrics {
    const count = this.#labelled.length;
    if (count === 0) return { count, accuracy: Number.NaN, precision: Number.NaN, recall: Number.NaN, f1: Number.NaN };
    const truth = this.#labelled.map((record) => record.label as Label);
    const predicted = this.#labelled.map((record) => record.prediction);
    const positive = this.#options.positiveLabel;
    const scoreOptions =
      positive === undefined ? ({ average: 'macro' } as const) : ({ average: 'binary', posLabel: positive } as const);
    const safe = (score: () => number) => {
      try {
        return score();
      } catch {
        return Number.NaN;
      }
    };
    return {
      count,
      accuracy: accuracyScore(truth, predicted),
      precision: safe(() => precisionScore(truth, predicted, scoreOptions) as number),
      recall: safe(() => recallScore(truth, predicted, scoreOptions) as number),
      f1: safe(() => f1Score(truth, predicted, scoreOptions) as number),
    };
  }

  /** Stops following alias moves. */
  close(): void {
    this.#stopWatching?.();
    this.removeAllListeners();
  }
}

/**
 * Creates and starts a predictor on a registry alias.
 * @throws {NotFoundError} NOT_FOUND when the alias (or model) does not exist.
 * @throws {SerializationError} SERIALIZATION when the model kind is not registered in `createMloop({ models })`.
 * @example
 * const predictor = await createPredictor({ mloop, model: 'sms', input: { kind: 'text' } });
 * predictor.predict({ text: 'WINNER!! Claim your prize now' });
 */
export async function createPredictor(options: PredictorOptions): Promise<Predictor> {
  const predictor = new Predictor(options);
  await predictor.start();
  return predictor;
}
