import {
  Dataset,
  type DatasetV1ColumnType,
  type EstimatorV1,
  InvalidArgumentError,
  type Label,
  type Matrix,
  type Mloop,
  type VersionSelector,
} from '@mloop/core';
import { explainWithTopFeatures, type TopFeature } from '@mloop/serve';
import { type FormInputSpec, inferFormSpec } from '../cli/input-spec';

/** What the "try a model" form gets back. */
export interface TryPrediction {
  /** The version that answered. */
  readonly modelVersion: number;
  /** The predicted label (−1/1 for outlier detectors). */
  readonly prediction: Label;
  /** Probability of the predicted class, or a squashed decision score when the model has no probabilities. */
  readonly confidence: number;
  /** Probability per class, when the model gives probabilities. */
  readonly probabilities?: Readonly<Record<string, number>>;
  /** The features that pushed the prediction most (linear and naive Bayes models). */
  readonly topFeatures: readonly TopFeature[];
}

interface Loaded {
  readonly model: EstimatorV1<unknown>;
  readonly spec: FormInputSpec | undefined;
}

type Predicting = EstimatorV1<unknown> & {
  predict?: (x: unknown) => ArrayLike<Label> | readonly Label[];
  predictProba?: (x: unknown) => Matrix;
  decisionFunction?: (x: unknown) => ArrayLike<number> | Matrix;
  classes?: readonly Label[];
};

/**
 * Loads registry versions on demand (cached by number, so an alias that moves is followed) and
 * answers single predictions the way `@mloop/serve` does, for any version or alias.
 */
export class ModelTryer {
  readonly #mloop: Mloop;
  readonly #cache = new Map<string, Promise<Loaded>>();

  constructor(mloop: Mloop) {
    this.#mloop = mloop;
  }

  async #load(name: string, selector: VersionSelector): Promise<{ version: number; loaded: Loaded }> {
    const version = await this.#mloop.registry.getVersion(name, selector);
    const key = `${name}\0${version.version}`;
    let loaded = this.#cache.get(key);
    if (!loaded) {
      loaded = (async () => {
        const { document } = await this.#mloop.registry.loadDocument(name, version.version);
        return { model: this.#mloop.registry.kinds.load(document), spec: inferFormSpec(version, document) };
      })();
      this.#cache.set(key, loaded);
      loaded.catch(() => this.#cache.delete(key));
    }
    return { version: version.version, loaded: await loaded };
  }

  /** The input shape of a version (what the form shows), or `undefined` when it cannot be told. */
  async inputSpec(
    name: string,
    selector: VersionSelector,
  ): Promise<{ version: number; input: FormInputSpec | undefined }> {
    const { version, loaded } = await this.#load(name, selector);
    return { version, input: loaded.spec };
  }

  /**
   * Predicts one request.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the missing or bad field.
   */
  async predict(
    name: string,
    selector: VersionSelector,
    input: Readonly<Record<string, unknown>>,
  ): Promise<TryPrediction> {
    const { version, loaded } = await this.#load(name, selector);
    const spec = loaded.spec;
    if (!spec) {
      throw new InvalidArgumentError({
        message: `Cannot tell what ${name} v${version} takes as input (set the version tag mloop.input).`,
        field: 'input',
      });
    }
    let x: unknown;
    if (spec.kind === 'text') {
      const field = spec.field ?? 'text';
      const text = input[field];
      if (typeof text !== 'string' || text.trim() === '')
        throw new InvalidArgumentError({ message: `${field} must be a non-empty text.`, field });
      x = [text];
    } else if (spec.kind === 'columns') {
      const row: Record<string, string | number | boolean | null> = {};
      const schema: Record<string, { type: DatasetV1ColumnType; nullable: boolean }> = {};
      for (const { name: column, spec: columnSpec } of spec.columns) {
        const raw = input[column];
        const empty = raw === undefined || raw === null || raw === '';
        if (empty && !columnSpec.nullable)
          throw new InvalidArgumentError({ message: `${column} is required.`, field: column });
        if (columnSpec.type === 'numeric') {
          const value = typeof raw === 'string' ? Number(raw) : raw;
          if (!empty && (typeof value !== 'number' || !Number.isFinite(value)))
            throw new InvalidArgumentError({ message: `${column} must be a finite number.`, field: column });
          row[column] = empty ? null : (value as number);
          schema[column] = { type: 'numeric', nullable: true };
        } else if (columnSpec.type === 'boolean') {
          row[column] = empty ? null : raw === true || raw === 'true';
          schema[column] = { type: 'boolean', nullable: true };
        } else {
          row[column] = empty ? null : String(raw);
          schema[column] = { type: 'categorical', nullable: true };
        }
      }
      for (const { name: column, spec: columnSpec } of spec.other) {
        row[column] = null;
        schema[column] = { type: columnSpec.type, nullable: true };
      }
      x = Dataset.fromObjects([row], { name: 'request', schema });
    } else {
      const data = new Float64Array(spec.features.length);
      spec.features.forEach((feature, index) => {
        const value = typeof input[feature] === 'string' ? Number(input[feature]) : input[feature];
        if (typeof value !== 'number' || !Number.isFinite(value) || input[feature] === '')
          throw new InvalidArgumentError({ message: `${feature} must be a finite number.`, field: feature });
        data[index] = value;
      });
      x = { rows: 1, cols: spec.features.length, data } satisfies Matrix;
    }
    const model = loaded.model as Predicting;
    let prediction: Label | undefined;
    let confidence = Number.NaN;
    let probabilities: Record<string, number> | undefined;
    if (typeof model.predictProba === 'function' && model.classes) {
      try {
        const proba = model.predictProba(x);
        probabilities = {};
        let best = 0;
        for (let column = 0; column < proba.cols; column++) {
          probabilities[String(model.classes[column])] = proba.data[column];
          if (proba.data[column] > proba.data[best]) best = column;
        }
        prediction = model.classes[best];
        confidence = proba.data[best];
      } catch (error) {
        // LinearSVC has no probabilities (like scikit-learn's): fall back to the decision score.
        if ((error as { code?: string }).code !== 'UNSUPPORTED') throw error;
        probabilities = undefined;
      }
    }
    if (prediction === undefined) {
      if (typeof model.predict !== 'function')
        throw new InvalidArgumentError({ message: `${model.kind} cannot predict.`, field: 'model' });
      prediction = Array.from(model.predict(x) as ArrayLike<Label>)[0];
      if (typeof model.decisionFunction === 'function') {
        const raw = model.decisionFunction(x) as ArrayLike<number> | Matrix;
        const score = 'data' in raw ? raw.data[0] : raw[0];
        confidence = 1 / (1 + Math.exp(-Math.abs(score)));
      }
    }
    const topFeatures = explainWithTopFeatures(model, x, 5)[0] ?? [];
    return { modelVersion: version, prediction, confidence, ...(probabilities ? { probabilities } : {}), topFeatures };
  }
}
