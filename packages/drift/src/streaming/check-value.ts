import { InvalidArgumentError } from '@mloop/core';

/** Rejects non-finite inputs, which would poison the running sums (River does not guard them). */
export function checkFinite(method: string, value: number): void {
  if (typeof value !== 'number' || !(value - value === 0)) {
    throw new InvalidArgumentError({
      message: `${method}.update() takes finite numbers, got ${String(value)}.`,
      field: 'value',
    });
  }
}

/** Binary detectors (DDM, EDDM) take 1 for an error and 0 for a correct prediction. */
export function checkBinary(method: string, value: number): void {
  if (value !== 0 && value !== 1) {
    throw new InvalidArgumentError({
      message: `${method}.update() takes 1 for an error and 0 for a correct prediction, got ${String(value)}.`,
      field: 'value',
    });
  }
}
