/**
 * Seeded pseudo-random numbers, reproducible bit for bit on every platform.
 *
 * - Generator: xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c),
 *   128-bit state, 32-bit outputs, pure 32-bit integer arithmetic (Math.imul, shifts).
 * - Seeding: the seed is read as a 64-bit key (two's complement for negative integers); the state
 *   is two consecutive SplitMix64 outputs (key + γ, key + 2γ, γ = 0x9e3779b97f4a7c15), each split
 *   into its low and high 32-bit words — the seeding Vigna recommends. Computed exactly with BigInt.
 * - fork(stream): an independent generator whose key is mix64(key ⊕ mix64((stream + 1)·φ)) with
 *   mix64 the SplitMix64 finalizer and φ = 0xd1b54a32d192ed03. It depends only on the parent's seed
 *   and `stream`, not on how many numbers the parent has drawn.
 * - uniform(): 53 random bits, (a·2²⁶ + b)/2⁵³ with a, b the top 27 and 26 bits of two outputs:
 *   every multiple of 2⁻⁵³ in [0, 1) with equal probability.
 * - normal(): Marsaglia's polar method (pairs u, v uniform in (−1, 1)² rejected outside the unit
 *   disc; returns u·f then v·f with f = √(−2 ln s / s)). Uses only +, ×, /, √ and Math.log.
 */
const MASK64 = (1n << 64n) - 1n;
const GAMMA = 0x9e3779b97f4a7c15n;
const PHI = 0xd1b54a32d192ed03n;
const TWO_POW_26 = 67108864;
const TWO_POW_M53 = 2 ** -53;

export class RngError extends Error {
  override name = 'RngError';
}

/** SplitMix64 output finalizer (a bijection of 64-bit words). */
export function mix64(x: bigint): bigint {
  let z = x & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** The first `count` outputs of SplitMix64 started at `seed` (reference generator for seeding). */
export function splitMix64(seed: bigint, count: number): bigint[] {
  const out: bigint[] = [];
  let x = seed & MASK64;
  for (let i = 0; i < count; i++) {
    x = (x + GAMMA) & MASK64;
    out.push(mix64(x));
  }
  return out;
}

function toKey(seed: number | bigint): bigint {
  if (typeof seed === 'bigint') return seed & MASK64;
  if (!Number.isSafeInteger(seed)) throw new RngError(`seed must be a safe integer, got ${seed}`);
  return BigInt(seed) & MASK64;
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare = 0;
  private hasSpare = false;
  private readonly key: bigint;

  /** `seed`: any safe integer (or a bigint, read modulo 2⁶⁴). */
  constructor(seed: number | bigint) {
    this.key = toKey(seed);
    const [a, b] = splitMix64(this.key, 2) as [bigint, bigint];
    this.setState(Number(a & 0xffffffffn), Number(a >> 32n), Number(b & 0xffffffffn), Number(b >> 32n));
  }

  /** A generator with the given raw xoshiro128** state (not all zero); for tests against reference vectors. */
  static fromState(state: readonly [number, number, number, number]): Rng {
    if (state.every((w) => w >>> 0 === 0)) throw new RngError('xoshiro128** state must not be all zero');
    const rng = new Rng(0);
    rng.setState(state[0], state[1], state[2], state[3]);
    return rng;
  }

  private setState(a: number, b: number, c: number, d: number): void {
    this.s0 = a | 0;
    this.s1 = b | 0;
    this.s2 = c | 0;
    this.s3 = d | 0;
    this.hasSpare = false;
  }

  /** Next 32-bit output as an unsigned integer in [0, 2³²). */
  nextUint32(): number {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result >>> 0;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) * TWO_POW_M53;
  }

  /** Standard normal N(0, 1) (Marsaglia polar method; the second value of each pair is cached). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** An independent generator for sub-stream `stream` (a non-negative safe integer). */
  fork(stream: number): Rng {
    if (!Number.isSafeInteger(stream) || stream < 0) throw new RngError(`stream must be a non-negative safe integer, got ${stream}`);
    const salt = mix64(((BigInt(stream) + 1n) * PHI) & MASK64);
    return new Rng(mix64(this.key ^ salt));
  }
}
