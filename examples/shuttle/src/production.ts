import { type Dataset, datasetToMatrix, SeededRandom, std } from '@mloop/core';
import { FEATURES } from './shuttle-data';

/** One simulated production batch: labelled rows and the sensor noise injected into them. */
export interface ProductionBatch {
  /** 1-based batch number. */
  readonly index: number;
  /** The rows (features and the outlier label), noise already added. */
  readonly data: Dataset;
  /** Noise standard deviation as a share of each feature's standard deviation on normal telemetry (0 = clean). */
  readonly noise: number;
}

/** How the production traffic is simulated. */
export interface ProductionOptions {
  /** Number of batches (default 10). */
  readonly batches?: number;
  /**
   * Noise level of each of the last batches, as a share of each feature's standard deviation on
   * normal telemetry (default `[0.4, 0.6, 0.8]`: the last three batches get noisier).
   */
  readonly noise?: readonly number[];
  /** Seed of the shuffle and of the noise. */
  readonly seed?: number;
}

/**
 * Cuts the labelled test traffic into equal batches after a seeded shuffle and adds Gaussian noise
 * to every feature of the last ones, a failing or drifting sensor: noise is scaled per feature by
 * that feature's spread on normal telemetry, so every sensor degrades alike.
 */
export function productionBatches(test: Dataset, normal: Dataset, options: ProductionOptions = {}): ProductionBatch[] {
  const count = options.batches ?? 10;
  const noise = options.noise ?? [0.4, 0.6, 0.8];
  const random = new SeededRandom(options.seed ?? 11);
  const order = random.permutation(test.nRows);
  const normalMatrix = datasetToMatrix(normal, { columns: [...FEATURES] });
  const spread = FEATURES.map((_, j) =>
    std(Float64Array.from({ length: normalMatrix.rows }, (_, i) => normalMatrix.data[i * normalMatrix.cols + j])),
  );
  const batches: ProductionBatch[] = [];
  for (let b = 0; b < count; b++) {
    const start = Math.floor((b * test.nRows) / count);
    const end = Math.floor(((b + 1) * test.nRows) / count);
    let data = test.take(order.subarray(start, end)).withName(`shuttle-batch-${b + 1}`);
    const level = b >= count - noise.length ? noise[b - (count - noise.length)] : 0;
    if (level > 0) {
      for (let j = 0; j < FEATURES.length; j++) {
        const column = data.column(FEATURES[j]) as Float64Array;
        const noisy = Float64Array.from(column, (value) => value + random.normal(0, level * spread[j]));
        data = data.withColumn(FEATURES[j], noisy, { type: 'numeric' });
      }
    }
    batches.push({ index: b + 1, data, noise: level });
  }
  return batches;
}
