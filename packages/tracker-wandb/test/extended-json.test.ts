import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExtended, stringifyExtended } from '../src/index';

describe('extended JSON', () => {
  it('writes bare NaN and ±Infinity, which JSON.stringify would turn into null', () => {
    expect(stringifyExtended({ a: Number.NaN, b: Number.POSITIVE_INFINITY, c: [Number.NEGATIVE_INFINITY, 1] })).toBe(
      '{"a":NaN,"b":Infinity,"c":[-Infinity,1]}',
    );
  });

  it('leaves the words alone inside strings', () => {
    expect(parseExtended('{"NaN":"Infinity and NaN","x":NaN}')).toEqual({ NaN: 'Infinity and NaN', x: Number.NaN });
    expect(parseExtended('{"q":"say \\"NaN\\"","y":-Infinity}')).toEqual({
      q: 'say "NaN"',
      y: Number.NEGATIVE_INFINITY,
    });
  });

  it('round-trips any object of doubles, strings and booleans', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string(),
          fc.oneof(fc.double(), fc.string(), fc.boolean(), fc.array(fc.double(), { maxLength: 3 })),
        ),
        (value) => {
          const back = parseExtended(stringifyExtended(value)) as Record<string, unknown>;
          expect(Object.keys(back).sort()).toEqual(Object.keys(value).sort());
          // -0 is written as 0, as in JSON.
          for (const [key, item] of Object.entries(value)) {
            if (typeof item === 'number') expect(Object.is(back[key], Object.is(item, -0) ? 0 : item)).toBe(true);
            else
              expect(back[key]).toEqual(
                Array.isArray(item) ? item.map((entry) => (Object.is(entry, -0) ? 0 : entry)) : item,
              );
          }
        },
      ),
    );
  });
});
