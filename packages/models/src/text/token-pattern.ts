import { InvalidArgumentError } from '@mloop/core';

/** scikit-learn's default `token_pattern`: runs of two or more word characters. */
export const DEFAULT_TOKEN_PATTERN = '(?u)\\b\\w\\w+\\b';

// Python's `\w` on str patterns is `str.isalnum()` or `_`: letters (L*), every numeric character
// (N*) and underscore. Combining marks are not word characters in Python, unlike some engines.
const WORD = '\\p{L}\\p{N}_';
// Python's `\s` and `str.split()` use `str.isspace()`, which differs from JS `\s` (it includes the
// information separators U+001C–U+001F and U+0085, and excludes U+FEFF).
const SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const ASCII_WORD = 'A-Za-z0-9_';
const ASCII_SPACE = ' \\t\\n\\r\\f\\v';
const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/');

/** Python whitespace (`str.isspace`), as a global regex over runs: used by `char` analyzers and `split()`. */
export const PYTHON_WHITESPACE_RUN = new RegExp(`[${SPACE}]+`, 'gu');
/** Two or more Python whitespace characters (`re.compile(r"\s\s+")` in scikit-learn's char analyzer). */
export const PYTHON_WHITESPACE_2 = new RegExp(`[${SPACE}][${SPACE}]+`, 'gu');

/** A compiled token pattern: the regex and whether tokens are its first capturing group. */
export interface CompiledTokenPattern {
  /** The JavaScript regex (global, unicode). */
  readonly regex: RegExp;
  /** True when the pattern has one capturing group: tokens are that group, as in scikit-learn. */
  readonly useGroup: boolean;
}

/**
 * Translates a Python `re` pattern as scikit-learn uses it (`token_pattern`) into an equivalent
 * JavaScript regex: Unicode `\w \W \d \D \s \S \b \B` with Python's definitions, inline flags
 * `(?u) (?i) (?m) (?s) (?a)` at the start, `(?P<name>…)` groups. Constructs with no JavaScript
 * equivalent (`(?x)`, `\W` inside a character class …) are rejected rather than approximated.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the pattern cannot be translated, does not
 * compile, or has more than one capturing group.
 */
