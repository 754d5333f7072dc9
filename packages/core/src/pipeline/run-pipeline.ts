import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseOrThrow } from '../errors/from-zod';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Mloop } from '../mloop/create-mloop';
import { sha256Hex } from '../numeric/digest';
import { decodeModelDocument } from '../registry/model-document-codec';
import { writeFileAtomically } from '../shared/write-file-atomically';
import type { ArtifactStoreV1 } from '../spec/artifact-store/v1/artifact-store-v1';
import {
  type PipelineSpec,
  type PipelineStageContext,
  pipelineSpecSchema,
  type ResolvedPipelineSpec,
} from './pipeline-spec';

/** Options of {@link runPipeline}. */
export interface RunPipelineOptions {
  /** Working directory every path is relative to (default `process.cwd()`). */
  readonly cwd?: string;
  /** Tracks executed stages as runs, caches outputs in its artifact store and registers gated models. */
  readonly mloop?: Mloop;
  /** Run every stage even when nothing changed. */
  readonly force?: boolean;
  /** Only these stages (and nothing downstream is implied); default all. */
  readonly stages?: readonly string[];
  /** The params file, relative to `cwd` (default `params.yaml`; missing means no params). */
  readonly paramsFile?: string;
  /** The lock file recording what each stage last ran with (default `.mloop/pipeline.lock.json`). */
  readonly lockFile?: string;
  /** Experiment of the stage runs (default `pipeline`). */
  readonly experiment?: string;
  /** Receives progress lines (default: nothing). */
  readonly log?: (line: string) => void;
}

/** What happened to one stage. */
export interface PipelineStageResult {
  /** Stage name. */
  readonly stage: string;
  /**
   * `ran`; `skipped` (nothing changed); `restored` (nothing changed, outputs copied back from the
   * artifact store); `gated` (ran, a quality gate failed); `failed`; `blocked` (an upstream stage failed).
   */
  readonly status: 'ran' | 'skipped' | 'restored' | 'gated' | 'failed' | 'blocked';
  /** Why, in a sentence. */
  readonly reason: string;
  /** Wall time in ms (0 when skipped). */
  readonly durationMs: number;
  /** Metrics read from the stage's metrics files. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Each gate and whether it passed. */
  readonly gates: readonly {
    readonly metric: string;
    readonly value: number | undefined;
    readonly passed: boolean;
    readonly rule: string;
  }[];
  /** The tracker run, when the stage ran with `mloop`. */
  readonly runId?: string;
  /** The registered model version, when the stage registered one. */
  readonly registered?: { readonly name: string; readonly version: number; readonly alias?: string };
}

/** The outcome of {@link runPipeline}. */
export interface PipelineSummary {
  /** Per stage, in execution order. */
  readonly stages: readonly PipelineStageResult[];
  /** True when no stage failed or was blocked (gated stages count as success: the gate did its job). */
  readonly ok: boolean;
  /** Total wall time in ms. */
  readonly durationMs: number;
}

interface LockedOutput {
  digest: string;
  files: { path: string; digest: string }[];
}

interface LockFile {
  version: 1;
  stages: Record<string, { fingerprint: string; outs: Record<string, LockedOutput> }>;
}

async function listFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of (await readdir(path)).sort()) out.push(...(await listFiles(join(path, entry))));
  return out;
}

/**
 * Digest of a file or a folder (over its sorted relative paths and file digests); undefined when
 * missing. With a `store`, each file is also cached there, read once: the store's key is the same
 * SHA-256.
 */
async function digestOutput(cwd: string, path: string, store?: ArtifactStoreV1): Promise<LockedOutput | undefined> {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) return undefined;
  const files: LockedOutput['files'] = [];
  for (const file of await listFiles(absolute)) {
    const bytes = await readFile(file);
    const digest = store ? (await store.put(bytes)).digest : sha256Hex(bytes);
    files.push({ path: relative(cwd, file).split(sep).join('/'), digest });
  }
  return { digest: sha256Hex(files.map((f) => `${f.path}\0${f.digest}`).join('\n')), files };
}

