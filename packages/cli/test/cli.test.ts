import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMloop } from '@mloop/core';
import { createWandbBackend } from '@mloop/tracker-wandb';
import { startFakeWandbServer } from '@mloop/tracker-wandb/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mloop } from './fixtures/run-in-process';
import { fillScenario, type Scenario } from './fixtures/scenario';

let root: string;
let scenario: Scenario;
let store: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mloop-cli-'));
  scenario = await fillScenario(join(root, 'store'));
  store = `sqlite:${scenario.dir}`;
}, 120_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('mloop (usage)', () => {
  it('prints help with an example for every command, exit 0', async () => {
    const top = await mloop(['--help']);
    expect(top.code).toBe(0);
    for (const command of [
      'demo',
      'runs',
      'models',
      'promote',
      'rollback',
      'drift',
      'serve',
      'ui',
      'wandb',
      'pipeline',
    ]) {
      expect(top.stdout).toContain(command);
    }
    for (const path of [
      ['runs', 'list'],
      ['runs', 'show'],
      ['runs', 'compare'],
      ['models', 'list'],
      ['models', 'show'],
      ['models', 'export'],
      ['models', 'import'],
      ['promote'],
      ['rollback'],
      ['drift'],
      ['serve'],
      ['ui'],
      ['wandb', 'sync'],
      ['pipeline', 'run'],
      ['demo'],
    ]) {
      const help = await mloop([...path, '--help']);
      expect(help.code, path.join(' ')).toBe(0);
      expect(help.stdout, path.join(' ')).toMatch(/Example:\n\s+\$ .*mloop /);
    }
  });

  it('bad arguments → exit 2, one error line and a usage hint', async () => {
    const cases: [string[], RegExp][] = [
      [['runs', 'lisst', '--store', store], /unknown command/],
      [['runs', 'list', '--limit', 'zero', '--store', store], /--limit must be an integer/],
      [['runs', 'list', '--filter', 'f1 >> 2', '--store', store], /Cannot read the filter/],
      [['runs', 'list', '--status', 'sleeping', '--store', store], /Unknown status "sleeping"/],
      [['runs', 'compare', scenario.runs['lr-c0.1'], '--store', store], /at least two run ids/],
      [['promote', 'fraud-lr', 'two', '--alias', 'production', '--store', store], /version must be an integer/],
      [['promote', 'fraud-lr', '1', '--store', store], /needs --alias/],
      [['promote', 'fraud-lr', '1', '--alias', '9bad', '--store', store], /Invalid alias/],
      [['rollback', '--store', store], /missing required argument 'model'/],
      [['drift', 'only-one.csv'], /missing required argument 'current'/],
      [['ui', '--host', '0.0.0.0', '--store', store], /pass --token/],
      [['ui', '--port', '99999', '--store', store], /--port must be 0–65535/],
      [['runs', 'list', '--store', 'postgres://db/mloop'], /Unknown store "postgres:"/],
      [['--bogus'], /unknown option '--bogus'/],
    ];
    for (const [argv, message] of cases) {
      const result = await mloop(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toMatch(message);
      expect(result.stderr, argv.join(' ')).toMatch(/Run "mloop .*--help" for usage\./);
      expect(result.stdout).toBe('');
    }
  });

  it('a failure is one line with exit 1; --debug adds the stack', async () => {
    const missing = await mloop(['runs', 'show', 'no-such-run', '--store', store]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^error \[NOT_FOUND\]: /);
    const debug = await mloop(['runs', 'show', 'no-such-run', '--store', store, '--debug']);
    expect(debug.code).toBe(1);
    expect(debug.stderr.split('\n').length).toBeGreaterThan(3);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('uses MLOOP_STORE when --store is absent, and colour only on a TTY', async () => {
    const plain = await mloop(['runs', 'list', '--experiment', 'fraud'], { env: { MLOOP_STORE: store } });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('lr-c0.1');
    expect(plain.stdout).not.toContain('\u001b[');
    const tty = await mloop(['runs', 'list', '--experiment', 'fraud'], { env: { MLOOP_STORE: store }, tty: true });
    expect(tty.stdout).toContain('\u001b[');
    const noColor = await mloop(['runs', 'list', '--experiment', 'fraud'], {
      env: { MLOOP_STORE: store, NO_COLOR: '1' },
      tty: true,
    });
    expect(noColor.stdout).not.toContain('\u001b[');
  });
});

describe('mloop runs', () => {
  it('list: table and --json with paging, filters and order', async () => {
    const table = await mloop(['runs', 'list', '--experiment', 'fraud', '--store', store]);
    expect(table.code).toBe(0);
    for (const name of ['lr-c0.01', 'lr-c0.1', 'lr-c1', 'lr-broken']) expect(table.stdout).toContain(name);
    expect(table.stdout.split('\n')[0]).toMatch(/^id\s+name\s+experiment\s+status/);

    const json = await mloop([
      'runs',
      'list',
      '--experiment',
      'fraud',
      '--filter',
      'metrics.accuracy > 0',
      '--order',
      'params.C:asc',
      '--json',
      '--store',
      store,
    ]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as {
      runs: {
        name: string;
        status: string;
        params: Record<string, string>;
        metrics: Record<string, number>;
        durationMs: number;
        experiment: string;
      }[];
    };
    expect(parsed.runs.map((run) => run.name)).toEqual(['lr-c0.01', 'lr-c0.1', 'lr-c1']);
    expect(parsed.runs[0]).toMatchObject({
      status: 'finished',
      experiment: 'fraud',
      params: { C: '0.01', solver: 'lbfgs' },
    });
    expect(parsed.runs[0].metrics.accuracy).toBeGreaterThan(0.5);
    expect(typeof parsed.runs[0].durationMs).toBe('number');

    const page1 = JSON.parse(
      (await mloop(['runs', 'list', '--experiment', 'fraud', '--limit', '2', '--json', '--store', store])).stdout,
    ) as { runs: { id: string }[]; nextPageToken: string };
    expect(page1.runs).toHaveLength(2);
    const page2 = JSON.parse(
      (
        await mloop([
          'runs',
          'list',
          '--experiment',
          'fraud',
          '--limit',
          '2',
          '--page-token',
          page1.nextPageToken,
          '--json',
          '--store',
          store,
        ])
      ).stdout,
    ) as { runs: { id: string }[]; nextPageToken?: string };
    expect(page2.runs).toHaveLength(2);
    expect(page2.nextPageToken).toBeUndefined();
    expect(new Set([...page1.runs, ...page2.runs].map((run) => run.id)).size).toBe(4);

    const failed = JSON.parse(
      (await mloop(['runs', 'list', '--status', 'failed', '--json', '--store', store])).stdout,
    ) as { runs: { name: string }[] };
    expect(failed.runs.map((run) => run.name)).toEqual(['lr-broken']);
    const none = await mloop(['runs', 'list', '--experiment', 'nope', '--store', store]);
    expect(none).toMatchObject({ code: 0, stdout: 'No runs match.\n' });
  });

  it('show: params, metrics, inputs and artifacts; --json has them all', async () => {
    const id = scenario.runs['lr-c0.1'];
    const text = await mloop(['runs', 'show', id, '--store', store]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('lr-c0.1');
    expect(text.stdout).toMatch(/params[\s\S]*C\s+0\.1/);
    expect(text.stdout).toMatch(/artifacts[\s\S]*model\.json\s+application\/json/);
    expect(text.stdout).toMatch(/inputs[\s\S]*transactions/);
    const json = JSON.parse((await mloop(['runs', 'show', id, '--json', '--store', store])).stdout) as {
      id: string;
      metrics: Record<string, number>;
      inputs: { digest: string }[];
      artifacts: { name: string }[];
    };
    expect(json.id).toBe(id);
    expect(Object.keys(json.metrics).sort()).toEqual(['accuracy', 'f1', 'loss']);
    expect(json.inputs[0].digest).toMatch(/^[0-9a-f]{64}$/);
    expect(json.artifacts.map((artifact) => artifact.name).sort()).toEqual(['model.json', 'notes/readme.txt']);
  });

  it('compare: differing params and metrics side by side', async () => {
    const ids = [scenario.runs['lr-c0.01'], scenario.runs['lr-c1']];
    const text = await mloop(['runs', 'compare', ...ids, '--store', store]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/params\.C\s+0\.01\s+1/);
    expect(text.stdout).not.toContain('params.solver');
    const json = JSON.parse((await mloop(['runs', 'compare', ...ids, '--json', '--store', store])).stdout) as {
      runs: unknown[];
      differingParams: string[];
      metrics: string[];
    };
    expect(json.runs).toHaveLength(2);
    expect(json.differingParams).toEqual(['C']);
    expect(json.metrics).toEqual(['accuracy', 'f1', 'loss']);
  });
});

describe('mloop models, promote, rollback', () => {
  it('list and show with lineage and alias history', async () => {
    const list = JSON.parse((await mloop(['models', 'list', '--json', '--store', store])).stdout) as {
      models: { name: string; aliases: Record<string, number> }[];
    };
    expect(list.models.map((model) => model.name)).toEqual(['fraud-lr', 'sms-spam']);
    const text = await mloop(['models', 'list', '--store', store]);
    // The scenario's loop promoted its retrained v3 over v1.
    expect(text.stdout).toMatch(/fraud-lr\s+v3\s+.*production→v3, staging→v2/);
    const show = JSON.parse((await mloop(['models', 'show', 'fraud-lr', '--json', '--store', store])).stdout) as {
      versions: { version: number; runId?: string; datasets: { name: string }[] }[];
      aliasHistory: { alias: string }[];
    };
    const v1 = show.versions.find((version) => version.version === 1);
    expect(v1?.runId).toBe(scenario.runs['lr-c0.01']);
    expect(v1?.datasets[0].name).toBe('transactions');
    expect(show.aliasHistory.some((event) => event.alias === 'staging')).toBe(true);
    const showText = await mloop(['models', 'show', 'fraud-lr', '--store', store]);
    expect(showText.stdout).toMatch(/alias history/);
    const missing = await mloop(['models', 'show', 'nope', '--store', store]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error \[NOT_FOUND\]/);
  });

  it('promote moves an alias and rollback moves it back', async () => {
    const promoted = await mloop(['promote', 'sms-spam', '1', '--alias', 'staging', '--json', '--store', store]);
    expect(promoted.code).toBe(0);
    expect(JSON.parse(promoted.stdout)).toMatchObject({
      model: 'sms-spam',
      alias: 'staging',
      version: 1,
      action: 'set',
    });
    const { versions } = JSON.parse(
      (await mloop(['models', 'show', 'fraud-lr', '--json', '--store', store])).stdout,
    ) as { versions: { version: number }[] };
    const latest = Math.max(...versions.map((version) => version.version));
    const before = JSON.parse((await mloop(['models', 'show', 'fraud-lr', '--json', '--store', store])).stdout) as {
      model: { aliases: Record<string, number> };
    };
    const to = before.model.aliases.production === 1 ? latest : 1;
    const text = await mloop([
      'promote',
      'fraud-lr',
      String(to),
      '--alias',
      'production',
      '--reason',
      'test',
      '--store',
      store,
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`production → v${to}`);
    const back = await mloop(['rollback', 'fraud-lr', '--alias', 'production', '--json', '--store', store]);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({
      action: 'rollback',
      version: before.model.aliases.production,
      previousVersion: to,
    });
    const noVersion = await mloop(['promote', 'fraud-lr', '99', '--alias', 'production', '--store', store]);
    expect(noVersion.code).toBe(1);
    const nothingBefore = await mloop(['rollback', 'sms-spam', '--alias', 'production', '--store', store]);
    expect(nothingBefore.code).toBe(1);
    expect(nothingBefore.stderr).toMatch(/CONFLICT/);
  });
});

describe('mloop models export / import', () => {
  it('exports a version as plain JSON or as stored, and imports it into another store unchanged', async () => {
    const plain = await mloop(['models', 'export', 'fraud-lr', '--alias', 'production', '--store', store]);
    expect(plain.code).toBe(0);
    const document = JSON.parse(plain.stdout) as { format: string; kind: string; encoding?: string };
    expect(document.format).toBe('mloop.model');
    expect(document.encoding).toBeUndefined();
    const packed = await mloop(['models', 'export', 'fraud-lr', '--alias', 'production', '--packed', '--store', store]);
    expect(JSON.parse(packed.stdout).encoding).toBe('mloop.packed/1');
    const latest = await mloop(['models', 'export', 'fraud-lr', '--store', store]);
    const { model } = JSON.parse((await mloop(['models', 'show', 'fraud-lr', '--json', '--store', store])).stdout) as {
      model: { latestVersion: number };
    };
    expect(latest.stdout).toBe(
      (await mloop(['models', 'export', 'fraud-lr', String(model.latestVersion), '--store', store])).stdout,
    );

    const file = join(root, 'fraud-lr.json');
    const written = await mloop([
      'models',
      'export',
      'fraud-lr',
      '--alias',
      'production',
      '-o',
      file,
      '--store',
      store,
    ]);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe(plain.stdout);

    const other = `sqlite:${join(root, 'import-store')}`;
    const imported = await mloop([
      'models',
      'import',
      'fraud-copy',
      file,
      '--alias',
      'staging',
      '--json',
      '--store',
      other,
    ]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ model: 'fraud-copy', version: 1, modelKind: document.kind });
    const back = await mloop(['models', 'export', 'fraud-copy', '--alias', 'staging', '--store', other]);
    expect(back.stdout).toBe(plain.stdout);
    // A packed file imports too.
    writeFileSync(join(root, 'packed.json'), packed.stdout);
    const again = await mloop(['models', 'import', 'fraud-copy', join(root, 'packed.json'), '--store', other]);
    expect(again.stdout).toMatch(/^fraud-copy v2 /);
    expect((await mloop(['models', 'export', 'fraud-copy', '2', '--store', other])).stdout).toBe(plain.stdout);
  });

  it('refuses bad input without writing anything', async () => {
    const other = `sqlite:${join(root, 'refuse-store')}`;
    const both = await mloop(['models', 'export', 'fraud-lr', '1', '--alias', 'production', '--store', store]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/a version or --alias, not both/);
    const plain = JSON.parse((await mloop(['models', 'export', 'fraud-lr', '1', '--store', store])).stdout);
    const bad: [string, string, RegExp][] = [
      ['not-json.json', '{"format": "mloop.mod', /SERIALIZATION/],
      ['not-a-model.json', '{"hello": 1}', /SERIALIZATION/],
      ['tampered.json', JSON.stringify({ ...plain, state: { tampered: true } }), /SERIALIZATION/],
    ];
    for (const [name, text, error] of bad) {
      writeFileSync(join(root, name), text);
      const result = await mloop(['models', 'import', 'fraud-copy', join(root, name), '--store', other]);
      expect(result.code, name).toBe(1);
      expect(result.stderr, name).toMatch(error);
    }
    const missing = await mloop(['models', 'import', 'fraud-copy', join(root, 'missing.json'), '--store', other]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing.json');
    // The store was never opened: a refused import writes nothing at all.
    expect(existsSync(join(root, 'refuse-store'))).toBe(false);
    const out = join(root, 'no-such-dir', 'x.json');
    const unwritable = await mloop(['models', 'export', 'fraud-lr', '-o', out, '--store', store]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toContain(out);
    expect(unwritable.stderr).not.toMatch(/\.part/);
    const noModel = await mloop(['models', 'export', 'nope', '--store', store]);
    expect(noModel.stderr).toMatch(/NOT_FOUND/);
  });
});

describe('mloop drift', () => {
  it('compares CSV and JSONL files, writes HTML and JSON, logs to the store, --fail-on-drift', async () => {
    const dir = mkdtempSync(join(root, 'drift-'));
    const reference = ['x,color'];
    const shifted = ['x,color'];
    const same: string[] = [];
    for (let i = 0; i < 200; i++) {
      reference.push(`${(i % 50) / 10},${i % 3 === 0 ? 'red' : 'blue'}`);
      shifted.push(`${5 + (i % 50) / 10},${i % 2 === 0 ? 'red' : 'green'}`);
      same.push(JSON.stringify({ x: (i % 50) / 10, color: i % 3 === 0 ? 'red' : 'blue' }));
    }
    writeFileSync(join(dir, 'ref.csv'), reference.join('\n'));
    writeFileSync(join(dir, 'cur.csv'), shifted.join('\n'));
    writeFileSync(join(dir, 'same.jsonl'), same.join('\n'));

    const drifted = await mloop(
      [
        'drift',
        'ref.csv',
        'cur.csv',
        '--html',
        'out.html',
        '--out',
        'out.json',
        '--log',
        'monitoring',
        '--store',
        store,
      ],
      { cwd: dir },
    );
    expect(drifted.code).toBe(0);
    expect(drifted.stdout).toMatch(/^Dataset drift detected: 2 of 2 columns drifted/);
    expect(drifted.stdout).toMatch(/x\s+numeric\s+ks/);
    expect(readFileSync(join(dir, 'out.html'), 'utf8')).toMatch(/<html/i);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))).toMatchObject({
      format: 'mloop.drift-report',
      dataset: { driftDetected: true },
    });
    expect(drifted.stdout).toMatch(/Logged as run \S+ in experiment monitoring/);

    const json = await mloop(['drift', 'ref.csv', 'same.jsonl', '--json'], { cwd: dir });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      dataset: { driftDetected: boolean; numberOfColumns: number };
      columns: { column: string }[];
    };
    expect(report.dataset).toMatchObject({ driftDetected: false, numberOfColumns: 2 });
    expect(report.columns.map((column) => column.column)).toEqual(['x', 'color']);

    // Progress bar (cli-progress) on a terminal only; piped output stays clean.
    expect(json.stderr).toBe('');
    const onTerminal = await mloop(['drift', 'ref.csv', 'cur.csv'], { cwd: dir, tty: true });
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.stderr).toMatch(/drift [\u2588\u2591]+ \d\/4/);
    const failing = await mloop(['drift', 'ref.csv', 'cur.csv', '--fail-on-drift'], { cwd: dir });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/dataset drift detected/);
    const missingFile = await mloop(['drift', 'ref.csv', 'nope.csv'], { cwd: dir });
    expect(missingFile.code).toBe(1);
    expect(missingFile.stderr).toMatch(/NOT_FOUND/);
    const badShare = await mloop(['drift', 'ref.csv', 'cur.csv', '--drift-share', '2'], { cwd: dir });
    expect(badShare.code).toBe(2);
  });
});

describe('mloop serve', () => {
  it('serves the aliased model and follows it when the alias moves; the input shape comes from its mloop.input tag (features) or its pipeline (text)', async () => {
    const { startLongRunning } = await import('./fixtures/run-in-process');
    const server = await startLongRunning([
      'serve',
      'fraud-lr',
      '--alias',
      'production',
      '--port',
      '0',
      '--store',
      store,
    ]);
    try {
      expect(server.output()).toMatch(/Serving fraud-lr@production \(2 features\)/);
      const response = await fetch(`${server.url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 4.5, velocity: 3 }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { prediction: string; confidence: number; modelVersion: number };
      expect(body.prediction).toBe('fraud');
      expect(body.confidence).toBeGreaterThan(0.5);
      const bad = await fetch(`${server.url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 'x' }),
      });
      expect(bad.status).toBe(400);
      // The alias moves in another handle: the server follows it (the SQLite change feed).
      const served = body.modelVersion;
      const other = served === 1 ? 2 : 1;
      expect(
        (await mloop(['promote', 'fraud-lr', String(other), '--alias', 'production', '--store', store])).code,
      ).toBe(0);
      const deadline = Date.now() + 15_000;
      let now = served;
      while (now !== other && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const again = await fetch(`${server.url}/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ amount: 4.5, velocity: 3 }),
        });
        now = ((await again.json()) as { modelVersion: number }).modelVersion;
      }
      expect(now).toBe(other);
      expect((await mloop(['rollback', 'fraud-lr', '--alias', 'production', '--store', store])).code).toBe(0);
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
    const text = await startLongRunning(['serve', 'sms-spam', '--port', '0', '--store', store]);
    try {
      const response = await fetch(`${text.url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'claim your free prize' }),
      });
      expect(((await response.json()) as { prediction: string }).prediction).toBe('spam');
    } finally {
      await text.stop();
    }
  });
});

