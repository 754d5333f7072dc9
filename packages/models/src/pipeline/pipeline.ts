import {
  type DatasetV1,
  type EstimatorV1Input,
  type EstimatorV1Tags,
  InvalidArgumentError,
  type Label,
  type ModelJSONV1,
  type ModelKindV1,
  NotFittedError,
  parseOrThrow,
  UnsupportedFunctionalityError,
} from '@mloop/core';
import { z } from 'zod';
import { MultinomialNB } from '../naive-bayes/multinomial-nb';
import { MinMaxScaler } from '../preprocessing/min-max-scaler';
import { corruptState, modelDocument, readModelDocument } from '../shared/model-json';
import {
  isSamplerStep,
  isStepEstimator,
  isTransformerStep,
  restoreNested,
  type SamplerStep,
  type StepEstimator,
  type TransformerStep,
} from './nested-models';

/** What a {@link Pipeline} takes: whatever its first step takes (a matrix, CSR, documents, a dataset). */
export type PipelineInput = EstimatorV1Input | DatasetV1;

/** One named step. */
export type PipelineStep = readonly [name: string, estimator: StepEstimator];

const stepSchema = z.tuple([
  z
    .string()
    .min(1)
    .refine((name) => !name.includes('__'), { message: "step names may not contain '__'" }),
  z.custom<StepEstimator>(isStepEstimator, { message: 'expected an mloop estimator (kind, clone, toJSON)' }),
]);

/** Params of {@link Pipeline}: sklearn's `steps`. */
export const pipelineParamsSchema = z
  .object({
    /**
     * `[name, estimator]` pairs: every step but the last is a transformer (`fit` + `transform`)
     * or a sampler (`fitResample`, applied during `fit` only); the last is any estimator.
     */
    steps: z
      .array(stepSchema)
      .default([])
      .superRefine((steps, context) => {
        const names = new Set<string>();
        steps.forEach(([name, estimator], index) => {
          if (names.has(name))
            context.addIssue({ code: 'custom', message: `step name "${name}" is repeated`, path: [index, 0] });
          names.add(name);
          if (index < steps.length - 1 && !isTransformerStep(estimator) && !isSamplerStep(estimator)) {
            context.addIssue({
              code: 'custom',
              message: `step "${name}" (${estimator.kind}) is not last, so it must be a transformer or a sampler`,
              path: [index, 1],
            });
          }
          if (index === steps.length - 1 && typeof estimator.fit !== 'function') {
            context.addIssue({ code: 'custom', message: `the last step "${name}" has no fit()`, path: [index, 1] });
          }
        });
      }),
  })
  .strict();

/** Params of {@link Pipeline} as the user writes them. */
export type PipelineParams = z.input<typeof pipelineParamsSchema>;

/** The validated params of a {@link Pipeline}. */
export interface PipelineResolvedParams {
  /** The named steps (unfitted templates). */
  readonly steps: readonly PipelineStep[];
}

/** The params of a {@link Pipeline} as stored in its document. */
export interface PipelineParamsJSON {
  /** `[name, unfitted step document]` pairs. */
  steps: [string, ModelJSONV1<string, unknown>][];
}

/** The JSON form of a fitted {@link Pipeline}. */
export interface PipelineStateJSON {
  /** The fitted steps' documents, in order. */
  steps: ModelJSONV1<string, unknown>[];
}

const paramsJSONSchema = z.object({ steps: z.array(z.tuple([z.string(), z.unknown()])) }).strict();
const stateSchema = z.object({ steps: z.array(z.unknown()).min(1) }).strict();

type Method = 'predict' | 'predictProba' | 'decisionFunction' | 'scoreSamples' | 'transform';

