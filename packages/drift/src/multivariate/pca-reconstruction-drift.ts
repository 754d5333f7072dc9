import {
  type BatchDriftDetectorV1,
  type DriftResultV1,
  InvalidArgumentError,
  type Matrix,
  NotFittedError,
  parseOrThrow,
} from '@mloop/core';
import { Matrix as MlMatrix } from 'ml-matrix';
import { PCA } from 'ml-pca';
import { z } from 'zod';
import { driftColumnTypeSchema } from '../dataset/data-drift-options';
import { chunkingSchema, chunkRanges } from './chunking';
import { encodeTable, fitTableEncoder, type MultivariateData, tableEncoderSchema } from './encode-table';

/** Options of {@link PcaReconstructionDrift}. */
export const pcaReconstructionOptionsSchema = chunkingSchema.extend({
  /** Keep the fewest components whose cumulative explained-variance ratio is strictly above this. Default 0.65. */
  nComponents: z.number().gt(0).lt(1).default(0.65),
  /** Band half-width in standard deviations of the reference chunk values. Default 3. */
  thresholdStd: z.number().positive().default(3),
  /** Column types for tables; default from the Dataset schema or inferred. Text columns are skipped. */
  columnTypes: z.record(z.string(), driftColumnTypeSchema).optional(),
});

/** Options as given. */
export type PcaReconstructionOptions = z.input<typeof pcaReconstructionOptionsSchema>;

/** One chunk's reconstruction error. */
export interface ReconstructionChunk {
  /** First row (0-based). */
  readonly start: number;
  /** Last row, inclusive (NannyML's convention). */
  readonly end: number;
  /** Mean Euclidean reconstruction error of the chunk's rows, in standardised space. */
  readonly value: number;
  /** std(errors, ddof 1)/√rows; NaN for a one-row chunk. */
  readonly samplingError: number;
  /** True when the value is outside the band: `!(lower < value < upper)`. */
  readonly alert: boolean;
}

const jsonSchema = z.object({
  format: z.literal('mloop.drift.pca-reconstruction'),
  version: z.literal(1),
  options: pcaReconstructionOptionsSchema,
  fitted: z
    .object({
      encoder: tableEncoderSchema,
      pcaMean: z.array(z.number()),
      components: z.array(z.array(z.number())),
      explainedVarianceRatio: z.array(z.number()),
      referenceChunks: z.array(
        z.object({
          start: z.number(),
          end: z.number(),
          value: z.number(),
          samplingError: z.number().nullable(),
          alert: z.boolean(),
        }),
      ),
      thresholdMean: z.number(),
      thresholdStd: z.number(),
      upper: z.number(),
      lower: z.number().nullable(),
    })
    .nullable(),
});

type Fitted = NonNullable<z.output<typeof jsonSchema>['fitted']>;

/**
 * NannyML's data-reconstruction drift: PCA fitted on the standardised reference keeps 65% of the
 * variance; each chunk's mean reconstruction error is compared with a band of ±3 standard
 * deviations of the reference chunks' values (lower bound dropped when ≤ 0). A change in the
 * correlation between features shows up even when every column's own distribution is unchanged.
 *
 * `test(analysis)` returns a `DriftResultV1`: `statistic` is the analysis rows' mean
 * reconstruction error, `score` the largest chunk value, `threshold` the upper bound, and
 * `driftDetected` is true when any analysis chunk alerts; `details.chunks` lists every chunk.
 *
 * @example
 * ```ts
 * const detector = new PcaReconstructionDrift({ chunkSize: 100 }).fit(referenceRows);
 * const result = detector.test(analysisRows);
 * result.details.chunks; // [{ start, end, value, samplingError, alert }, …]
 * ```
 */
export class PcaReconstructionDrift implements BatchDriftDetectorV1<MultivariateData> {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion = 'v1' as const;
  /** Method name. */
  readonly method = 'pca_reconstruction';
  readonly #options: z.output<typeof pcaReconstructionOptionsSchema>;
  #fitted: Fitted | undefined;

