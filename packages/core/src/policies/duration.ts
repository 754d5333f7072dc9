import { InvalidArgumentError } from '../errors/invalid-argument-error';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A duration: milliseconds, or a string such as `'500ms'`, `'30s'`, `'15m'`, `'6h'`, `'7d'`, `'2w'`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd' | 'w'}`;

/**
 * Converts a {@link Duration} to milliseconds.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for a negative, non-finite or malformed duration.
 */
export function parseDuration(duration: Duration, field = 'duration'): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) {
      throw new InvalidArgumentError({
        message: `${field} must be a non-negative number of ms, got ${duration}.`,
        field,
      });
    }
    return duration;
  }
  const match = typeof duration === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(duration.trim()) : null;
  if (!match) {
    throw new InvalidArgumentError({
      message: `${field} must be ms or a string like "30s", "15m", "6h", "7d"; got ${JSON.stringify(duration)}.`,
      field,
    });
  }
  return Number(match[1]) * UNITS[match[2]];
}

/** Formats milliseconds for humans: `90000` → `'1.5m'`. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms >= UNITS[unit]) return `${Number((ms / UNITS[unit]).toFixed(2))}${unit}`;
  }
  return `${ms}ms`;
}
