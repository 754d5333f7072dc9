import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createMloop,
  loadPipelineFile,
  type Mloop,
  type PipelineStageResult,
  type PipelineSummary,
  pipelineReport,
  type ReportConfusionMatrix,
  runPipeline,
} from '@mloop/core';
import { modelKinds } from '@mloop/models';
import { createSqliteBackend } from '@mloop/tracker-sqlite';
import { createWandbBackend, wandbBackendFromEnv } from '@mloop/tracker-wandb';
import { parseDocument } from 'yaml';

/** The registered model name (see `register` in project/pipeline.yaml). */
export const MODEL_NAME = 'sms-spam-pipeline';

const EXAMPLE_DIR = fileURLToPath(new URL('..', import.meta.url));
const PROJECT_DIR = join(EXAMPLE_DIR, 'project');

/** Options of {@link runPipelineDemo}. */
export interface PipelineDemoOptions {
  /** Working directory: the project is copied there, and the store goes to `<dir>/.mloop`. */
  readonly dir: string;
  /** The SMS Spam Collection file. */
  readonly rawData: string;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
  /** Log runs to Weights & Biases as well (default: when `WANDB_API_KEY` is set). */
  readonly wandb?: boolean;
}

/** One invocation of the pipeline in the demo. */
export interface DemoRun {
  /** What the demo changed before it. */
  readonly label: string;
  /** The param edits made before it (dotted key → value). */
  readonly edits: Readonly<Record<string, unknown>>;
  /** What runPipeline returned. */
  readonly summary: PipelineSummary;
}

/** What {@link runPipelineDemo} did. */
export interface PipelineDemoSummary {
  /** The working directory. */
  readonly dir: string;
  /** Where runs were tracked. */
  readonly tracking: 'sqlite' | 'wandb';
  /** The pipeline runs, in order. */
  readonly runs: readonly DemoRun[];
  /** The Markdown report of the last run that evaluated, and where it was written. */
  readonly report: { readonly path: string; readonly svgPath: string; readonly markdown: string };
  /** Registry state at the end. */
  readonly registry: {
    readonly versions: readonly { version: number; metrics: Readonly<Record<string, number>> }[];
    readonly aliases: Readonly<Record<string, number>>;
  };
  /** Wall time in seconds. */
  readonly seconds: number;
}

async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (entry.isDirectory()) await copyTree(join(from, entry.name), join(to, entry.name));
    else await copyIfChanged(join(from, entry.name), join(to, entry.name));
  }
}

async function copyIfChanged(from: string, to: string): Promise<void> {
  // Rewriting an identical file would not change its digest, but skipping it keeps mtimes honest.
  if (existsSync(to) && (await readFile(to)).equals(await readFile(from))) return;
  await mkdir(dirname(to), { recursive: true });
  await copyFile(from, to);
}

/**
 * Lays the project out in the working directory, as a clone of a DVC repository would be: the
 * pipeline, params.yaml (reset to the template), the stage scripts and the raw data (what
 * `dvc add` would track), plus a package.json marking the scripts as ES modules. Stage scripts
 * import @mloop packages and tsx, so the working directory gets a `node_modules` link to this
 * example's.
 */