/**
 * A chain of transformers (and samplers) ending in any estimator, fitted and saved as one model —
 * scikit-learn's `Pipeline` (with imbalanced-learn's rule that samplers act during `fit` only).
 * `fit` fits a clone of every step in turn, feeding each the previous output; the prediction
 * methods transform through the fitted steps and call the last one. The params keep the unfitted
 * step templates, so `clone()` and `getParams()` never share fitted state. The whole pipeline is
 * one JSON document.
 *
 * It works with any input its first step takes: a matrix, a CSR matrix, text documents
 * (`TfidfVectorizer` → `MultinomialNB`), or a dataset (`ColumnTransformer` → …).
 *
 * @example
 * ```ts
 * import { LocalOutlierFactor, Pipeline, StandardScaler } from '@mloop/models';
 *
 * const pipeline = new Pipeline({
 *   steps: [
 *     ['scale', new StandardScaler()],
 *     ['lof', new LocalOutlierFactor({ nNeighbors: 20, novelty: true })],
 *   ],
 * });
 * pipeline.fit(normalRows);
 * pipeline.predict(newRows); // Int8Array of 1 / −1
 * const restored = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline)));
 * ```
 */
// Not declared `implements ClassifierV1`: its document stores nested documents in `params`, and
// which methods work depends on the last step.
export class Pipeline {
  /** The kind written in model documents. */
  static readonly kind = 'Pipeline';
  /** The params schema (zod). */
  static readonly paramsSchema = pipelineParamsSchema;
  /**
   * Tags of the pipelines in `testParams` (scaler → naive Bayes, a classifier). A pipeline's real
   * behaviour follows its last step.
   */
  static readonly tags: EstimatorV1Tags = {
    estimatorType: 'classifier',
    requiresY: true,
    nonDeterministic: false,
    allowNaN: false,
    inputKind: 'matrix',
  };
  /** Params for the common checks (fresh steps each time). */
  static get testParams(): readonly PipelineParams[] {
    return [
      {
        steps: [
          ['scale', new MinMaxScaler({ clip: true })],
          ['nb', new MultinomialNB()],
        ],
      },
    ];
  }

  /** Spec version implemented. */
  readonly specificationVersion = 'v1' as const;
  /** The kind written in model documents. */
  readonly kind = Pipeline.kind;
  /** The validated params; frozen (the step instances are templates and are never fitted). */
  readonly params: Readonly<PipelineResolvedParams>;
  #fitted: StepEstimator[] | undefined;

  /**
   * @param params See {@link pipelineParamsSchema}.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the bad step.
   */
  constructor(params: PipelineParams = {}) {
    const parsed = parseOrThrow(pipelineParamsSchema, params, 'Pipeline params', ['params']);
    this.params = Object.freeze({
      steps: Object.freeze(parsed.steps.map((step) => Object.freeze([step[0], step[1]] as const))),
    });
  }

  /** Whether `fit` (or `fromJSON` of a fitted document) has run. */
  get isFitted(): boolean {
    return this.#fitted !== undefined;
  }

  /**
   * Fits a clone of each step on the output of the previous ones; samplers resample `x` and `y`
   * here (and only here).
   * @returns this
   * @throws {InvalidArgumentError} INVALID_ARGUMENT from any step (the message names it), or when a sampler gets no `y`.
   */
  fit(x: PipelineInput, y?: readonly Label[]): this {
    this.#fitSteps(x, y, false);
    return this;
  }

  /**
   * Fits the steps and returns the last step's `fitPredict` on the transformed training rows
   * (e.g. LocalOutlierFactor in outlier-detection mode).
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when the last step has no `fitPredict`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT from any step.
   */
  fitPredict(x: PipelineInput, y?: readonly Label[]): unknown {
    const last = this.params.steps[this.params.steps.length - 1]?.[1];
    if (last && typeof (last as unknown as Record<string, unknown>).fitPredict !== 'function') {
      throw new UnsupportedFunctionalityError({
        message: `Pipeline.fitPredict: the last step (${last.kind}) has no fitPredict.`,
        functionality: 'Pipeline.fitPredict',
      });
    }
    return this.#fitSteps(x, y, true);
  }