describe('mloop ui', () => {
  it('serves the dashboard on loopback until stopped; a non-loopback host warns and needs the token', async () => {
    const { startLongRunning } = await import('./fixtures/run-in-process');
    const ui = await startLongRunning(['ui', '--port', '0', '--read-only', '--store', store]);
    try {
      expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ui.output()).toMatch(/\(read-only\)/);
      const info = (await (await fetch(`${ui.url}/api/info`)).json()) as { readOnly: boolean };
      expect(info.readOnly).toBe(true);
    } finally {
      expect((await ui.stop()).code).toBe(0);
    }
    const token = 'k'.repeat(32);
    const exposed = await startLongRunning([
      'ui',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--token',
      token,
      '--store',
      store,
    ]);
    try {
      expect(exposed.output()).toMatch(/warning: the dashboard on 0\.0\.0\.0 is reachable from the network/);
      const port = new URL(exposed.url).port;
      expect((await fetch(`http://127.0.0.1:${port}/api/info`)).status).toBe(403);
      expect((await fetch(`http://127.0.0.1:${port}/api/info`, { headers: { 'x-mloop-token': token } })).status).toBe(
        200,
      );
    } finally {
      await exposed.stop();
    }
    const short = await mloop(['ui', '--host', '0.0.0.0', '--token', 'short', '--store', store]);
    expect(short.code).toBe(2);
  });
});