export async function scaffold(dir: string, rawData: string): Promise<void> {
  await copyTree(PROJECT_DIR, dir);
  await copyIfChanged(rawData, join(dir, 'data', 'raw', 'SMSSpamCollection'));
  // The stage scripts are ES modules (top-level await).
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'sms-pipeline', private: true, type: 'module' }, null, 2)}\n`,
  );
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) symlinkSync(join(EXAMPLE_DIR, 'node_modules'), modules, 'junction'); // a junction needs no rights on Windows
}

/** Sets dotted keys in params.yaml, keeping its comments and layout. */
export async function editParams(dir: string, edits: Readonly<Record<string, unknown>>): Promise<void> {
  const path = join(dir, 'params.yaml');
  const document = parseDocument(await readFile(path, 'utf8'));
  for (const [key, value] of Object.entries(edits)) document.setIn(key.split('.'), value);
  await writeFile(path, document.toString());
}

interface Session {
  readonly mloop: Mloop;
  readonly tracking: 'sqlite' | 'wandb';
  close(): Promise<void>;
}

async function openSession(options: PipelineDemoOptions): Promise<Session> {
  const sqlite = createSqliteBackend({ dir: join(options.dir, '.mloop') });
  // Runs go to W&B when asked (options.wandb, else WANDB_API_KEY in the environment); the registry
  // and artifacts stay local, so serving never needs the network.
  const remote =
    options.wandb === false
      ? undefined
      : options.wandb
        ? createWandbBackend({ project: process.env.WANDB_PROJECT ?? 'mloop-pipeline' })
        : wandbBackendFromEnv({ project: 'mloop-pipeline' });
  const mloop = createMloop({ backend: sqlite, ...(remote ? { tracker: remote.tracker } : {}), models: modelKinds() });
  return { mloop, tracking: remote ? 'wandb' : 'sqlite', close: () => mloop.close() };
}

const describeStage = (stage: PipelineStageResult) =>
  `${stage.stage} ${stage.status}${stage.registered ? ` → ${stage.registered.name} v${stage.registered.version}${stage.registered.alias ? ` (${stage.registered.alias})` : ''}` : ''}`;

/**
 * The pipeline scenario: run the DVC-style SMS pipeline, run it again (every stage skipped),
 * raise the naive Bayes smoothing until the candidate misses the quality gates (only train and
 * evaluate re-run, nothing is registered), then switch to a linear SVM (registered as `staging`),
 * and write report.md with the confusion matrix.
 */
export async function runPipelineDemo(options: PipelineDemoOptions): Promise<PipelineDemoSummary> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  await scaffold(options.dir, options.rawData);
  const spec = await loadPipelineFile(join(options.dir, 'pipeline.yaml'));
  const { mloop, tracking, close } = await openSession(options);
  const runs: DemoRun[] = [];
  let report: PipelineDemoSummary['report'] | undefined;
  try {
    const steps: { label: string; edits: Record<string, unknown> }[] = [
      { label: 'params.yaml as in the template', edits: {} },
      { label: 'second run, nothing changed', edits: {} },
      { label: 'train.alpha: 1 → 200 (heavy smoothing)', edits: { 'train.alpha': 200 } },
      { label: 'train.model: complement-nb → linear-svc', edits: { 'train.model': 'linear-svc', 'train.alpha': 1 } },
    ];
    for (const [index, step] of steps.entries()) {
      log(`▸ run ${index + 1}: ${step.label}`);
      if (Object.keys(step.edits).length > 0) await editParams(options.dir, step.edits);
      const summary = await runPipeline(spec, {
        cwd: options.dir,
        mloop,
        experiment: 'sms-pipeline',
        log: (line) => log(`  ${line}`),
      });
      runs.push({ label: step.label, edits: step.edits, summary });
      log(`  → ${summary.stages.map(describeStage).join(', ')} (${(summary.durationMs / 1000).toFixed(1)} s)`);
      if (!summary.ok)
        throw new Error(`pipeline run ${index + 1} failed: ${summary.stages.map(describeStage).join(', ')}`);
      report = await writeReport(options.dir, summary, step.label);
    }
    const versions = await mloop.registry.listVersions(MODEL_NAME);
    const model = await mloop.registry.getModel(MODEL_NAME);
    return {
      dir: options.dir,
      tracking,
      runs,
      report: report as PipelineDemoSummary['report'],
      registry: {
        versions: versions.map((version) => ({ version: version.version, metrics: version.metrics })),
        aliases: { ...model.aliases },
      },
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await close();
  }
}

/** report.md and confusion-matrix.svg for the last run, as CI would post them on a pull request. */
async function writeReport(
  dir: string,
  summary: PipelineSummary,
  label: string,
): Promise<PipelineDemoSummary['report']> {
  const confusion = JSON.parse(readFileSync(join(dir, 'reports', 'confusion.json'), 'utf8')) as ReportConfusionMatrix;
  const { markdown, svg } = pipelineReport(summary, {
    title: `SMS spam pipeline — ${label}`,
    confusionMatrix: confusion,
    svgFile: 'confusion-matrix.svg',
  });
  const path = join(dir, 'report.md');
  const svgPath = join(dir, 'confusion-matrix.svg');
  await writeFile(path, markdown);
  if (svg) await writeFile(svgPath, svg);
  return { path, svgPath, markdown };
}
