import {
  type CsrMatrix,
  type DatasetV1,
  InvalidArgumentError,
  type Label,
  type Matrix,
  type MatrixLike,
} from '@mloop/core';
import { LogisticRegression } from '../linear/logistic-regression';
import { BernoulliNB } from '../naive-bayes/bernoulli-nb';
import { ComplementNB } from '../naive-bayes/complement-nb';
import { MultinomialNB } from '../naive-bayes/multinomial-nb';
import { checkDenseOrSparse, type DenseOrSparse } from '../shared/linear-input';
import { LinearSVC } from '../svm/linear-svc';

/** A model {@link topFeatures} can explain: a linear model, a naive Bayes model, or a fitted pipeline ending in one. */
export type ExplainableModel =
  | LogisticRegression
  | LinearSVC
  | MultinomialNB
  | ComplementNB
  | BernoulliNB
  | ExplainablePipeline;

/**
 * The part of a fitted Pipeline that {@link topFeatures} uses (structural, so any composite with
 * named fitted steps qualifies): the steps in order, transformers first, the model last.
 */
export interface ExplainablePipeline {
  /** The fitted steps by name, in pipeline order. */
  readonly namedSteps: Readonly<Record<string, unknown>>;
}

/** One feature's part in a prediction. */
export interface FeatureContribution {
  /** Column in the model's input. */
  readonly index: number;
  /** The feature's name: the term for TF-IDF/count features, otherwise `options.featureNames[index]` or `x<index>`. */
  readonly name: string;
  /** The feature's value in the explained row (after the pipeline's transformers; binarised for BernoulliNB). */
  readonly value: number;
  /** How much it moved the score of `label` relative to `against` (log-odds for logistic and naive Bayes, margin for LinearSVC). */
  readonly contribution: number;
}

/** What {@link topFeatures} returns. */
export interface TopFeatures {
  /** The predicted class. */
  readonly label: Label;
  /** The class it is compared with: the other class, or the runner-up when there are more than two. */
  readonly against: Label;
  /** Score of `label` minus score of `against`: the sum of all contributions plus the intercept/prior difference. */
  readonly margin: number;
  /** The intercept (or log-prior) difference: the part of `margin` no feature explains. */
  readonly baseline: number;
  /** Up to `k` features that pushed towards `label` most, largest first. */
  readonly supporting: FeatureContribution[];
  /** Up to `k` features that pushed towards `against` most, most negative first. */
  readonly opposing: FeatureContribution[];
}

/** Options of {@link topFeatures}. */
export interface TopFeaturesOptions {
  /** Names of the model's input columns, when no transformer in front of it knows them. */
  readonly featureNames?: readonly string[];
}

type LinearModel = LogisticRegression | LinearSVC | MultinomialNB | ComplementNB | BernoulliNB;

function isLinearModel(value: unknown): value is LinearModel {
  return (
    value instanceof LogisticRegression ||
    value instanceof LinearSVC ||
    value instanceof MultinomialNB ||
    value instanceof ComplementNB ||
    value instanceof BernoulliNB
  );
}

