import type { z } from 'zod';
import { ENGLISH_STOP_WORDS } from './english-stop-words';
import {
  compileTokenPattern,
  DEFAULT_TOKEN_PATTERN,
  defaultTokens,
  findAllTokens,
  PYTHON_WHITESPACE_2,
  PYTHON_WHITESPACE_RUN,
} from './token-pattern';
import { buildWinkTokenizer, winkOptionsSchema } from './wink-analyzer';

/** Turns one document into its features (terms or n-grams), in order, repeats kept. */
export type Analyzer = (document: string) => string[];

/** What an analyzer is built from: the vectorizer params that shape tokens. */
export interface AnalyzerOptions {
  /** `'word'`, `'char'`, `'char_wb'` or `'wink'`. */
  readonly analyzer: 'word' | 'char' | 'char_wb' | 'wink';
  /** Options of the `'wink'` analyzer (`null` for its defaults). */
  readonly wink?: z.input<typeof winkOptionsSchema> | null;
  /** Lower-case before tokenizing. */
  readonly lowercase: boolean;
  /** Python-syntax token pattern (word analyzer only). */
  readonly tokenPattern: string;
  /** Smallest and largest n-gram size. */
  readonly ngramRange: readonly [number, number];
  /** `'english'`, a list, or `null` (word analyzer only). */
  readonly stopWords: 'english' | readonly string[] | null;
}

/** The stop-word set of a `stopWords` param, or `null`. */
export function resolveStopWords(stopWords: AnalyzerOptions['stopWords']): ReadonlySet<string> | null {
  if (stopWords === null) return null;
  if (stopWords === 'english') return ENGLISH_STOP_WORDS;
  return new Set(stopWords);
}

/**
 * Builds scikit-learn's analyzer (`build_analyzer`): preprocess (lower-case), tokenize, drop stop
 * words, then form n-grams, unigrams first (`_word_ngrams`, `_char_ngrams`, `_char_wb_ngrams`);
 * or the wink-nlp analyzer, whose tokens are always lower-cased.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the token pattern cannot be translated.
 * @throws {UnsupportedFunctionalityError} UNSUPPORTED for `'wink'` when wink-nlp cannot be loaded.
 */
export function buildAnalyzer(options: AnalyzerOptions): Analyzer {
  const [minN, maxN] = options.ngramRange;
  const lowercase = options.lowercase;
  if (options.analyzer === 'char') {
    return (document) => charNgrams(preprocess(document, lowercase).replace(PYTHON_WHITESPACE_2, ' '), minN, maxN);
  }
  if (options.analyzer === 'char_wb') {
    return (document) => charWbNgrams(preprocess(document, lowercase), minN, maxN);
  }
  const stopWords = resolveStopWords(options.stopWords);
  if (options.analyzer === 'wink') {
    const tokenize = buildWinkTokenizer(winkOptionsSchema.parse(options.wink ?? {}));
    return (document) => {
      let tokens = tokenize(document);
      if (stopWords !== null) tokens = tokens.filter((token) => !stopWords.has(token));
      return minN === 1 && maxN === 1 ? tokens : wordNgrams(tokens, minN, maxN);
    };
  }
  const tokenize: (text: string) => string[] =
    options.tokenPattern === DEFAULT_TOKEN_PATTERN
      ? (text) => defaultTokens(text)
      : (() => {
          const pattern = compileTokenPattern(options.tokenPattern);
          return (text: string) => findAllTokens(pattern, text);
        })();
  return (document) => {
    let tokens = tokenize(preprocess(document, lowercase));
    if (stopWords !== null) tokens = tokens.filter((token) => !stopWords.has(token));
    return minN === 1 && maxN === 1 ? tokens : wordNgrams(tokens, minN, maxN);
  };
}

function preprocess(document: string, lowercase: boolean): string {
  return lowercase ? document.toLowerCase() : document;
}

/** Word n-grams joined by one space, all unigrams first, then bigrams …, as scikit-learn orders them. */
export function wordNgrams(tokens: readonly string[], minN: number, maxN: number): string[] {
  const out: string[] = [];
  let from = minN;
  if (from === 1) {
    out.push(...tokens);
    from = 2;
  }
  const count = tokens.length;
  for (let n = from; n <= Math.min(maxN, count); n++) {
    for (let i = 0; i + n <= count; i++) {
      let gram = tokens[i];
      for (let k = 1; k < n; k++) gram += ` ${tokens[i + k]}`;
      out.push(gram);
    }
  }
  return out;
}

function charNgrams(text: string, minN: number, maxN: number): string[] {
  // Python indexes strings by code point; so do these n-grams.
  const chars = Array.from(text);
  const length = chars.length;
  const out: string[] = [];
  let from = minN;
  if (from === 1) {
    out.push(...chars);
    from = 2;
  }
  for (let n = from; n <= Math.min(maxN, length); n++) {
    for (let i = 0; i + n <= length; i++) out.push(chars.slice(i, i + n).join(''));
  }
  return out;
}

function charWbNgrams(text: string, minN: number, maxN: number): string[] {
  const out: string[] = [];
  for (const word of text.split(PYTHON_WHITESPACE_RUN)) {
    if (word === '') continue;
    const chars = Array.from(` ${word} `);
    const length = chars.length;
    for (let n = minN; n <= maxN; n++) {
      let offset = 0;
      out.push(chars.slice(offset, offset + n).join(''));
      while (offset + n < length) {
        offset++;
        out.push(chars.slice(offset, offset + n).join(''));
      }
      // A word shorter than n is counted once, not once per n.
      if (offset === 0) break;
    }
  }
  return out;
}