  /** @throws {InvalidArgumentError} INVALID_ARGUMENT for invalid options. */
  constructor(options: PcaReconstructionOptions = {}) {
    this.#options = parseOrThrow(pcaReconstructionOptionsSchema, options, 'options');
  }

  /** Whether `fit` has run. */
  get isFitted(): boolean {
    return this.#fitted !== undefined;
  }

  /** Explained-variance ratio of every component, descending. @throws {NotFittedError} NOT_FITTED before `fit`. */
  get explainedVarianceRatio(): readonly number[] {
    if (!this.#fitted)
      throw new NotFittedError({ estimator: 'PcaReconstructionDrift', method: 'explainedVarianceRatio' });
    return this.#fitted.explainedVarianceRatio;
  }

  /** Number of components kept. @throws {NotFittedError} NOT_FITTED before `fit`. */
  get componentsKept(): number {
    if (!this.#fitted) throw new NotFittedError({ estimator: 'PcaReconstructionDrift', method: 'componentsKept' });
    return this.#fitted.components.length;
  }

  /** Reference chunks and the band. @throws {NotFittedError} NOT_FITTED before `fit`. */
  get thresholds(): {
    readonly referenceChunks: readonly ReconstructionChunk[];
    readonly upper: number;
    readonly lower: number | null;
  } {
    const fitted = this.#fitted;
    if (!fitted) throw new NotFittedError({ estimator: 'PcaReconstructionDrift', method: 'thresholds' });
    return {
      referenceChunks: fitted.referenceChunks.map((c) => ({ ...c, samplingError: c.samplingError ?? Number.NaN })),
      upper: fitted.upper,
      lower: fitted.lower,
    };
  }

  /**
   * Fits imputation, encoding, scaling and PCA on the reference, and the band on its chunks.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty data, an all-missing column, or too few rows for the chunking.
   */
  fit(reference: MultivariateData): this {
    const encoder = fitTableEncoder(reference, this.#options.columnTypes);
    const z = encodeTable(encoder, reference, this.#options.columnTypes);
    if (z.rows < 2)
      throw new InvalidArgumentError({ message: 'PCA needs at least 2 reference rows.', field: 'reference' });
    const rows: number[][] = Array.from({ length: z.rows }, (_, i) =>
      Array.from(z.data.subarray(i * z.cols, (i + 1) * z.cols)),
    );
    const pca = new PCA(rows, { method: 'SVD', center: true, scale: false });
    const ratios = pca.getExplainedVariance();
    let cumulative = 0;
    let kept = 0;
    // scikit-learn: searchsorted(cumsum, n_components, side='right') + 1 — the first index whose cumulative ratio is > n.
    while (kept < ratios.length) {
      cumulative += ratios[kept] as number;
      kept++;
      if (cumulative > this.#options.nComponents) break;
    }
    const eigenvectors = pca.getEigenvectors();
    const components = Array.from({ length: kept }, (_, k) => eigenvectors.getColumn(k));
    const pcaMean = (pca.toJSON() as { means: number[] }).means;
    const partial: Pick<Fitted, 'encoder' | 'pcaMean' | 'components'> = { encoder, pcaMean, components };
    const errors = reconstructionErrors(partial, z);
    const ranges = chunkRanges(z.rows, this.#options);
    const values = ranges.map(([start, end]) => chunkStats(errors, start, end));
    const mean = values.reduce((s, v) => s + v.value, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v.value - mean) ** 2, 0) / values.length);
    const upper = mean + this.#options.thresholdStd * std;
    const lowerRaw = mean - this.#options.thresholdStd * std;
    const lower = lowerRaw <= 0 ? null : lowerRaw;
    this.#fitted = {
      ...partial,
      explainedVarianceRatio: ratios,
      referenceChunks: ranges.map(([start, end], k) => {
        const v = values[k] as { value: number; samplingError: number };
        return {
          start,
          end: end - 1,
          value: v.value,
          samplingError: Number.isFinite(v.samplingError) ? v.samplingError : null,
          alert: isAlert(v.value, lower, upper),
        };
      }),
      thresholdMean: mean,
      thresholdStd: std,
      upper,
      lower,
    };
    return this;
  }

  /**
   * Reconstruction error per analysis chunk, with alerts.
   * @throws {NotFittedError} NOT_FITTED before `fit`.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT for empty data or a missing column.
   */
  test(analysis: MultivariateData): DriftResultV1 {
    const fitted = this.#fitted;
    if (!fitted) throw new NotFittedError({ estimator: 'PcaReconstructionDrift', method: 'test' });
    const z = encodeTable(fitted.encoder, analysis, this.#options.columnTypes);
    if (z.rows === 0) throw new InvalidArgumentError({ message: 'The analysis data has no rows.', field: 'analysis' });
    const errors = reconstructionErrors(fitted, z);
    const ranges = chunkRanges(z.rows, this.#options);
    const chunks: ReconstructionChunk[] = ranges.map(([start, end]) => {
      const { value, samplingError } = chunkStats(errors, start, end);
      return { start, end: end - 1, value, samplingError, alert: isAlert(value, fitted.lower, fitted.upper) };
    });
    let total = 0;
    for (let i = 0; i < errors.length; i++) total += errors[i] as number;
    const maxValue = Math.max(...chunks.map((c) => c.value));
    return {
      method: this.method,
      statistic: total / errors.length,
      threshold: fitted.upper,
      driftDetected: chunks.some((c) => c.alert),
      score: maxValue,
      details: {
        chunks: chunks.map((c) => ({ ...c, samplingError: Number.isFinite(c.samplingError) ? c.samplingError : null })),
        upperThreshold: fitted.upper,
        lowerThreshold: fitted.lower,
        componentsKept: fitted.components.length,
        alerts: chunks.filter((c) => c.alert).length,
      },
    };
  }

  /** Options and the fitted preprocessing, components and band. */
  toJSON(): z.output<typeof jsonSchema> {
    return {
      format: 'mloop.drift.pca-reconstruction',
      version: 1,
      options: this.#options,
      fitted: this.#fitted ?? null,
    };
  }

  /**
   * Restores a detector from {@link PcaReconstructionDrift.toJSON} output.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when the JSON does not match the schema.
   */
  static fromJSON(json: unknown): PcaReconstructionDrift {
    const parsed = parseOrThrow(jsonSchema, json, 'json');
    const detector = new PcaReconstructionDrift(parsed.options);
    if (parsed.fitted) detector.#fitted = parsed.fitted;
    return detector;
  }
}

function isAlert(value: number, lower: number | null, upper: number): boolean {
  return !((lower === null || lower < value) && value < upper);
}

/** ‖z − ẑ‖₂ per row with ẑ = (z − μ)·VₖᵀVₖ + μ. */
function reconstructionErrors(fitted: Pick<Fitted, 'pcaMean' | 'components'>, z: Matrix): Float64Array {
  const d = z.cols;
  const k = fitted.components.length;
  const V = new MlMatrix(fitted.components);
  const errors = new Float64Array(z.rows);
  const centred = new Float64Array(d);
  const scores = new Float64Array(k);
  for (let i = 0; i < z.rows; i++) {
    for (let j = 0; j < d; j++) centred[j] = (z.data[i * d + j] as number) - (fitted.pcaMean[j] as number);
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (centred[j] as number) * V.get(c, j);
      scores[c] = s;
    }
    let e = 0;
    for (let j = 0; j < d; j++) {
      let r = 0;
      for (let c = 0; c < k; c++) r += (scores[c] as number) * V.get(c, j);
      const diff = (centred[j] as number) - r;
      e += diff * diff;
    }
    errors[i] = Math.sqrt(e);
  }
  return errors;
}

function chunkStats(errors: Float64Array, start: number, end: number): { value: number; samplingError: number } {
  const n = end - start;
  let sum = 0;
  for (let i = start; i < end; i++) sum += errors[i] as number;
  const mean = sum / n;
  if (n < 2) return { value: mean, samplingError: Number.NaN };
  let ss = 0;
  for (let i = start; i < end; i++) ss += ((errors[i] as number) - mean) ** 2;
  return { value: mean, samplingError: Math.sqrt(ss / (n - 1)) / Math.sqrt(n) };
}