/** Per-class weights `W` and constants `b` with score `W·x + b`, as the model predicts. */
function scoringWeights(model: LinearModel): { weights: Matrix; intercept: Float64Array; classes: readonly Label[] } {
  const classes = model.classes;
  if (model instanceof LogisticRegression || model instanceof LinearSVC) {
    const coef = model.coef;
    const intercept = model.intercept;
    if (coef.rows === 1) {
      // One row scores classes[1] against classes[0]: write it as two rows, [0, w] and [0, b].
      const data = new Float64Array(2 * coef.cols);
      data.set(coef.data, coef.cols);
      const twoClassLogit = model instanceof LogisticRegression && model.isMultinomial ? 2 : 1;
      for (let j = coef.cols; j < data.length; j++) data[j] *= twoClassLogit;
      return {
        weights: { rows: 2, cols: coef.cols, data },
        intercept: Float64Array.from([0, twoClassLogit * intercept[0]]),
        classes,
      };
    }
    return { weights: coef, intercept, classes };
  }
  const featureLogProb = model.featureLogProb;
  const prior = model.classLogPrior;
  if (model instanceof BernoulliNB) {
    const { rows, cols, data } = featureLogProb;
    const weights = new Float64Array(data.length);
    const intercept = new Float64Array(rows);
    for (let c = 0; c < rows; c++) {
      let negativeSum = 0;
      for (let j = 0; j < cols; j++) {
        const negative = Math.log(1 - Math.exp(data[c * cols + j]));
        weights[c * cols + j] = data[c * cols + j] - negative;
        negativeSum += negative;
      }
      intercept[c] = prior[c] + negativeSum;
    }
    return { weights: { rows, cols, data: weights }, intercept, classes };
  }
  if (model instanceof ComplementNB) {
    return {
      weights: featureLogProb,
      intercept: classes.length === 1 ? prior : new Float64Array(classes.length),
      classes,
    };
  }
  return { weights: featureLogProb, intercept: prior, classes };
}

/** The single row of `x` as `(index, value)` pairs of its non-zero entries. */
function singleRow(x: unknown, nFeatures: number, binarize: number | null | undefined): [number, number][] {
  const checked = checkDenseOrSparse(x as DenseOrSparse, { estimator: 'topFeatures', name: 'input', nFeatures });
  if (checked.matrix.rows !== 1) throw notOneRow(checked.matrix.rows);
  let entries: [number, number][] = [];
  if (checked.sparse) {
    const { indptr, indices, data } = checked.matrix;
    for (let p = indptr[0]; p < indptr[1]; p++) if (data[p] !== 0) entries.push([indices[p], data[p]]);
  } else {
    const { data } = checked.matrix;
    for (let j = 0; j < nFeatures; j++) if (data[j] !== 0) entries.push([j, data[j]]);
  }
  if (binarize !== undefined && binarize !== null) {
    entries = entries.map(([j, value]) => [j, value > binarize ? 1 : 0] as [number, number]).filter(([, v]) => v !== 0);
  }
  return entries;
}

function notOneRow(rows: number): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `topFeatures explains one row (or one document) at a time; got ${rows}.`,
    field: 'input',
  });
}

/**
 * Explains one prediction of a linear or naive Bayes model, on its own or at the end of a
 * fitted Pipeline (TF-IDF → MultinomialNB, TF-IDF → LogisticRegression …): the features (terms)
 * that pushed the predicted class's score above its closest competitor most, and those that
 * pushed against it. Each contribution is `value × (w_label − w_against)`: for logistic
 * regression and naive Bayes a share of the log-odds, for LinearSVC of the margin; together with
 * `baseline` they add up to `margin`.
 *
 * @param model A fitted LogisticRegression, LinearSVC, MultinomialNB, ComplementNB or BernoulliNB,
 * or a fitted Pipeline ending in one.
 * @param input One document (for a pipeline starting with a vectorizer), or one row (numbers, a
 * one-row Matrix or CSR matrix, a one-row Dataset for a pipeline starting with a
 * ColumnTransformer) in the input format of the model or pipeline.
 * @param k How many features to list on each side (default 10).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for a model that is not explainable, more than one row, or a wrong feature count.
 * @throws {NotFittedError} NOT_FITTED when the model is not fitted.
 *
 * @example
 * ```ts
 * import { MultinomialNB, Pipeline, TfidfVectorizer, topFeatures } from '@mloop/models';
 *
 * const pipeline = new Pipeline({ steps: [['tfidf', new TfidfVectorizer()], ['nb', new MultinomialNB()]] });
 * pipeline.fit(['win a free prize now', 'lunch at noon?', 'free cash prize', 'see you at noon'], ['spam', 'ham', 'spam', 'ham']);
 * const why = topFeatures(pipeline, 'claim your free prize', 3);
 * why.label; // 'spam'
 * why.supporting.map((feature) => feature.name); // ['free', 'prize']
 * ```
 */
