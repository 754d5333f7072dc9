// Seeded synthetic data for the benchmarks.

/** xorshift-style generator in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Standard normal values. */
export function normals(n: number, seed: number, shift = 0, scale = 1): Float64Array {
  const next = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = next() || 1e-12;
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = shift + scale * r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = shift + scale * r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/**
 * A table of `columns` mixed columns: 3 in 4 numeric (some with 1% missing), 1 in 4 categorical
 * (5 to 40 categories); `drifted` shifts every third column.
 */
export function mixedTable(
  rows: number,
  columns: number,
  seed: number,
  drifted: boolean,
): Record<string, Float64Array | string[]> {
  const table: Record<string, Float64Array | string[]> = {};
  for (let c = 0; c < columns; c++) {
    const shift = drifted && c % 3 === 0 ? 0.3 : 0;
    if (c % 4 === 3) {
      const next = rng(seed * 1000 + c);
      const k = 5 + (c % 7) * 5;
      const labels = Array.from({ length: k }, (_, i) => `c${i}`);
      table[`cat${c}`] = Array.from(
        { length: rows },
        () => labels[Math.min(k - 1, Math.floor(next() ** (1 + shift) * k))] as string,
      );
    } else {
      const values = normals(rows, seed * 1000 + c, shift);
      if (c % 5 === 0) for (let i = 0; i < rows; i += 100) values[i] = Number.NaN;
      table[`num${c}`] = values;
    }
  }
  return table;
}

/** A table of numeric columns only. */
export function numericTable(rows: number, columns: number, seed: number, shift: number): Record<string, Float64Array> {
  const table: Record<string, Float64Array> = {};
  for (let c = 0; c < columns; c++) table[`x${c}`] = normals(rows, seed * 1000 + c, c % 2 ? shift : 0);
  return table;
}
