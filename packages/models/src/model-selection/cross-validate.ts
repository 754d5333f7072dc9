import {
  accuracyScore,
  averagePrecisionScore,
  balancedAccuracyScore,
  f1Score,
  InvalidArgumentError,
  isMatrix,
  type Label,
  precisionScore,
  recallScore,
  rocAucScore,
} from '@mloop/core';
import { sortLabels } from '../shared/class-labels';
import { KFold, StratifiedKFold } from './k-fold';
import { type RowsInput, rowCountOf, takeRowsOf } from './train-test-split';

/** A fitted model as the scorers see it. */
export interface ScoredModel {
  /** Predicted labels. */
  predict?(x: unknown): unknown;
  /** Class probabilities (columns in `classes` order). */
  predictProba?(x: unknown): unknown;
  /** Decision values (binary: one per row). */
  decisionFunction?(x: unknown): unknown;
  /** The estimator's own score. */
  score?(x: unknown, y: readonly Label[]): number;
  /** The training classes. */
  readonly classes?: readonly Label[];
}

/** An estimator {@link crossValidate} can refit per fold. */
export interface CrossValidatable extends ScoredModel {
  /** Fits on a fold. */
  fit(x: unknown, y?: readonly Label[]): unknown;
  /** A new, unfitted estimator with the same params. */
  clone(): CrossValidatable;
}

/** sklearn's scorer names supported here. */
export type ScorerName =
  | 'accuracy'
  | 'balanced_accuracy'
  | 'f1'
  | 'precision'
  | 'recall'
  | 'roc_auc'
  | 'average_precision';

/** A scorer: a name, or a function of the fitted model and a fold (higher is better). */
export type Scorer = ScorerName | ((model: ScoredModel, x: unknown, y: readonly Label[]) => number);

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions {
  /** Folds: a count (stratified when `y` is given, as sklearn for classifiers) or a splitter. Default 5. */
  readonly cv?: number | KFold | StratifiedKFold;
  /** What to measure: one scorer, a list of names, or named scorers. Default: the estimator's `score`. */
  readonly scoring?: Scorer | readonly ScorerName[] | Readonly<Record<string, Scorer>>;
  /** The positive class of binary scores; default the greater of the two classes (sklearn's default for 0/1). */
  readonly posLabel?: Label;
  /** Also score each fold's training rows. */
  readonly returnTrainScore?: boolean;
  /** Keep each fold's fitted estimator. */
  readonly returnEstimator?: boolean;
}

/** The result of {@link crossValidate}, one entry per fold. */
export interface CrossValidateResult<Estimator> {
  /** Seconds spent in `fit`. */
  readonly fitTime: number[];
  /** Seconds spent scoring the test fold. */
  readonly scoreTime: number[];
  /** Test-fold scores by scorer name (sklearn's `test_<name>`). */
  readonly testScores: Record<string, number[]>;
  /** Training-fold scores, with `returnTrainScore`. */
  readonly trainScores: Record<string, number[]> | undefined;
  /** The fitted estimators, with `returnEstimator`. */
  readonly estimators: Estimator[] | undefined;
}

function positiveScores(model: ScoredModel, x: unknown, posLabel: Label, name: string): ArrayLike<number> {
  if (typeof model.predictProba === 'function' && model.classes) {
    const proba = model.predictProba(x);
    const column = model.classes.indexOf(posLabel);
    if (isMatrix(proba) && column >= 0) {
      return Float64Array.from({ length: proba.rows }, (_, i) => proba.data[i * proba.cols + column]);
    }
  }
  if (typeof model.decisionFunction === 'function') {
    const decision = model.decisionFunction(x);
    if (decision instanceof Float64Array) return decision;
    if (isMatrix(decision) && decision.cols === 1) return decision.data;
  }
  throw new InvalidArgumentError({
    message: `Scorer "${name}" needs predictProba (with classes) or a one-column decisionFunction.`,
    field: 'scoring',
  });
}

function namedScorer(
  name: ScorerName,
  posLabel: () => Label,
): (model: ScoredModel, x: unknown, y: readonly Label[]) => number {
  const predicted = (model: ScoredModel, x: unknown) => Array.from(model.predict?.(x) as ArrayLike<Label>);
  switch (name) {
    case 'accuracy':
      return (model, x, y) => accuracyScore(y, predicted(model, x));
    case 'balanced_accuracy':
      return (model, x, y) => balancedAccuracyScore(y, predicted(model, x));
    case 'f1':
      return (model, x, y) => f1Score(y, predicted(model, x), { posLabel: posLabel() });
    case 'precision':
      return (model, x, y) => precisionScore(y, predicted(model, x), { posLabel: posLabel() });
    case 'recall':
      return (model, x, y) => recallScore(y, predicted(model, x), { posLabel: posLabel() });
    case 'roc_auc':
      return (model, x, y) => rocAucScore(y, positiveScores(model, x, posLabel(), name), { posLabel: posLabel() });
    case 'average_precision':
      return (model, x, y) =>
        averagePrecisionScore(y, positiveScores(model, x, posLabel(), name), { posLabel: posLabel() });
    default:
      throw new InvalidArgumentError({ message: `Unknown scorer "${String(name)}".`, field: 'scoring' });
  }
}