export function topFeatures(
  model: ExplainableModel,
  input: string | MatrixLike | CsrMatrix | readonly number[] | readonly string[] | DatasetV1,
  k = 10,
  options: TopFeaturesOptions = {},
): TopFeatures {
  return createExplainer(model, options)(input, k);
}

/** Explains one row or document; see {@link topFeatures}. */
export type FeatureExplainer = (
  input: string | MatrixLike | CsrMatrix | readonly number[] | readonly string[] | DatasetV1,
  k?: number,
) => TopFeatures;

/**
 * {@link topFeatures} for many predictions of one fitted model: the model's scoring weights and
 * the feature names are read once, so each explanation costs only the row's non-zero features.
 * The explainer describes the model as it was fitted when it was created; refit → create another.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for a model that is not explainable.
 * @throws {NotFittedError} NOT_FITTED when the model is not fitted.
 * @example
 * ```ts
 * const explain = createExplainer(pipeline);
 * explain('WINNER!! Claim your prize', 5).supporting; // the terms that made it spam
 * ```
 */
export function createExplainer(model: ExplainableModel, options: TopFeaturesOptions = {}): FeatureExplainer {
  let names = options.featureNames;
  let last: unknown = model;
  const transformers: { transform: (value: unknown) => unknown }[] = [];
  if (!isLinearModel(model)) {
    const steps = Object.values((model as ExplainablePipeline).namedSteps ?? {});
    last = steps[steps.length - 1];
    for (const step of steps.slice(0, -1)) {
      const transformer = step as { transform?: (value: unknown) => unknown; getFeatureNamesOut?: () => string[] };
      // Samplers act during fit only; predictions go through the transformers.
      if (typeof transformer.transform !== 'function') continue;
      transformers.push(transformer as { transform: (value: unknown) => unknown });
      if (typeof transformer.getFeatureNamesOut === 'function') names = transformer.getFeatureNamesOut();
    }
  }
  if (!isLinearModel(last)) {
    throw new InvalidArgumentError({
      message:
        'topFeatures explains LogisticRegression, LinearSVC and naive Bayes models, alone or as the last step of a fitted Pipeline.',
      field: 'model',
    });
  }
  const { weights, intercept, classes } = scoringWeights(last);
  const binarize = last instanceof BernoulliNB ? last.params.binarize : undefined;
  const { rows, cols, data } = weights;
  return (input, k = 10) => {
    if (!Number.isInteger(k) || k < 1) {
      throw new InvalidArgumentError({ message: `topFeatures: k must be a positive integer, got ${k}.`, field: 'k' });
    }
    let x: unknown = typeof input === 'string' ? [input] : input;
    if (Array.isArray(x) && x.length > 0 && typeof x[0] === 'number') x = [x];
    for (const transformer of transformers) x = transformer.transform(x);
    const entries = singleRow(x, cols, binarize);
    const scores = Array.from(intercept);
    for (const [j, value] of entries) for (let c = 0; c < rows; c++) scores[c] += value * data[c * cols + j];
    const order = scores.map((_, c) => c).sort((a, b) => scores[b] - scores[a] || a - b);
    const best = order[0];
    const runnerUp = order.length > 1 ? order[1] : order[0];
    const contributions: FeatureContribution[] = entries.map(([j, value]) => ({
      index: j,
      name: names?.[j] ?? `x${j}`,
      value,
      contribution: value * (data[best * cols + j] - data[runnerUp * cols + j]),
    }));
    const supporting = contributions
      .filter((entry) => entry.contribution > 0)
      .sort((a, b) => b.contribution - a.contribution || a.index - b.index)
      .slice(0, k);
    const opposing = contributions
      .filter((entry) => entry.contribution < 0)
      .sort((a, b) => a.contribution - b.contribution || a.index - b.index)
      .slice(0, k);
    return {
      label: classes[best],
      against: classes[runnerUp],
      margin: scores[best] - scores[runnerUp],
      baseline: intercept[best] - intercept[runnerUp],
      supporting,
      opposing,
    };
  };
}