describe('mloop wandb sync, pipeline run, demo', () => {
  it('wandb sync: nothing to sync is ok; a missing key is one error line', async () => {
    const dir = mkdtempSync(join(root, 'wandb-'));
    const empty = await mloop(['wandb', 'sync', dir, '--json'], {
      env: { WANDB_API_KEY: 'local-test-key-0123456789abcdef0123456789' },
    });
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toMatchObject({ runs: [], ok: true });
    const text = await mloop(['wandb', 'sync', dir], {
      env: { WANDB_API_KEY: 'local-test-key-0123456789abcdef0123456789' },
    });
    expect(text.stdout).toMatch(/No offline runs/);
    const noKey = await mloop(['wandb', 'sync', dir], { env: {} });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr.trim().split('\n')).toHaveLength(1);
    expect(noKey.stderr).toMatch(/^error \[INVALID_ARGUMENT\]: .*API key/i);
  });

  it('wandb sync: an offline journal reaches a (fake) W&B server once, however often it is synced', async () => {
    const server = await startFakeWandbServer();
    const dir = mkdtempSync(join(root, 'wandb-offline-'));
    try {
      const offline = createMloop({
        backend: createWandbBackend({ project: 'cli-test', mode: 'offline', dir, warn: () => {} }),
      });
      const run = await offline.tracker.startRun({ experiment: 'cli-test', name: 'offline-run', params: { lr: 0.1 } });
      for (let step = 0; step < 50; step++) run.logMetric('loss', 1 / (step + 1), { step });
      await run.end();
      await offline.close();
      const env = { WANDB_API_KEY: server.apiKey };
      const first = await mloop(['wandb', 'sync', dir, '--base-url', server.url, '--json'], { env });
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ ok: true, runs: [{ status: 'synced' }] });
      expect(server.runs.size).toBe(1);
      const wandbRun = [...server.runs.values()][0].name;
      const losses = server
        .history(wandbRun)
        .map((row) => row.loss)
        .filter((loss) => loss !== undefined);
      expect(losses).toEqual(Array.from({ length: 50 }, (_, step) => 1 / (step + 1)));
      const again = await mloop(['wandb', 'sync', dir, '--base-url', server.url], { env });
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/already-synced/);
      expect(server.runs.size).toBe(1);
      expect(server.history(wandbRun).filter((row) => row.loss !== undefined)).toHaveLength(50);
    } finally {
      await server.close();
    }
  });

  it('pipeline run: runs stages, skips unchanged ones, --force reruns, a failing stage exits 1', async () => {
    const dir = mkdtempSync(join(root, 'pipeline-'));
    writeFileSync(join(dir, 'params.yaml'), 'train:\n  factor: 2\n');
    writeFileSync(join(dir, 'prepare.cjs'), "require('fs').writeFileSync('data.txt', '1,2,3');\n");
    writeFileSync(
      join(dir, 'train.cjs'),
      "require('fs').writeFileSync('metrics.json', JSON.stringify({ accuracy: 0.9 }));\n",
    );
    writeFileSync(join(dir, 'boom.cjs'), 'process.exit(3);\n');
    writeFileSync(
      join(dir, 'pipeline.yaml'),
      [
        'stages:',
        '  prepare:',
        '    cmd: node prepare.cjs',
        '    deps: [prepare.cjs]',
        '    outs: [data.txt]',
        '  train:',
        '    cmd: node train.cjs',
        '    deps: [data.txt, train.cjs]',
        '    params: [train.factor]',
        '    metrics: [metrics.json]',
        '',
      ].join('\n'),
    );
    const first = await mloop(['pipeline', 'run', '--json', '--store', store], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout) as {
      ok: boolean;
      stages: { stage: string; status: string; metrics: Record<string, number> }[];
    };
    expect(summary.ok).toBe(true);
    expect(summary.stages.map((stage) => [stage.stage, stage.status])).toEqual([
      ['prepare', 'ran'],
      ['train', 'ran'],
    ]);
    expect(summary.stages[1].metrics.accuracy).toBe(0.9);
    const second = await mloop(['pipeline', 'run', '--store', store, '--report', 'report.md'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/prepare\s+skipped/);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/^# /);
    const forced = JSON.parse(
      (await mloop(['pipeline', 'run', '--force', '--json', '--store', store], { cwd: dir })).stdout,
    ) as { stages: { status: string }[] };
    expect(forced.stages.map((stage) => stage.status)).toEqual(['ran', 'ran']);
    writeFileSync(join(dir, 'broken.yaml'), 'stages:\n  boom:\n    cmd: node boom.cjs\n');
    const broken = await mloop(['pipeline', 'run', '--file', 'broken.yaml', '--store', store], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/boom\s+failed/);
    const missing = await mloop(['pipeline', 'run', '--file', 'nope.yaml', '--store', store], { cwd: dir });
    expect(missing.code).toBe(1);
  });

  it('demo: an unknown scenario says so with exit 1; a scenario runs its demo script with the store', async () => {
    const dir = mkdtempSync(join(root, 'demo-'));
    const unknown = await mloop(['demo', 'no-such-scenario'], {
      cwd: dir,
      env: { MLOOP_EXAMPLES: join(dir, 'examples') },
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No example named "no-such-scenario"/);
    const example = join(dir, 'examples', 'toy');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(example, { recursive: true });
    writeFileSync(
      join(example, 'package.json'),
      JSON.stringify({
        name: '@mloop/example-toy',
        private: true,
        scripts: { demo: 'node -e "console.log(\'store=\' + process.env.MLOOP_STORE)"' },
      }),
    );
    const ran = await mloop(['demo', 'toy', '--store', store], {
      cwd: dir,
      env: { MLOOP_EXAMPLES: join(dir, 'examples') },
    });
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout.trim()).toBe(`store=${store}`);
    // With the store in <dir>/.mloop (the examples' layout), the demo gets --dir <dir>; other args pass through.
    writeFileSync(
      join(example, 'package.json'),
      JSON.stringify({
        name: '@mloop/example-toy',
        private: true,
        scripts: { demo: 'node print-args.cjs' },
      }),
    );
    writeFileSync(join(example, 'print-args.cjs'), 'console.log(JSON.stringify(process.argv.slice(2)));\n');
    const withDir = await mloop(['demo', 'toy', '--fast', '--store', `sqlite:${join(dir, '.mloop')}`], {
      cwd: dir,
      env: { MLOOP_EXAMPLES: join(dir, 'examples') },
    });
    expect(withDir.code, withDir.stderr).toBe(0);
    expect(JSON.parse(withDir.stdout)).toEqual(['--fast', '--dir', dir]);
    writeFileSync(
      join(example, 'package.json'),
      JSON.stringify({ name: '@mloop/example-toy', private: true, scripts: { demo: 'node -e "process.exit(4)"' } }),
    );
    const failing = await mloop(['demo', 'toy', '--store', store], {
      cwd: dir,
      env: { MLOOP_EXAMPLES: join(dir, 'examples') },
    });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/exited with code 4/);
  });
});

describe('the mloop executable (source mode)', () => {
  it('runs as a process and exits with the CLI code', async () => {
    const { spawnSync } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--conditions=@mloop/source', '--import', 'tsx', bin, ...args], {
        encoding: 'utf8',
        env: { ...process.env, MLOOP_STORE: store, NO_COLOR: '1' },
      });
    const ok = run(['models', 'list', '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as { models: unknown[] }).models).toHaveLength(2);
    const usage = run(['promote', 'fraud-lr']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/missing required argument 'version'/);
  });
});
