import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../loop/clock';
import type { AlertV1 } from '../spec/alert-sink/v1/alert-sink-v1';
import { createAlertManager } from './alert-manager';
import { consoleSink, functionSink, webhookSink } from './sinks';

interface Received {
  readonly body: string;
  readonly headers: IncomingMessage['headers'];
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A webhook receiver on 127.0.0.1 with a random port that answers with the given statuses in turn. */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ body, headers: request.headers });
      const status = statuses.shift() ?? 200;
      if (status === 429) response.setHeader('retry-after', '0');
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook/secret-token`, received };
}

const alert = (overrides: Partial<AlertV1> = {}): AlertV1 => ({
  severity: 'warning',
  title: 'Drift on sms',
  message: 'tfidf drift 0.18 > 0.15',
  source: 'loop:sms',
  dedupeKey: 'k',
  at: 1,
  ...overrides,
});

describe('webhook sink', () => {
  it('POSTs JSON with a Slack-compatible text field and an HMAC signature', async () => {
    const { url, received } = await receiver([200]);
    await webhookSink({ url, secret: 's3cret' }).send(alert());
    expect(received).toHaveLength(1);
    const body = JSON.parse(received[0].body);
    expect(body).toMatchObject({
      title: 'Drift on sms',
      severity: 'warning',
      text: '*Drift on sms* (warning)\ntfidf drift 0.18 > 0.15',
    });
    expect(received[0].headers['x-mloop-signature']).toBe(
      `sha256=${createHmac('sha256', 's3cret').update(received[0].body).digest('hex')}`,
    );
  });

  it('retries 503 and 429 with backoff, then succeeds; gives up on 400 at once', async () => {
    const { url, received } = await receiver([503, 429, 200]);
    await webhookSink({ url, baseDelayMs: 1 }).send(alert());
    expect(received).toHaveLength(3);
    const bad = await receiver([400]);
    await expect(webhookSink({ url: bad.url, baseDelayMs: 1 }).send(alert())).rejects.toMatchObject({
      code: 'BACKEND',
      retryable: true,
    });
    expect(bad.received).toHaveLength(1);
  });

  it('never leaks the URL path (it may hold a token) in errors, and fails cleanly when nothing listens', async () => {
    const error = await webhookSink({ url: 'http://127.0.0.1:9/hook/secret-token', attempts: 2, baseDelayMs: 1 })
      .send(alert())
      .catch((caught: Error) => caught);
    expect(error).toMatchObject({ code: 'BACKEND' });
    expect((error as Error).message).not.toContain('secret-token');
    expect(() => webhookSink({ url: 'not a url' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'url' }),
    );
  });
});

describe('alert manager', () => {
  it('deduplicates within the window, rate-limits, and survives a failing sink', async () => {
    const clock = new ManualClock(0);
    const delivered: AlertV1[] = [];
    const manager = createAlertManager({
      sinks: [
        functionSink('memory', (sent) => void delivered.push(sent)),
        functionSink('broken', () => Promise.reject(new Error('down'))),
      ],
      dedupeWindowMs: 60_000,
      maxPerWindow: 3,
      rateWindowMs: 3_600_000,
      clock,
    });
    const first = await manager.alert({ severity: 'warning', title: 'a', message: 'm', source: 's' });
    expect(first).toEqual({ status: 'sent', failures: [{ sink: 'broken', error: 'down' }] });
    expect((await manager.alert({ severity: 'warning', title: 'a', message: 'm', source: 's' })).status).toBe(
      'deduplicated',
    );
    await clock.advance(61_000);
    expect((await manager.alert({ severity: 'warning', title: 'a', message: 'm', source: 's' })).status).toBe('sent');
    expect((await manager.alert({ severity: 'warning', title: 'b', message: 'm', source: 's' })).status).toBe('sent');
    expect((await manager.alert({ severity: 'warning', title: 'c', message: 'm', source: 's' })).status).toBe(
      'rate-limited',
    );
    expect(manager.dropped).toBe(1);
    expect(delivered.map((sent) => [sent.title, sent.at, sent.dedupeKey])).toEqual([
      ['a', 0, 's|warning|a'],
      ['a', 61_000, 's|warning|a'],
      ['b', 61_000, 's|warning|b'],
    ]);
  });

  it('writes one line per alert to the console sink by severity', async () => {
    const lines: string[] = [];
    const logger = {
      info: (line: string) => lines.push(`info ${line}`),
      warn: (line: string) => lines.push(`warn ${line}`),
      error: (line: string) => lines.push(`error ${line}`),
    };
    await consoleSink(logger).send(alert({ severity: 'critical' }));
    expect(lines).toEqual(['error [mloop critical] Drift on sms — tfidf drift 0.18 > 0.15 (loop:sms)']);
  });
});
