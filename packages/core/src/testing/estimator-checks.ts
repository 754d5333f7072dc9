import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { MloopError } from '../errors/mloop-error';
import { SerializationError } from '../errors/serialization-error';
import {
  decodeModelDocument,
  encodeModelDocumentBytes,
  encodeModelDocumentWith,
} from '../registry/model-document-codec';
import type { EstimatorV1, EstimatorV1Class } from '../spec/model/v1/estimator-v1';
import type { ModelJSONV1 } from '../spec/model/v1/model-json-v1';
import type { CsrMatrix, Label, MatrixLike } from '../spec/shared/v1/matrix';
import { CheckFailure, check, checkEqual } from './assert';
import type { ConformanceCheck } from './check';
import { makeBlobs, makeSparseBlobs, tinySmsCorpus } from './estimator-fixtures';
import {
  copyInput,
  emptyInput,
  firstColumnOnly,
  type KitInput,
  normalizeInput,
  outputRows,
  type RowOutput,
  rowCount,
  takeRows,
  withExtraColumn,
  withNaN,
} from './estimator-input';

/** The minimum of a zod object schema the kit reads: its keys and a non-throwing parse. */
export interface ParamsSchemaLike {
  /** The object's fields by param name. */
  readonly shape: Readonly<Record<string, { safeParse(value: unknown): { success: boolean } }>>;
}

/** An estimator class as the kit sees it: the spec's static side plus, optionally, its params schema. */
// biome-ignore lint/suspicious/noExplicitAny: each class takes its own params type; the kit passes only testParams and getParams() output back.
export type EstimatorClassUnderTest = EstimatorV1Class<any, EstimatorV1<any>> & {
  /** The zod schema of the params; `params/invalid` needs it. */
  readonly paramsSchema?: ParamsSchemaLike;
};

/** Training data for the checks; by default chosen from the class's `tags.inputKind`. */
export interface EstimatorFixture {
  /** Training input: rows of numbers, a Matrix, a CsrMatrix or documents. */
  readonly x: MatrixLike | CsrMatrix | readonly string[];
  /** Labels, one per row (classifiers and anything with `requiresY`). */
  readonly y?: readonly Label[];
}

/** What {@link estimatorChecks} run against. */
export interface EstimatorKitSubject {
  /** The class under test. */
  readonly model: EstimatorClassUnderTest;
  /** Training data (default: blobs for matrix and sparse input, a tiny SMS corpus for text). */
  readonly fixture?: EstimatorFixture;
}

const OUTPUT_METHODS = ['predict', 'predictProba', 'decisionFunction', 'scoreSamples', 'transform'] as const;
type OutputMethod = (typeof OUTPUT_METHODS)[number];
// biome-ignore lint/suspicious/noExplicitAny: see EstimatorClassUnderTest.
type AnyEstimator = EstimatorV1<any> &
  Partial<Record<OutputMethod | 'fit' | 'fitTransform' | 'fitPredict', (...args: unknown[]) => unknown>> & {
    readonly offset?: number;
    readonly classes?: readonly Label[];
  };

interface Prepared {
  readonly x: KitInput;
  readonly y: Label[] | undefined;
}

function prepare(subject: EstimatorKitSubject): Prepared {
  const { tags } = subject.model;
  if (subject.fixture)
    return { x: normalizeInput(subject.fixture.x), y: subject.fixture.y ? [...subject.fixture.y] : undefined };
  if (tags.inputKind === 'text') {
    const corpus = tinySmsCorpus();
    return { x: corpus.texts, y: corpus.labels };
  }
  const blobs = tags.inputKind === 'sparse' ? makeSparseBlobs() : makeBlobs();
  return { x: blobs.x, y: blobs.y };
}

function paramsList(model: EstimatorClassUnderTest): readonly Record<string, unknown>[] {
  return model.testParams.length > 0 ? model.testParams : [{}];
}

