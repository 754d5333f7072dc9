/**
 * A fake W&B server for tests: 127.0.0.1, random port, no dependencies. It implements the
 * GraphQL operations, file_stream and signed-URL storage this package uses, stores what it
 * receives the way W&B does (file_stream lines by offset, so a repeated chunk overwrites), checks
 * the invariants W&B relies on (Basic auth on the API, no credentials on storage, Content-MD5,
 * manifest digests at commit, 413 for oversize lines and bodies), and injects faults: dropped
 * connections (before or after the request was applied), statuses with headers (429 +
 * Retry-After, 500/502/503), slow responses and partial reads, either queued per route/operation
 * or at random with a seeded generator. It closes itself after `lifetimeMs` at the latest.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { parseExtended } from '../extended-json';
import { type FakeRunDocument, matchesRunFilters, sortRunDocuments } from './fake-run-filters';

/** A fault to inject. */
export type FakeFault =
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly headers?: Record<string, string>;
      readonly body?: string;
    }
  /** `before`: the connection is cut before the request is applied; `after`: applied, then cut (the client never learns). */
  | { readonly kind: 'drop'; readonly when: 'before' | 'after' }
  | { readonly kind: 'slow'; readonly ms: number }
  /** Applied, then half of the response body is sent and the connection cut. */
  | { readonly kind: 'partial' }
  /** Applied normally; these headers are added to the answer (e.g. `RateLimit-Remaining: 0`). */
  | { readonly kind: 'headers'; readonly headers: Record<string, string> };

/** A route of the fake server. */
export type FakeRoute = 'graphql' | 'file_stream' | 'storage';

/** A queued fault: applies to the next `times` matching requests. */
export interface FaultRule {
  /** Route to match; any when absent. */
  readonly route?: FakeRoute;
  /** GraphQL operation name to match. */
  readonly operation?: string;
  /** How many requests it applies to; default 1. */
  readonly times?: number;
  /** The fault. */
  readonly fault: FakeFault;
}

/** Random faults. */
export interface ChaosOptions {
  /** Probability that a request fails. */
  readonly rate: number;
  /** Seed of the generator. */
  readonly seed: number;
  /** Faults drawn from uniformly; default a mix of every kind. */
  readonly faults?: readonly FakeFault[];
  /** Routes affected; default all. */
  readonly routes?: readonly FakeRoute[];
}

/** One request as the server saw it. */
export interface RecordedRequest {
  /** The route. */
  readonly route: FakeRoute | 'other';
  /** GraphQL operation name, `file_stream`, or `storage PUT`. */
  readonly operation: string;
  /** HTTP status answered; 0 when the connection was cut. */
  readonly status: number;
  /** The injected fault, if any. */
  readonly fault?: FakeFault['kind'];
  /** When it arrived, Unix ms. */
  readonly at: number;
  /** Whether an Authorization header came with it. */
  readonly authorized: boolean;
  /** Body size in bytes. */
  readonly bytes: number;
}

/** A run as stored. */
export interface FakeRun {
  /** Storage id (what UpsertBucket returns as `id`). */
  readonly id: string;
  /** The run id (8 characters). */
  readonly name: string;
  /** Entity. */
  readonly entity: string;
  /** Project. */
  readonly project: string;
  /** Display name. */
  displayName: string | null;
  /** Group. */
  group: string | null;
  /** Job type. */
  jobType: string | null;
  /** Host. */
  host: string | null;
  /** Notes. */
  notes: string | null;
  /** Tags. */
  tags: string[];
  /** Config, unwrapped (`{ key: value }`). */
  config: Record<string, unknown>;
  /** File name → line number → line. */
  readonly files: Map<string, Map<number, string>>;
  /** Run files reported as uploaded. */
  readonly uploaded: Set<string>;
  /** Whether `complete` arrived. */
  complete: boolean;
  /** The exit code sent with `complete`. */
  exitcode: number | null;
  /** How many requests carried `complete`. */
  completeCount: number;
  /** file_stream requests with content received after `complete`. */
  requestsAfterComplete: number;
  /** Empty file_stream requests received. */
  heartbeats: number;
  /** Whether DeleteRun was called. */
  deleted: boolean;
  /** Set by a test to answer `{ stopped: true }`. */
  stopped: boolean;
  /** Artifact ids used as inputs. */
  readonly inputs: string[];
  /** file_stream requests being handled now. */
  inFlight: number;
  /** Most file_stream requests handled at once. */
  maxInFlight: number;
  /** Arrival times of file_stream requests, Unix ms. */
  fileStreamTimes: number[];
  /** When UpsertBucket created it, Unix ms (W&B's `createdAt`). */
  readonly createdAt: number;
  /** Last file_stream request, Unix ms (W&B's `heartbeatAt`). */
  heartbeatAt: number;
}

