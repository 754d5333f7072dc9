import {
  type BatchDriftDetectorV1,
  type DriftResultV1,
  InvalidArgumentError,
  NotFittedError,
  parseOrThrow,
} from '@mloop/core';
import { ENGLISH_STOP_WORDS } from '@mloop/models';
import { z } from 'zod';
import { EmptyColumnError } from '../errors';
import type { TextDriftSection } from '../report/drift-report';
import { type DomainClassifierResult, domainClassifierDrift } from './domain-classifier';
import { type TextDriftParams, textDriftParamsSchema } from './text-drift-params';
import {
  type CorpusStats,
  corpusStats,
  corpusStatsFromJSON,
  corpusStatsJSONSchema,
  corpusStatsToJSON,
  corpusTerms,
} from './text-profile';
import {
  cosineDistance,
  type EmergingTerm,
  emergingTerms,
  fitReferenceTfidf,
  jaccard,
  oovRates,
  termJsDistance,
  tfidfCentroid,
  topTerms,
} from './vocabulary-measures';

/** Texts, optionally labelled (`'spam'`/`'ham'`), or just an array of texts. Missing texts (null) are counted and dropped. */
export type TextBatch =
  | readonly (string | null | undefined)[]
  | {
      readonly texts: readonly (string | null | undefined)[];
      readonly labels?: readonly (string | null | undefined)[];
    };

/** The result of {@link TextDriftDetector.test}. */
export interface TextDriftResult extends DriftResultV1 {
  /** 1 − Jaccard of the top-k terms. */
  readonly vocabularyDrift: number;
  /** Cosine distance of the mean TF-IDF vectors. */
  readonly tfidfDrift: number;
  /** Top terms of each side. */
  readonly referenceTop: readonly string[];
  /** Top terms of each side. */
  readonly currentTop: readonly string[];
  /** Share of current term occurrences unknown to the reference. */
  readonly oovTokenRate: number;
  /** Share of distinct current terms unknown to the reference. */
  readonly oovTypeRate: number;
  /** JS distance (base 2) of the term-frequency distributions. */
  readonly termJsDistance: number;
  /** Terms whose document frequency rose most, all texts. */
  readonly emergingTerms: readonly EmergingTerm[];
  /** The same over spam texts only (all texts when either side has no labels). */
  readonly emergingSpamTerms: readonly EmergingTerm[];
  /** New terms among the emerging spam terms (the SMS project's `new_spam_patterns`). */
  readonly newSpamPatterns: readonly string[];
  /** What to do, in the SMS project's words. */
  readonly recommendation: string;
  /** Evidently's domain classifier, when it ran. */
  readonly domainClassifier: DomainClassifierResult | null;
  /** Why the domain classifier did not run, else null. */
  readonly domainClassifierSkipped: string | null;
}

const jsonSchema = z.object({
  format: z.literal('mloop.drift.text-detector'),
  version: z.literal(1),
  params: textDriftParamsSchema,
  reference: z
    .object({
      stats: corpusStatsJSONSchema,
      centroid: z.array(z.number()),
      texts: z.array(z.string()).nullable(),
      labelled: z.boolean(),
      missing: z.number().int().nonnegative(),
    })
    .nullable(),
});

interface Fitted {
  readonly stats: CorpusStats;
  /** Mean L2-normalised TF-IDF row of the reference, aligned with the sorted vocabulary. */
  readonly centroid: Float64Array;
  readonly texts: string[] | null;
  readonly labelled: boolean;
  readonly missing: number;
}

interface Prepared {
  readonly texts: string[];
  readonly labels: (string | null)[] | null;
  readonly missing: number;
}

function prepare(batch: TextBatch, side: 'reference' | 'current'): Prepared {
  const texts = Array.isArray(batch)
    ? (batch as readonly (string | null | undefined)[])
    : (batch as { texts: readonly (string | null | undefined)[] }).texts;
  const labels = Array.isArray(batch)
    ? undefined
    : (batch as { labels?: readonly (string | null | undefined)[] }).labels;
  if (!Array.isArray(texts))
    throw new InvalidArgumentError({ message: `${side} must be an array of texts or { texts, labels }.`, field: side });
  if (labels && labels.length !== texts.length) {
    throw new InvalidArgumentError({
      message: `${side}.labels has ${labels.length} labels for ${texts.length} texts.`,
      field: `${side}.labels`,
    });
  }
  const kept: string[] = [];
  const keptLabels: (string | null)[] = [];
  let missing = 0;
  texts.forEach((text, i) => {
    if (text === null || text === undefined) {
      missing++;
      return;
    }
    if (typeof text !== 'string') {
      throw new InvalidArgumentError({
        message: `${side} text ${i} is a ${typeof text}, expected a string.`,
        field: `${side}[${i}]`,
      });
    }
    kept.push(text);
    keptLabels.push(labels ? (labels[i] ?? null) : null);
  });
  if (kept.length === 0) {
    throw new EmptyColumnError({
      message: `No ${side} text left after dropping ${missing} missing values.`,
      field: side,
      side,
    });
  }
  return { texts: kept, labels: labels ? keptLabels : null, missing };
}