function needsY(model: EstimatorClassUnderTest): boolean {
  return model.tags.requiresY || model.tags.estimatorType === 'classifier';
}

function create(model: EstimatorClassUnderTest, params: Record<string, unknown>): AnyEstimator {
  return new model(params) as AnyEstimator;
}

function fit(
  estimator: AnyEstimator,
  model: EstimatorClassUnderTest,
  x: KitInput,
  y: readonly Label[] | undefined,
): unknown {
  return needsY(model) ? estimator.fit?.(x, y) : estimator.fit?.(x);
}

function isUnsupported(error: unknown): boolean {
  return MloopError.isInstance(error) && error.code === 'UNSUPPORTED';
}

/** Calls every output method the fitted estimator supports (a method that throws UNSUPPORTED, like LOF's predict without novelty, is left out). */
function outputs(estimator: AnyEstimator, x: KitInput): Map<OutputMethod, RowOutput[]> {
  const out = new Map<OutputMethod, RowOutput[]>();
  for (const method of OUTPUT_METHODS) {
    const fn = estimator[method];
    if (typeof fn !== 'function') continue;
    let result: unknown;
    try {
      result = fn.call(estimator, x);
    } catch (error) {
      if (isUnsupported(error)) continue;
      throw error;
    }
    out.set(method, outputRows(result, rowCount(x), method));
  }
  return out;
}

function close(a: RowOutput, b: RowOutput): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => close(v, b[i]));
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return Math.abs(a - b) <= 1e-9 * (1 + Math.abs(b));
  }
  return a === b;
}

function checkSameOutputs(
  actual: Map<OutputMethod, RowOutput[]>,
  expected: Map<OutputMethod, RowOutput[]>,
  what: string,
): void {
  checkEqual([...actual.keys()], [...expected.keys()], `${what}: methods`);
  for (const [method, rows] of expected) {
    const got = actual.get(method) as RowOutput[];
    check(got.length === rows.length, `${what}: ${method} returned ${got.length} rows, expected ${rows.length}`);
    rows.forEach((row, i) => {
      if (!close(got[i], row)) {
        throw new CheckFailure(
          `${what}: ${method} row ${i} is ${JSON.stringify(got[i])}, expected ${JSON.stringify(row)}`,
        );
      }
    });
  }
}

function fitted(subject: EstimatorKitSubject, params: Record<string, unknown>, data = prepare(subject)): AnyEstimator {
  const estimator = create(subject.model, params);
  fit(estimator, subject.model, data.x, data.y);
  return estimator;
}