/** An artifact version as stored. */
export interface FakeArtifact {
  /** Artifact id. */
  readonly id: string;
  /** Entity. */
  readonly entity: string;
  /** Project. */
  readonly project: string;
  /** Artifact type. */
  readonly type: string;
  /** Collection (artifact name). */
  readonly collection: string;
  /** Manifest digest (hex). */
  readonly digest: string;
  /** Parsed metadata. */
  readonly metadata: unknown;
  /** The run that logged it, if any. */
  readonly createdBy: string | null;
  /** Aliases asked for at creation. */
  readonly requestedAliases: string[];
  /** State. */
  state: 'PENDING' | 'COMMITTED';
  /** `vN` within the collection, once committed. */
  versionIndex: number | null;
  /** Manifest id. */
  manifestId: string | null;
  /** Base64 MD5 declared for the manifest file. */
  manifestDigest: string | null;
  /** Storage id of the manifest upload. */
  manifestStorageId: string | null;
  /** Aliases within the collection. */
  readonly aliases: Set<string>;
}

/** A registered model (portfolio). */
export interface FakePortfolio {
  /** Linked artifact ids; the index is the version index. */
  readonly versions: string[];
  /** Alias → artifact id. */
  readonly aliases: Map<string, string>;
}

/** Options of {@link startFakeWandbServer}. */
export interface FakeWandbServerOptions {
  /** The accepted API key; default a 40-character test key. */
  readonly apiKey?: string;
  /** Default entity of the key; default `fake-entity`. */
  readonly entity?: string;
  /** The server closes itself after this long, ms; default 120,000. */
  readonly lifetimeMs?: number;
  /** Largest accepted file_stream body; default 10 MiB + 64 KiB. */
  readonly maxBodyBytes?: number;
  /**
   * Whether `Runs` filters understand nested config paths (`config.<key>.<field>`, as W&B
   * documents them); default true. False answers such filters with no runs, as some W&B servers
   * were reported to (wandb/wandb#2819, #3087).
   */
  readonly nestedConfigFilters?: boolean;
}

const MAX_LINE_BYTES = 10 * 1024 * 1024 - 100 * 1024;

