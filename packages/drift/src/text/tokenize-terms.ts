// The SDK's term definition for vocabulary drift (drift-spec §3.2): lower-case, maximal runs of
// Unicode letters or digits, without stop words and without tokens made only of digits (phone
// numbers and prices dominate SMS spam).

import { compareCodePoints } from '../stats/compare-code-points';

const TERM = /[\p{L}\p{N}]+/gu;
const DIGITS = /^\p{Nd}+$/u;

/** Terms of one text, in order (repeats kept). */
export function tokenizeTerms(text: string, stopWords: ReadonlySet<string>): string[] {
  const terms: string[] = [];
  for (const match of text.toLowerCase().matchAll(TERM)) {
    const term = match[0];
    if (stopWords.has(term) || DIGITS.test(term)) continue;
    terms.push(term);
  }
  return terms;
}

/** Code-point order, as Python sorts strings. */
export function compareTerms(a: string, b: string): number {
  return compareCodePoints(a, b);
}
