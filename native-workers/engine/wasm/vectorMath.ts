/**
 * f64x2 building blocks for runtime-assembled kernels: a function builder with named locals and
 * branch-free vector exp(−a), expm1(−a) and log1p(u), accurate to a few ulps (checked against
 * Math.exp/expm1/log1p in tests/unit/engine/smooth-kernels.test.ts).
 *
 * exp(−a), a ≥ 0 (Cody–Waite): k = nearest(a/ln2), x = (k·ln2hi − a) + k·ln2lo ∈ [−ln2/2, ln2/2]
 * (ln2hi has 21 trailing zero bits, so k·ln2hi is exact), q = expm1(x) by its degree-13 Taylor
 * polynomial (truncation < 1e−17 relative on that interval), then exp(−a) = 2^−k·(1 + q) and
 * expm1(−a) = 2^−k·q + (2^−k − 1). 2^−k is built from bits, split as 2^−k₁·2^−k₂ with
 * k₁, k₂ ≤ 1010 (a clamped to 1400, where exp underflows anyway) so subnormal results stay right:
 * for an integer j ∈ [1, 2046], the low bits of the double 2^52 + j are j, and shifting its bit
 * pattern left by 52 leaves exactly the exponent field of 2^(j−1023).
 *
 * log1p(u), 0 ≤ u ≤ 1 (fdlibm e_log.c): with 1 + u = 2^t·v, t = [u > √2 − 1], v ∈ (√2/2, √2],
 * s = (v − 1)/(v + 1) ∈ [−0.172, 0.172] and log1p(u) = t·ln2 + 2s + s·R(s²), R fdlibm's degree-7
 * minimax (error < 2^−58). (v − 1) and (v + 1) are formed from u directly, without rounding 1 + u
 * when t = 0.
 */
import { Code, ValType, type FunctionDef } from './encoder';
import { pushAll } from '../core/hypot';

const { I32, V128 } = ValType;

type VecOp = 'add' | 'sub' | 'mul' | 'div' | 'min' | 'max' | 'pmax' | 'ge' | 'gt' | 'lt' | 'and' | 'or';

/** A function under construction: allocates locals and emits `out = op(a, b)` on v128 locals. */
export class FnBuilder {
  readonly c = new Code();
  private readonly locals: ValType[] = [];
  private readonly constants = new Map<string, number>();
  /** Constant splats emitted so far, to be hoisted by `constantPrologue`. */
  private readonly constantCode = new Code();

  constructor(
    readonly name: string,
    private readonly params: readonly ValType[],
    private readonly results: readonly ValType[],
  ) {}

  i32(): number {
    return this.local(I32);
  }

  v(): number {
    return this.local(V128);
  }

  local(type: ValType): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  /** A v128 local holding `value` in both lanes, set once at function entry. */
  k(value: number): number {
    const key = Object.is(value, -0) ? '-0' : String(value); // String round-trips a double exactly
    let at = this.constants.get(key);
    if (at === undefined) {
      at = this.v();
      this.constants.set(key, at);
      this.constantCode.f64(value).f64x2Splat().set(at);
    }
    return at;
  }

  op(out: number, op: VecOp, a: number, b: number): this {
    const c = this.c.get(a).get(b);
    switch (op) {
      case 'add': c.f64x2Add(); break;
      case 'sub': c.f64x2Sub(); break;
      case 'mul': c.f64x2Mul(); break;
      case 'div': c.f64x2Div(); break;
      case 'min': c.f64x2Min(); break;
      case 'max': c.f64x2Max(); break;
      case 'pmax': c.f64x2Pmax(); break;
      case 'ge': c.f64x2Ge(); break;
      case 'gt': c.f64x2Gt(); break;
      case 'lt': c.f64x2Lt(); break;
      case 'and': c.v128And(); break;
      case 'or': c.v128Or(); break;
    }
    c.set(out);
    return this;
  }

  /** out = a·b + d. */
  madd(out: number, a: number, b: number, d: number): this {
    this.c.get(a).get(b).f64x2Mul().get(d).f64x2Add().set(out);
    return this;
  }

  /** out = (a & m) | (b & ~m). */
  select(out: number, a: number, b: number, mask: number): this {
    this.c.get(a).get(b).get(mask).v128Bitselect().set(out);
    return this;
  }