/**
 * Cross-validation as scikit-learn's `cross_validate`: for each fold, a clone of the estimator
 * is fitted on the training rows and scored on the test rows (and optionally on its training
 * rows). Folds are stratified when labels are given and `cv` is a number.
 *
 * @example
 * ```ts
 * import { crossValidate, MultinomialNB, Pipeline, TfidfVectorizer } from '@mloop/models';
 *
 * const pipeline = new Pipeline({ steps: [['tfidf', new TfidfVectorizer()], ['nb', new MultinomialNB()]] });
 * const result = crossValidate(pipeline, texts, labels, { cv: 5, scoring: ['accuracy', 'f1'], posLabel: 'spam' });
 * result.testScores.f1; // five F1 scores
 * ```
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for a bad `cv`, an unknown scorer, a label count
 *   that differs from the row count, or whatever the estimator refuses.
 */
export function crossValidate<Estimator extends CrossValidatable>(
  estimator: Estimator,
  x: RowsInput,
  y?: readonly Label[],
  options: CrossValidateOptions = {},
): CrossValidateResult<Estimator> {
  const n = rowCountOf(x);
  if (y !== undefined && y.length !== n) {
    throw new InvalidArgumentError({ message: `y has ${y.length} labels for ${n} rows.`, field: 'y' });
  }
  const cv = options.cv ?? 5;
  let folds: { train: Int32Array; test: Int32Array }[];
  if (typeof cv === 'number') {
    folds = y !== undefined ? new StratifiedKFold({ nSplits: cv }).split(y) : new KFold({ nSplits: cv }).split(n);
  } else if (cv instanceof StratifiedKFold) {
    if (y === undefined) throw new InvalidArgumentError({ message: 'StratifiedKFold needs y.', field: 'cv' });
    folds = cv.split(y);
  } else if (cv instanceof KFold) {
    folds = cv.split(n);
  } else {
    throw new InvalidArgumentError({ message: 'cv must be a fold count, a KFold or a StratifiedKFold.', field: 'cv' });
  }
  const posLabel = () => {
    if (options.posLabel !== undefined) return options.posLabel;
    const classes = sortLabels(y ?? []);
    return classes[classes.length - 1];
  };
  const scorers = new Map<string, (model: ScoredModel, x: unknown, y: readonly Label[]) => number>();
  const { scoring } = options;
  if (scoring === undefined) {
    scorers.set('score', (model, xs, ys) => {
      if (typeof model.score !== 'function') {
        throw new InvalidArgumentError({
          message: 'The estimator has no score(); pass options.scoring.',
          field: 'scoring',
        });
      }
      return model.score(xs, ys);
    });
  } else if (typeof scoring === 'string') scorers.set(scoring, namedScorer(scoring, posLabel));
  else if (typeof scoring === 'function') scorers.set('score', scoring);
  else if (Array.isArray(scoring))
    for (const name of scoring as readonly ScorerName[]) scorers.set(name, namedScorer(name, posLabel));
  else {
    for (const [name, scorer] of Object.entries(scoring as Record<string, Scorer>)) {
      scorers.set(name, typeof scorer === 'string' ? namedScorer(scorer, posLabel) : scorer);
    }
  }
  const result = {
    fitTime: [] as number[],
    scoreTime: [] as number[],
    testScores: Object.fromEntries([...scorers.keys()].map((name) => [name, [] as number[]])),
    trainScores: options.returnTrainScore
      ? Object.fromEntries([...scorers.keys()].map((name) => [name, [] as number[]]))
      : undefined,
    estimators: options.returnEstimator ? ([] as Estimator[]) : undefined,
  };
  for (const { train, test } of folds) {
    const model = estimator.clone() as Estimator;
    const xTrain = takeRowsOf(x, train);
    const yTrain = y ? Array.from(train, (i) => y[i]) : undefined;
    let start = performance.now();
    if (yTrain) model.fit(xTrain, yTrain);
    else model.fit(xTrain);
    result.fitTime.push((performance.now() - start) / 1000);
    const xTest = takeRowsOf(x, test);
    const yTest = y ? Array.from(test, (i) => y[i]) : [];
    start = performance.now();
    for (const [name, scorer] of scorers) result.testScores[name].push(scorer(model, xTest, yTest));
    result.scoreTime.push((performance.now() - start) / 1000);
    if (result.trainScores) {
      for (const [name, scorer] of scorers) result.trainScores[name].push(scorer(model, xTrain, yTrain ?? []));
    }
    result.estimators?.push(model);
  }
  return result;
}
