import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { TrackerV1RunQuery } from '../spec/tracker/v1/tracker-v1-query';
import { validateRunQuery } from './run-query';

function fieldOf(query: unknown): string | undefined {
  try {
    validateRunQuery(query as TrackerV1RunQuery);
  } catch (error) {
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    return (error as InvalidArgumentError).field;
  }
  return undefined;
}

describe('validateRunQuery', () => {
  it('accepts well-formed queries', () => {
    expect(fieldOf({})).toBeUndefined();
    expect(
      fieldOf({
        filters: [{ kind: 'metric', key: 'f1', op: '>=', value: 0.5 }],
        orderBy: { kind: 'metric', key: 'f1', direction: 'desc' },
      }),
    ).toBeUndefined();
  });

  it('names the field of a malformed query instead of ignoring it', () => {
    expect(fieldOf({ orderBy: [{ metric: 'f1', direction: 'desc' }] })).toBe('orderBy');
    expect(fieldOf({ orderBy: { kind: 'metrics', key: 'f1' } })).toBe('orderBy.kind');
    expect(fieldOf({ orderBy: { kind: 'metric', key: 'f1', direction: 'down' } })).toBe('orderBy.direction');
    expect(fieldOf({ orderBy: { kind: 'attribute', key: 'duration' } })).toBe('orderBy.key');
    expect(fieldOf({ filters: { kind: 'metric' } })).toBe('filters');
    expect(fieldOf({ filters: [{ kind: 'metric', key: 'f1', op: '~', value: 1 }] })).toBe('filters[0].op');
    expect(fieldOf({ filters: [{ kind: 'label', key: 'f1', op: '=', value: 1 }] })).toBe('filters[0].kind');
    expect(fieldOf({ filters: [{ kind: 'param', key: '', op: '=', value: 1 }] })).toBe('filters[0].key');
    expect(fieldOf({ filters: [{ kind: 'metric', key: 'f1', op: 'contains', value: 1 }] })).toBe('filters[0].op');
  });
});
