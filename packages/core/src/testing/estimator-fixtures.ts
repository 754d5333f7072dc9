import { csrFromDense } from '../numeric/csr-matrix';
import { SeededRandom } from '../numeric/random';
import type { CsrMatrix, Label, Matrix } from '../spec/shared/v1/matrix';

/** Options of {@link makeBlobs}. */
export interface MakeBlobsOptions {
  /** Rows in all (default 60). */
  readonly nSamples?: number;
  /** Columns (default 4). */
  readonly nFeatures?: number;
  /** Clusters, one class each (default 3). */
  readonly centers?: number;
  /** Standard deviation of each cluster (default 1). */
  readonly clusterStd?: number;
  /** Seed (default 0). */
  readonly seed?: number;
}

/** Isotropic Gaussian clusters and their cluster index as label. */
export interface Blobs {
  /** The points, row-major. Every value is ≥ 0, so count models (multinomial NB) accept them too. */
  readonly x: Matrix;
  /** The cluster of each row: 0 … centers − 1. */
  readonly y: number[];
}

/**
 * Seeded Gaussian blobs (like sklearn's `make_blobs`), shifted so every value is non-negative:
 * the default fixture of the estimator checks.
 * @example
 * const { x, y } = makeBlobs({ nSamples: 90, centers: 3, seed: 1 });
 */
export function makeBlobs(options: MakeBlobsOptions = {}): Blobs {
  const nSamples = options.nSamples ?? 60;
  const nFeatures = options.nFeatures ?? 4;
  const centers = options.centers ?? 3;
  const clusterStd = options.clusterStd ?? 1;
  const rng = new SeededRandom(options.seed ?? 0);
  const middles = Array.from({ length: centers }, () => Array.from({ length: nFeatures }, () => rng.uniform(-10, 10)));
  const data = new Float64Array(nSamples * nFeatures);
  const y: number[] = [];
  for (let i = 0; i < nSamples; i++) {
    const cluster = i % centers;
    y.push(cluster);
    for (let j = 0; j < nFeatures; j++) data[i * nFeatures + j] = middles[cluster][j] + rng.normal(0, clusterStd);
  }
  let min = 0;
  for (const value of data) min = Math.min(min, value);
  for (let k = 0; k < data.length; k++) data[k] = Math.round((data[k] - min) * 1e6) / 1e6;
  return { x: { rows: nSamples, cols: nFeatures, data }, y };
}

/** The same blobs as a CSR matrix (for estimators whose `inputKind` is `'sparse'`). */
export function makeSparseBlobs(options: MakeBlobsOptions = {}): { readonly x: CsrMatrix; readonly y: number[] } {
  const { x, y } = makeBlobs(options);
  return { x: csrFromDense(x), y };
}

const SPAM = [
  'WINNER!! You have won a £1000 prize. Call 09061701461 to claim now',
  'Free entry in a weekly competition to win cash. Text WIN to 80086',
  'URGENT! Your mobile number has been awarded a free prize, call now',
  'Congratulations you won a free holiday, claim your prize today',
  'Claim your free ringtone now, reply YES to 85023, cost 150p',
  'You have been selected to receive a £2000 cash award, call free',
  'Win a brand new phone! Text PHONE to 87121 to enter the free draw',
  'Your free entry to our cash prize draw is waiting, text CLAIM now',
];

const HAM = [
  'Ok lar, I will see you at the station at six',
  'Are we still having dinner tonight? Let me know',
  'Sorry I missed your call, will ring you back later',
  'Can you pick up some milk on the way home please',
  'Happy birthday! Hope you have a great day with the family',
  'I am running late, the bus is stuck in traffic again',
  'Did you finish the report for the meeting tomorrow',
  'See you at lunch, the usual place near the office',
];

/** A tiny labelled SMS corpus. */
export interface TinySmsCorpus {
  /** Messages, spam and ham alternating. */
  readonly texts: string[];
  /** `'spam'` or `'ham'`, one per message. */
  readonly labels: Label[];
}

/**
 * Sixteen short messages, half spam and half ham, with the vocabulary that separates them: the
 * text fixture of the estimator checks (TF-IDF, naive Bayes over text, text pipelines).
 * @example
 * const { texts, labels } = tinySmsCorpus();
 */
export function tinySmsCorpus(): TinySmsCorpus {
  const texts: string[] = [];
  const labels: Label[] = [];
  for (let i = 0; i < SPAM.length; i++) {
    texts.push(SPAM[i], HAM[i]);
    labels.push('spam', 'ham');
  }
  return { texts, labels };
}

/** Options of {@link makeDriftStream}. */
export interface MakeDriftStreamOptions {
  /** Values before the change (default 1,000). */
  readonly before?: number;
  /** Values after the change (default 1,000). */
  readonly after?: number;
  /** Mean before the change (default 0). */
  readonly meanBefore?: number;
  /** Mean after the change (default 3). */
  readonly meanAfter?: number;
  /** Standard deviation throughout (default 1). */
  readonly std?: number;
  /** Emit 0/1 values (Bernoulli with the means as probabilities) for error-rate detectors. */
  readonly binary?: boolean;
  /** Seed (default 0). */
  readonly seed?: number;
}

/**
 * A seeded stream with one abrupt change of mean at index `before`: Gaussian by default, or 0/1
 * errors whose rate jumps (`binary: true`, means read as probabilities).
 * @example
 * const stream = makeDriftStream({ before: 500, after: 500, meanAfter: 2 });
 */
export function makeDriftStream(options: MakeDriftStreamOptions = {}): Float64Array {
  const before = options.before ?? 1000;
  const after = options.after ?? 1000;
  const rng = new SeededRandom(options.seed ?? 0);
  const out = new Float64Array(before + after);
  for (let i = 0; i < out.length; i++) {
    const mean =
      i < before
        ? (options.meanBefore ?? (options.binary ? 0.1 : 0))
        : (options.meanAfter ?? (options.binary ? 0.6 : 3));
    out[i] = options.binary ? (rng.next() < mean ? 1 : 0) : rng.normal(mean, options.std ?? 1);
  }
  return out;
}
