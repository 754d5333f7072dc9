import { createColors } from 'picocolors';
import type { CliIo, CliStream } from './cli-io';

/** picocolors' formatter set, coloured or plain. */
export type Colors = ReturnType<typeof createColors>;

/**
 * Colour only on a terminal: `NO_COLOR` turns it off everywhere, `FORCE_COLOR` (≠ `0`) turns it on
 * even when piped (the conventions of no-color.org and most Node CLIs).
 */
export function colorsFor(stream: CliStream, env: CliIo['env']): Colors {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const enabled = env.NO_COLOR === undefined || env.NO_COLOR === '' ? forced || stream.isTTY === true : false;
  return createColors(enabled);
}

/** Visible width of a string (ANSI colour codes do not count). */
function width(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

/** A plain text table: a header row, then one row per item, columns padded to the widest cell. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], colors?: Colors): string {
  const widths = headers.map((header, column) =>
    Math.max(width(header), ...rows.map((row) => width(row[column] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat(widths[column] - width(cell))))
      .join('  ')
      .trimEnd();
  const head = line(headers);
  return [colors ? colors.bold(head) : head, ...rows.map(line)].join('\n');
}

/** A number for people: integers as is, others to 4 significant digits; NaN and ±Infinity spelt out. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** Milliseconds as `1.2 s`, `3 min 4 s`, `2 h 5 min`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Unix ms as an ISO-like local-free timestamp (`2026-12-01 13:45:02`, UTC). */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/**
 * JSON with NaN and ±Infinity kept as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (plain
 * JSON would turn them into `null` and lose the difference).
 */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, item) => {
      if (typeof item === 'number' && !Number.isFinite(item)) return String(item);
      return item;
    },
    2,
  );
}

/** Writes one line (adds the newline). */
export function println(stream: CliStream, text = ''): void {
  stream.write(`${text}\n`);
}
