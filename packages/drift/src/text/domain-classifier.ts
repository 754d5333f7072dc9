// Evidently's text content drift (legacy/utils/data_drift_utils.py, `calculate_text_drift_score`):
// a classifier learns to tell reference texts from current ones on a seeded 50/50 split, and its
// ROC AUC on the held-out half is the drift score. Evidently uses TF-IDF (sublinear tf, max_df 0.5,
// English stop words) and an L1 SGD classifier with modified-Huber loss; this uses the same TF-IDF
// and @mloop/models' LogisticRegression, so values differ from Evidently's while the protocol and
// thresholds are the same.
import { quantile, rocAucScore, SeededRandom } from '@mloop/core';
import { LogisticRegression, TfidfVectorizer } from '@mloop/models';
import { compareCodePoints } from '../stats/compare-code-points';

/** Settings of {@link domainClassifierDrift}. */
export interface DomainClassifierSettings {
  /** Seed of the split and of the random-AUC draws. */
  readonly seed: number;
  /** Above this many reference texts the fixed AUC threshold applies. Evidently: 1000. */
  readonly largeReference: number;
  /** Fixed AUC threshold for large references. Evidently: 0.55. */
  readonly aucThreshold: number;
  /** Percentile of random-score AUCs used as threshold for small references. Evidently: 0.95. */
  readonly percentile: number;
  /** Random-score AUC draws for the percentile. Evidently: 1000. */
  readonly draws: number;
  /** Telling words reported per side. */
  readonly topWords: number;
}

/** Outcome of {@link domainClassifierDrift}. */
export interface DomainClassifierResult {
  /** ROC AUC of P(current) on the held-out half. */
  readonly rocAuc: number;
  /** The threshold the AUC is compared with. */
  readonly threshold: number;
  /** `'abs'` (fixed threshold, large reference) or `'perc'` (percentile of random AUCs). */
  readonly method: 'abs' | 'perc';
  /** AUC > threshold. */
  readonly driftDetected: boolean;
  /** Words pushing towards "current", strongest first. */
  readonly currentWords: string[];
  /** Words pushing towards "reference", strongest first. */
  readonly referenceWords: string[];
}

/**
 * Trains the domain classifier and scores it. Returns a reason instead when it cannot run (too few
 * texts, one class in the held-out half, no vocabulary left after stop words).
 */
export function domainClassifierDrift(
  reference: readonly string[],
  current: readonly string[],
  settings: DomainClassifierSettings,
): DomainClassifierResult | { readonly skipped: string } {
  const texts = [...reference, ...current];
  const labels = [...reference.map(() => 0), ...current.map(() => 1)];
  const n = texts.length;
  if (reference.length < 2 || current.length < 2) return { skipped: 'needs at least 2 texts on each side' };
  const order = new SeededRandom(settings.seed).permutation(n);
  const testSize = Math.ceil(n / 2);
  const trainIdx = Array.from(order.subarray(testSize));
  const testIdx = Array.from(order.subarray(0, testSize));
  const yTrain = trainIdx.map((i) => labels[i] as number);
  const yTest = testIdx.map((i) => labels[i] as number);
  if (new Set(yTrain).size < 2 || new Set(yTest).size < 2)
    return { skipped: 'the seeded split left one side out of a half' };
  let vectorizer: TfidfVectorizer;
  let xTrain: ReturnType<TfidfVectorizer['transform']>;
  try {
    vectorizer = new TfidfVectorizer({ sublinearTf: true, maxDf: 0.5, stopWords: 'english' });
    xTrain = vectorizer.fitTransform(trainIdx.map((i) => texts[i] as string));
  } catch (error) {
    return { skipped: `no usable vocabulary (${(error as Error).message})` };
  }
  const model = new LogisticRegression({ maxIter: 1000 }).fit(xTrain, yTrain);
  const proba = model.predictProba(vectorizer.transform(testIdx.map((i) => texts[i] as string)));
  const scores = Float64Array.from(testIdx, (_, k) => proba.data[k * proba.cols + 1] as number);
  const rocAuc = rocAucScore(yTest, scores);
  let threshold: number;
  let method: 'abs' | 'perc';
  if (reference.length > settings.largeReference) {
    threshold = settings.aucThreshold;
    method = 'abs';
  } else {
    const random = new SeededRandom(settings.seed + 1);
    const aucs = new Float64Array(settings.draws);
    const noise = new Float64Array(yTest.length);
    for (let d = 0; d < settings.draws; d++) {
      for (let k = 0; k < noise.length; k++) noise[k] = random.next();
      aucs[d] = rocAucScore(yTest, noise);
    }
    threshold = quantile(aucs, settings.percentile);
    method = 'perc';
  }
  const names = vectorizer.getFeatureNamesOut();
  const coef = model.coef;
  const weights = names.map((name, j) => [name, coef.data[j] as number] as const);
  const byWeight = [...weights].sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]));
  return {
    rocAuc,
    threshold,
    method,
    driftDetected: rocAuc > threshold,
    currentWords: byWeight
      .filter(([, w]) => w > 0)
      .slice(0, settings.topWords)
      .map(([t]) => t),
    referenceWords: byWeight
      .filter(([, w]) => w < 0)
      .reverse()
      .slice(0, settings.topWords)
      .map(([t]) => t),
  };
}