function valueAt(params: unknown, key: string): unknown {
  let value = params;
  for (const part of key.split('.')) {
    if (typeof value !== 'object' || value === null || !(part in value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function flattenMetrics(value: unknown, prefix: string, out: Record<string, number>): void {
  if (typeof value === 'number') out[prefix] = value;
  else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flattenMetrics(inner, prefix ? `${prefix}.${key}` : key, out);
  }
}

/** Whether an output path and a dependency path overlap (the same, or one inside the other). */
function covers(out: string, dep: string): boolean {
  return dep === out || dep.startsWith(`${out}/`) || out.startsWith(`${dep}/`);
}

/** Execution order: a stage runs after every stage producing something it depends on; declaration order otherwise. */
export function pipelineOrder(spec: ResolvedPipelineSpec): string[] {
  const names = Object.keys(spec.stages);
  const produces = (name: string) => [...spec.stages[name].outs, ...spec.stages[name].metrics];
  const upstream = new Map(
    names.map((name) => [
      name,
      names.filter(
        (other) =>
          other !== name && spec.stages[name].deps.some((dep) => produces(other).some((out) => covers(out, dep))),
      ),
    ]),
  );
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new InvalidArgumentError({
        message: `Pipeline stages form a cycle: ${[...path, name].join(' → ')}.`,
        field: `stages.${name}.deps`,
      });
    }
    state.set(name, 'visiting');
    for (const before of upstream.get(name) ?? []) visit(before, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of names) visit(name, []);
  return order;
}

/**
 * Reads a pipeline from a YAML file in the shape of DVC's `dvc.yaml` (`stages: { name: { cmd, deps,
 * params, outs, metrics, gates, register } }`).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the path of a bad entry, or when the YAML does not parse.
 * @example
 * const spec = await loadPipelineFile('mloop.pipeline.yaml');
 */
export async function loadPipelineFile(path: string): Promise<ResolvedPipelineSpec> {
  let document: unknown;
  try {
    document = parseYaml(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InvalidArgumentError({
      message: `${path}: not a readable YAML file (${(error as Error).message}).`,
      field: 'path',
      cause: error,
    });
  }
  return parseOrThrow(pipelineSpecSchema, document, `pipeline ${path}`);
}

function runCommand(cmd: string, cwd: string, log: (line: string) => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, { cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-2000);
      for (const line of text.split('\n')) if (line.trim()) log(`  ${line}`);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise();
      else
        reject(
          new Error(
            `exited with ${signal ?? `code ${code}`}${tail.trim() ? `: ${tail.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
          ),
        );
    });
  });
}

/**
 * Runs a DVC-style pipeline: each stage, in dependency order, is skipped when its code version,
 * dependencies (file digests) and params are unchanged since the lock file recorded them and its
 * outputs are intact — or restored from the artifact store when they are not. Executed stages are
 * tracker runs; quality gates decide whether a stage's model is registered.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for a bad spec (the path is named), a cycle, or an unknown stage in `stages`.
 * @example
 * const summary = await runPipeline({ stages: {
 *   train: { cmd: 'node train.js', deps: ['train.js', 'data/clean.csv'], params: ['train.C'], outs: ['model.json'], metrics: ['metrics.json'],
 *            gates: [{ metric: 'recall', min: 0.7 }], register: { name: 'sms', model: 'model.json', alias: 'staging' } },
 * } }, { mloop });
 */
