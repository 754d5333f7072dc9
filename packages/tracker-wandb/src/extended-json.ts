/**
 * W&B's JSON extension: history and summary lines may hold bare `NaN`, `Infinity` and
 * `-Infinity`, which `JSON.stringify` would turn into `null`.
 */

/** A number as W&B's extended JSON writes it. */
export function extendedNumber(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** Serialises a flat or nested object of numbers, strings, booleans, arrays and objects in extended JSON. */
export function stringifyExtended(value: unknown): string {
  if (typeof value === 'number') return extendedNumber(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stringifyExtended).join(',')}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${stringifyExtended(item)}`);
  }
  return `{${parts.join(',')}}`;
}

const SENTINEL = '\u0000mloop-nonfinite:';

/** Parses extended JSON (bare `NaN`, `Infinity`, `-Infinity` outside strings become numbers). */
export function parseExtended(text: string): unknown {
  if (!text.includes('NaN') && !text.includes('Infinity')) return JSON.parse(text);
  let out = '';
  let index = 0;
  let inString = false;
  while (index < text.length) {
    const char = text[index];
    if (inString) {
      out += char;
      if (char === '\\') {
        out += text[index + 1] ?? '';
        index += 2;
        continue;
      }
      if (char === '"') inString = false;
      index++;
      continue;
    }
    if (char === '"') {
      inString = true;
      out += char;
      index++;
      continue;
    }
    const rest = text.startsWith('NaN', index)
      ? 'NaN'
      : text.startsWith('Infinity', index)
        ? 'Infinity'
        : text.startsWith('-Infinity', index)
          ? '-Infinity'
          : undefined;
    if (rest !== undefined) {
      out += JSON.stringify(SENTINEL + rest);
      index += rest.length;
      continue;
    }
    out += char;
    index++;
  }
  return JSON.parse(out, (_key, item: unknown) => {
    if (typeof item === 'string' && item.startsWith(SENTINEL)) return Number(item.slice(SENTINEL.length));
    return item;
  });
}
