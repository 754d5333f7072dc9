// Ascending sort of finite doubles. Large arrays use an LSD radix sort on the IEEE-754 bit
// patterns (11-bit digits), several times faster than the comparison sort for the million-row
// columns of the benchmarks; small ones use the built-in typed-array sort.

const RADIX_THRESHOLD = 1 << 15;

/** Returns `values` sorted ascending (may sort in place and return the same array). No NaN allowed. */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_THRESHOLD) return values.sort();
  const keys = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  // Map each double to an unsigned key that sorts like the number: flip all bits of negatives,
  // only the sign bit of positives. Little-endian: keys[2i] is the low word, keys[2i+1] the high.
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = keys[2 * i + 1] as number;
    const l = keys[2 * i] as number;
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const counts = new Uint32Array(2048);
  // Six passes of 11 bits over the 64-bit key (bits 0–10, 11–21, 22–32, 33–43, 44–54, 55–63).
  for (let pass = 0; pass < 6; pass++) {
    const shift = pass * 11;
    counts.fill(0);
    const digit = (i: number): number => {
      if (shift + 11 <= 32) return ((lo[i] as number) >>> shift) & 0x7ff;
      if (shift >= 32) return ((hi[i] as number) >>> (shift - 32)) & 0x7ff;
      return (((lo[i] as number) >>> shift) | ((hi[i] as number) << (32 - shift))) & 0x7ff;
    };
    for (let i = 0; i < n; i++) counts[digit(i)] = (counts[digit(i)] as number) + 1;
    // Skip a pass whose digit is the same for every key.
    let skip = false;
    for (let d = 0; d < 2048; d++) {
      if (counts[d] === n) skip = true;
      if (counts[d] !== 0) break;
    }
    if (skip) continue;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const d = digit(i);
      const p = counts[d] as number;
      counts[d] = p + 1;
      lo2[p] = lo[i] as number;
      hi2[p] = hi[i] as number;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i] as number;
    if (h & 0x80000000) {
      keys[2 * i + 1] = (h & 0x7fffffff) >>> 0;
      keys[2 * i] = lo[i] as number;
    } else {
      keys[2 * i + 1] = ~h >>> 0;
      keys[2 * i] = ~(lo[i] as number) >>> 0;
    }
  }
  return values;
}
