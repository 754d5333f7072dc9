import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMloop, Dataset, rocAucScore } from '@mloop/core';
import { parseDriftReport } from '@mloop/drift';
import { modelKinds, type Pipeline } from '@mloop/models';
import { createSqliteBackend } from '@mloop/tracker-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdasExampleResult, MODEL_NAME, runAdasExample } from '../src/adas-example';
import { TELEMETRY_SCHEMA, TelemetryStore } from '../src/dataset-store';
import { formatSummary } from '../src/format-summary';
import { categoricalModes, cleanTelemetry, features, riskLabels } from '../src/prepare';
import { simulateTelemetry, WINTER } from '../src/simulator';

describe('the ADAS example end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mloop-adas-example-'));
  let result: AdasExampleResult;
  const lines: string[] = [];

  beforeAll(async () => {
    result = await runAdasExample({ dir, log: (line) => lines.push(line), env: {} });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ingests raw batches into SQLite and cleans them (dedupe, mode imputation)', () => {
    expect(result.tracking).toBe('sqlite');
    expect(result.intervals).toHaveLength(12);
    const rawTotal = result.intervals.reduce((sum, interval) => sum + interval.cleaning.raw, 0);
    expect(result.rawRows).toBe(rawTotal);
    for (const { cleaning } of result.intervals) {
      expect(cleaning.duplicates).toBeGreaterThan(0);
      expect(cleaning.imputedCategorical).toBeGreaterThan(0);
      expect(cleaning.missingNumeric).toBeGreaterThan(0);
    }
    expect(existsSync(join(dir, '.mloop', 'adas-telemetry.db'))).toBe(true);
  });

  it('retrains on drift when the winter starts, on schedule later, and keeps a champion that is not beaten', () => {
    const [bootstrap, ...rest] = result.intervals;
    expect(bootstrap.trigger).toBe('bootstrap');
    expect(bootstrap.outcome).toBe('promoted');
    const firstWinter = rest.find((interval) => interval.scenario === 'winter')!;
    expect(firstWinter.driftShare).toBeGreaterThan(0.3);
    expect(firstWinter.trigger).toBe('drift');
    for (const calm of rest.filter((interval) => interval.scenario === 'normal')) {
      expect(calm.driftShare).toBeLessThanOrEqual(0.3);
      expect(calm.outcome).toBe('no-retrain');
    }
    expect(result.intervals.filter((interval) => interval.trigger === 'drift').length).toBeGreaterThanOrEqual(1);
    expect(result.intervals.filter((interval) => interval.trigger === 'schedule').length).toBeGreaterThanOrEqual(1);
    expect(result.intervals.filter((interval) => interval.outcome === 'kept').length).toBeGreaterThanOrEqual(1);
    // Promotion only when the challenger beat the champion on the same holdout by more than 0.005 ROC AUC.
    for (const interval of rest.filter((i) => i.challenger !== undefined)) {
      const gain = interval.challengerRocAuc! - interval.championRocAuc!;
      expect(interval.outcome).toBe(gain > 0.005 ? 'promoted' : 'kept');
    }
  });

  it('writes drift_report.html and .json every interval', () => {
    const json = parseDriftReport(JSON.parse(readFileSync(result.latestReport.json, 'utf8')));
    expect(json.columns.map((column) => column.column)).toContain('driver_alertness');
    expect(readFileSync(result.latestReport.html, 'utf8')).toMatch(/<html/i);
    for (const interval of result.intervals.slice(1)) {
      expect(interval.reports).toHaveLength(2);
      for (const file of interval.reports) expect(existsSync(file)).toBe(true);
    }
    const firstWinter = result.intervals.find((interval) => interval.scenario === 'winter')!;
    const report = parseDriftReport(JSON.parse(readFileSync(firstWinter.reports[0], 'utf8')));
    const drifted = report.columns.filter((column) => column.driftDetected).map((column) => column.column);
    expect(drifted).toEqual(expect.arrayContaining(['weather', 'time_of_day', 'driver_alertness']));
    expect(report.classification).toBeDefined();
  });

  it('keeps timestamped dataset and model versions, and the aliases in the registry', async () => {
    const retrains = result.intervals.filter((interval) => interval.challenger !== undefined);
    expect(result.datasetVersions).toHaveLength(retrains.length);
    expect(result.modelVersions.map((v) => v.version)).toEqual(retrains.map((interval) => interval.challenger));
    for (const [index, version] of result.modelVersions.entries()) {
      expect(version.trainedAt).toBe(retrains[index].at);
      expect(version.dataset).toBe(`adas-train@${retrains[index].at}`);
    }
    const lastPromoted = retrains.filter((interval) => interval.outcome === 'promoted').at(-1)!;
    expect(result.aliases.production).toBe(lastPromoted.challenger);

    const mloop = createMloop({ backend: createSqliteBackend({ dir: result.storeDir }), models: modelKinds() });
    const store = new TelemetryStore(join(result.storeDir, 'adas-telemetry.db'), mloop.artifacts);
    try {
      expect(store.rawRows).toBe(result.rawRows);
      const [first] = store.versions('adas-train');
      const csv = new TextDecoder().decode(await mloop.artifacts.get(first.artifactDigest));
      expect(Dataset.fromCsv(csv, { schema: TELEMETRY_SCHEMA, label: 'risk' }).nRows).toBe(first.rows);
      const ingest = await mloop.tracker.searchRuns({ experiments: ['adas-ingest'] });
      expect(ingest.items).toHaveLength(result.intervals.length);
      const history = await mloop.registry.aliasHistory(MODEL_NAME, 'production');
      expect(history.map((event) => event.version)).toEqual(
        retrains.filter((interval) => interval.outcome === 'promoted').map((interval) => interval.challenger),
      );
      // The production model still separates risky from safe driving in the new world.
      const model = (await mloop.registry.load(MODEL_NAME, { alias: 'production' })) as unknown as Pipeline;
      const raw = Dataset.fromObjects(
        simulateTelemetry({ rows: 2000, seed: 4242, scenario: WINTER, startAt: 0 }) as unknown as Record<
          string,
          unknown
        >[],
        { schema: TELEMETRY_SCHEMA, label: 'risk' },
      );
      const { data } = cleanTelemetry(raw, categoricalModes(raw));
      const proba = model.predictProba(features(data)) as { data: Float64Array; cols: number };
      const high = (model.classes as string[]).indexOf('high');
      const auc = rocAucScore(
        riskLabels(data).map((label) => (label === 'high' ? 1 : 0)),
        Array.from({ length: data.nRows }, (_, row) => proba.data[row * proba.cols + high]),
      );
      expect(auc).toBeGreaterThan(0.78);
    } finally {
      store.close();
      await mloop.close();
    }
  });

  it('prints progress and a summary', () => {
    expect(lines.length).toBeGreaterThan(result.intervals.length);
    const summary = formatSummary(result);
    expect(summary).toContain('Drift-triggered retrains: ');
    expect(summary).toContain(`production → v${result.aliases.production}`);
  });
});
