import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { SerializationError } from '../errors/serialization-error';
import { createMemoryBackend } from '../memory/create-memory-backend';
import { createMloop } from '../mloop/create-mloop';
import type { ModelJSONV1 } from '../spec/model/v1/model-json-v1';
import {
  decodeModelDocument,
  encodeModelDocument,
  encodeModelDocumentBytes,
  PACKED_MODEL_ENCODING,
} from './model-document-codec';

const documentWith = (state: unknown): ModelJSONV1 => ({
  format: 'mloop.model',
  formatVersion: 1,
  kind: 'Test',
  producer: 'test',
  params: { alpha: 1 },
  state,
});

const roundTrip = (document: ModelJSONV1) => decodeModelDocument(encodeModelDocument(document));

/** Element-wise Object.is, so NaN equals NaN and -0 differs from 0. */
function expectSameNumbers(actual: unknown, expected: ArrayLike<number>): void {
  expect(Array.isArray(actual)).toBe(true);
  const values = actual as number[];
  expect(values.length).toBe(expected.length);
  for (let index = 0; index < values.length; index++) {
    if (!Object.is(values[index], expected[index])) {
      expect.fail(`element ${index}: ${values[index]} is not ${expected[index]}`);
    }
  }
}

describe('encodeModelDocument / decodeModelDocument', () => {
  it('gives back exactly the numbers of a long array, NaN, ±Infinity and -0 included (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 64, maxLength: 300 }), (weights) => {
        expectSameNumbers((roundTrip(documentWith({ weights })).state as { weights: unknown }).weights, weights);
      }),
    );
  });

  it('reads back what JSON would for any JSON document (property)', () => {
    const longNumbers = fc.oneof(
      // -0 is left out: packed arrays keep it, where JSON writes 0 (the first property covers it).
      fc.array(
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x)),
        { minLength: 64, maxLength: 120 },
      ),
      fc.array(fc.integer(), { minLength: 64, maxLength: 120 }),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 2 }),
        longNumbers,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('$', '$f64', '$i32', '$x')), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (state) => {
        const document = documentWith(state);
        expect(roundTrip(document)).toEqual(JSON.parse(JSON.stringify(document)));
      }),
    );
  });

  it('packs long arrays (int32 as $i32, others as $f64), keeps short ones readable and marks the document', () => {
    const weights = Array.from({ length: 55_000 }, (_, index) => Math.sin(index));
    const document = documentWith({ classes: ['ham', 'spam'], intercept: [0.5], weights, counts: [...weights.keys()] });
    const text = encodeModelDocument(document);
    const stored = JSON.parse(text);
    expect(stored.encoding).toBe(PACKED_MODEL_ENCODING);
    expect(stored.state.classes).toEqual(['ham', 'spam']);
    expect(stored.state.intercept).toEqual([0.5]);
    expect(Object.keys(stored.state.weights)).toEqual(['$f64']);
    expect(Object.keys(stored.state.counts)).toEqual(['$i32']);
    // 8 bytes per double and 4 per int32, in base64: 4/3 of that.
    expect(stored.state.weights.$f64.length).toBe(Math.ceil((55_000 * 8) / 3) * 4);
    expect(stored.state.counts.$i32.length).toBe(Math.ceil((55_000 * 4) / 3) * 4);
    expect(text.length).toBeLessThan(JSON.stringify(document).length / 1.5);
    expect(roundTrip(document)).toEqual(document);
  });

  it('writes typed arrays as number arrays, as JSON readers of toJSON expect', () => {
    const document = documentWith({ f64: new Float64Array([1.5, -0, Number.NaN]), i32: new Int32Array([1, -2]) });
    const state = roundTrip(document).state as { f64: number[]; i32: number[] };
    expectSameNumbers(state.f64, [1.5, -0, Number.NaN]);
    expect(state.i32).toEqual([1, -2]);
  });

  it('is deterministic, with one bit pattern for every NaN', () => {
    const quiet = new Float64Array(64);
    const payload = new Float64Array(64);
    new Uint32Array(payload.buffer).fill(0xffffffff); // every element a NaN with a non-canonical payload
    quiet.fill(Number.NaN);
    expect(encodeModelDocument(documentWith({ w: payload }))).toBe(encodeModelDocument(documentWith({ w: quiet })));
  });

  it('escapes user objects that look like packed arrays', () => {
    const state = { a: { $f64: 'AAAAAAAA8D8=' }, b: { $: 1 }, c: { $i32: [1, 2] }, d: { $x: { $: { $f64: 'x' } } } };
    expect(roundTrip(documentWith(state)).state).toEqual(state);
  });

  it('is exact when a document string looks like one of its internal placeholders', () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5); // the placeholder token becomes "mloop-packed-i-"
    try {
      const weights = Array.from({ length: 64 }, (_, index) => index + 0.25);
      const state = { a: weights, b: 'mloop-packed-i-0', c: ['mloop-packed-i-1'], d: weights };
      expect(roundTrip(documentWith(state)).state).toEqual(state);
    } finally {
      random.mockRestore();
    }
  });

  it('keeps a "__proto__" member as JSON does', () => {
    const state = JSON.parse('{"__proto__": {"a": [1, 2]}, "b": 1}');
    const document = documentWith(state);
    expect(JSON.stringify(roundTrip(document))).toBe(JSON.stringify(document));
  });

  it('encodes a decoded document to the same bytes again, typed arrays and short special arrays included (property)', () => {
    const numbers = fc.oneof(
      fc.array(fc.double(), { maxLength: 80 }),
      fc.array(fc.integer({ min: -40_000, max: 40_000 }), { maxLength: 80 }),
      fc.array(fc.double(), { maxLength: 80 }).map((values) => Float64Array.from(values)),
      fc.array(fc.integer({ min: -100, max: 100 }), { maxLength: 80 }).map((values) => Int32Array.from(values)),
      fc.array(fc.float(), { maxLength: 80 }).map((values) => Float32Array.from(values)),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 4 }), numbers, { maxKeys: 4 }), (state) => {
        const once = encodeModelDocument(documentWith(state));
        expect(encodeModelDocument(decodeModelDocument(once))).toBe(once);
      }),
    );
  });

  it('picks the narrowest exact element type, and keeps arrays JSON where text is shorter than base64', () => {
    const length = 100;
    const tagOf = (values: number[]) =>
      Object.keys(JSON.parse(encodeModelDocument(documentWith({ values }))).state.values)[0];
    expect(tagOf(Array.from({ length }, (_, i) => i % 2))).toBe('$i8');
    expect(tagOf(Array.from({ length }, (_, i) => i * 300))).toBe('$i16');
    expect(tagOf(Array.from({ length }, (_, i) => i * 40_000))).toBe('$i32');
    expect(tagOf(Array.from({ length }, (_, i) => Math.fround(Math.sin(i))))).toBe('$f32');
    expect(tagOf(Array.from({ length }, (_, i) => Math.sin(i)))).toBe('$f64');
    expect(tagOf(Array.from({ length }, (_, i) => (i % 20) / 2))).toBe('0'); // short decimals: a plain array
    // Not much larger than JSON for these uniform value families.
    for (const values of [
      Array.from({ length: 10_000 }, (_, i) => i % 2),
      Array.from({ length: 10_000 }, (_, i) => i % 100),
      Array.from({ length: 10_000 }, (_, i) => (i % 20) / 2),
      Array.from({ length: 10_000 }, (_, i) => (i % 7) / 10),
    ]) {
      const document = documentWith({ values });
      expect(encodeModelDocument(document).length).toBeLessThanOrEqual(JSON.stringify(document).length + 40);
    }
  });

  it('decides the $-escape after dropping what JSON drops, so the document still loads', () => {
    const state = { prices: { $usd: 3, note: { toJSON: () => undefined }, f: () => 1 } };
    expect(roundTrip(documentWith(state)).state).toEqual({ prices: { $usd: 3 } });
  });

  it('writes the same bytes as the UTF-8 of its text, non-ASCII strings and several blobs included', () => {
    const weights = Array.from({ length: 100 }, (_, index) => Math.sin(index));
    const document = documentWith({ name: 'héllo ✓ 😀', a: weights, b: { c: weights.map((w) => -w), d: 'ü' } });
    expect(Buffer.from(encodeModelDocumentBytes(document)).toString('utf8')).toBe(encodeModelDocument(document));
  });

  it('keeps every element type boundary exact, and -0 or Infinity in an integer array', () => {
    const boundaries = [
      -129,
      -128,
      127,
      128,
      -32_769,
      -32_768,
      32_767,
      32_768,
      -(2 ** 31),
      2 ** 31 - 1,
      2 ** 31,
      -(2 ** 31) - 1,
    ];
    for (const edge of boundaries) {
      const values = Array.from({ length: 64 }, (_, index) => (index === 17 ? edge : index % 3));
      expectSameNumbers((roundTrip(documentWith({ values })).state as { values: unknown }).values, values);
    }
    for (const odd of [-0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const length of [3, 64]) {
        const values = Array.from({ length }, (_, index) => (index === 1 ? odd : index));
        expectSameNumbers((roundTrip(documentWith({ values })).state as { values: unknown }).values, values);
      }
    }
  });

  it('writes one bit pattern for every NaN in a $f64 array too', () => {
    const mixed = (payload: boolean) => {
      const values = Float64Array.from({ length: 64 }, (_, index) => 0.1 * (index + 1));
      const words = new Uint32Array(values.buffer);
      for (const index of [3, 40]) {
        values[index] = Number.NaN;
        if (payload) {
          words[2 * index] = 0x1234; // a NaN payload in the low word (little-endian hosts)
          words[2 * index + 1] = 0xfff80000;
        }
      }
      return encodeModelDocument(documentWith({ values }));
    };
    expect(mixed(true)).toContain('$f64');
    expect(mixed(true)).toBe(mixed(false));
  });

  it('packs an array of Number objects as its decoded copy would be packed', () => {
    const state = { values: Array.from({ length: 64 }, (_, index) => Object(Math.sin(index)) as number) };
    const once = encodeModelDocument(documentWith(state));
    expect(once).toContain('$f64');
    expect(encodeModelDocument(decodeModelDocument(once))).toBe(once);
  });

  it('samples widths so the columns of a flattened matrix do not decide alone', () => {
    // 640 × 10 row-major, column 0 always 1.5, the rest full-precision doubles.
    const values = Array.from({ length: 6400 }, (_, index) => (index % 10 === 0 ? 1.5 : Math.sin(index)));
    const document = documentWith({ values });
    expect(encodeModelDocument(document)).toContain('$f64');
    expect(encodeModelDocument(document).length).toBeLessThan(JSON.stringify(document).length * 0.7);
  });

  it('refuses stored bytes that are not UTF-8 with SERIALIZATION', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"format":"mloop.model","kind":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    expect(() => decodeModelDocument(bytes)).toThrow(SerializationError);
  });

  it('follows JSON.stringify for wrapper objects and toJSON(key)', () => {
    const self = {
      a: 1,
      toJSON() {
        return this;
      },
    };
    const state = {
      n: Object(5),
      s: Object('ab'),
      b: Object(false),
      keyed: { toJSON: (key: string) => `key=${key}` },
      self,
    };
    const document = documentWith(state);
    expect(roundTrip(document)).toEqual(JSON.parse(JSON.stringify(document)));
    expect((roundTrip(document).state as { keyed: string }).keyed).toBe('key=keyed');
  });

  it('refuses a document with its own "encoding" member', () => {
    expect(() => encodeModelDocument({ ...documentWith({}), encoding: 'x' } as ModelJSONV1)).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'model' }),
    );
  });

  it('follows JSON.stringify: toJSON() is called, undefined and functions are dropped', () => {
    const state = { when: new Date(0), gone: undefined, f: () => 1, list: [undefined, 1] };
    expect(roundTrip(documentWith(state)).state).toEqual({ when: '1970-01-01T00:00:00.000Z', list: [null, 1] });
  });

  it('reads plain JSON documents written before packing existed, as they are', () => {
    const document = documentWith({ weights: Array.from({ length: 100 }, (_, index) => index / 7) });
    expect(decodeModelDocument(new TextEncoder().encode(JSON.stringify(document)))).toEqual(document);
  });

  it('rejects values JSON cannot hold with INVALID_ARGUMENT naming the model', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const state of [{ big: 1n }, { big: new BigInt64Array(2) }, cyclic]) {
      const error = (() => {
        try {
          encodeModelDocument(documentWith(state));
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).field).toBe('model');
      expect((error as Error).message).toMatch(/Test/);
    }
  });

  it('rejects damaged or foreign documents with SERIALIZATION', () => {
    const good = JSON.parse(encodeModelDocument(documentWith({ w: Array.from({ length: 64 }, (_, i) => i + 0.5) })));
    const cases: [string, string][] = [
      ['not JSON', '{"format":'],
      ['not a model document', JSON.stringify({ hello: 1 })],
      ['a newer encoding', JSON.stringify({ ...good, encoding: 'mloop.packed/2' })],
      ['base64 with a bad character', JSON.stringify({ ...good, state: { w: { $f64: 'AAAA*AAA' } } })],
      ['a base64url character', JSON.stringify({ ...good, state: { w: { $f64: 'AAAAAAAA-D8=' } } })],
      ['a space inside the base64', JSON.stringify({ ...good, state: { w: { $f64: 'AAAA AAAA8D8=' } } })],
      ['a length that is not whole doubles', JSON.stringify({ ...good, state: { w: { $f64: 'AAAAAA==' } } })],
      ['a packed array that is not a string', JSON.stringify({ ...good, state: { w: { $f64: 12 } } })],
      ['an unknown packed member', JSON.stringify({ ...good, state: { w: { $f16: 'AAAA' } } })],
      ['an escape holding no object', JSON.stringify({ ...good, state: { w: { $: 3 } } })],
    ];
    for (const [what, text] of cases) {
      expect(() => decodeModelDocument(text), what).toThrow(SerializationError);
    }
    expect(() => decodeModelDocument(JSON.stringify({ ...good, encoding: 'mloop.packed/2' }))).toThrow(
      /mloop\.packed\/2.*Upgrade @mloop\/core/,
    );
  });

  it('is what the registry stores: NaN in a long array survives register + load', async () => {
    const mloop = createMloop({ backend: createMemoryBackend() });
    const weights = Array.from({ length: 100 }, (_, index) =>
      index === 3 ? Number.NaN : index === 4 ? -0 : index / 3,
    );
    const version = await mloop.registry.register({ name: 'nan', model: documentWith({ weights }) });
    const stored = new TextDecoder().decode(await mloop.artifacts.get(version.artifactDigest));
    expect(JSON.parse(stored).encoding).toBe(PACKED_MODEL_ENCODING);
    const { document } = await mloop.registry.loadDocument('nan', { version: version.version });
    expectSameNumbers((document.state as { weights: unknown }).weights, weights);
    await mloop.close();
  });

  it('registers a document that is still packed (read back with JSON.parse) as the document it stands for', async () => {
    const mloop = createMloop({ backend: createMemoryBackend() });
    const document = documentWith({ weights: Array.from({ length: 100 }, (_, index) => index / 3) });
    const packed = JSON.parse(encodeModelDocument(document));
    await mloop.registry.register({ name: 'repacked', model: packed });
    expect((await mloop.registry.loadDocument('repacked', { version: 1 })).document).toEqual(document);
    expect(packed.state.weights.$f64).toBeTypeOf('string'); // the caller's object is left alone
    await mloop.close();
  });

  it('loads a version whose artifact is plain JSON (stored by an earlier mloop)', async () => {
    const mloop = createMloop({ backend: createMemoryBackend() });
    const document = documentWith({ weights: [1, 2, 3] });
    const info = await mloop.artifacts.put(JSON.stringify(document));
    await mloop.registry.createModel('old');
    await mloop.registry.backend.createVersion({ model: 'old', artifactDigest: info.digest, modelKind: 'Test' });
    expect((await mloop.registry.loadDocument('old', { version: 1 })).document).toEqual(document);
    await mloop.close();
  });
});
