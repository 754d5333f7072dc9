import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendError } from '../errors/backend-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { AlertV1 } from '../spec/alert-sink/v1/alert-sink-v1';
import { emailSink } from './email-sink';

interface Received {
  from: string | undefined;
  to: string[];
  data: string;
}

const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

/** A local SMTP server on 127.0.0.1 and a random port that accepts user/secret and records every message. */
async function startSmtp(): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'user' && auth.password === 'secret') callback(null, { user: 'user' });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => {
        data += chunk.toString('utf8');
      });
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        callback();
      });
    },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.server.address() as AddressInfo).port, received };
}

const alert: AlertV1 = {
  severity: 'critical',
  title: 'F1 below 0.85',
  message: 'shuttle-lof production F1 fell to 0.71 <batch 9>',
  source: 'loop:shuttle',
  dedupeKey: 'f1-low',
  at: Date.UTC(2026, 11, 1, 12, 0, 0),
  details: { f1: 0.71 },
};

describe('emailSink', () => {
  it('delivers a plain-text and HTML email to a local SMTP server', async () => {
    const { port, received } = await startSmtp();
    const sink = emailSink({
      host: '127.0.0.1',
      port,
      auth: { user: 'user', pass: 'secret' },
      from: 'mloop <alerts@example.com>',
      to: ['oncall@example.com', 'ml@example.com'],
    });
    await sink.send(alert);
    sink.close();
    expect(received).toHaveLength(1);
    expect(received[0].from).toBe('alerts@example.com');
    expect(received[0].to).toEqual(['oncall@example.com', 'ml@example.com']);
    expect(received[0].data).toMatch(/Subject: \[mloop\] CRITICAL: F1 below 0.85/);
    expect(received[0].data).toContain('shuttle-lof production F1 fell to 0.71');
    expect(sink.name).toBe('email:127.0.0.1');
  });

  it('turns a rejected login into a BackendError that does not reveal the password', async () => {
    const { port, received } = await startSmtp();
    const sink = emailSink({
      host: '127.0.0.1',
      port,
      auth: { user: 'user', pass: 'hunter2-wrong' },
      from: 'a@example.com',
      to: 'b@example.com',
    });
    const error = await sink.send(alert).catch((e) => e);
    sink.close();
    expect(BackendError.isInstance(error)).toBe(true);
    expect(JSON.stringify(error)).not.toContain('hunter2');
    expect(String(error.message)).not.toContain('hunter2');
    expect(received).toHaveLength(0);
  });

  it('refuses bad options, naming the field', () => {
    for (const [options, field] of [
      [{ host: '', from: 'a@b.c', to: 'x@y.z' }, 'host'],
      [{ host: 'h', from: 'a@b.c', to: [] }, 'to'],
      [{ host: 'h', port: 70_000, from: 'a@b.c', to: 'x@y.z' }, 'port'],
    ] as const) {
      try {
        emailSink(options as never);
        expect.unreachable();
      } catch (error) {
        expect(InvalidArgumentError.isInstance(error)).toBe(true);
        expect((error as InvalidArgumentError).field).toContain(field);
      }
    }
  });
});