/**
 * Text drift for the SMS scenario (drift-spec §3): vocabulary drift (1 − Jaccard of the top-k
 * terms), TF-IDF drift (cosine distance of the mean TF-IDF vectors, TF-IDF fitted on the
 * reference), drift when either exceeds 0.15; OOV rates, term JS distance, emerging and new spam
 * terms by lift; and Evidently's domain-classifier ROC AUC with the most telling words.
 *
 * `fit(reference)` keeps term counts and document frequencies (and the texts, for the domain
 * classifier); the profile round-trips through `toJSON`/`fromJSON`.
 *
 * @example
 * ```ts
 * const detector = new TextDriftDetector({ domainClassifier: false }).fit({ texts: trainTexts, labels: trainLabels });
 * const result = detector.test({ texts: newTexts, labels: predictedLabels });
 * result.newSpamPatterns; // e.g. ['crypto', 'nft']
 * ```
 */
export class TextDriftDetector implements BatchDriftDetectorV1<TextBatch> {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion = 'v1' as const;
  /** Method name. */
  readonly method = 'text_vocabulary';
  /** The resolved params. */
  readonly params: Readonly<z.output<typeof textDriftParamsSchema>>;
  readonly #stopWords: ReadonlySet<string>;
  #fitted: Fitted | undefined;

  /** @throws {InvalidArgumentError} INVALID_ARGUMENT for invalid params. */
  constructor(params: TextDriftParams = {}) {
    this.params = parseOrThrow(textDriftParamsSchema, params, 'params');
    this.#stopWords = this.params.stopWords ? new Set(this.params.stopWords) : ENGLISH_STOP_WORDS;
  }

  /** Whether `fit` has run. */
  get isFitted(): boolean {
    return this.#fitted !== undefined;
  }

