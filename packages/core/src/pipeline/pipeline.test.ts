import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { createMemoryBackend } from '../memory/create-memory-backend';
import { createMloop } from '../mloop/create-mloop';
import { pipelineReport } from './pipeline-report';
import { pipelineSpecSchema } from './pipeline-spec';
import { loadPipelineFile, pipelineOrder, runPipeline } from './run-pipeline';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mloop-pipeline-'));
  dirs.push(dir);
  return dir;
}

// Each stage is a small node script, so the test exercises real commands, files and exit codes.
const PIPELINE_YAML = `
stages:
  train:
    cmd: node train.js
    deps: [train.js, data/clean.txt]
    params: [train.C]
    outs: [model.json]
    metrics: [metrics.json]
    gates:
      - { metric: recall, min: 0.7 }
      - { metric: f1, min: 0.6 }
    register: { name: toy, model: model.json, alias: staging }
  ingest:
    cmd: node -e "require('fs').mkdirSync('data',{recursive:true});require('fs').writeFileSync('data/raw.txt','3,1,2')"
    outs: [data/raw.txt]
  preprocess:
    cmd: node -e "const fs=require('fs');fs.writeFileSync('data/clean.txt',fs.readFileSync('data/raw.txt','utf8').split(',').sort().join(','))"
    deps: [data/raw.txt]
    outs: [data/clean.txt]
`;
const TRAIN_JS = `
const fs = require('fs');
const C = Number(/C: *([0-9.]+)/.exec(fs.readFileSync('params.yaml', 'utf8'))[1]);
fs.writeFileSync('model.json', JSON.stringify({ format: 'mloop.model', formatVersion: 1, kind: 'Toy', producer: 'test', params: { C }, state: {} }));
fs.writeFileSync('metrics.json', JSON.stringify({ recall: C / 10, f1: C / 10, nested: { loss: 1 - C / 10 } }));
`;

function setUp(C: number): string {
  const dir = workspace();
  writeFileSync(join(dir, 'pipeline.yaml'), PIPELINE_YAML);
  writeFileSync(join(dir, 'train.js'), TRAIN_JS);
  writeFileSync(join(dir, 'params.yaml'), `train:\n  C: ${C}\n`);
  return dir;
}

const statuses = (summary: Awaited<ReturnType<typeof runPipeline>>) =>
  Object.fromEntries(summary.stages.map((s) => [s.stage, s.status]));

