import { UnsupportedFunctionalityError } from '@mloop/core';
import { z } from 'zod';

/** What happens to tokens of one wink-nlp type: kept as themselves, replaced by `<type>`, or dropped. */
const handlingSchema = z.union([z.literal('token'), z.literal('placeholder'), z.literal('drop')]);

/** The wink-nlp token types the analyzer handles (wink-nlp's `its.type`). */
export const WINK_TOKEN_TYPES = [
  'word',
  'number',
  'url',
  'email',
  'mention',
  'hashtag',
  'emoji',
  'emoticon',
  'time',
  'ordinal',
  'currency',
  'punctuation',
  'symbol',
] as const;

/** A wink-nlp token type (see {@link WINK_TOKEN_TYPES}). */
export type WinkTokenType = (typeof WINK_TOKEN_TYPES)[number];

const DEFAULT_HANDLING: Readonly<Record<WinkTokenType, 'token' | 'placeholder' | 'drop'>> = {
  word: 'token',
  number: 'placeholder',
  url: 'placeholder',
  email: 'placeholder',
  mention: 'placeholder',
  hashtag: 'token',
  emoji: 'token',
  emoticon: 'token',
  time: 'placeholder',
  ordinal: 'placeholder',
  currency: 'token',
  punctuation: 'drop',
  symbol: 'drop',
};

/** Options of the `analyzer: 'wink'` analyzer (the vectorizers' `wink` param). */
export const winkOptionsSchema = z
  .object({
    /** `'lemma'` (default: `geese → goose`, needs wink's POS tagger), `'stem'` (Porter 2: `running → run`), or `'normal'` (lower-cased, contractions expanded). */
    normalize: z.union([z.literal('lemma'), z.literal('stem'), z.literal('normal')]).default('lemma'),
    /** Drop wink-nlp's English stop words. Default `true`. */
    removeStopWords: z.boolean().default(true),
    /**
     * Per token type: `'token'` keeps the token, `'placeholder'` replaces it by `<type>` (so every
     * phone number counts as `<number>`, every link as `<url>`), `'drop'` removes it. Defaults:
     * numbers, URLs, e-mails, mentions, times and ordinals → placeholder; punctuation and symbols
     * → drop; words, hashtags, emoji, emoticons and currency signs → token.
     */
    tokenTypes: z.partialRecord(z.literal([...WINK_TOKEN_TYPES]), handlingSchema).default({}),
  })
  .strict();

/** Options of the wink analyzer as you write them. */
export type WinkOptions = z.input<typeof winkOptionsSchema>;

/** The few parts of a wink-nlp instance the analyzer uses (wink-nlp is an optional peer dependency). */
export interface WinkNlpLike {
  /** Reads a document. */
  readDoc(text: string): { tokens(): { out(helper: unknown): unknown[] } };
  /** Token property helpers. */
  readonly its: Readonly<Record<'type' | 'normal' | 'stem' | 'lemma' | 'stopWordFlag', unknown>>;
}

/** wink-nlp's factory: `winkNLP(model, pipe)`. */
export type WinkNlpFactory = (model: unknown, pipe?: string[]) => WinkNlpLike;

let injected: { factory: WinkNlpFactory; model: unknown } | undefined;
const instances = new Map<string, WinkNlpLike>();

/**
 * Supplies wink-nlp and its English model explicitly, for bundlers and runtimes without
 * `require` (by default they are loaded from `wink-nlp` and `wink-eng-lite-web-model` on first
 * use). Called without arguments, it returns to that default.
 * @example
 * ```ts
 * import winkNLP from 'wink-nlp';
 * import model from 'wink-eng-lite-web-model';
 * import { useWinkNlp } from '@mloop/models';
 * useWinkNlp(winkNLP, model);
 * ```
 */
export function useWinkNlp(factory?: WinkNlpFactory, model?: unknown): void {
  injected = factory ? { factory, model } : undefined;
  instances.clear();
}

function loadWink(pipe: string[]): WinkNlpLike {
  const key = pipe.join(',');
  const cached = instances.get(key);
  if (cached) return cached;
  let source = injected;
  if (!source) {
    try {
      // process.getBuiltinModule keeps this module free of a static node: import, so it still
      // bundles for browsers (where useWinkNlp supplies the packages instead).
      const moduleApi = (
        globalThis as {
          process?: { getBuiltinModule?: (id: string) => { createRequire(url: string): (id: string) => unknown } };
        }
      ).process?.getBuiltinModule?.('node:module');
      if (!moduleApi) throw new Error('no require in this runtime');
      const require = moduleApi.createRequire(import.meta.url);
      const factory = require('wink-nlp') as WinkNlpFactory | { default: WinkNlpFactory };
      const model = require('wink-eng-lite-web-model');
      source = { factory: typeof factory === 'function' ? factory : factory.default, model };
    } catch (error) {
      throw new UnsupportedFunctionalityError({
        message: `analyzer 'wink' needs the optional packages wink-nlp and wink-eng-lite-web-model (install them next to @mloop/models, or pass them to useWinkNlp): ${(error as Error).message}`,
        functionality: "analyzer: 'wink'",
        cause: error,
      });
    }
  }
  const instance = source.factory(source.model, pipe);
  instances.set(key, instance);
  return instance;
}

/**
 * Builds the wink-nlp analyzer: tokenises with wink-nlp (which recognises URLs, e-mails, emoji,
 * emoticons, currency, times and numbers as single tokens), handles each token type as
 * configured, drops stop words, lemmatises or stems the words, and returns the token sequence
 * (n-grams are formed by the caller).
 * @throws {UnsupportedFunctionalityError} UNSUPPORTED when wink-nlp or its model cannot be loaded.
 */
export function buildWinkTokenizer(options: z.output<typeof winkOptionsSchema>): (text: string) => string[] {
  const nlp = loadWink(options.normalize === 'lemma' ? ['pos'] : []);
  const { its } = nlp;
  const handling = { ...DEFAULT_HANDLING, ...options.tokenTypes };
  const form = its[options.normalize];
  return (text) => {
    const tokens = nlp.readDoc(text).tokens();
    const types = tokens.out(its.type) as string[];
    const forms = tokens.out(form) as (string | undefined)[];
    // wink's lemmatiser returns nothing for a few contraction-like words ("cant", "wont").
    const normals = options.normalize === 'normal' ? undefined : (tokens.out(its.normal) as string[]);
    const stop = options.removeStopWords ? (tokens.out(its.stopWordFlag) as boolean[]) : undefined;
    const out: string[] = [];
    for (let i = 0; i < types.length; i++) {
      const type = types[i] as WinkTokenType;
      const rule = handling[type] ?? 'drop';
      if (rule === 'drop' || (stop?.[i] && type === 'word')) continue;
      out.push(rule === 'placeholder' ? `<${type}>` : (forms[i] ?? normals?.[i] ?? '').toLowerCase());
    }
    return out;
  };
}
