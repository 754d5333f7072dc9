import { describe, expect, it } from 'vitest';
import { toMatrix } from '../src/numeric/matrix';
import type { Label, Matrix, MatrixLike } from '../src/spec/shared/v1/matrix';
import { runChecks } from '../src/testing/check';
import { batchDetectorChecks, streamingDetectorChecks } from '../src/testing/drift-detector-checks';
import { type EstimatorClassUnderTest, estimatorChecks } from '../src/testing/estimator-checks';
import { makeDriftStream } from '../src/testing/estimator-fixtures';
import {
  describeBatchDetectorChecks,
  describeEstimatorChecks,
  describeStreamingDetectorChecks,
} from '../src/testing/vitest';
import { Cusum, MeanShift } from './fixtures/cusum-detector';
import { NearestCentroid } from './fixtures/nearest-centroid';
import { ZScoreDetector } from './fixtures/z-score-detector';

// The correct fixtures pass every check, through the vitest binding users call.
describeEstimatorChecks(NearestCentroid);
describeEstimatorChecks(ZScoreDetector);
const normal = Array.from(makeDriftStream({ before: 500, after: 0, seed: 1 }));
const shifted = Array.from(makeDriftStream({ before: 500, after: 0, seed: 2, meanBefore: 2 }));
describeStreamingDetectorChecks('Cusum', { create: () => new Cusum(), fromJSON: Cusum.fromJSON });
describeBatchDetectorChecks('MeanShift', {
  create: () => new MeanShift(),
  fromJSON: MeanShift.fromJSON,
  reference: normal,
  drifted: shifted,
});

async function failing(model: EstimatorClassUnderTest): Promise<string[]> {
  const outcomes = await runChecks(estimatorChecks, { model });
  return outcomes.filter((o) => o.status === 'failed').map((o) => o.id);
}

class MutatesInput extends NearestCentroid {
  override fit(x: MatrixLike, y: readonly Label[]): this {
    super.fit(x, y);
    (x as Matrix).data[0] += 1;
    return this;
  }
}
class CountsPredictions extends NearestCentroid {
  override predict(x: MatrixLike): Label[] {
    if (this.state) this.state.centroids[0][0] += 0;
    if (this.state) this.state.classes = [...this.state.classes];
    (this.state as unknown as { calls?: number }).calls =
      ((this.state as unknown as { calls?: number }).calls ?? 0) + 1;
    return super.predict(x);
  }
}
class ReturnsCopy extends NearestCentroid {
  override fit(x: MatrixLike, y: readonly Label[]): this {
    return new NearestCentroid(this.getParams()).fit(x, y) as this;
  }
}
class MutableParams extends NearestCentroid {
  constructor(params = {}) {
    super(params);
    (this as { params: object }).params = { ...this.params };
  }
}
class LenientJson extends NearestCentroid {
  static override fromJSON(json: unknown): NearestCentroid {
    const j = json as { params?: object; state?: unknown };
    const model = new NearestCentroid();
    (model as unknown as { state: unknown }).state = j?.state ?? undefined;
    return model;
  }
}
class IgnoresWidth extends NearestCentroid {
  protected override input(x: MatrixLike, method: string): Matrix {
    const m = toMatrix(x);
    const cols = this.state?.centroids[0].length ?? m.cols;
    if (m.cols === cols) return super.input(x, method);
    const data = new Float64Array(m.rows * cols);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = m.data[i * m.cols + j];
    return { rows: m.rows, cols, data };
  }
}
class UnnormalizedProba extends NearestCentroid {
  override predictProba(x: MatrixLike): Matrix {
    const proba = super.predictProba(x);
    return { ...proba, data: proba.data.map((p) => p * 2) };
  }
}
class BatchDependent extends NearestCentroid {
  override predict(x: MatrixLike): Label[] {
    const m = toMatrix(x);
    return m.rows > 1 ? super.predict(x) : [this.classes[0]];
  }
}
class SilentBeforeFit extends NearestCentroid {
  protected override fitted(_method: string) {
    return this.state ?? { classes: ['x'], centroids: [[0]] };
  }
}
class FlippedOutliers extends ZScoreDetector {
  override predict(x: MatrixLike): Int8Array {
    return super.predict(x).map((v) => -v);
  }
}

describe('the estimator kit catches broken estimators', () => {
  const cases: [string, EstimatorClassUnderTest, string][] = [
    ['fit mutates x', MutatesInput, 'fit/inputs-unchanged'],
    ['predict changes state', CountsPredictions, 'predict/state-unchanged'],
    ['fit returns a copy', ReturnsCopy, 'fit/returns-this'],
    ['params are mutable', MutableParams, 'params/round-trip'],
    ['fromJSON accepts anything', LenientJson, 'json/rejects-bad-documents'],
    ['extra columns are ignored', IgnoresWidth, 'input/feature-count'],
    ['probabilities do not sum to 1', UnnormalizedProba, 'classifier/proba'],
    ['one row predicts differently', BatchDependent, 'predict/subset-invariant'],
    ['predict works before fit', SilentBeforeFit, 'fit/not-fitted'],
    ['predict sign is flipped', FlippedOutliers, 'outlier/consistency'],
  ];
  for (const [bug, model, checkId] of cases) {
    it(`${bug} → ${checkId}`, async () => {
      expect(await failing(model)).toContain(checkId);
    });
  }
});

class NoReset extends Cusum {
  override reset(): this {
    return this;
  }
}
class LossyJson extends Cusum {
  static override fromJSON(json: unknown): Cusum {
    const out = Cusum.fromJSON(json);
    return out.reset();
  }
}
class TriggerHappy extends Cusum {
  override get driftDetected(): boolean {
    return this.nSeen % 500 === 0;
  }
}
class ImpureTest extends MeanShift {
  override test(current: readonly number[]) {
    const result = super.test(current);
    this.reference = (this.reference ?? 0) + 1;
    return result;
  }
}
class AlwaysDrift extends MeanShift {
  override test(current: readonly number[]) {
    return { ...super.test(current), driftDetected: true };
  }
}

describe('the drift-detector kits catch broken detectors', () => {
  it.each([
    ['reset keeps state', NoReset, 'streaming/reset'],
    ['fromJSON loses state', LossyJson, 'streaming/json-resume'],
    ['drifts on a stable stream', TriggerHappy, 'streaming/stable-no-drift'],
  ] as const)('%s → %s', async (_bug, Detector, checkId) => {
    const outcomes = await runChecks(streamingDetectorChecks, {
      create: () => new Detector(),
      fromJSON: Detector.fromJSON,
    });
    expect(outcomes.filter((o) => o.status === 'failed').map((o) => o.id)).toContain(checkId);
  });

  it.each([
    ['test moves the reference', ImpureTest, 'batch/test-is-pure'],
    ['drift on identical samples', AlwaysDrift, 'batch/identical-no-drift'],
  ] as const)('%s → %s', async (_bug, Detector, checkId) => {
    const outcomes = await runChecks(batchDetectorChecks, {
      create: () => new Detector(),
      reference: normal,
      drifted: shifted,
    });
    expect(outcomes.filter((o) => o.status === 'failed').map((o) => o.id)).toContain(checkId);
  });
});