/** A tiny seeded generator (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFAULT_CHAOS: readonly FakeFault[] = [
  { kind: 'status', status: 500 },
  { kind: 'status', status: 502 },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
  { kind: 'drop', when: 'before' },
  { kind: 'drop', when: 'after' },
  { kind: 'partial' },
  { kind: 'slow', ms: 15 },
];

class GraphQLError extends Error {
  constructor(
    message: string,
    readonly status = 200,
  ) {
    super(message);
  }
}

/** The fake server. */
export class FakeWandbServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url = '';
  /** The accepted API key. */
  readonly apiKey: string;
  /** The key's default entity. */
  readonly defaultEntity: string;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** `entity/project/name` → run. */
  readonly runs = new Map<string, FakeRun>();
  /** Upload URLs handed out: id → label and bytes once PUT. */
  readonly storage = new Map<string, { bytes?: Uint8Array; expectedMd5?: string; label: string }>();
  /** Artifacts by id. */
  readonly artifacts = new Map<string, FakeArtifact>();
  /** `entity/project/name` → portfolio. */
  readonly portfolios = new Map<string, FakePortfolio>();
  readonly #md5Index = new Set<string>();
  readonly #server: Server;
  readonly #rules: { rule: FaultRule; left: number }[] = [];
  #chaos: { options: ChaosOptions; random: () => number } | undefined;
  readonly #lifetime: ReturnType<typeof setTimeout>;
  readonly #maxBodyBytes: number;
  readonly #nestedConfigFilters: boolean;
  #ids = 0;
  #closed: Promise<void> | undefined;

  /** Use {@link startFakeWandbServer}. */
  constructor(options: FakeWandbServerOptions = {}) {
    this.apiKey = options.apiKey ?? 'test_key_0123456789abcdefghijklmnopqrstuvwxyz';
    this.defaultEntity = options.entity ?? 'fake-entity';
    this.#maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024 + 64 * 1024;
    this.#nestedConfigFilters = options.nestedConfigFilters ?? true;
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          response.statusCode = 500;
          response.end(String(error));
        }
      });
    });
    this.#lifetime = setTimeout(() => void this.close(), options.lifetimeMs ?? 120_000);
    this.#lifetime.unref();
  }

  /** Starts listening on 127.0.0.1 with a random port. */
  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#server.unref();
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stops the server and cuts open connections. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      clearTimeout(this.#lifetime);
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
    return this.#closed;
  }

  /** Queues a fault for the next matching requests. */
  inject(rule: FaultRule): void {
    this.#rules.push({ rule, left: rule.times ?? 1 });
  }

  /** Drops every queued fault and turns random faults off. */
  clearFaults(): void {
    this.#rules.length = 0;
    this.#chaos = undefined;
  }

  /** Turns random faults on (or off with `undefined`). */
  chaos(options: ChaosOptions | undefined): void {
    this.#chaos = options ? { options, random: seeded(options.seed) } : undefined;
  }

  /** A run by its id (any entity and project); throws when there is none. */
  run(name: string): FakeRun {
    for (const run of this.runs.values()) if (run.name === name) return run;
    throw new Error(`fake W&B: no run ${name}`);
  }

  /** The history rows of a run, parsed; throws when lines are not contiguous from 0. */
  history(name: string): Record<string, unknown>[] {
    const lines = this.run(name).files.get('wandb-history.jsonl') ?? new Map<number, string>();
    const rows: Record<string, unknown>[] = [];
    for (let index = 0; index < lines.size; index++) {
      const line = lines.get(index);
      if (line === undefined) throw new Error(`fake W&B: run ${name} has a gap at history line ${index}`);
      rows.push(parseExtended(line) as Record<string, unknown>);
    }
    return rows;
  }

  /** The summary of a run (the last line of `wandb-summary.json`), parsed. */
  summary(name: string): Record<string, unknown> | undefined {
    const lines = this.run(name).files.get('wandb-summary.json');
    if (!lines || lines.size === 0) return undefined;
    const last = Math.max(...lines.keys());
    return parseExtended(lines.get(last) ?? '{}') as Record<string, unknown>;
  }

  /** A portfolio by name (in any entity, project `model-registry`). */
  portfolio(name: string): FakePortfolio | undefined {
    for (const [key, portfolio] of this.portfolios) if (key.endsWith(`/model-registry/${name}`)) return portfolio;
    return undefined;
  }

  /** Bytes stored under a storage label (`run-file:<run>/<name>`, `artifact-file:<md5>`, `manifest:<id>`). */
  stored(label: string): Uint8Array | undefined {
    for (const entry of this.storage.values()) if (entry.label === label && entry.bytes) return entry.bytes;
    return undefined;
  }

  /** A comparable snapshot of everything stored (ids and times left out), for offline-vs-online comparisons. */
  snapshot(): unknown {
    const runs = [...this.runs.values()]
      .map((run) => ({
        name: run.name,
        entity: run.entity,
        project: run.project,
        displayName: run.displayName,
        group: run.group,
        jobType: run.jobType,
        notes: run.notes,
        tags: run.tags,
        config: run.config,
        history: this.history(run.name),
        summary: this.summary(run.name),
        uploaded: [...run.uploaded].sort(),
        complete: run.complete,
        exitcode: run.exitcode,
        deleted: run.deleted,
        inputs: run.inputs.map((id) => this.#artifactKey(id)).sort(),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const artifacts = [...this.artifacts.values()]
      .map((artifact) => ({
        key: `${artifact.type}/${artifact.collection}/${artifact.digest}`,
        state: artifact.state,
        versionIndex: artifact.versionIndex,
        aliases: [...artifact.aliases].sort(),
        metadata: artifact.metadata,
        createdBy: artifact.createdBy,
      }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const portfolios = [...this.portfolios.entries()]
      .map(([key, portfolio]) => ({
        key,
        versions: portfolio.versions.map((id) => this.#artifactKey(id)),
        aliases: Object.fromEntries(
          [...portfolio.aliases.entries()].map(([alias, id]) => [alias, this.#artifactKey(id)]).sort(),
        ),
      }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    return { runs, artifacts, portfolios };
  }

  #artifactKey(id: string): string {
    const artifact = this.artifacts.get(id);
    return artifact ? `${artifact.type}/${artifact.collection}/${artifact.digest}` : `unknown:${id}`;
  }

  #nextId(prefix: string): string {
    this.#ids++;
    return Buffer.from(`${prefix}:${this.#ids}`).toString('base64');
  }

  #pickFault(route: FakeRoute, operation: string): FakeFault | undefined {
    for (const entry of this.#rules) {
      if (entry.left <= 0) continue;
      if (entry.rule.route !== undefined && entry.rule.route !== route) continue;
      if (entry.rule.operation !== undefined && entry.rule.operation !== operation) continue;
      entry.left--;
      return entry.rule.fault;
    }
    const chaos = this.#chaos;
    if (!chaos) return undefined;
    if (chaos.options.routes && !chaos.options.routes.includes(route)) return undefined;
    if (chaos.random() >= chaos.options.rate) return undefined;
    const faults = chaos.options.faults ?? DEFAULT_CHAOS;
    return faults[Math.floor(chaos.random() * faults.length)];
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: Buffer = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', 'http://fake');
    const authorized = request.headers.authorization !== undefined;
    let route: FakeRoute | 'other' = 'other';
    let operation = `${request.method} ${url.pathname}`;
    const fileStreamMatch = /^\/files\/([^/]+)\/([^/]+)\/([^/]+)\/file_stream$/.exec(url.pathname);
    let parsedGraphql: { query?: string; variables?: Record<string, unknown> } | undefined;
    if (request.method === 'POST' && url.pathname === '/graphql') {
      route = 'graphql';
      try {
        parsedGraphql = JSON.parse(body.toString('utf8')) as typeof parsedGraphql;
        operation =
          /^\s*(?:#[^\n]*\n\s*)*(?:mutation|query)\s+(\w+)/.exec(parsedGraphql?.query ?? '')?.[1] ?? 'unknown';
      } catch {
        operation = 'unparseable';
      }
    } else if (request.method === 'POST' && fileStreamMatch) {
      route = 'file_stream';
      operation = 'file_stream';
    } else if (url.pathname.startsWith('/storage/')) {
      route = 'storage';
      operation = `storage ${request.method}`;
    }
    const record = (status: number, fault?: FakeFault['kind']) =>
      this.requests.push({
        route,
        operation,
        status,
        ...(fault ? { fault } : {}),
        at: Date.now(),
        authorized,
        bytes: body.length,
      });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(text);
    };
    // Authentication first: a fault never hides a leaked or missing key.
    if (route === 'graphql' || route === 'file_stream') {
      const expected = `Basic ${Buffer.from(`api:${this.apiKey}`).toString('base64')}`;
      if (request.headers.authorization !== expected) {
        record(401);
        send(401, { errors: [{ message: 'user is not logged in' }] });
        return;
      }
    }
    if (route === 'storage' && authorized) {
      record(400);
      send(400, { error: 'credentials must not be sent to storage URLs' });
      return;
    }
    const fault = route === 'other' ? undefined : this.#pickFault(route, operation);
    if (fault?.kind === 'status') {
      record(fault.status, 'status');
      send(fault.status, fault.body ?? { error: `injected ${fault.status}` }, fault.headers);
      return;
    }
    if (fault?.kind === 'drop' && fault.when === 'before') {
      record(0, 'drop');
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    let status = 200;
    let payload: unknown;
    let run: FakeRun | undefined;
    try {
      if (route === 'graphql') {
        payload = { data: this.#graphql(operation, parsedGraphql?.variables ?? {}) };
      } else if (route === 'file_stream' && fileStreamMatch) {
        if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const [, entity, project, name] = fileStreamMatch.map(decodeURIComponent);
        run = this.runs.get(`${entity}/${project}/${name}`);
        if (!run) throw new GraphQLError(`run ${entity}/${project}/${name} not found`, 404);
        run.inFlight++;
        run.maxInFlight = Math.max(run.maxInFlight, run.inFlight);
        payload = this.#fileStream(run, body);
      } else if (route === 'storage') {
        payload = this.#storage(request, url, body);
      } else {
        throw new GraphQLError(`no route ${request.method} ${url.pathname}`, 404);
      }
    } catch (error) {
      if (run) run.inFlight--;
      run = undefined;
      status = error instanceof GraphQLError ? error.status : 500;
      payload =
        route === 'graphql' ? { errors: [{ message: (error as Error).message }] } : { error: (error as Error).message };
    }
    const finish = () => {
      if (run) run.inFlight--;
    };
    if (fault?.kind === 'drop') {
      record(0, 'drop');
      finish();
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'partial') {
      record(status, 'partial');
      const text = Buffer.from(JSON.stringify(payload));
      response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(text.length + 10) });
      response.write(text.subarray(0, Math.floor(text.length / 2)));
      finish();
      setTimeout(() => request.socket.destroy(), 5);
      return;
    }
    record(status, fault?.kind);
    finish();
    send(status, payload, fault?.kind === 'headers' ? fault.headers : {});
  }

  #storage(request: IncomingMessage, url: URL, body: Buffer): unknown {
    const id = url.pathname.slice('/storage/'.length);
    const entry = this.storage.get(id);
    if (!entry) throw new GraphQLError(`no upload URL ${id}`, 404);
    if (request.method === 'GET') return Buffer.from(entry.bytes ?? new Uint8Array()).toString('base64');
    if (request.method !== 'PUT') throw new GraphQLError('method not allowed', 405);
    const md5 = createHash('md5').update(body).digest('base64');
    const header = request.headers['content-md5'];
    if (header !== undefined && header !== md5)
      throw new GraphQLError(`Content-MD5 mismatch (${header} vs ${md5})`, 400);
    if (entry.expectedMd5 !== undefined && entry.expectedMd5 !== md5) {
      throw new GraphQLError(`the bytes do not match the md5 declared (${entry.expectedMd5})`, 400);
    }
    entry.bytes = new Uint8Array(body);
    this.#md5Index.add(md5);
    return {};
  }

  #newStorage(label: string, expectedMd5?: string): string {
    const id = randomUUID();
    this.storage.set(id, { label, ...(expectedMd5 === undefined ? {} : { expectedMd5 }) });
    return `${this.url}/storage/${id}`;
  }

  #fileStream(run: FakeRun, body: Buffer): unknown {
    if (body.length > this.#maxBodyBytes) throw new GraphQLError('request body too large', 413);
    const request = parseExtended(body.toString('utf8')) as {
      files?: Record<string, { offset: number; content: string[] }>;
      uploaded?: string[];
      complete?: boolean;
      exitcode?: number;
    };
    const files = Object.entries(request.files ?? {});
    for (const [, file] of files) {
      for (const line of file.content) {
        if (Buffer.byteLength(line) > MAX_LINE_BYTES) throw new GraphQLError('line too large', 413);
      }
    }
    if (files.length === 0 && !request.complete && !request.uploaded) run.heartbeats++;
    if (run.complete && files.length > 0) run.requestsAfterComplete++;
    run.fileStreamTimes.push(Date.now());
    run.heartbeatAt = Date.now();
    for (const [name, file] of files) {
      let lines = run.files.get(name);
      if (!lines) {
        lines = new Map();
        run.files.set(name, lines);
      }
      for (let index = 0; index < file.content.length; index++)
        lines.set(file.offset + index, file.content[index] ?? '');
    }
    for (const name of request.uploaded ?? []) run.uploaded.add(name);
    if (request.complete) {
      run.complete = true;
      run.exitcode = request.exitcode ?? null;
      run.completeCount++;
    }
    return { exitcode: null, limits: {}, stopped: run.stopped };
  }

  #runByVariables(variables: Record<string, unknown>): FakeRun | undefined {
    if (typeof variables.id === 'string') {
      for (const run of this.runs.values()) if (run.id === variables.id) return run;
      throw new GraphQLError(`no run with id ${variables.id}`);
    }
    const entity = (variables.entity as string | null | undefined) ?? this.defaultEntity;
    const project = (variables.project as string | null | undefined) ?? 'uncategorized';
    return this.runs.get(`${entity}/${project}/${variables.name as string}`);
  }

  #graphql(operation: string, variables: Record<string, unknown>): unknown {
    switch (operation) {
      case 'Viewer':
        return { viewer: { id: 'viewer-1', entity: this.defaultEntity, username: 'tester' } };
      case 'UpsertBucket':
        return this.#upsertBucket(variables);
      case 'CreateRunFiles': {
        const runName = variables.run as string;
        const files = (variables.files as string[]).map((name) => ({
          name,
          uploadUrl: this.#newStorage(`run-file:${runName}/${name}`),
        }));
        return { createRunFiles: { runID: runName, uploadHeaders: [], files } };
      }
      case 'DeleteRun': {
        const run = this.#runByVariables({ id: variables.id });
        if (run) run.deleted = true;
        return { deleteRun: { clientMutationId: null } };
      }
      case 'CreateArtifact':
        return this.#createArtifact(variables.input as Record<string, unknown>);
      case 'CreateArtifactManifest': {
        const artifact = this.#artifact(variables.artifactID);
        artifact.manifestId ??= this.#nextId('ArtifactManifest');
        return {
          createArtifactManifest: {
            artifactManifest: {
              id: artifact.manifestId,
              file: { id: 'f', name: 'wandb_manifest.json', displayName: 'wandb_manifest.json' },
            },
          },
        };
      }
      case 'CreateArtifactFiles': {
        const specs = variables.artifactFiles as { artifactID: string; name: string; md5: string }[];
        const edges = specs.map((spec) => {
          this.#artifact(spec.artifactID);
          const known = this.#md5Index.has(spec.md5);
          return {
            node: {
              id: this.#nextId('File'),
              name: spec.name,
              displayName: spec.name,
              uploadUrl: known ? null : this.#newStorage(`artifact-file:${spec.md5}`, spec.md5),
              uploadHeaders: [],
              storagePath: `wandb_artifacts/${spec.md5}`,
              artifact: { id: spec.artifactID },
            },
          };
        });
        return { createArtifactFiles: { files: { edges } } };
      }
      case 'UpdateArtifactManifest': {
        let artifact: FakeArtifact | undefined;
        for (const candidate of this.artifacts.values())
          if (candidate.manifestId === variables.artifactManifestID) artifact = candidate;
        if (!artifact) throw new GraphQLError('unknown manifest');
        artifact.manifestDigest = variables.digest as string;
        const url = this.#newStorage(`manifest:${artifact.id}`, artifact.manifestDigest);
        artifact.manifestStorageId = url.slice(url.lastIndexOf('/') + 1);
        return {
          updateArtifactManifest: {
            artifactManifest: {
              id: artifact.manifestId,
              file: {
                id: 'm',
                name: 'wandb_manifest.json',
                displayName: 'wandb_manifest.json',
                uploadUrl: url,
                uploadHeaders: [],
              },
            },
          },
        };
      }
      case 'CommitArtifact':
        return this.#commitArtifact(this.#artifact(variables.artifactID));
      case 'UseArtifact': {
        const artifact = this.#artifact(variables.artifactID);
        const run = this.runs.get(`${variables.entityName}/${variables.projectName}/${variables.runName}`);
        if (!run) throw new GraphQLError('run not found');
        if (!run.inputs.includes(artifact.id)) run.inputs.push(artifact.id);
        return { useArtifact: { artifact: { id: artifact.id } } };
      }
      case 'LinkArtifact': {
        const artifact = this.#artifact(variables.artifactId);
        if (artifact.state !== 'COMMITTED') throw new GraphQLError('cannot link an uncommitted artifact');
        const key = `${variables.entityName}/${variables.projectName}/${variables.artifactPortfolioName}`;
        let portfolio = this.portfolios.get(key);
        if (!portfolio) {
          portfolio = { versions: [], aliases: new Map() };
          this.portfolios.set(key, portfolio);
        }
        if (!portfolio.versions.includes(artifact.id)) {
          portfolio.versions.push(artifact.id);
          portfolio.aliases.set('latest', artifact.id);
        }
        for (const { alias } of (variables.aliases as { alias: string }[] | null) ?? [])
          portfolio.aliases.set(alias, artifact.id);
        return { linkArtifact: { versionIndex: portfolio.versions.indexOf(artifact.id) } };
      }
      case 'DeleteAliases': {
        const artifact = this.#artifact(variables.artifactID);
        for (const alias of variables.aliases as {
          alias: string;
          artifactCollectionName: string;
          entityName: string;
          projectName: string;
        }[]) {
          const portfolio = this.portfolios.get(
            `${alias.entityName}/${alias.projectName}/${alias.artifactCollectionName}`,
          );
          if (portfolio?.aliases.get(alias.alias) === artifact.id) portfolio.aliases.delete(alias.alias);
        }
        return { deleteAliases: { success: true } };
      }
      case 'Runs':
        return this.#runsQuery(variables);
      case 'HistoryPage':
        return this.#historyPage(variables);
      default:
        throw new GraphQLError(`unknown operation ${operation}`, 400);
    }
  }

  /** W&B's run state: `running` until `complete`, then `finished` (exit code 0) or `failed`. */
  #state(run: FakeRun): string {
    if (!run.complete) return 'running';
    return run.exitcode === 0 ? 'finished' : 'failed';
  }

  /** A run as the `Runs` query's node (W&B answers config and summary as JSON strings, times without a zone). */
  #runNode(run: FakeRun): Record<string, unknown> {
    const wrapped = Object.fromEntries(Object.entries(run.config).map(([key, value]) => [key, { value, desc: null }]));
    const summaryLines = run.files.get('wandb-summary.json');
    const summary =
      summaryLines && summaryLines.size > 0 ? summaryLines.get(Math.max(...summaryLines.keys())) : undefined;
    const time = (ms: number) => new Date(ms).toISOString().slice(0, 19);
    return {
      id: run.id,
      name: run.name,
      displayName: run.displayName,
      state: this.#state(run),
      config: JSON.stringify(wrapped),
      group: run.group,
      jobType: run.jobType,
      createdAt: time(run.createdAt),
      heartbeatAt: time(run.heartbeatAt),
      description: null,
      notes: run.notes,
      tags: [...run.tags],
      summaryMetrics: summary ?? '{}',
      historyLineCount: run.files.get('wandb-history.jsonl')?.size ?? 0,
      sweepName: null,
    };
  }

  /** What filters and orderings see of a run. */
  #runDocument(run: FakeRun): FakeRunDocument {
    return {
      name: run.name,
      displayName: run.displayName,
      state: this.#state(run),
      group: run.group,
      jobType: run.jobType,
      tags: run.tags,
      createdAt: new Date(run.createdAt).toISOString(),
      heartbeatAt: new Date(run.heartbeatAt).toISOString(),
      config: run.config,
      summary_metrics: this.summary(run.name) ?? {},
    };
  }

  /**
   * `project(name, entityName) { runCount(filters) runs(filters, after, first, order) }`: the
   * project's runs (deleted ones left out) that match `filters`, in `order`, `first` at a time
   * after the opaque `cursor`, as edges with `pageInfo { endCursor hasNextPage }`.
   */
  #runsQuery(variables: Record<string, unknown>): unknown {
    const entity = (variables.entity as string | undefined) ?? this.defaultEntity;
    const project = variables.project as string;
    const inProject = [...this.runs.values()].filter(
      (run) => run.entity === entity && run.project === project && !run.deleted,
    );
    if (inProject.length === 0) return { project: null };
    const filters = typeof variables.filters === 'string' ? (JSON.parse(variables.filters) as unknown) : {};
    const documents = inProject.map((run) => ({ ...this.#runDocument(run), run }));
    const matching = sortRunDocuments(
      documents.filter((document) => matchesRunFilters(document, filters, { nestedConfig: this.#nestedConfigFilters })),
      variables.order as string | null | undefined,
    );
    let start = 0;
    if (typeof variables.cursor === 'string') {
      const after = Buffer.from(variables.cursor, 'base64').toString('utf8');
      const index = matching.findIndex((document) => document.run.id === after);
      if (index < 0) throw new GraphQLError('invalid cursor');
      start = index + 1;
    }
    const first = typeof variables.perPage === 'number' ? variables.perPage : 50;
    const page = matching.slice(start, start + first);
    const edges = page.map((document) => ({
      node: this.#runNode(document.run),
      cursor: Buffer.from(document.run.id).toString('base64'),
    }));
    return {
      project: {
        runCount: matching.length,
        readOnly: false,
        runs: {
          edges,
          pageInfo: {
            endCursor: edges[edges.length - 1]?.cursor ?? null,
            hasNextPage: start + first < matching.length,
          },
        },
      },
    };
  }

  /**
   * `run(name) { history(minStep, maxStep, samples) }`: the history lines with `minStep ≤ _step
   * < maxStep` as stored (extended JSON strings), evenly sampled down to `samples` like W&B.
   */
  #historyPage(variables: Record<string, unknown>): unknown {
    const entity = (variables.entity as string | undefined) ?? this.defaultEntity;
    const project = variables.project as string;
    const run = this.runs.get(`${entity}/${project}/${variables.run as string}`);
    if (!run || run.deleted) {
      const known = [...this.runs.values()].some((other) => other.entity === entity && other.project === project);
      return { project: known ? { run: null } : null };
    }
    const lines = run.files.get('wandb-history.jsonl') ?? new Map<number, string>();
    const minStep = Math.max(0, Number(variables.minStep));
    const maxStep = Math.min(lines.size, Number(variables.maxStep));
    const samples = Number(variables.pageSize);
    const steps: number[] = [];
    for (let step = minStep; step < maxStep; step++) steps.push(step);
    const picked =
      steps.length <= samples
        ? steps
        : Array.from({ length: samples }, (_, index) => steps[Math.floor((index * steps.length) / samples)] as number);
    return { project: { run: { history: picked.map((step) => lines.get(step) ?? '{}') } } };
  }

  #artifact(id: unknown): FakeArtifact {
    const artifact = typeof id === 'string' ? this.artifacts.get(id) : undefined;
    if (!artifact) throw new GraphQLError(`no artifact ${String(id)}`);
    return artifact;
  }

  #upsertBucket(variables: Record<string, unknown>): unknown {
    let run = this.#runByVariables(variables);
    const inserted = run === undefined;
    if (!run) {
      if (typeof variables.name !== 'string' || !/^[a-z0-9]{1,64}$/.test(variables.name)) {
        throw new GraphQLError('invalid run name');
      }
      const entity = (variables.entity as string | null | undefined) ?? this.defaultEntity;
      const project = (variables.project as string | null | undefined) ?? 'uncategorized';
      run = {
        id: this.#nextId('Run'),
        name: variables.name,
        entity,
        project,
        displayName: null,
        group: null,
        jobType: null,
        host: null,
        notes: null,
        tags: [],
        config: {},
        files: new Map(),
        uploaded: new Set(),
        complete: false,
        exitcode: null,
        completeCount: 0,
        requestsAfterComplete: 0,
        heartbeats: 0,
        deleted: false,
        stopped: false,
        inputs: [],
        inFlight: 0,
        maxInFlight: 0,
        fileStreamTimes: [],
        createdAt: Date.now(),
        heartbeatAt: Date.now(),
      };
      this.runs.set(`${entity}/${project}/${run.name}`, run);
    }
    if (variables.displayName !== undefined) run.displayName = variables.displayName as string | null;
    if (variables.groupName !== undefined) run.group = variables.groupName as string | null;
    if (variables.jobType !== undefined) run.jobType = variables.jobType as string | null;
    if (variables.host !== undefined) run.host = variables.host as string | null;
    if (variables.notes !== undefined) run.notes = variables.notes as string | null;
    if (variables.tags !== undefined) run.tags = [...(variables.tags as string[])];
    if (typeof variables.config === 'string') {
      const wrapped = JSON.parse(variables.config) as Record<string, { value: unknown }>;
      run.config = Object.fromEntries(Object.entries(wrapped).map(([key, item]) => [key, item.value]));
    }
    const historyLines = run.files.get('wandb-history.jsonl')?.size ?? 0;
    return {
      upsertBucket: {
        bucket: {
          id: run.id,
          name: run.name,
          displayName: run.displayName,
          description: null,
          config: JSON.stringify(run.config),
          sweepName: null,
          project: { id: this.#nextId('Project'), name: run.project, entity: { id: 'e', name: run.entity } },
          historyLineCount: historyLines,
        },
        inserted,
      },
    };
  }

  #createArtifact(input: Record<string, unknown>): unknown {
    const entity = input.entityName as string;
    const project = input.projectName as string;
    const collection = input.artifactCollectionName as string;
    const digest = input.digest as string;
    const type = input.artifactTypeName as string;
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(collection)) throw new GraphQLError(`invalid artifact name ${collection}`);
    let latest: FakeArtifact | undefined;
    for (const artifact of this.artifacts.values()) {
      if (artifact.entity !== entity || artifact.project !== project || artifact.collection !== collection) continue;
      if (artifact.type !== type)
        throw new GraphQLError(`artifact ${collection} has type ${artifact.type}, not ${type}`);
      if (artifact.digest === digest) {
        return {
          createArtifact: {
            artifact: { id: artifact.id, state: artifact.state, artifactSequence: { latestArtifact: null } },
          },
        };
      }
      if (artifact.state === 'COMMITTED') latest = artifact;
    }
    const artifact: FakeArtifact = {
      id: this.#nextId('Artifact'),
      entity,
      project,
      type,
      collection,
      digest,
      metadata: typeof input.metadata === 'string' ? JSON.parse(input.metadata) : null,
      createdBy: (input.runName as string | null | undefined) ?? null,
      requestedAliases: ((input.aliases as { alias: string }[] | undefined) ?? []).map((alias) => alias.alias),
      state: 'PENDING',
      versionIndex: null,
      manifestId: null,
      manifestDigest: null,
      manifestStorageId: null,
      aliases: new Set(),
    };
    this.artifacts.set(artifact.id, artifact);
    return {
      createArtifact: {
        artifact: {
          id: artifact.id,
          state: 'PENDING',
          artifactSequence: { latestArtifact: latest ? { id: latest.id } : null },
        },
      },
    };
  }

  #commitArtifact(artifact: FakeArtifact): unknown {
    if (artifact.state === 'COMMITTED')
      return { commitArtifact: { artifact: { id: artifact.id, digest: artifact.digest } } };
    const manifestBytes = artifact.manifestStorageId ? this.storage.get(artifact.manifestStorageId)?.bytes : undefined;
    if (!manifestBytes) throw new GraphQLError('commit before the manifest was uploaded');
    const manifest = JSON.parse(Buffer.from(manifestBytes).toString('utf8')) as {
      contents: Record<string, { digest: string; ref?: string }>;
    };
    const digestInput = ['wandb-artifact-manifest-v1\n'];
    for (const path of Object.keys(manifest.contents).sort()) {
      const entry = manifest.contents[path];
      if (!entry) continue;
      digestInput.push(`${path}:${entry.digest}\n`);
      if (entry.ref === undefined && !this.#md5Index.has(entry.digest))
        throw new GraphQLError(`file ${path} was never uploaded`);
    }
    const computed = createHash('md5').update(digestInput.join('')).digest('hex');
    if (computed !== artifact.digest)
      throw new GraphQLError(`manifest digest ${computed} does not match the artifact digest ${artifact.digest}`);
    artifact.state = 'COMMITTED';
    let committed = 0;
    for (const other of this.artifacts.values()) {
      if (other === artifact || other.collection !== artifact.collection || other.project !== artifact.project)
        continue;
      if (other.state === 'COMMITTED') committed++;
      for (const alias of ['latest', ...artifact.requestedAliases]) other.aliases.delete(alias);
    }
    artifact.versionIndex = committed;
    for (const alias of ['latest', ...artifact.requestedAliases]) artifact.aliases.add(alias);
    return { commitArtifact: { artifact: { id: artifact.id, digest: artifact.digest } } };
  }
}

/** Starts a fake W&B server on 127.0.0.1 with a random port. */
export async function startFakeWandbServer(options: FakeWandbServerOptions = {}): Promise<FakeWandbServer> {
  return new FakeWandbServer(options).listen();
}
