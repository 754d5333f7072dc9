import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AlreadyExistsError,
  BackendError,
  ConflictError,
  InvalidArgumentError,
  invalidArgumentFromZod,
  MLOOP_ERROR_CODES,
  MloopError,
  NotFittedError,
  NotFoundError,
  parseOrThrow,
  SerializationError,
  UnsupportedFunctionalityError,
  UnsupportedSpecVersionError,
} from './index';

const samples = [
  new InvalidArgumentError({ message: 'm', field: 'x' }),
  new NotFoundError({ message: 'm', entity: 'run', id: 'r1' }),
  new AlreadyExistsError({ message: 'm', entity: 'model', id: 'a' }),
  new ConflictError({ message: 'm', entity: 'param', id: 'k' }),
  new NotFittedError({ estimator: 'IsolationForest', method: 'predict' }),
  new UnsupportedFunctionalityError({ message: 'm', functionality: 'tracker.searchRuns' }),
  new UnsupportedSpecVersionError({ message: 'm', version: 'v9', accepted: ['v1'] }),
  new SerializationError({ message: 'm', kind: 'LOF' }),
  new BackendError({ message: 'm', backend: 'sqlite', retryable: true }),
];

describe('errors', () => {
  it('one subclass per code, in the order of the code table', () => {
    expect(samples.map((error) => error.code)).toEqual(MLOOP_ERROR_CODES);
  });

  it('isInstance works by marker, so a copy from another install is recognised', () => {
    for (const error of samples) {
      expect(MloopError.isInstance(error)).toBe(true);
      const Class = error.constructor as typeof MloopError;
      expect(Class.isInstance(error)).toBe(true);
      // Simulate an instance from a second copy of the package: same markers, other prototype.
      const foreign = Object.assign(Object.create(Error.prototype), error);
      for (const symbol of Object.getOwnPropertySymbols(error))
        foreign[symbol] = (error as unknown as Record<symbol, unknown>)[symbol];
      expect(Class.isInstance(foreign)).toBe(true);
      expect(foreign instanceof Class).toBe(false);
    }
    expect(NotFoundError.isInstance(samples[0])).toBe(false);
    expect(MloopError.isInstance(new Error('plain'))).toBe(false);
    expect(MloopError.isInstance(null)).toBe(false);
  });

  it('toJSON carries code, name, message and details but not the cause', () => {
    const error = new NotFoundError({
      message: 'Run r1 does not exist.',
      entity: 'run',
      id: 'r1',
      cause: new Error('secret path'),
    });
    expect(error.toJSON()).toEqual({
      code: 'NOT_FOUND',
      name: 'NotFoundError',
      message: 'Run r1 does not exist.',
      entity: 'run',
      id: 'r1',
    });
    expect(JSON.stringify(error.toJSON())).not.toContain('secret');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('NotFittedError says what to do', () => {
    expect(samples[4].message).toBe(
      'IsolationForest.predict() was called before fit(). Call fit() first, or restore a fitted model with IsolationForest.fromJSON(json).',
    );
  });

  it('zod failures become InvalidArgumentError naming the first field and keeping every issue', () => {
    const schema = z.object({ nNeighbors: z.number().int().min(1), metric: z.enum(['euclidean', 'cosine']) }).strict();
    const result = schema.safeParse({ nNeighbors: 0, metric: 'hamming' });
    expect(result.success).toBe(false);
    if (result.success) return;
    const error = invalidArgumentFromZod(result.error, 'LocalOutlierFactor params', ['params']);
    expect(error.field).toBe('params.nNeighbors');
    expect(error.issues).toHaveLength(2);
    expect(error.issues[1].path).toEqual(['params', 'metric']);
    expect(error.message).toMatch(/^Invalid LocalOutlierFactor params: params\.nNeighbors: .*\(and 1 more issue\)\.$/);
    expect(() => parseOrThrow(schema, { nNeighbors: 5, metric: 'cosine', extra: 1 }, 'params')).toThrowError(
      InvalidArgumentError,
    );
    expect(parseOrThrow(schema, { nNeighbors: 5, metric: 'cosine' }, 'params')).toEqual({
      nNeighbors: 5,
      metric: 'cosine',
    });
  });
});
