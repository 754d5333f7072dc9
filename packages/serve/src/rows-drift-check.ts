import { InvalidArgumentError } from '@mloop/core';
import type { ColumnTable } from '@mloop/drift';

/** A fitted batch drift detector that tests a table of columns (e.g. `DataDriftDetector` of `@mloop/drift`). */
export interface ColumnsDriftDetector {
  /** Tests the current batch, given as column name → values. */
  test(current: ColumnTable): unknown;
}

/**
 * Adapts a fitted column drift detector to `createServer`'s `drift` hook: the request's rows
 * (`{ inputs: [{ feature: value, … }] }`) become columns and are tested against the reference the
 * detector was fitted on (its serialized profile, so the reference data need not be loaded).
 * @example
 * const detector = DataDriftDetector.fromJSON(profileJson);
 * const server = createServer(predictor, { port: 0 }, { drift: rowsDriftCheck(detector) });
 */
export function rowsDriftCheck(detector: ColumnsDriftDetector): (rows: readonly Record<string, unknown>[]) => unknown {
  return (rows) => {
    if (rows.length === 0)
      throw new InvalidArgumentError({ message: 'Send at least one row to test for drift.', field: 'inputs' });
    const columns: Record<string, unknown[]> = {};
    rows.forEach((row, index) => {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        throw new InvalidArgumentError({
          message: `inputs[${index}] must be an object of feature values.`,
          field: `inputs[${index}]`,
        });
      }
      for (const key of Object.keys(row)) columns[key] ??= new Array(rows.length).fill(null);
      for (const [key, value] of Object.entries(row)) columns[key][index] = value;
    });
    // JSON values the detector cannot type (objects, mixed) become a per-column "not tested" entry there.
    return detector.test(columns as unknown as ColumnTable);
  };
}
