import { InvalidArgumentError } from '@mloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTokenPattern, DEFAULT_TOKEN_PATTERN, defaultTokens, findAllTokens } from './token-pattern';

const reference = compileTokenPattern(DEFAULT_TOKEN_PATTERN);

describe('default token pattern (?u)\\b\\w\\w+\\b', () => {
  it('keeps runs of two or more word characters', () => {
    expect(defaultTokens("Free entry in 2 a wkly comp! T&C's apply 08452810075over18's")).toEqual([
      'Free',
      'entry',
      'in',
      'wkly',
      'comp',
      'apply',
      '08452810075over18',
    ]);
  });

  it('uses Python word characters: letters, every numeric character and _, but not combining marks', () => {
    // "cafe" + COMBINING ACUTE: Python's \w excludes the mark, so the token stops before it.
    expect(defaultTokens('cafe\u0301 au_lait')).toEqual(['cafe', 'au_lait']);
    expect(defaultTokens('x² Ⅻv ٣٤ £5 über')).toEqual(['x²', 'Ⅻv', '٣٤', 'über']);
    expect(defaultTokens('𝐀𝐁 😀😀 ab')).toEqual(['𝐀𝐁', 'ab']);
  });

  it('the scanner equals the translated regex on arbitrary text', () => {
    const unit = fc.constantFrom(
      'a',
      'Z',
      'é',
      '_',
      '1',
      ' ',
      '-',
      "'",
      '😀',
      '𝒜',
      '\u0301',
      'Ⅻ',
      '٣',
      '²',
      '\u0085',
      '中',
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit }), fc.string({ unit: 'binary' })), (text) => {
        expect(defaultTokens(text)).toEqual(findAllTokens(reference, text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('compileTokenPattern', () => {
  it('returns the single capturing group as the token, as scikit-learn does', () => {
    const pattern = compileTokenPattern('(?u)\\b(\\w+)ing\\b');
    expect(findAllTokens(pattern, 'singing and dancing, sing')).toEqual(['sing', 'danc', 's']);
  });

  it('translates Python escapes, classes and named groups', () => {
    expect(findAllTokens(compileTokenPattern('[\\w\\-]+'), 'e-mail über_alles!')).toEqual(['e-mail', 'über_alles']);
    expect(findAllTokens(compileTokenPattern('(?a)\\w+'), 'über alles')).toEqual(['ber', 'alles']);
    expect(findAllTokens(compileTokenPattern('(?i)(?P<w>A\\d)'), 'a1 A2 b3')).toEqual(['a1', 'A2']);
    expect(findAllTokens(compileTokenPattern('\\S+'), 'a\u001cb c')).toEqual(['a', 'b', 'c']);
  });

  it('rejects what it cannot translate faithfully', () => {
    expect(() => compileTokenPattern('(?x) a')).toThrow(InvalidArgumentError);
    expect(() => compileTokenPattern('[\\W]')).toThrow(/inside a character class/);
    expect(() => compileTokenPattern('(a)(b)')).toThrow(/2 capturing groups/);
    expect(() => compileTokenPattern('(unclosed')).toThrow(/does not compile/);
  });
});
