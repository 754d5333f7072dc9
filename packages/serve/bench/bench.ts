/**
 * Serve benchmarks (issue targets in brackets), SMS TF-IDF + MultinomialNB model:
 * in-process `predict` of one message [p99 ≤ 50 µs], with and without top features; HTTP
 * `POST /predict` with the server in its own process [≥ 5,000 requests/s, p99 < 10 ms]; and 20
 * alias moves during a 30 s load run [no failed request, every response names its version].
 *
 * Run: `pnpm run bench` in this package. Load comes from autocannon on 127.0.0.1, bounded in time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannonModule from 'autocannon';
import { Bench } from 'tinybench';
import { runAndReport } from '../../../scripts/bench-report';
import { createPredictor, explainWithTopFeatures } from '../src/index';
import { smsRegistry } from './sms-model';

const here = dirname(fileURLToPath(import.meta.url));

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; p97_5: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = autocannonModule as unknown as Autocannon;

async function startServer(extra: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@mloop/source', '--import', 'tsx', join(here, 'server-child.ts'), ...extra],
    {
      cwd: join(here, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /READY (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, child };
}

const { mloop, testTexts } = await smsRegistry();
const explained = await createPredictor({
  mloop,
  model: 'sms',
  input: { kind: 'text' },
  positiveLabel: 'spam',
  explain: explainWithTopFeatures,
});
const plain = await createPredictor({
  mloop,
  model: 'sms',
  input: { kind: 'text' },
  positiveLabel: 'spam',
  explain: false,
});
let cursor = 0;
const nextMessage = () => ({ text: testTexts[cursor++ % testTexts.length] });

// HTTP first, so the in-process tasks do not warm the JIT of a process the server does not share anyway.
const body = JSON.stringify({ text: 'WINNER!! Claim your FREE prize now, call 09061701461' });
const { url, child } = await startServer();
await autocannon({
  url: `${url}/predict`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
  duration: 3,
  connections: 20,
});
const load = await autocannon({
  url: `${url}/predict`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
  duration: 10,
  connections: 20,
});
child.kill('SIGTERM');

const versions = new Map<number, number>();
let unnamed = 0;
const moving = await startServer(['--alias-moves', '20', '--every', '1400']);
const underMoves = await autocannon({
  url: moving.url,
  duration: 30,
  connections: 10,
  requests: [
    {
      method: 'POST',
      path: '/predict',
      headers: { 'content-type': 'application/json' },
      body,
      onResponse: (_status: number, responseBody: string) => {
        const version = (JSON.parse(responseBody) as { modelVersion?: number }).modelVersion;
        if (typeof version === 'number') versions.set(version, (versions.get(version) ?? 0) + 1);
        else unnamed++;
      },
    },
  ],
});
moving.child.kill('SIGTERM');

const bench = new Bench({ time: 3000, warmupTime: 1000 });
bench.add('predict one message (no explanation)', () => {
  plain.predict(nextMessage());
});
bench.add('predict one message + top 5 features', () => {
  explained.predict(nextMessage());
});
bench.add('predictBatch of 1,000 messages (no explanation)', () => {
  plain.predictBatch(testTexts.slice(0, 1000).map((text) => ({ text })));
});

await runAndReport(here, 'serve', bench, (rows) => ({
  'in-process predict p99 (µs) [≤ 50]': (rows.get('predict one message (no explanation)')?.p99Ms ?? Number.NaN) * 1000,
  'in-process predict + topFeatures p99 (µs)':
    (rows.get('predict one message + top 5 features')?.p99Ms ?? Number.NaN) * 1000,
  'HTTP /predict requests/s [≥ 5,000]': load.requests.average,
  'HTTP /predict p50 (ms)': load.latency.p50,
  'HTTP /predict p99 (ms) [< 10]': load.latency.p99,
  'HTTP failed (non-2xx + errors + timeouts)': load.non2xx + load.errors + load.timeouts,
  '30 s with 20 alias moves: requests': underMoves.requests.total,
  '30 s with 20 alias moves: failed [0]': underMoves.non2xx + underMoves.errors + underMoves.timeouts,
  '30 s with 20 alias moves: responses without a version [0]': unnamed,
  '30 s with 20 alias moves: versions served': [...versions.entries()].map(([v, n]) => `v${v}×${n}`).join(' '),
}));
explained.close();
plain.close();
