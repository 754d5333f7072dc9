import { z } from 'zod';
import { parseOrThrow } from '../errors/from-zod';
import { type Clock, systemClock } from '../loop/clock';
import type { AlertSinkV1, AlertV1 } from '../spec/alert-sink/v1/alert-sink-v1';

/** Options of {@link createAlertManager}, validated with zod (sinks and clock are checked by shape). */
export const alertManagerOptionsSchema = z
  .object({
    /** Where alerts go. */
    sinks: z.array(
      z.custom<AlertSinkV1>(
        (value) => typeof (value as AlertSinkV1)?.send === 'function',
        'a sink needs a send function',
      ),
    ),
    /** Alerts with the same `dedupeKey` within this window are sent once; default 10 minutes. */
    dedupeWindowMs: z.number().int().min(0).default(600_000),
    /** At most this many alerts per `rateWindowMs` (others are dropped and counted); default 30. */
    maxPerWindow: z.number().int().min(1).default(30),
    /** The rate-limit window; default 1 hour. */
    rateWindowMs: z.number().int().min(1).default(3_600_000),
    /** Clock (inject a manual one in tests). */
    clock: z.custom<Clock>((value) => typeof (value as Clock)?.now === 'function').optional(),
  })
  .strict();

/** Options of {@link createAlertManager}. */
export type AlertManagerOptions = z.input<typeof alertManagerOptionsSchema>;

/** An alert as raised; `at` and `dedupeKey` are filled in when absent. */
export type AlertInput = Omit<AlertV1, 'at' | 'dedupeKey'> & { readonly at?: number; readonly dedupeKey?: string };

/** What happened to one raised alert. */
export interface AlertOutcome {
  /** `sent` to every sink that accepted it, or why not. */
  readonly status: 'sent' | 'deduplicated' | 'rate-limited';
  /** Sinks that failed, with their error messages (the alert was still delivered to the others). */
  readonly failures: readonly { readonly sink: string; readonly error: string }[];
}

/** Fans alerts out to sinks, deduplicated and rate-limited; never throws because a sink failed. */
export interface AlertManager {
  /** Raises an alert. */
  alert(input: AlertInput): Promise<AlertOutcome>;
  /** Alerts dropped by the rate limit so far. */
  readonly dropped: number;
}

/**
 * Creates an alert manager.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for bad options.
 * @example
 * const alerts = createAlertManager({ sinks: [consoleSink(), webhookSink({ url: process.env.SLACK_WEBHOOK! })] });
 * await alerts.alert({ severity: 'warning', title: 'Drift on sms', message: 'tfidf drift 0.18 > 0.15', source: 'loop:sms' });
 */
export function createAlertManager(options: AlertManagerOptions): AlertManager {
  const parsed = parseOrThrow(alertManagerOptionsSchema, options, 'alert manager options');
  const clock = parsed.clock ?? systemClock;
  const lastSent = new Map<string, number>();
  const sentTimes: number[] = [];
  let dropped = 0;
  return {
    get dropped() {
      return dropped;
    },
    async alert(input) {
      const at = input.at ?? clock.now();
      const dedupeKey = input.dedupeKey ?? `${input.source}|${input.severity}|${input.title}`;
      const previous = lastSent.get(dedupeKey);
      if (previous !== undefined && at - previous < parsed.dedupeWindowMs)
        return { status: 'deduplicated', failures: [] };
      while (sentTimes.length > 0 && at - sentTimes[0] >= parsed.rateWindowMs) sentTimes.shift();
      if (sentTimes.length >= parsed.maxPerWindow) {
        dropped++;
        return { status: 'rate-limited', failures: [] };
      }
      lastSent.set(dedupeKey, at);
      sentTimes.push(at);
      const alert: AlertV1 = { ...input, at, dedupeKey };
      const results = await Promise.allSettled(parsed.sinks.map((sink) => sink.send(alert)));
      const failures = results.flatMap((result, index) =>
        result.status === 'rejected'
          ? [
              {
                sink: parsed.sinks[index].name,
                error: result.reason instanceof Error ? result.reason.message : String(result.reason),
              },
            ]
          : [],
      );
      return { status: 'sent', failures };
    },
  };
}
