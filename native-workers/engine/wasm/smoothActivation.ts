/**
 * f64x2 softplus, sigmoid and tanh with their first two derivatives from one exp (wasm/vectorMath.ts).
 * With e = exp(−|z|), q = 1/(1 + e), p = [z ≥ 0] (formulas of activationArrays.ts):
 *   softplus = max(z, 0) + log1p(e), softplus' = (p ? 1 : e)/(1 + e), softplus'' = e·q²;
 *   sigmoid = (p ? 1 : e)·q, sigmoid' = e·q², sigmoid'' = ±sigmoid'·expm1(−|z|)·q (− for z < 0);
 *   tanh = sign(z)·(−expm1(−2|z|))·q₂, tanh' = 4e₂·q₂², tanh'' = −2·tanh·tanh', with e₂ = exp(−2|z|).
 */
import type { SmoothActivation } from '../derivatives/twoLayer/twoLayerSmooth';
import { emitExpNeg, emitLog1pUnit, type FnBuilder } from './vectorMath';

/** h = σ(z) and, when given, d1 = σ'(z), d2 = σ''(z), into the given v128 locals. */
export function emitSmoothActivation(
  fb: FnBuilder,
  act: SmoothActivation,
  z: number,
  h: number,
  d1: number | null,
  d2: number | null = null,
): void {
  const ab = fb.v();
  const e = fb.v();
  const t = [fb.v(), fb.v(), fb.v(), fb.v()];
  const one = fb.k(1);
  const zero = fb.k(0);
  if (act === 'tanh') {
    const em = fb.v();
    fb.c.get(z).f64x2Abs().set(ab);
    fb.op(ab, 'add', ab, ab);
    emitExpNeg(fb, ab, e, em, t);
    fb.op(ab, 'add', e, one).op(ab, 'div', one, ab); // q₂ = 1/(1 + e₂)
    fb.op(em, 'sub', zero, em).op(em, 'mul', em, ab); // |tanh z|
    fb.select(h, z, em, fb.k(-0)); // sign bit from z
    if (d1 !== null || d2 !== null) {
      const s = d1 ?? t[0];
      fb.op(s, 'mul', e, ab).op(s, 'mul', s, ab).op(s, 'mul', s, fb.k(4));
      if (d2 !== null) fb.op(d2, 'mul', h, s).op(d2, 'mul', d2, fb.k(-2));
    }
    return;
  }
  const needEm = act === 'sigmoid' && d2 !== null;
  const em = needEm ? fb.v() : null;
  fb.c.get(z).f64x2Abs().set(ab);
  emitExpNeg(fb, ab, e, em, t);
  const num = fb.v();
  const p = fb.v();
  fb.op(p, 'ge', z, zero);
  fb.select(num, one, e, p); // p ? 1 : e
  if (act === 'softplus') {
    emitLog1pUnit(fb, e, ab, t);
    fb.op(h, 'max', z, zero).op(h, 'add', h, ab);
    if (d1 !== null || d2 !== null) {
      fb.op(ab, 'add', e, one);
      if (d1 !== null) fb.op(d1, 'div', num, ab);
      if (d2 !== null) fb.op(ab, 'div', one, ab).op(d2, 'mul', e, ab).op(d2, 'mul', d2, ab);
    }
    return;
  }
  fb.op(ab, 'add', e, one).op(ab, 'div', one, ab); // q
  fb.op(h, 'mul', num, ab);
  if (d1 !== null || d2 !== null) {
    const s = d1 ?? t[0];
    fb.op(s, 'mul', e, ab).op(s, 'mul', s, ab);
    if (d2 !== null && em !== null) {
      fb.op(t[1], 'mul', s, em).op(t[1], 'mul', t[1], ab); // σ'·expm1(−|z|)·q
      fb.op(t[2], 'sub', zero, t[1]);
      fb.select(d2, t[1], t[2], p);
    }
  }
}