describe('runPipeline', () => {
  it('runs stages in dependency order, skips what is unchanged, re-runs what changed, restores deleted outputs', async () => {
    const cwd = setUp(8);
    const mloop = createMloop({ backend: createMemoryBackend() });
    const spec = await loadPipelineFile(join(cwd, 'pipeline.yaml'));
    expect(pipelineOrder(spec)).toEqual(['ingest', 'preprocess', 'train']);

    const first = await runPipeline(spec, { cwd, mloop });
    expect(statuses(first)).toEqual({ ingest: 'ran', preprocess: 'ran', train: 'ran' });
    expect(first.ok).toBe(true);
    expect(first.stages[2].metrics).toEqual({ recall: 0.8, f1: 0.8, 'nested.loss': expect.closeTo(0.2, 12) });
    expect(first.stages[2].registered).toEqual({ name: 'toy', version: 1, alias: 'staging' });
    expect(readFileSync(join(cwd, 'data/clean.txt'), 'utf8')).toBe('1,2,3');

    expect(statuses(await runPipeline(spec, { cwd, mloop }))).toEqual({
      ingest: 'skipped',
      preprocess: 'skipped',
      train: 'skipped',
    });

    writeFileSync(join(cwd, 'params.yaml'), 'train:\n  C: 9\n');
    const changed = await runPipeline(spec, { cwd, mloop });
    expect(statuses(changed)).toEqual({ ingest: 'skipped', preprocess: 'skipped', train: 'ran' });
    expect(changed.stages[2].registered?.version).toBe(2);

    rmSync(join(cwd, 'data/clean.txt'));
    const restored = await runPipeline(spec, { cwd, mloop });
    expect(statuses(restored)).toEqual({ ingest: 'skipped', preprocess: 'restored', train: 'skipped' });
    expect(readFileSync(join(cwd, 'data/clean.txt'), 'utf8')).toBe('1,2,3');

    expect(statuses(await runPipeline(spec, { cwd, mloop, force: true }))).toEqual({
      ingest: 'ran',
      preprocess: 'ran',
      train: 'ran',
    });
    const runs = await mloop.tracker.searchRuns({ experiments: ['pipeline'] });
    expect(runs.items.length).toBe(7);
  });

  it('gates keep a weak model out of the registry', async () => {
    const cwd = setUp(5);
    const mloop = createMloop({ backend: createMemoryBackend() });
    const summary = await runPipeline(await loadPipelineFile(join(cwd, 'pipeline.yaml')), { cwd, mloop });
    const train = summary.stages.find((s) => s.stage === 'train');
    expect(train?.status).toBe('gated');
    expect(train?.reason).toMatch(/recall ≥ 0.7 \(got 0.5\)/);
    expect(train?.registered).toBeUndefined();
    expect(summary.ok).toBe(true);
    expect(await mloop.registry.listModels()).toEqual([]);
  });

  it('a failing stage fails, its dependants are blocked, unrelated stages still run', async () => {
    const cwd = workspace();
    const summary = await runPipeline(
      {
        stages: {
          broken: { cmd: 'node -e "console.error(\'boom\'); process.exit(3)"', outs: ['a.txt'] },
          after: { cmd: 'node -e "1"', deps: ['a.txt'] },
          independent: { cmd: "node -e \"require('fs').writeFileSync('b.txt', 'ok')\"", outs: ['b.txt'] },
          lazy: { cmd: 'node -e "1"', outs: ['never.txt'] },
        },
      },
      { cwd },
    );
    expect(statuses(summary)).toEqual({ broken: 'failed', after: 'blocked', independent: 'ran', lazy: 'failed' });
    expect(summary.stages[0].reason).toMatch(/code 3.*boom/);
    expect(summary.stages[3].reason).toMatch(/did not write its output never.txt/);
    expect(summary.ok).toBe(false);
  });

  it('code stages re-run when their version changes', async () => {
    const cwd = workspace();
    let calls = 0;
    const stage = (version: string) => ({
      stages: {
        make: {
          version,
          outs: ['out.txt'],
          run: ({ cwd: dir }: { cwd: string }) => {
            calls++;
            writeFileSync(join(dir, 'out.txt'), version);
          },
        },
      },
    });
    await runPipeline(stage('v1'), { cwd });
    await runPipeline(stage('v1'), { cwd });
    await runPipeline(stage('v2'), { cwd });
    expect(calls).toBe(2);
    expect(existsSync(join(cwd, '.mloop/pipeline.lock.json'))).toBe(true);
  });

  it('rejects bad specs, naming the path', async () => {
    const field = async (spec: unknown, options = {}) => {
      const error = await runPipeline(spec as never, { cwd: workspace(), ...options }).catch((e) => e);
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      return `${error.field} ${error.message}`;
    };
    expect(await field({ stages: { a: { cmd: 'x', run: () => 1 } } })).toContain('stages.a');
    expect(await field({ stages: { a: { cmd: 'x', outs: ['../escape'] } } })).toContain('stages.a.outs[0]');
    expect(await field({ stages: { a: { cmd: 'x', gates: [{ metric: 'f1' }] } } })).toContain('stages.a.gates[0]');
    expect(
      await field({
        stages: {
          a: { cmd: 'x', deps: ['b.txt'], outs: ['a.txt'] },
          b: { cmd: 'y', deps: ['a.txt'], outs: ['b.txt'] },
        },
      }),
    ).toMatch(/cycle: a → b → a|cycle: b → a → b/);
    expect(await field({ stages: { a: { cmd: 'x' } } }, { stages: ['zzz'] })).toContain('zzz');
    expect(pipelineSpecSchema.safeParse({ stages: {} }).success).toBe(false);
  });
});

describe('pipelineReport', () => {
  it('writes the stage table, metrics with gates, and the confusion matrix as a table and an SVG', async () => {
    const cwd = setUp(8);
    const summary = await runPipeline(await loadPipelineFile(join(cwd, 'pipeline.yaml')), {
      cwd,
      mloop: createMloop({ backend: createMemoryBackend() }),
    });
    const { markdown, svg } = pipelineReport(summary, {
      confusionMatrix: {
        labels: ['ham', 'spam'],
        matrix: [
          [960, 6],
          [14, 135],
        ],
      },
    });
    expect(markdown).toMatch(/\| train \| ran \|/);
    expect(markdown).toMatch(/\| train \| recall \| 0.8000 \| ✅ recall ≥ 0.7 \|/);
    expect(markdown).toContain('| **spam** | 14 | 135 |');
    expect(markdown).toContain('toy v1 → `staging`');
    expect(svg?.startsWith('<svg')).toBe(true);
    expect(svg?.match(/<rect /g)).toHaveLength(4);
  });
});