  #isSpam(labels: readonly (string | null)[] | null): boolean[] | undefined {
    return labels ? labels.map((label) => label === this.params.positiveLabel) : undefined;
  }

  /**
   * Profiles the reference texts.
   * @throws {EmptyColumnError} INVALID_ARGUMENT when no text is left after dropping missing ones.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for non-string texts or a label count mismatch.
   */
  fit(reference: TextBatch): this {
    const prepared = prepare(reference, 'reference');
    const terms = corpusTerms(prepared.texts, this.#stopWords);
    const stats = corpusStats(terms, this.#isSpam(prepared.labels));
    this.#fitted = {
      stats,
      centroid: tfidfCentroid(fitReferenceTfidf(stats), terms),
      texts: this.params.domainClassifier ? prepared.texts : null,
      labelled: prepared.labels !== null,
      missing: prepared.missing,
    };
    return this;
  }

  /**
   * Measures the drift of the current texts.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {EmptyColumnError} INVALID_ARGUMENT when no current text is left after dropping missing ones.
   */
  test(current: TextBatch): TextDriftResult {
    const fitted = this.#fitted;
    if (!fitted) throw new NotFittedError({ estimator: 'TextDriftDetector', method: 'test' });
    const prepared = prepare(current, 'current');
    const terms = corpusTerms(prepared.texts, this.#stopWords);
    const cur = corpusStats(terms, this.#isSpam(prepared.labels));
    const ref = fitted.stats;
    const referenceTop = topTerms(ref.counts, this.params.topK);
    const currentTop = topTerms(cur.counts, this.params.topK);
    const vocabularyDrift = 1 - jaccard(referenceTop, currentTop);
    const curCentroid = tfidfCentroid(fitReferenceTfidf(ref), terms);
    const cosine = cosineDistance(fitted.centroid, curCentroid);
    const oov = oovRates(ref, cur);
    const rules = this.params.emerging;
    const all = emergingTerms(ref.documentFrequency, ref.documents, cur.documentFrequency, cur.documents, rules);
    const bothLabelled = fitted.labelled && prepared.labels !== null;
    const spam = bothLabelled
      ? emergingTerms(ref.spamDocumentFrequency, ref.spamDocuments, cur.spamDocumentFrequency, cur.spamDocuments, rules)
      : all;
    const newSpamPatterns = spam.filter((t) => t.isNew).map((t) => t.term);
    const statistic = Math.max(vocabularyDrift, cosine.distance);
    const driftDetected = statistic > this.params.threshold;
    const recommendation =
      driftDetected && newSpamPatterns.length > 0
        ? 'Consider retraining - new spam vocabulary detected'
        : driftDetected
          ? 'Consider retraining - text distribution shift'
          : 'No action';
    let domain: DomainClassifierResult | null = null;
    let skipped: string | null = null;
    if (this.params.domainClassifier && fitted.texts) {
      const cap = (texts: string[], seed: number) =>
        texts.length <= this.params.maxClassifierTexts ? texts : sample(texts, this.params.maxClassifierTexts, seed);
      const outcome = domainClassifierDrift(
        cap(fitted.texts, this.params.seed),
        cap(prepared.texts, this.params.seed + 7),
        {
          seed: this.params.seed,
          largeReference: 1000,
          aucThreshold: 0.55,
          percentile: 0.95,
          draws: 1000,
          topWords: 25,
        },
      );
      if ('skipped' in outcome) skipped = outcome.skipped;
      else domain = outcome;
    } else skipped = this.params.domainClassifier ? 'reference texts not kept' : 'disabled';
    return {
      method: this.method,
      statistic,
      threshold: this.params.threshold,
      driftDetected,
      score: statistic,
      missing: { reference: fitted.missing, current: prepared.missing },
      details: {
        rule: 'max(vocabularyDrift, tfidfDrift) > threshold',
        topK: this.params.topK,
        cosineSimilarity: cosine.similarity,
        referenceVocabularySize: ref.counts.size,
        currentVocabularySize: cur.counts.size,
      },
      vocabularyDrift,
      tfidfDrift: cosine.distance,
      referenceTop,
      currentTop,
      oovTokenRate: oov.tokenRate,
      oovTypeRate: oov.typeRate,
      termJsDistance: termJsDistance(ref, cur),
      emergingTerms: all,
      emergingSpamTerms: spam,
      newSpamPatterns,
      recommendation,
      domainClassifier: domain,
      domainClassifierSkipped: skipped,
    };
  }

  /** Params and the reference profile, JSON-serializable. */
  toJSON(): z.output<typeof jsonSchema> {
    const fitted = this.#fitted;
    return {
      format: 'mloop.drift.text-detector',
      version: 1,
      params: this.params,
      reference: fitted
        ? {
            stats: corpusStatsToJSON(fitted.stats),
            centroid: Array.from(fitted.centroid),
            texts: fitted.texts,
            labelled: fitted.labelled,
            missing: fitted.missing,
          }
        : null,
    };
  }

  /**
   * Restores a detector from {@link TextDriftDetector.toJSON} output.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the JSON does not match the schema.
   */
  static fromJSON(json: unknown): TextDriftDetector {
    const parsed = parseOrThrow(jsonSchema, json, 'json');
    const detector = new TextDriftDetector(parsed.params);
    if (parsed.reference) {
      const stats = corpusStatsFromJSON(parsed.reference.stats);
      if (parsed.reference.centroid.length !== stats.documentFrequency.size) {
        throw new InvalidArgumentError({
          message: 'TextDriftDetector JSON: the centroid does not match the vocabulary.',
          field: 'json.reference.centroid',
        });
      }
      detector.#fitted = {
        stats,
        centroid: Float64Array.from(parsed.reference.centroid),
        texts: parsed.reference.texts,
        labelled: parsed.reference.labelled,
        missing: parsed.reference.missing,
      };
    }
    return detector;
  }

  /** This result as a report section. */
  static toReportSection(name: string, result: TextDriftResult): TextDriftSection {
    return {
      name,
      vocabularyDrift: result.vocabularyDrift,
      tfidfDrift: result.tfidfDrift,
      threshold: result.threshold,
      driftDetected: result.driftDetected,
      referenceTopTerms: [...result.referenceTop],
      currentTopTerms: [...result.currentTop],
      newPatterns: [...result.newSpamPatterns],
      domainClassifierAuc: result.domainClassifier?.rocAuc ?? null,
      tellingWords: result.domainClassifier ? result.domainClassifier.currentWords.slice(0, 10) : [],
      recommendation: result.recommendation,
    };
  }
}

function sample(texts: readonly string[], k: number, seed: number): string[] {
  let s = seed >>> 0 || 1;
  const idx = Array.from({ length: texts.length }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = i + (s % (idx.length - i));
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx.slice(0, k).map((i) => texts[i] as string);
}
