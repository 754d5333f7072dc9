/** Exact powers of ten: every 10^k with k ≤ 22 is representable in a double. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Parses `text[start, end)` as a decimal number with the grammar `[+-]? (digits [. digits?] |
 * . digits) ([eE] [+-]? digits)?`, returning `NaN` when it does not match or the value is not
 * finite. Matching inputs give exactly `Number(slice)`; what `Number()` accepts beyond the grammar
 * (whitespace, `''`, hex, binary, octal, `Infinity`) is rejected.
 *
 * Up to 15 significant digits and a decimal exponent within ±22 take Clinger's fast path: the
 * mantissa and the power of ten are both exact doubles, so one IEEE multiplication or division is
 * correctly rounded. Longer or more extreme inputs fall back to `Number()` on the slice.
 */
export function parseNumber(text: string, start: number, end: number): number {
  let i = start;
  if (i >= end) return Number.NaN;
  let code = text.charCodeAt(i);
  let negative = false;
  if (code === 45) {
    negative = true;
    i++;
  } else if (code === 43) {
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let scale = 0;
  let digits = 0;
  let slow = false;
  for (; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    digits++;
    if (mantissa === 0 && digit === 0) continue;
    if (significant < 15) {
      mantissa = mantissa * 10 + digit;
      significant++;
    } else {
      slow = true;
    }
  }
  if (i < end && text.charCodeAt(i) === 46) {
    i++;
    for (; i < end; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      digits++;
      if (mantissa === 0 && digit === 0) {
        scale--;
        continue;
      }
      if (significant < 15) {
        mantissa = mantissa * 10 + digit;
        significant++;
        scale--;
      } else {
        slow = true;
      }
    }
  }
  if (digits === 0) return Number.NaN;
  if (i < end) {
    code = text.charCodeAt(i);
    if (code !== 101 && code !== 69) return Number.NaN;
    i++;
    let exponentNegative = false;
    if (i < end) {
      code = text.charCodeAt(i);
      if (code === 45) {
        exponentNegative = true;
        i++;
      } else if (code === 43) {
        i++;
      }
    }
    let exponent = 0;
    let exponentDigits = 0;
    for (; i < end; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return Number.NaN;
      exponentDigits++;
      if (exponent < 100_000) exponent = exponent * 10 + digit;
    }
    if (exponentDigits === 0) return Number.NaN;
    scale += exponentNegative ? -exponent : exponent;
  }
  if (mantissa === 0 && !slow) return negative ? -0 : 0;
  let value: number;
  if (!slow && scale >= -22 && scale <= 22) {
    value = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
    return negative ? -value : value;
  }
  value = Number(text.slice(start, end));
  return Number.isFinite(value) ? value : Number.NaN;
}

/** {@link parseNumber} over a whole string. */
export function parseNumberString(text: string): number {
  return parseNumber(text, 0, text.length);
}