export function compileTokenPattern(pattern: string, field = 'tokenPattern'): CompiledTokenPattern {
  const fail = (reason: string): never => {
    throw new InvalidArgumentError({ message: `Cannot use ${field} ${JSON.stringify(pattern)}: ${reason}.`, field });
  };
  let rest = pattern;
  const jsFlags = new Set(['g', 'u']);
  let ascii = false;
  for (;;) {
    const inline = /^\(\?([aiLmsux]+)\)/.exec(rest);
    if (!inline) break;
    for (const flag of inline[1]) {
      if (flag === 'i' || flag === 'm' || flag === 's') jsFlags.add(flag);
      else if (flag === 'a') ascii = true;
      else if (flag !== 'u') fail(`the inline flag (?${flag}) has no JavaScript equivalent`);
    }
    rest = rest.slice(inline[0].length);
  }
  const word = ascii ? ASCII_WORD : WORD;
  const space = ascii ? ASCII_SPACE : SPACE;
  const digit = ascii ? '0-9' : '\\p{Nd}';
  const boundary = `(?:(?<=[${word}])(?![${word}])|(?<![${word}])(?=[${word}]))`;
  const nonBoundary = `(?:(?<=[${word}])(?=[${word}])|(?<![${word}])(?![${word}]))`;

  let out = '';
  let inClass = false;
  const chars = Array.from(rest);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    if (char === '\\') {
      const next = chars[++i];
      if (next === undefined) fail('it ends with a lone backslash');
      const classBody: Record<string, string> = { w: word, d: digit, s: space };
      if (next in classBody) {
        out += inClass ? classBody[next] : `[${classBody[next]}]`;
      } else if (next === 'W' || next === 'D' || next === 'S') {
        if (inClass) fail(`\\${next} inside a character class is not supported`);
        out += `[^${classBody[next.toLowerCase()]}]`;
      } else if (next === 'b' && !inClass) {
        out += boundary;
      } else if (next === 'B' && !inClass) {
        out += nonBoundary;
      } else if (next === 'A' && !inClass) {
        out += '(?<![\\s\\S])';
      } else if (next === 'Z' && !inClass) {
        out += '(?![\\s\\S])';
      } else if (next === 'a') {
        out += '\\x07';
      } else if (next === 'U') {
        const hex = chars.slice(i + 1, i + 9).join('');
        if (!/^[0-9a-fA-F]{8}$/.test(hex)) fail('\\U needs eight hex digits');
        out += `\\u{${hex}}`;
        i += 8;
      } else if (/[0-9nrtfvxubB]/.test(next)) {
        // Same meaning in both engines (\b in a class is backspace in both).
        out += `\\${next}`;
      } else if (/[A-Za-z]/.test(next)) {
        fail(`the escape \\${next} is not supported`);
      } else {
        // Python lets any punctuation be escaped; JavaScript's unicode mode only allows syntax characters.
        out += JS_SYNTAX.has(next) || (inClass && next === '-') ? `\\${next}` : next;
      }
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      out += char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      out += char;
      // A leading `]` is a literal in Python; JavaScript needs it escaped.
      if (chars[i + 1] === '^') out += chars[++i];
      if (chars[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (char === '(' && chars[i + 1] === '?') {
      const head = chars.slice(i, i + 4).join('');
      if (head === '(?P<') {
        out += '(?<';
        i += 3;
        continue;
      }
      if (head === '(?P=') {
        const close = chars.indexOf(')', i);
        if (close < 0) fail('an unterminated (?P=name) reference');
        out += `\\k<${chars.slice(i + 4, close).join('')}>`;
        i = close;
        continue;
      }
      if (/^\(\?[aiLmsux]/.test(head)) fail('inline flags are only supported at the start of the pattern');
    }
    out += char;
  }
  if (inClass) fail('a character class is not closed');

  let regex: RegExp;
  try {
    regex = new RegExp(out, [...jsFlags].join(''));
  } catch (error) {
    return fail(`it does not compile (${(error as Error).message})`);
  }
  const groups = (new RegExp(`${out}|`, 'u').exec('')?.length ?? 1) - 1;
  if (groups > 1) fail(`it has ${groups} capturing groups; at most one is allowed (its match becomes the token)`);
  return { regex, useGroup: groups === 1 };
}

/** Every token `pattern` finds in `text`, like Python's `re.findall` (the group when there is one). */
export function findAllTokens(pattern: CompiledTokenPattern, text: string): string[] {
  const out: string[] = [];
  const { regex, useGroup } = pattern;
  regex.lastIndex = 0;
  for (;;) {
    const match = regex.exec(text);
    if (match === null) break;
    out.push(useGroup ? (match[1] ?? '') : match[0]);
    if (match[0].length === 0) {
      // Step over one code point after an empty match, as Python does.
      const code = text.charCodeAt(regex.lastIndex);
      regex.lastIndex += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    }
  }
  return out;
}

const ASCII_IS_WORD = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  ASCII_IS_WORD[code] = /[A-Za-z0-9_]/.test(char) ? 1 : 0;
}
const UNICODE_WORD = new RegExp(`^[${WORD}]$`, 'u');
const nonAsciiWordCache = new Map<number, boolean>();

function isWordCodePoint(codePoint: number, char: string): boolean {
  let known = nonAsciiWordCache.get(codePoint);
  if (known === undefined) {
    known = UNICODE_WORD.test(char);
    if (nonAsciiWordCache.size < 65_536) nonAsciiWordCache.set(codePoint, known);
  }
  return known;
}

/**
 * The tokens of scikit-learn's default pattern `(?u)\b\w\w+\b`: maximal runs of at least two
 * Python word characters (code points), in order. Equivalent to the translated regex, several
 * times faster; `compileTokenPattern(DEFAULT_TOKEN_PATTERN)` is the reference it is tested against.
 */
export function defaultTokens(text: string, out: string[] = []): string[] {
  let start = -1;
  let length = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    let word: boolean;
    let width = 1;
    if (code < 128) {
      word = ASCII_IS_WORD[code] === 1;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        const codePoint = (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        word = isWordCodePoint(codePoint, text.slice(i, i + 2));
        width = 2;
      } else {
        word = false;
      }
    } else {
      word = isWordCodePoint(code, text[i]);
    }
    if (word) {
      if (start < 0) {
        start = i;
        length = 0;
      }
      length++;
    } else if (start >= 0) {
      if (length >= 2) out.push(text.slice(start, i));
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0 && length >= 2) out.push(text.slice(start));
  return out;
}
