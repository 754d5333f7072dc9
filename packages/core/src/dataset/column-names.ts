import { InvalidArgumentError } from '../errors/invalid-argument-error';

/** Lists column names for an error message: `a, b, c` (the first 20, then a count). */
export function listColumns(names: readonly string[]): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, 20).map((name) => JSON.stringify(name));
  return names.length > 20 ? `${shown.join(', ')} … and ${names.length - 20} more` : shown.join(', ');
}

/** The error for a column name that is not in the dataset; the message lists the columns there are. */
export function unknownColumnError(name: string, available: readonly string[], field: string): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `${field} names column ${JSON.stringify(name)}, which does not exist. The columns are: ${listColumns(available)}.`,
    field,
  });
}

/** Throws unless every name in `names` is in `available`. */
export function checkColumnsExist(names: Iterable<string>, available: readonly string[], field: string): void {
  const known = new Set(available);
  for (const name of names) if (!known.has(name)) throw unknownColumnError(name, available, field);
}

/**
 * Rejects `__proto__` as a column name: rows and schemas are plain objects, where assigning that
 * key would replace the prototype instead of adding a column.
 */
export function forbidReservedName(name: string, field: string): void {
  if (name === '__proto__') {
    throw new InvalidArgumentError({
      message: `${field}: "__proto__" cannot be a column name (it is the prototype key of JavaScript objects). Rename the column.`,
      field,
    });
  }
}

/** Throws when `names` holds a name twice. */
export function checkUnique(names: readonly string[], field: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new InvalidArgumentError({ message: `${field} names column ${JSON.stringify(name)} twice.`, field });
    }
    seen.add(name);
  }
}
