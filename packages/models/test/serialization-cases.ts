import { SerializationError } from '@mloop/core';
import { expect } from 'vitest';

/** The class side needed by {@link expectRobustFromJSON}. */
interface Restorable {
  readonly kind: string;
  fromJSON(json: unknown): unknown;
}

type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

function expectSerializationError(restore: () => unknown, pattern?: RegExp): void {
  let thrown: unknown;
  try {
    restore();
  } catch (error) {
    thrown = error;
  }
  expect(SerializationError.isInstance(thrown), `expected a SerializationError, got ${String(thrown)}`).toBe(true);
  if (pattern) expect((thrown as Error).message).toMatch(pattern);
}

/** Every array in the state, with its path, so each can be truncated in turn. */
function arrayPaths(value: JSONValue, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length > 1 ? [path] : [];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, child]) => arrayPaths(child, [...path, key]));
  return [];
}

function at(root: JSONValue, path: (string | number)[]): JSONValue {
  // biome-ignore lint/suspicious/noExplicitAny: walking arbitrary JSON.
  return path.reduce((node: any, key) => node[key], root);
}

/**
 * Asserts that `Class.fromJSON` rejects, with a SerializationError, a wrong kind, another format,
 * a newer formatVersion, invalid params, a missing state field, each state array truncated to
 * half, and a text that was cut off.
 */
export function expectRobustFromJSON(Class: Restorable, fitted: { toJSON(): unknown }): void {
  const document = JSON.parse(JSON.stringify(fitted)) as { [key: string]: JSONValue };
  const copy = () => structuredClone(document);
  expect(() => Class.fromJSON(copy())).not.toThrow();
  expectSerializationError(() => Class.fromJSON({ ...copy(), kind: 'SomethingElse' }), /SomethingElse/);
  expectSerializationError(() => Class.fromJSON({ ...copy(), format: 'other' }), /format/);
  expectSerializationError(() => Class.fromJSON({ ...copy(), formatVersion: 2 }), /formatVersion 2/);
  expectSerializationError(() => Class.fromJSON(null));
  expectSerializationError(() => Class.fromJSON('not a document'));
  expectSerializationError(() => Class.fromJSON({ ...copy(), params: { notAParam: 1 } }), /params/);
  const state = document.state as { [key: string]: JSONValue };
  expect(state).not.toBeNull();
  for (const key of Object.keys(state)) {
    const damaged = copy();
    delete (damaged.state as { [key: string]: JSONValue })[key];
    expectSerializationError(() => Class.fromJSON(damaged));
  }
  for (const path of arrayPaths(state)) {
    const damaged = copy();
    const array = at(damaged.state, path) as JSONValue[];
    array.length = Math.floor(array.length / 2);
    expectSerializationError(() => Class.fromJSON(damaged), undefined);
  }
  const text = JSON.stringify(document);
  expect(() => Class.fromJSON(JSON.parse(text.slice(0, Math.floor(text.length / 2))))).toThrow();
}