export async function runPipeline(
  pipeline: PipelineSpec | ResolvedPipelineSpec,
  options: RunPipelineOptions = {},
): Promise<PipelineSummary> {
  const started = performance.now();
  const spec = parseOrThrow(pipelineSpecSchema, pipeline, 'pipeline');
  const cwd = resolve(options.cwd ?? process.cwd());
  const log = options.log ?? (() => {});
  const order = pipelineOrder(spec);
  const selected = new Set(options.stages ?? order);
  for (const name of selected) {
    if (!spec.stages[name]) {
      throw new InvalidArgumentError({
        message: `Unknown stage "${name}"; stages: ${order.join(', ')}.`,
        field: 'stages',
      });
    }
  }
  const paramsPath = resolve(cwd, options.paramsFile ?? 'params.yaml');
  const params = existsSync(paramsPath) ? (parseYaml(await readFile(paramsPath, 'utf8')) ?? {}) : {};
  const lockPath = resolve(cwd, options.lockFile ?? join('.mloop', 'pipeline.lock.json'));
  const lock: LockFile = existsSync(lockPath)
    ? (JSON.parse(await readFile(lockPath, 'utf8')) as LockFile)
    : { version: 1, stages: {} };
  const saveLock = async () => {
    await mkdir(dirname(lockPath), { recursive: true });
    await writeFileAtomically(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  };
  const results: PipelineStageResult[] = [];
  const failed = new Set<string>();
  const feeds = (from: string, to: string) =>
    spec.stages[to].deps.some((dep) =>
      [...spec.stages[from].outs, ...spec.stages[from].metrics].some((out) => covers(out, dep)),
    );

  for (const name of order) {
    if (!selected.has(name)) continue;
    const stage = spec.stages[name];
    const stageStart = performance.now();
    const base = { stage: name, metrics: {}, gates: [], durationMs: 0 };
    const blockedBy = [...failed].find((other) => feeds(other, name));
    if (blockedBy) {
      failed.add(name);
      results.push({ ...base, status: 'blocked', reason: `upstream stage ${blockedBy} failed` });
      log(`${name}: blocked (${blockedBy} failed)`);
      continue;
    }
    const depDigests: Record<string, string> = {};
    const missing: string[] = [];
    for (const dep of stage.deps) {
      const digest = await digestOutput(cwd, dep);
      if (digest) depDigests[dep] = digest.digest;
      else missing.push(dep);
    }
    if (missing.length > 0) {
      failed.add(name);
      results.push({ ...base, status: 'failed', reason: `missing dependency ${missing.join(', ')}` });
      log(`${name}: failed (missing ${missing.join(', ')})`);
      continue;
    }
    const stageParams = Object.fromEntries(stage.params.map((key) => [key, valueAt(params, key)]));
    const code = stage.version ?? stage.cmd ?? sha256Hex(String(stage.run));
    const fingerprint = sha256Hex(
      JSON.stringify({ code, deps: depDigests, params: stageParams, outs: [...stage.outs, ...stage.metrics] }),
    );
    const outputs = [...stage.outs, ...stage.metrics];
    const previous = lock.stages[name];

    if (!options.force && previous?.fingerprint === fingerprint) {
      const current = await Promise.all(outputs.map((out) => digestOutput(cwd, out)));
      const intact = outputs.every((out, k) => current[k]?.digest === previous.outs[out]?.digest);
      if (intact) {
        results.push({
          ...base,
          status: 'skipped',
          reason: 'code, deps and params unchanged',
          metrics: await readMetrics(cwd, stage.metrics),
        });
        log(`${name}: skipped (unchanged)`);
        continue;
      }
      if (options.mloop && (await restore(cwd, outputs, previous.outs, options.mloop))) {
        results.push({
          ...base,
          status: 'restored',
          reason: 'unchanged; outputs restored from the artifact store',
          durationMs: performance.now() - stageStart,
          metrics: await readMetrics(cwd, stage.metrics),
        });
        log(`${name}: restored from the artifact store`);
        continue;
      }
    }

    log(`${name}: running`);
    const run = options.mloop
      ? await options.mloop.tracker.startRun({
          experiment: options.experiment ?? 'pipeline',
          name,
          params: Object.fromEntries(
            Object.entries(stageParams).map(([k, v]) => [
              k,
              typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean),
            ]),
          ),
          tags: { 'mloop.pipeline.stage': name, 'mloop.pipeline.fingerprint': fingerprint },
        })
      : undefined;
    try {
      if (stage.cmd) await runCommand(stage.cmd, cwd, log);
      else {
        const context: PipelineStageContext = { stage: name, cwd, params: stageParams, log };
        await (stage.run as (c: PipelineStageContext) => unknown)(context);
      }
      const produced: Record<string, LockedOutput> = {};
      for (const out of outputs) {
        const digest = await digestOutput(cwd, out, options.mloop?.artifacts);
        if (!digest) throw new Error(`the stage did not write its output ${out}`);
        produced[out] = digest;
      }
      const metrics = await readMetrics(cwd, stage.metrics);
      const gates = stage.gates.map((gate) => {
        const value = metrics[gate.metric];
        const passed =
          value !== undefined &&
          !Number.isNaN(value) &&
          (gate.min === undefined || value >= gate.min) &&
          (gate.max === undefined || value <= gate.max);
        const rule = [gate.min !== undefined ? `≥ ${gate.min}` : '', gate.max !== undefined ? `≤ ${gate.max}` : '']
          .filter(Boolean)
          .join(' and ');
        return { metric: gate.metric, value, passed, rule: `${gate.metric} ${rule}` };
      });
      const gated = gates.some((gate) => !gate.passed);
      let registered: PipelineStageResult['registered'];
      if (run) {
        run.logMetrics(metrics);
        if (stage.register && !gated && options.mloop) {
          const model = decodeModelDocument(await readFile(resolve(cwd, stage.register.model)));
          const version = await options.mloop.registry.register({
            name: stage.register.name,
            model,
            run,
            metrics,
            ...(stage.register.alias ? { aliases: [stage.register.alias] } : {}),
            reason: `pipeline stage ${name} passed its gates: ${gates.map((g) => g.rule).join(', ') || 'none'}`,
          });
          registered = {
            name: stage.register.name,
            version: version.version,
            ...(stage.register.alias ? { alias: stage.register.alias } : {}),
          };
        }
        await run.setTags({ 'mloop.pipeline.status': gated ? 'gated' : 'ran' });
        await run.end('finished');
      }
      lock.stages[name] = { fingerprint, outs: produced };
      await saveLock();
      const failedGates = gates.filter((g) => !g.passed).map((g) => `${g.rule} (got ${g.value ?? 'nothing'})`);
      results.push({
        stage: name,
        status: gated ? 'gated' : 'ran',
        reason: gated
          ? `gate failed: ${failedGates.join(', ')}`
          : registered
            ? `registered ${registered.name} v${registered.version}`
            : 'inputs changed',
        durationMs: performance.now() - stageStart,
        metrics,
        gates,
        ...(run ? { runId: run.id } : {}),
        ...(registered ? { registered } : {}),
      });
      log(`${name}: ${gated ? 'gated' : 'done'} in ${((performance.now() - stageStart) / 1000).toFixed(1)} s`);
    } catch (error) {
      failed.add(name);
      if (run) {
        await run.setTags({
          'mloop.pipeline.status': 'failed',
          'mloop.pipeline.error': String((error as Error).message).slice(0, 4000),
        });
        await run.end('failed');
      }
      results.push({
        ...base,
        status: 'failed',
        reason: (error as Error).message,
        durationMs: performance.now() - stageStart,
        ...(run ? { runId: run.id } : {}),
      });
      log(`${name}: failed (${(error as Error).message})`);
    }
  }
  return {
    stages: results,
    ok: results.every((r) => r.status !== 'failed' && r.status !== 'blocked'),
    durationMs: performance.now() - started,
  };
}

async function readMetrics(cwd: string, files: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const file of files) {
    const path = resolve(cwd, file);
    if (!existsSync(path)) continue;
    try {
      flattenMetrics(JSON.parse(await readFile(path, 'utf8')), '', out);
    } catch (error) {
      throw new Error(`metrics file ${file} is not JSON (${(error as Error).message})`);
    }
  }
  return out;
}

async function restore(
  cwd: string,
  outputs: readonly string[],
  locked: Record<string, LockedOutput>,
  mloop: Mloop,
): Promise<boolean> {
  for (const out of outputs) {
    const entry = locked[out];
    if (!entry) return false;
    for (const file of entry.files) {
      if (!(await mloop.artifacts.stat(file.digest))) return false;
    }
  }
  for (const out of outputs) {
    for (const file of locked[out].files) {
      const path = resolve(cwd, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, await mloop.artifacts.get(file.digest));
    }
  }
  return true;
}