  /** The finished function: constant splats first, then the body. */
  build(): FunctionDef {
    const body = new Code();
    pushAll(body.bytes, this.constantCode.bytes);
    pushAll(body.bytes, this.c.bytes);
    return { name: this.name, params: this.params, results: this.results, locals: this.locals, body };
  }
}

const LN2HI = 6.93147180369123816490e-1;
const LN2LO = 1.90821492927058770002e-10;
const INVLN2 = 1.44269504088896338700;
/** exp(−a) is 0 in float64 long before this; the clamp keeps k₁, k₂ ≤ 1010. */
const CLAMP = 1400;
const MAGIC = 4503599627370496 + 1023; // 2^52 + 1023
const EXPM1_TAYLOR: number[] = [];
for (let n = 1, f = 1; n <= 13; n++) {
  f *= n;
  EXPM1_TAYLOR.push(1 / f);
}
const LG = [
  6.666666666666735130e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1,
  1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1,
];

/** 2^−k for a v128 local k of integers in [0, 1022]: bit pattern of (2^52 + 1023 − k) << 52. */
function powNeg2(fb: FnBuilder, out: number, k: number): void {
  fb.op(out, 'sub', fb.k(MAGIC), k);
  fb.c.get(out).i32(52).i64x2Shl().set(out);
}

/**
 * e = exp(−a) and, when `em` is given, em = expm1(−a), for a local a ≥ 0 (NaN propagates).
 * Uses the caller's temporaries t[0…3].
 */
export function emitExpNeg(fb: FnBuilder, a: number, e: number, em: number | null, t: readonly number[]): void {
  const [aa, kf, x, q] = t as [number, number, number, number];
  fb.op(aa, 'min', a, fb.k(CLAMP));
  fb.op(kf, 'mul', aa, fb.k(INVLN2));
  fb.c.get(kf).f64x2Nearest().set(kf);
  fb.op(x, 'mul', kf, fb.k(LN2HI)).op(x, 'sub', x, aa);
  fb.madd(x, kf, fb.k(LN2LO), x);
  // q = expm1(x), Horner
  fb.op(q, 'mul', x, fb.k(EXPM1_TAYLOR[12]));
  for (let i = 11; i >= 0; i--) {
    fb.op(q, 'add', q, fb.k(EXPM1_TAYLOR[i]));
    fb.op(q, 'mul', q, x);
  }
  // s = 2^−k₁·2^−k₂ (reusing aa and x)
  fb.op(aa, 'mul', kf, fb.k(0.5));
  fb.c.get(aa).f64x2Trunc().set(aa);
  fb.op(kf, 'sub', kf, aa);
  powNeg2(fb, aa, aa);
  powNeg2(fb, kf, kf);
  fb.op(x, 'mul', aa, kf); // s
  fb.madd(e, x, q, x);
  if (em !== null) {
    fb.op(aa, 'sub', x, fb.k(1));
    fb.madd(em, x, q, aa);
  }
}

/** out = log1p(u) for a local 0 ≤ u ≤ 1. Uses temporaries t[0…3]. */
export function emitLog1pUnit(fb: FnBuilder, u: number, out: number, t: readonly number[]): void {
  const [mask, h, s, w] = t as [number, number, number, number];
  fb.op(mask, 'gt', u, fb.k(Math.SQRT2 - 1));
  fb.madd(h, u, fb.k(0.5), fb.k(0.5));
  fb.op(h, 'and', h, mask); // (1 + u)/2 when t = 1, else 0
  fb.op(w, 'add', u, fb.k(2)).op(w, 'sub', w, h); // v + 1 (scaled)
  fb.op(s, 'sub', u, h).op(s, 'div', s, w); // s = (v − 1)/(v + 1)
  fb.op(w, 'mul', s, s);
  fb.op(h, 'mul', w, fb.k(LG[6]));
  for (let i = 5; i >= 0; i--) {
    fb.op(h, 'add', h, fb.k(LG[i]));
    fb.op(h, 'mul', h, w);
  }
  // out = t·ln2 + (2s + s·R)
  fb.madd(h, s, h, s);
  fb.op(h, 'add', h, s);
  fb.op(mask, 'and', mask, fb.k(Math.LN2));
  fb.op(out, 'add', h, mask);
}
