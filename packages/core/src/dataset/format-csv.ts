import type { DatasetV1Column } from '../spec/dataset/v1/dataset-v1';

/** Quotes `text` when a reader would otherwise split it, unescape it, or read it as missing. */
function quoteIfNeeded(text: string, delimiter: string, missing: ReadonlySet<string>): string {
  if (
    missing.has(text) ||
    text === '' ||
    text.includes(delimiter) ||
    text.includes('"') ||
    text.includes('\n') ||
    text.includes('\r')
  ) {
    return `"${text.replaceAll('"', '""')}"`;
  }
  return text;
}

/**
 * Writes columns as CSV: a header row, then one line per row, `\n` line endings and a trailing line
 * break. Missing values are empty fields; numbers use JavaScript's shortest round-trip form (`-0`
 * is written `0`); strings are quoted when needed so they read back as themselves.
 */
export function formatCsv(
  names: readonly string[],
  columns: readonly DatasetV1Column[],
  nRows: number,
  delimiter: string,
  missing: readonly string[],
): string {
  const missingSet = new Set(missing);
  const lines: string[] = new Array(nRows + 1);
  lines[0] = names.map((name) => quoteIfNeeded(name, delimiter, new Set())).join(delimiter);
  const fields: string[] = new Array(columns.length);
  for (let row = 0; row < nRows; row++) {
    for (let column = 0; column < columns.length; column++) {
      const value = columns[column][row];
      if (value === null || Number.isNaN(value)) fields[column] = '';
      else if (typeof value === 'string') fields[column] = quoteIfNeeded(value, delimiter, missingSet);
      else fields[column] = String(value);
    }
    lines[row + 1] = fields.join(delimiter);
  }
  return `${lines.join('\n')}\n`;
}
