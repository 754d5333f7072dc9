import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { SerializationError } from '../errors/serialization-error';

/** The serialized state of a {@link SeededRandom}; restoring it continues the same sequence. */
export interface SeededRandomState {
  /** Always `'xoshiro128**'`. */
  readonly algorithm: 'xoshiro128**';
  /** The four 32-bit state words. */
  readonly state: readonly [number, number, number, number];
  /** A cached second normal deviate from the last Box–Muller draw, or `null`. */
  readonly spareNormal: number | null;
}

/** splitmix32: spreads one 32-bit seed over the state words, as the xoshiro authors recommend. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A small, fast, seeded pseudo-random generator (xoshiro128**, Blackman & Vigna) whose state
 * serializes, so models and sweeps are reproducible and resumable. Model code never uses
 * `Math.random`. Not cryptographically secure.
 *
 * @example
 * const rng = new SeededRandom(42);
 * rng.next(); // a double in [0, 1)
 */
export class SeededRandom {
  #s0 = 0;
  #s1 = 0;
  #s2 = 0;
  #s3 = 0;
  #spareNormal: number | null = null;

  /**
   * @param seed Any integer (taken modulo 2³²).
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when `seed` is not an integer.
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new InvalidArgumentError({ message: `seed must be an integer, got ${seed}.`, field: 'seed' });
    }
    const next = splitmix32(seed);
    this.#s0 = next();
    this.#s1 = next();
    this.#s2 = next();
    this.#s3 = next();
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#s1, 5), 7), 9) >>> 0;
    const t = this.#s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /** A double uniform in [0, 1) with 53 random bits. */
  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A double uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /**
   * An integer uniform in [0, n), without modulo bias.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT unless `n` is an integer in [1, 2³²].
   */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) {
      throw new InvalidArgumentError({ message: `nextInt(n) needs an integer n in [1, 2^32], got ${n}.`, field: 'n' });
    }
    if (n === 4294967296) return this.nextUint32();
    // Rejection sampling: drop the top partial block so every residue is equally likely.
    const limit = 4294967296 - (4294967296 % n);
    let value = this.nextUint32();
    while (value >= limit) value = this.nextUint32();
    return value % n;
  }

  /** A standard normal deviate (Box–Muller; the second deviate is cached in the state). */
  normal(mean = 0, std = 1): number {
    if (this.#spareNormal !== null) {
      const spare = this.#spareNormal;
      this.#spareNormal = null;
      return mean + std * spare;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + std * radius * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [index: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** The integers 0 … n−1 in random order. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /**
   * `k` distinct integers from [0, n), in random order.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when `k > n`.
   */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new InvalidArgumentError({ message: `Cannot draw ${k} distinct values from ${n}.`, field: 'k' });
    }
    if (k * 4 > n) return this.permutation(n).subarray(0, k);
    // Sparse Fisher–Yates: only the touched positions are stored.
    const swapped = new Map<number, number>();
    const out = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      const j = i + this.nextInt(n - i);
      const atJ = swapped.get(j) ?? j;
      out[i] = atJ;
      swapped.set(j, swapped.get(i) ?? i);
    }
    return out;
  }

  /** An independent generator seeded from this one (for parallel trees, folds …). */
  fork(): SeededRandom {
    return new SeededRandom(this.nextUint32());
  }

  /** The state; `SeededRandom.fromJSON` continues the same sequence. */
  toJSON(): SeededRandomState {
    return {
      algorithm: 'xoshiro128**',
      state: [this.#s0 >>> 0, this.#s1 >>> 0, this.#s2 >>> 0, this.#s3 >>> 0],
      spareNormal: this.#spareNormal,
    };
  }

  /**
   * Restores a generator from {@link SeededRandom.toJSON} output.
   * @throws {SerializationError} SERIALIZATION for a malformed state.
   */
  static fromJSON(json: unknown): SeededRandom {
    const state = json as Partial<SeededRandomState> | null;
    const words = state?.state;
    if (
      state?.algorithm !== 'xoshiro128**' ||
      !Array.isArray(words) ||
      words.length !== 4 ||
      !words.every((word) => Number.isInteger(word) && word >= 0 && word < 4294967296) ||
      (state.spareNormal !== null && typeof state.spareNormal !== 'number')
    ) {
      throw new SerializationError({
        message: 'Not a SeededRandom state: expected { algorithm: "xoshiro128**", state: [4 uint32], spareNormal }.',
        kind: 'SeededRandom',
      });
    }
    const rng = new SeededRandom(0);
    [rng.#s0, rng.#s1, rng.#s2, rng.#s3] = words as [number, number, number, number];
    rng.#spareNormal = state.spareNormal ?? null;
    return rng;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
