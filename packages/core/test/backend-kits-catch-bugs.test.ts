import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryArtifactStore } from '../src/memory/memory-artifact-store';
import { MemoryRegistry } from '../src/memory/memory-registry';
import { MemoryTracker } from '../src/memory/memory-tracker';
import type { ArtifactV1Body, ArtifactV1Info } from '../src/spec/artifact-store/v1/artifact-store-v1';
import type { RegistryV1CreateVersionInput, RegistryV1Version } from '../src/spec/registry/v1/registry-v1-version';
import type { TrackerV1Batch } from '../src/spec/tracker/v1/tracker-v1-batch';
import type { TrackerV1Run } from '../src/spec/tracker/v1/tracker-v1-run';
import { artifactStoreChecks } from '../src/testing/artifact-store-checks';
import { runChecks } from '../src/testing/check';
import { registryChecks } from '../src/testing/registry-checks';
import { trackerChecks } from '../src/testing/tracker-checks';

/** Clamps non-finite values the way MLflow's old SQL store did. */
class ClampingTracker extends MemoryTracker {
  override logBatch(runId: string, batch: TrackerV1Batch): Promise<void> {
    const metrics = batch.metrics?.map((metric) => ({
      ...metric,
      value: Number.isNaN(metric.value)
        ? 0
        : Math.max(-1.7976931348623157e308, Math.min(1.7976931348623157e308, metric.value)),
    }));
    return super.logBatch(runId, { ...batch, ...(metrics ? { metrics } : {}) });
  }
}

/** Silently keeps the first value of a re-logged param instead of refusing the change. */
class ForgivingParamsTracker extends MemoryTracker {
  override async logBatch(runId: string, batch: TrackerV1Batch): Promise<void> {
    const run = await this.getRun(runId);
    const params = batch.params?.filter((param) => run.params[param.key] === undefined);
    return super.logBatch(runId, { ...batch, ...(params ? { params } : {}) });
  }
}

/** Reports the last logged point as "latest", ignoring steps (a common bug). */
class LastWriteWinsTracker extends MemoryTracker {
  override async getRun(id: string): Promise<TrackerV1Run> {
    const run = await super.getRun(id);
    const metrics = { ...run.metrics };
    for (const key of Object.keys(metrics)) {
      const history = await super.getMetricHistory(id, key);
      const byInsertion = [...history].sort((a, b) => a.timestamp - b.timestamp);
      metrics[key] = byInsertion[byInsertion.length - 1];
    }
    return { ...run, metrics };
  }
}

/** Hands out version numbers from its own counter that restarts after a delete. */
class ReusingRegistry extends MemoryRegistry {
  #deleted = new Map<string, number>();
  override async deleteVersion(name: string, version: number): Promise<void> {
    await super.deleteVersion(name, version);
    this.#deleted.set(name, version);
  }
  override async createVersion(input: RegistryV1CreateVersionInput): Promise<RegistryV1Version> {
    const created = await super.createVersion(input);
    const reused = this.#deleted.get(input.model);
    return reused === undefined ? created : { ...created, version: reused };
  }
}

/** Keys blobs by SHA-1, not SHA-256. */
class Sha1ArtifactStore extends MemoryArtifactStore {
  override async put(body: ArtifactV1Body): Promise<ArtifactV1Info> {
    const info = await super.put(body);
    const bytes = await super.get(info.digest);
    return { ...info, digest: createHash('sha1').update(bytes).digest('hex').padEnd(64, '0') };
  }
}

const failedIds = async <Subject>(checks: Parameters<typeof runChecks<Subject>>[0], subject: Subject) =>
  (await runChecks(checks, subject)).filter((outcome) => outcome.status === 'failed').map((outcome) => outcome.id);

describe('the backend kits catch broken backends', () => {
  it('a tracker that clamps NaN/±Infinity fails metrics/non-finite', async () => {
    const create = () => new ClampingTracker();
    expect(await failedIds(trackerChecks, { create, capabilities: create().capabilities })).toContain(
      'tracker/metrics/non-finite',
    );
  });

  it('a tracker that ignores param changes fails params/conflict', async () => {
    const create = () => new ForgivingParamsTracker();
    expect(await failedIds(trackerChecks, { create, capabilities: create().capabilities })).toContain(
      'tracker/params/conflict',
    );
  });

  it('a tracker whose latest metric ignores steps fails metrics/latest-rule', async () => {
    const create = () => new LastWriteWinsTracker();
    expect(await failedIds(trackerChecks, { create, capabilities: create().capabilities })).toContain(
      'tracker/metrics/latest-rule',
    );
  });

  it('a registry that reuses version numbers fails versions/not-reused', async () => {
    const create = () => new ReusingRegistry();
    expect(await failedIds(registryChecks, { create, capabilities: create().capabilities })).toEqual([
      'registry/versions/not-reused',
    ]);
  });

  it('an artifact store keyed by the wrong hash fails put/content-addressed', async () => {
    const failed = await failedIds(artifactStoreChecks, { create: () => new Sha1ArtifactStore() });
    expect(failed).toContain('artifacts/put/content-addressed');
  });
});