function throwsWith(action: () => unknown, predicate: (error: unknown) => boolean, what: string): unknown {
  try {
    action();
  } catch (error) {
    if (!predicate(error)) {
      throw new CheckFailure(
        `${what}: threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      );
    }
    return error;
  }
  throw new CheckFailure(`${what}: did not throw`);
}

function roundTrip(estimator: AnyEstimator, model: EstimatorClassUnderTest): AnyEstimator {
  return model.fromJSON(JSON.parse(JSON.stringify(estimator.toJSON()))) as AnyEstimator;
}

function isOutlierDetector(model: EstimatorClassUnderTest): boolean {
  return model.tags.estimatorType === 'outlier-detector';
}

/**
 * The common checks every estimator passes (conventions B7), after sklearn's `check_estimator`
 * and River's `check_estimator`: construction and params, fit/predict purity, determinism, JSON
 * round trip, bad input, and per-type rules for classifiers, outlier detectors and transformers.
 * Run them with `describeEstimatorChecks` from `@mloop/core/testing/vitest`, or `runChecks`.
 */
export const estimatorChecks: readonly ConformanceCheck<EstimatorKitSubject>[] = [
  {
    id: 'construct/defaults',
    description: 'new M() and new M(testParams[i]) construct an unfitted estimator of the class kind',
    run({ model }) {
      for (const params of [undefined, ...model.testParams]) {
        const estimator = new model(params as never) as AnyEstimator;
        check(
          estimator.specificationVersion === 'v1',
          `${model.kind}: specificationVersion is ${estimator.specificationVersion}`,
        );
        check(estimator.kind === model.kind, `${model.kind}: instance kind is ${estimator.kind}`);
        check(estimator.isFitted === false, `${model.kind}: a new estimator says isFitted`);
      }
    },
  },
  {
    id: 'params/round-trip',
    description:
      'new M(m.getParams()).getParams() deep-equals m.getParams(); params is frozen; getParams returns a copy',
    run({ model }) {
      for (const params of paramsList(model)) {
        const estimator = create(model, params);
        const first = estimator.getParams();
        checkEqual(create(model, first).getParams(), first, `${model.kind} params round trip`);
        check(Object.isFrozen(estimator.params), `${model.kind}: params is not frozen`);
        (first as Record<string, unknown>).__mutated = true;
        check(!('__mutated' in estimator.getParams()), `${model.kind}: getParams() returns the live params object`);
        checkEqual(estimator.clone().getParams(), estimator.getParams(), `${model.kind} clone() params`);
      }
    },
  },
  {
    id: 'params/invalid',
    description: 'an unknown param, or a value no schema accepts, throws InvalidArgumentError naming the param',
    skip: ({ model }) => (model.paramsSchema ? undefined : 'the class has no static paramsSchema'),
    run({ model }) {
      const names = (error: unknown, param: string) =>
        InvalidArgumentError.isInstance(error) && `${error.field ?? ''} ${error.message}`.includes(param);
      throwsWith(
        () => new model({ notAParam: 1 } as never),
        (e) => names(e, 'notAParam'),
        `${model.kind}({ notAParam: 1 })`,
      );
      const bad = Symbol('not a param value');
      for (const [param, schema] of Object.entries(model.paramsSchema?.shape ?? {})) {
        if (schema.safeParse(bad).success) continue;
        throwsWith(
          () => new model({ ...paramsList(model)[0], [param]: bad } as never),
          (e) => names(e, param),
          `${model.kind}({ ${param}: Symbol() })`,
        );
      }
    },
  },
  {
    id: 'fit/not-fitted',
    description: 'every predict-like method before fit throws NotFittedError (NOT_FITTED)',
    run(subject) {
      const { model } = subject;
      const { x, y } = prepare(subject);
      const estimator = create(model, paramsList(model)[0]);
      let notFitted = 0;
      for (const method of [...OUTPUT_METHODS, 'score'] as const) {
        const fn = (estimator as unknown as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const error = throwsWith(
          () => fn.call(estimator, x, y),
          (e) => MloopError.isInstance(e) && (e.code === 'NOT_FITTED' || e.code === 'UNSUPPORTED'),
          `${model.kind}.${method} before fit`,
        );
        if ((error as MloopError).code === 'NOT_FITTED') notFitted++;
      }
      check(notFitted > 0, `${model.kind}: no method threw NOT_FITTED before fit`);
    },
  },
  {
    id: 'fit/returns-this',
    description: 'fit returns the estimator itself and sets isFitted',
    run(subject) {
      const data = prepare(subject);
      for (const params of paramsList(subject.model)) {
        const estimator = create(subject.model, params);
        check(
          fit(estimator, subject.model, data.x, data.y) === estimator,
          `${subject.model.kind}.fit did not return this`,
        );
        check(estimator.isFitted, `${subject.model.kind}: isFitted is false after fit`);
      }
    },
  },
  {
    id: 'fit/inputs-unchanged',
    description: 'fit and the predict-like methods leave x and y untouched',
    run(subject) {
      const data = prepare(subject);
      const xBefore = copyInput(data.x);
      const yBefore = data.y ? [...data.y] : undefined;
      const estimator = fitted(subject, paramsList(subject.model)[0], data);
      outputs(estimator, data.x);
      checkEqual(data.x, xBefore, `${subject.model.kind}: x after fit and predict`);
      checkEqual(data.y, yBefore, `${subject.model.kind}: y after fit`);
    },
  },
  {
    id: 'predict/state-unchanged',
    description: 'predicting does not change toJSON()',
    run(subject) {
      const data = prepare(subject);
      const estimator = fitted(subject, paramsList(subject.model)[0], data);
      const before = JSON.stringify(estimator.toJSON());
      outputs(estimator, data.x);
      check(JSON.stringify(estimator.toJSON()) === before, `${subject.model.kind}: toJSON() changed after predicting`);
    },
  },
  {
    id: 'fit/idempotent',
    description: 'fit(x).predict(t) equals fit(x).fit(x).predict(t)',
    run(subject) {
      const data = prepare(subject);
      for (const params of paramsList(subject.model)) {
        const once = fitted(subject, params, data);
        const twice = fitted(subject, params, data);
        fit(twice, subject.model, data.x, data.y);
        checkSameOutputs(outputs(twice, data.x), outputs(once, data.x), `${subject.model.kind} refit`);
      }
    },
  },
  {
    id: 'seed/deterministic',
    description: 'two estimators with the same params (and seed) give identical outputs',
    run(subject) {
      const data = prepare(subject);
      const hasSeed = subject.model.paramsSchema ? 'seed' in subject.model.paramsSchema.shape : false;
      for (const params of paramsList(subject.model)) {
        const seeded = hasSeed && params.seed === undefined ? { ...params, seed: 7 } : params;
        const a = fitted(subject, seeded, data);
        const b = create(subject.model, seeded).clone() as AnyEstimator;
        fit(b, subject.model, data.x, data.y);
        checkSameOutputs(outputs(b, data.x), outputs(a, data.x), `${subject.model.kind} same seed`);
      }
    },
  },
  {
    id: 'predict/subset-invariant',
    description: 'a batch gives the same outputs as its rows one by one, and reversing the rows reverses the outputs',
    skip: ({ model }) => (model.tags.nonDeterministic ? 'tags.nonDeterministic' : undefined),
    run(subject) {
      const data = prepare(subject);
      const estimator = fitted(subject, paramsList(subject.model)[0], data);
      const n = rowCount(data.x);
      const batch = outputs(estimator, data.x);
      const single = new Map<OutputMethod, RowOutput[]>();
      for (let i = 0; i < n; i++) {
        for (const [method, rows] of outputs(estimator, takeRows(data.x, [i]))) {
          single.set(method, [...(single.get(method) ?? []), ...rows]);
        }
      }
      checkSameOutputs(single, batch, `${subject.model.kind} row by row`);
      const reversed = outputs(
        estimator,
        takeRows(
          data.x,
          Array.from({ length: n }, (_, i) => n - 1 - i),
        ),
      );
      for (const rows of reversed.values()) rows.reverse();
      checkSameOutputs(reversed, batch, `${subject.model.kind} reversed rows`);
    },
  },
  {
    id: 'json/round-trip',
    description: 'fromJSON(JSON.parse(JSON.stringify(m))) gives identical outputs, fitted or not',
    run(subject) {
      const { model } = subject;
      const data = prepare(subject);
      for (const params of paramsList(model)) {
        const fresh = roundTrip(create(model, params), model);
        check(!fresh.isFitted, `${model.kind}: an unfitted estimator came back fitted`);
        checkEqual(fresh.getParams(), create(model, params).getParams(), `${model.kind} unfitted round trip params`);
        const estimator = fitted(subject, params, data);
        const restored = roundTrip(estimator, model);
        check(restored.isFitted, `${model.kind}: a fitted estimator came back unfitted`);
        checkSameOutputs(outputs(restored, data.x), outputs(estimator, data.x), `${model.kind} after fromJSON`);
        checkEqual(
          JSON.stringify(restored.toJSON()),
          JSON.stringify(estimator.toJSON()),
          `${model.kind} toJSON after fromJSON`,
        );
      }
    },
  },
  {
    id: 'json/registry-encoding',
    description:
      "the document survives the registry's packed encoding (and with every number array packed): fromJSON(decode(encode(m))) gives identical outputs",
    run(subject) {
      const { model } = subject;
      const data = prepare(subject);
      const estimator = fitted(subject, paramsList(model)[0], data);
      const document = estimator.toJSON() as ModelJSONV1;
      const plain = JSON.stringify(document);
      // The registry packs only long arrays; packing every one exercises it on the kit's small fixtures.
      for (const [what, text] of [
        ['the registry encoding', encodeModelDocumentBytes(document)],
        ['every number array packed', encodeModelDocumentWith(document, { minLength: 1, compact: false })],
      ] as const) {
        if (what === 'every number array packed' && /\[-?\d/.test(plain)) {
          check(/"\$(?:f64|f32|i8|i16|i32)"/.test(text as string), `${model.kind}: no number array was packed`);
        }
        const restored = model.fromJSON(decodeModelDocument(text)) as AnyEstimator;
        checkSameOutputs(outputs(restored, data.x), outputs(estimator, data.x), `${model.kind} after ${what}`);
        checkEqual(JSON.stringify(restored.toJSON()), plain, `${model.kind} toJSON after ${what}`);
      }
    },
  },
  {
    id: 'json/rejects-bad-documents',
    description: 'a wrong kind or format, a newer formatVersion, a missing or tampered state → SerializationError',
    run(subject) {
      const { model } = subject;
      const json = JSON.parse(JSON.stringify(fitted(subject, paramsList(model)[0]).toJSON())) as Record<
        string,
        unknown
      >;
      const bad: [string, unknown][] = [
        ['null', null],
        ['a string', 'model'],
        ['a wrong kind', { ...json, kind: `${model.kind}X` }],
        ['a wrong format', { ...json, format: 'other.model' }],
        ['formatVersion 2', { ...json, formatVersion: 2 }],
        ['no state key', Object.fromEntries(Object.entries(json).filter(([key]) => key !== 'state'))],
        ['a string state', { ...json, state: 'tampered' }],
        ['an empty state', { ...json, state: {} }],
        ['invalid params', { ...json, params: { notAParam: 1 } }],
      ];
      for (const [what, document] of bad) {
        throwsWith(
          () => model.fromJSON(document),
          (e) => SerializationError.isInstance(e),
          `${model.kind}.fromJSON(${what})`,
        );
      }
    },
  },
  {
    id: 'input/feature-count',
    description: 'predicting with a different number of columns throws InvalidArgumentError',
    skip: ({ model }) => (model.tags.inputKind === 'text' ? 'text input has no column count' : undefined),
    run(subject) {
      const data = prepare(subject);
      const estimator = fitted(subject, paramsList(subject.model)[0], data);
      const wider = withExtraColumn(data.x) as KitInput;
      for (const method of outputs(estimator, data.x).keys()) {
        throwsWith(
          () => estimator[method]?.(wider),
          (e) => InvalidArgumentError.isInstance(e),
          `${subject.model.kind}.${method} with one extra column`,
        );
      }
    },
  },
  {
    id: 'input/empty-and-nan',
    description: 'fitting on no rows, or on NaN when tags.allowNaN is false, throws InvalidArgumentError',
    run(subject) {
      const { model } = subject;
      const data = prepare(subject);
      const params = paramsList(model)[0];
      throwsWith(
        () => fit(create(model, params), model, emptyInput(data.x), data.y ? [] : undefined),
        (e) => InvalidArgumentError.isInstance(e),
        `${model.kind}.fit on empty input`,
      );
      const nan = withNaN(data.x);
      if (nan && !model.tags.allowNaN) {
        throwsWith(
          () => fit(create(model, params), model, nan, data.y),
          (e) => InvalidArgumentError.isInstance(e),
          `${model.kind}.fit with a NaN`,
        );
        const estimator = fitted(subject, params, data);
        for (const method of outputs(estimator, data.x).keys()) {
          throwsWith(
            () => estimator[method]?.(nan),
            (e) => InvalidArgumentError.isInstance(e),
            `${model.kind}.${method} with a NaN`,
          );
        }
      }
    },
  },
  {
    id: 'input/degenerate',
    description: 'one sample, or one feature, either works or throws InvalidArgumentError',
    run(subject) {
      const { model } = subject;
      const data = prepare(subject);
      const cases: [string, KitInput | undefined, Label[] | undefined][] = [
        ['1 sample', takeRows(data.x, [0]), data.y?.slice(0, 1)],
        ['1 feature', firstColumnOnly(data.x), data.y],
      ];
      for (const [what, x, y] of cases) {
        if (!x) continue;
        try {
          const estimator = create(model, paramsList(model)[0]);
          fit(estimator, model, x, y);
          outputs(estimator, x);
        } catch (error) {
          if (!InvalidArgumentError.isInstance(error)) {
            throw new CheckFailure(
              `${model.kind} with ${what}: threw ${(error as Error).name}: ${(error as Error).message}`,
            );
          }
        }
      }
    },
  },
  {
    id: 'classifier/proba',
    description:
      'string labels are kept; predictProba (unless UNSUPPORTED) is (n, k) with rows summing to 1 and its argmax is predict',
    skip: ({ model }) => (model.tags.estimatorType === 'classifier' ? undefined : 'not a classifier'),
    run(subject) {
      const data = prepare(subject);
      const y = (data.y ?? []).map((label) => `class ${label}`);
      const estimator = fitted(subject, paramsList(subject.model)[0], { x: data.x, y });
      const predicted = estimator.predict?.(data.x) as Label[];
      const classes = estimator.classes ?? [];
      checkEqual([...classes].sort(), [...new Set(y)].sort(), `${subject.model.kind}.classes`);
      check(
        predicted.every((label) => typeof label === 'string' && y.includes(label)),
        `${subject.model.kind}: predict returned labels not seen in y`,
      );
      let probaOutput: unknown;
      try {
        probaOutput = estimator.predictProba?.(data.x);
      } catch (error) {
        // A classifier without probabilities (LinearSVC, as in sklearn) says UNSUPPORTED; the label checks above still apply.
        if (isUnsupported(error)) return;
        throw error;
      }
      if (probaOutput === undefined) return;
      const proba = outputRows(probaOutput, rowCount(data.x), 'predictProba') as number[][];
      proba.forEach((row, i) => {
        check(
          row.length === classes.length,
          `predictProba row ${i} has ${row.length} columns for ${classes.length} classes`,
        );
        const sum = row.reduce((a, b) => a + b, 0);
        check(Math.abs(sum - 1) < 1e-9, `predictProba row ${i} sums to ${sum}`);
        const best = row.indexOf(Math.max(...row));
        check(
          classes[best] === predicted[i],
          `row ${i}: argmax of predictProba is ${classes[best]}, predict says ${predicted[i]}`,
        );
      });
    },
  },
  {
    id: 'classifier/one-label',
    description: 'training on one class predicts that class, or throws InvalidArgumentError saying why',
    skip: ({ model }) => (model.tags.estimatorType === 'classifier' ? undefined : 'not a classifier'),
    run(subject) {
      const data = prepare(subject);
      const y = (data.y ?? []).map(() => 'only');
      try {
        const estimator = fitted(subject, paramsList(subject.model)[0], { x: data.x, y });
        checkEqual(
          new Set(estimator.predict?.(data.x) as Label[]),
          new Set(['only']),
          `${subject.model.kind} one-class predictions`,
        );
      } catch (error) {
        if (error instanceof CheckFailure) throw error;
        check(
          InvalidArgumentError.isInstance(error) && /class/i.test(error.message),
          `${subject.model.kind} on one class threw ${(error as Error).message}`,
        );
      }
    },
  },
  {
    id: 'outlier/consistency',
    description:
      'predict ∈ {1, −1}; decisionFunction = scoreSamples − offset with the sign of predict; contamination c flags ≈ c·n rows',
    skip: ({ model }) => (isOutlierDetector(model) ? undefined : 'not an outlier detector'),
    run(subject) {
      const { model } = subject;
      const data = prepare(subject);
      const n = rowCount(data.x);
      for (const params of paramsList(model)) {
        const estimator = fitted(subject, params, data);
        const all = outputs(estimator, data.x);
        const predicted = all.get('predict') as number[] | undefined;
        const scores = all.get('scoreSamples') as number[] | undefined;
        const decision = all.get('decisionFunction') as number[] | undefined;
        if (predicted)
          check(
            predicted.every((v) => v === 1 || v === -1),
            `${model.kind}.predict returned values other than ±1`,
          );
        if (scores && decision) {
          decision.forEach((d, i) => {
            check(
              Math.abs(d - (scores[i] - (estimator.offset as number))) < 1e-9,
              `row ${i}: decisionFunction ≠ scoreSamples − offset`,
            );
          });
        }
        if (predicted && decision) {
          decision.forEach((d, i) => {
            check(
              d < 0 === (predicted[i] === -1),
              `row ${i}: decisionFunction ${d} disagrees with predict ${predicted[i]}`,
            );
          });
        }
        if (model.paramsSchema && 'contamination' in model.paramsSchema.shape) {
          // With a `novelty` param (LOF), predicting on the training rows is not meaningful (each row is
          // its own neighbour); sklearn tests fit_predict of the non-novelty estimator instead.
          const hasNovelty = 'novelty' in model.paramsSchema.shape;
          const contaminated = create(model, {
            ...params,
            contamination: 0.1,
            ...(hasNovelty ? { novelty: false } : {}),
          });
          let flags: ArrayLike<number>;
          if (hasNovelty && typeof contaminated.fitPredict === 'function') {
            flags = contaminated.fitPredict(data.x) as ArrayLike<number>;
          } else if (predicted) {
            fit(contaminated, model, data.x, data.y);
            flags = contaminated.predict?.(data.x) as ArrayLike<number>;
          } else if (typeof contaminated.fitPredict === 'function') {
            flags = contaminated.fitPredict(data.x) as ArrayLike<number>;
          } else {
            continue;
          }
          const outliers = Array.from(flags).filter((v) => v === -1).length;
          check(
            Math.abs(outliers - 0.1 * n) <= Math.max(1, 0.01 * n),
            `${model.kind} with contamination 0.1 flags ${outliers} of ${n} training rows, expected ≈ ${0.1 * n}`,
          );
        }
      }
    },
  },
  {
    id: 'transformer/fit-transform',
    description: 'fitTransform(x) equals fit(x).transform(x)',
    skip: ({ model }) => (model.tags.estimatorType === 'transformer' ? undefined : 'not a transformer'),
    run(subject) {
      const data = prepare(subject);
      for (const params of paramsList(subject.model)) {
        const a = create(subject.model, params);
        const viaFit = needsY(subject.model) ? a.fitTransform?.(data.x, data.y) : a.fitTransform?.(data.x);
        const b = fitted(subject, params, data);
        const n = rowCount(data.x);
        const expected = outputRows(b.transform?.(data.x), n, 'transform');
        const got = outputRows(viaFit, n, 'fitTransform');
        got.forEach((row, i) => {
          check(close(row, expected[i]), `${subject.model.kind}: fitTransform row ${i} differs from fit().transform()`);
        });
      }
    },
  },
];
