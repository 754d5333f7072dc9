import { z } from 'zod';
import { BackendError } from '../errors/backend-error';
import { parseOrThrow } from '../errors/from-zod';
import type { AlertSinkV1, AlertV1 } from '../spec/alert-sink/v1/alert-sink-v1';

/** Options of {@link emailSink}, validated with zod. */
export const emailSinkOptionsSchema = z
  .object({
    /** SMTP host, e.g. `'smtp.example.com'`. */
    host: z.string().min(1),
    /** SMTP port; default 587 (465 with `secure`). */
    port: z.number().int().min(1).max(65_535).optional(),
    /** Use TLS from the start (port 465); otherwise STARTTLS is used when the server offers it. */
    secure: z.boolean().default(false),
    /** Credentials; the password is never logged nor put in an error. */
    auth: z
      .object({ user: z.string().min(1), pass: z.string().min(1) })
      .strict()
      .optional(),
    /** Sender address, e.g. `'mloop <alerts@example.com>'`. */
    from: z.string().min(3),
    /** Recipients. */
    to: z.union([z.string().min(3), z.array(z.string().min(3)).min(1)]),
    /** Subject prefix; default `'[mloop]'`. */
    subjectPrefix: z.string().default('[mloop]'),
    /** Connection and greeting timeout in ms; default 10,000. */
    timeoutMs: z.number().int().min(1).default(10_000),
    /**
     * TLS options passed to the transport, e.g. `{ rejectUnauthorized: false }` for a test server
     * with a self-signed certificate.
     */
    tls: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** Options of {@link emailSink}. */
export type EmailSinkOptions = z.input<typeof emailSinkOptionsSchema>;

/** The part of nodemailer's API this sink uses (nodemailer 10 ships no type declarations). */
interface Transport {
  sendMail(message: {
    from: string;
    to: string | string[];
    subject: string;
    text: string;
    html: string;
  }): Promise<unknown>;
  close(): void;
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function render(alert: AlertV1): { text: string; html: string } {
  const when = new Date(alert.at).toISOString();
  const details = alert.details ? JSON.stringify(alert.details, null, 2) : '';
  const text = `${alert.title}\n\n${alert.message}\n\nseverity: ${alert.severity}\nsource: ${alert.source}\nat: ${when}${details ? `\n\n${details}` : ''}\n`;
  const html = `<h2>${escapeHtml(alert.title)}</h2><p>${escapeHtml(alert.message)}</p><table><tr><th align="left">severity</th><td>${alert.severity}</td></tr><tr><th align="left">source</th><td>${escapeHtml(alert.source)}</td></tr><tr><th align="left">at</th><td>${when}</td></tr></table>${details ? `<pre>${escapeHtml(details)}</pre>` : ''}`;
  return { text, html };
}

/**
 * Sends each alert as an email over SMTP with nodemailer (loaded on first use, so services that
 * never email do not pay for it). A plain-text and an HTML part; the subject is
 * `<prefix> <SEVERITY>: <title>`. Failures become a BackendError that names the host, never the
 * credentials.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT naming the bad option.
 * @example
 * const sink = emailSink({ host: 'smtp.example.com', auth: { user, pass }, from: 'mloop <alerts@example.com>', to: 'oncall@example.com' });
 */
export function emailSink(options: EmailSinkOptions): AlertSinkV1 & { close(): void } {
  const parsed = parseOrThrow(emailSinkOptionsSchema, options, 'email sink options');
  let transport: Promise<Transport> | undefined;
  const connect = async (): Promise<Transport> => {
    const nodemailer = (await import('nodemailer')) as unknown as {
      default: { createTransport(options: unknown): Transport };
    };
    return nodemailer.default.createTransport({
      host: parsed.host,
      port: parsed.port ?? (parsed.secure ? 465 : 587),
      secure: parsed.secure,
      ...(parsed.auth ? { auth: parsed.auth } : {}),
      connectionTimeout: parsed.timeoutMs,
      greetingTimeout: parsed.timeoutMs,
      socketTimeout: parsed.timeoutMs,
      ...(parsed.tls ? { tls: parsed.tls } : {}),
    });
  };
  return {
    specificationVersion: 'v1',
    name: `email:${parsed.host}`,
    async send(alert: AlertV1) {
      transport ??= connect();
      const { text, html } = render(alert);
      try {
        await (await transport).sendMail({
          from: parsed.from,
          to: parsed.to,
          subject: `${parsed.subjectPrefix} ${alert.severity.toUpperCase()}: ${alert.title}`,
          text,
          html,
        });
      } catch (error) {
        // nodemailer messages can quote the AUTH exchange; keep only the SMTP code.
        const code =
          (error as { code?: string; responseCode?: number }).responseCode ??
          (error as { code?: string }).code ??
          'error';
        throw new BackendError({
          message: `Alert email via ${parsed.host} failed (${code}).`,
          backend: 'smtp',
          retryable: true,
        });
      }
    },
    close() {
      void transport?.then((t) => t.close()).catch(() => {});
      transport = undefined;
    },
  };
}
