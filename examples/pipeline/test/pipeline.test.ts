import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMloop, loadPipelineFile, runPipeline } from '@mloop/core';
import { sharedPath } from '@mloop/core/testing';
import { modelKinds } from '@mloop/models';
import { createSqliteBackend } from '@mloop/tracker-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSummary } from '../src/print-summary';
import { editParams, MODEL_NAME, type PipelineDemoSummary, runPipelineDemo } from '../src/run-pipeline-demo';

const dir = mkdtempSync(join(tmpdir(), 'mloop-pipeline-'));
let summary: PipelineDemoSummary;
const lines: string[] = [];
const statuses = (index: number) =>
  Object.fromEntries(summary.runs[index].summary.stages.map((stage) => [stage.stage, stage.status]));

beforeAll(async () => {
  summary = await runPipelineDemo({
    dir,
    rawData: sharedPath('data/sms-spam/SMSSpamCollection'),
    wandb: false,
    log: (line) => lines.push(line),
  });
  printSummary(summary, (line) => lines.push(line));
}, 180_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the pipeline example', () => {
  it('runs every stage the first time and registers the candidate that passes the gates as staging', () => {
    expect(statuses(0)).toEqual({ ingest: 'ran', preprocess: 'ran', features: 'ran', train: 'ran', evaluate: 'ran' });
    const evaluate = summary.runs[0].summary.stages.find((stage) => stage.stage === 'evaluate');
    expect(evaluate?.registered).toEqual({ name: MODEL_NAME, version: 1, alias: 'staging' });
    expect(evaluate?.gates.every((gate) => gate.passed)).toBe(true);
  });

  it('skips every stage on a second run with nothing changed', () => {
    expect(new Set(Object.values(statuses(1)))).toEqual(new Set(['skipped']));
  });

  it('re-runs only the stages downstream of a changed param, and registers nothing below the gates', () => {
    expect(statuses(2)).toEqual({
      ingest: 'skipped',
      preprocess: 'skipped',
      features: 'skipped',
      train: 'ran',
      evaluate: 'gated',
    });
    const evaluate = summary.runs[2].summary.stages.find((stage) => stage.stage === 'evaluate');
    expect(evaluate?.registered).toBeUndefined();
    expect(evaluate?.gates.find((gate) => gate.metric === 'recall')?.passed).toBe(false);
    expect(statuses(3)).toEqual({
      ingest: 'skipped',
      preprocess: 'skipped',
      features: 'skipped',
      train: 'ran',
      evaluate: 'ran',
    });
  });

  it('keeps only gated-in versions in the registry, with the metric floors', () => {
    expect(summary.registry.versions.map((version) => version.version).sort()).toEqual([1, 2]);
    expect(summary.registry.aliases).toEqual({ staging: 2 });
    for (const version of summary.registry.versions) {
      expect(version.metrics.recall).toBeGreaterThanOrEqual(0.7);
      expect(version.metrics.f1).toBeGreaterThanOrEqual(0.6);
    }
    const svm = summary.registry.versions.find((version) => version.version === 2);
    expect(svm?.metrics.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(svm?.metrics.f1).toBeGreaterThanOrEqual(0.9);
  });

  it('writes report.md with the stage table, gates and the confusion matrix of the last run', () => {
    const markdown = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(markdown).toBe(summary.report.markdown);
    expect(markdown).toContain('| train | ran |');
    expect(markdown).toContain('✅ recall ≥ 0.7');
    const confusion = JSON.parse(readFileSync(join(dir, 'reports', 'confusion.json'), 'utf8')) as {
      labels: string[];
      matrix: number[][];
    };
    expect(confusion.labels).toEqual(['ham', 'spam']);
    expect(confusion.matrix.flat().reduce((a, b) => a + b, 0)).toBe(1115);
    expect(markdown).toContain(`| **spam** | ${confusion.matrix[1][0]} | ${confusion.matrix[1][1]} |`);
    expect(readFileSync(join(dir, 'confusion-matrix.svg'), 'utf8')).toContain('<svg');
    expect(existsSync(join(dir, '.mloop', 'pipeline.lock.json'))).toBe(true);
    expect(lines.join('\n')).toContain('═══ pipeline: summary ═══');
  });

  it('a features param re-runs features, train and evaluate but not ingest or preprocess', async () => {
    await editParams(dir, { 'features.minDf': 2 });
    const mloop = createMloop({ backend: createSqliteBackend({ dir: join(dir, '.mloop') }), models: modelKinds() });
    try {
      const result = await runPipeline(await loadPipelineFile(join(dir, 'pipeline.yaml')), { cwd: dir, mloop });
      expect(Object.fromEntries(result.stages.map((stage) => [stage.stage, stage.status]))).toEqual({
        ingest: 'skipped',
        preprocess: 'skipped',
        features: 'ran',
        train: 'ran',
        evaluate: 'ran',
      });
      expect(result.stages.find((stage) => stage.stage === 'evaluate')?.registered?.version).toBe(3);
    } finally {
      await mloop.close();
    }
  });
});