  #fitSteps(x: PipelineInput, y: readonly Label[] | undefined, predictLast: boolean): unknown {
    const steps = this.params.steps;
    if (steps.length === 0) {
      throw new InvalidArgumentError({
        message: 'Pipeline has no steps; give it at least one.',
        field: 'params.steps',
      });
    }
    let result: unknown;
    const fitted: StepEstimator[] = [];
    let input: unknown = x;
    let labels = y;
    for (let index = 0; index < steps.length; index++) {
      const [name, template] = steps[index];
      const step = template.clone();
      if (index < steps.length - 1 && isSamplerStep(step) && !isTransformerStep(step)) {
        if (labels === undefined) {
          throw new InvalidArgumentError({
            message: `Pipeline step "${name}" resamples by class and needs y.`,
            field: 'y',
          });
        }
        const resampled = (step as SamplerStep).fitResample(input, labels);
        input = resampled.x;
        labels = resampled.y;
      } else if (index < steps.length - 1) {
        const transformer = step as TransformerStep;
        const fitTransform = (transformer as { fitTransform?: (x: unknown, y?: readonly Label[]) => unknown })
          .fitTransform;
        if (typeof fitTransform === 'function') {
          input = fitTransform.call(transformer, input, labels);
        } else {
          transformer.fit(input, labels);
          input = transformer.transform(input);
        }
      } else if (predictLast) {
        result = (step as unknown as { fitPredict: (x: unknown, y?: readonly Label[]) => unknown }).fitPredict(
          input,
          labels,
        );
      } else if (labels === undefined) {
        step.fit?.(input);
      } else {
        step.fit?.(input, labels);
      }
      fitted.push(step);
    }
    this.#fitted = fitted;
    return result;
  }

  /**
   * The last step's predictions (labels for a classifier, ±1 for an outlier detector).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when the last step has no `predict`.
   */
  predict(x: PipelineInput): unknown {
    return this.#call('predict', x);
  }

  /**
   * The last step's class probabilities.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when the last step has no `predictProba`.
   */
  predictProba(x: PipelineInput): unknown {
    return this.#call('predictProba', x);
  }

  /**
   * The last step's decision function.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when the last step has no `decisionFunction`.
   */
  decisionFunction(x: PipelineInput): unknown {
    return this.#call('decisionFunction', x);
  }

  /**
   * The last step's `scoreSamples` (outlier detectors: lower is more abnormal).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when the last step has no `scoreSamples`.
   */
  scoreSamples(x: PipelineInput): unknown {
    return this.#call('scoreSamples', x);
  }

  /**
   * Transforms through every step, the last one included (it must be a transformer).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when the last step has no `transform`.
   */
  transform(x: PipelineInput): unknown {
    return this.#call('transform', x);
  }

  /**
   * The last step's `score` (accuracy for classifiers) on the transformed `x`.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when the last step has no `score`.
   */
  score(x: PipelineInput, y: readonly Label[]): number {
    const { last, input } = this.#through('score', x);
    return (last as unknown as { score: (x: unknown, y: readonly Label[]) => number }).score(input, y);
  }

  /**
   * The last step's classes.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when the last step is not a classifier.
   */
  get classes(): readonly Label[] {
    const last = this.#last('classes');
    const classes = (last as { classes?: readonly Label[] }).classes;
    if (!classes) throw this.#unsupported('classes', last);
    return classes;
  }

  /**
   * The last step's `offset` (outlier detectors).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {UnsupportedFunctionalityError} UNSUPPORTED when the last step has no offset.
   */
  get offset(): number {
    const last = this.#last('offset');
    const offset = (last as { offset?: number }).offset;
    if (typeof offset !== 'number') throw this.#unsupported('offset', last);
    return offset;
  }

  /**
   * The fitted steps by name (the pipeline's own clones).
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   */
  get namedSteps(): Readonly<Record<string, StepEstimator>> {
    const fitted = this.#require('namedSteps');
    return Object.freeze(Object.fromEntries(this.params.steps.map(([name], index) => [name, fitted[index]])));
  }

  /** The params (step instances are the unfitted templates, shared, not copied). */
  getParams(): PipelineParams {
    return { steps: this.params.steps.map(([name, estimator]) => [name, estimator] as [string, StepEstimator]) };
  }

  /**
   * A new, unfitted pipeline with the same steps, some params overridden.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when an override is invalid.
   */
  clone(overrides: Partial<PipelineParams> = {}): Pipeline {
    return new Pipeline({ ...this.getParams(), ...overrides });
  }

  /** The model document: params hold the step templates' documents, state the fitted ones. */
  toJSON(): ModelJSONV1<'Pipeline', PipelineParamsJSON, PipelineStateJSON> {
    const fitted = this.#fitted;
    return modelDocument(
      Pipeline.kind,
      { steps: this.params.steps.map(([name, estimator]) => [name, estimator.toJSON()]) },
      fitted ? { steps: fitted.map((step) => step.toJSON()) } : null,
    );
  }

  /**
   * Rebuilds a pipeline, restoring every step by its kind.
   * @param kinds Extra classes for step kinds that are not part of `@mloop/models`.
   * @throws {SerializationError} SERIALIZATION for a wrong kind or format version, an unknown step kind, or a malformed state.
   */
  static fromJSON(json: unknown, kinds: Iterable<ModelKindV1> = []): Pipeline {
    const kind = Pipeline.kind;
    const extra = [...kinds];
    const { params, state } = readModelDocument(json, { kind, paramsSchema: paramsJSONSchema, stateSchema });
    const steps = params.steps.map(
      ([name, document], index) =>
        [name, restoreNested(document, `Pipeline step ${index} ("${name}")`, extra)] as [string, StepEstimator],
    );
    let pipeline: Pipeline;
    try {
      pipeline = new Pipeline({ steps });
    } catch (error) {
      return corruptState(kind, `its steps are invalid (${(error as Error).message})`);
    }
    if (state === null) return pipeline;
    if (state.steps.length !== steps.length) corruptState(kind, 'the number of fitted steps differs from the params');
    pipeline.#fitted = state.steps.map((document, index) => {
      const step = restoreNested(document, `Pipeline fitted step ${index}`, extra);
      if (step.kind !== steps[index][1].kind)
        corruptState(kind, `fitted step ${index} is a ${step.kind}, not a ${steps[index][1].kind}`);
      const needsFit = !isSamplerStep(step) || isTransformerStep(step) || index === steps.length - 1;
      if (needsFit && !step.isFitted) corruptState(kind, `fitted step ${index} is not fitted`);
      return step;
    });
    return pipeline;
  }

  #require(method: string): StepEstimator[] {
    if (!this.#fitted) throw new NotFittedError({ estimator: 'Pipeline', method });
    return this.#fitted;
  }

  #last(method: string): StepEstimator {
    const fitted = this.#require(method);
    return fitted[fitted.length - 1];
  }

  #unsupported(method: string, last: StepEstimator): UnsupportedFunctionalityError {
    return new UnsupportedFunctionalityError({
      message: `Pipeline.${method}: the last step (${last.kind}) has no ${method}.`,
      functionality: `Pipeline.${method}`,
    });
  }

  /** Runs `x` through every fitted step but the last (samplers are skipped: they act in fit only). */
  #through(method: string, x: PipelineInput): { last: StepEstimator; input: unknown } {
    const fitted = this.#require(method);
    const last = fitted[fitted.length - 1];
    if (typeof (last as unknown as Record<string, unknown>)[method] !== 'function')
      throw this.#unsupported(method, last);
    let input: unknown = x;
    for (let index = 0; index < fitted.length - 1; index++) {
      const step = fitted[index];
      if (isTransformerStep(step)) input = step.transform(input);
    }
    return { last, input };
  }

  #call(method: Method, x: PipelineInput): unknown {
    const { last, input } = this.#through(method, x);
    return (last as unknown as Record<Method, (x: unknown) => unknown>)[method](input);
  }
}
