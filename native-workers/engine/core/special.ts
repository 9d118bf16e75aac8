/**
 * Special functions in float64: erf, erfc, the standard normal Φ and φ, the logistic sigmoid
 * and softplus, each accurate to a few ulps over the whole real line (no overflow, no
 * cancellation in the tails).
 */

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969),
// coefficients as in his CALERF (SPECFUN), written as the float64 nearest to his 18-digit values;
// approximation error below 1e-17 in each interval.
const A0 = 3.1611237438705655, A1 = 113.86415415105016, A2 = 377.485237685302;
const A3 = 3209.3775891384694, A4 = 0.18577770618460315;
const B0 = 23.601290952344122, B1 = 244.02463793444417, B2 = 1282.6165260773723;
const B3 = 2844.236833439171;
const C0 = 0.5641884969886701, C1 = 8.883149794388377, C2 = 66.11919063714163;
const C3 = 298.6351381974001, C4 = 881.952221241769, C5 = 1712.0476126340707;
const C6 = 2051.0783778260716, C7 = 1230.3393547979972, C8 = 2.1531153547440383e-8;
const D0 = 15.744926110709835, D1 = 117.6939508913125, D2 = 537.1811018620099;
const D3 = 1621.3895745666903, D4 = 3290.7992357334597, D5 = 4362.619090143247;
const D6 = 3439.3676741437216, D7 = 1230.3393548037495;
const P0 = 0.30532663496123236, P1 = 0.36034489994980445, P2 = 0.12578172611122926;
const P3 = 0.016083785148742275, P4 = 0.0006587491615298378, P5 = 0.016315387137302097;
const Q0 = 2.568520192289822, Q1 = 1.8729528499234604, Q2 = 0.5279051029514285;
const Q3 = 0.06051834131244132, Q4 = 0.0023352049762686918;

const SMALL_BREAK = 0.46875;
const INV_SQRT_PI = 0.5641895835477563;
const INV_SQRT_2PI = 0.3989422804014327;

/** erf(y)/y for |y| ≤ 0.46875 (Cody's first interval). */
function erfOverX(y: number): number {
  const t = y * y;
  let num = A4 * t;
  let den = t;
  num = (num + A0) * t;
  den = (den + B0) * t;
  num = (num + A1) * t;
  den = (den + B1) * t;
  num = (num + A2) * t;
  den = (den + B2) * t;
  return (num + A3) / (den + B3);
}

/** R(y) = erfc(y)·exp(y²) for y > 0.46875 (Cody's second and third intervals). */
function erfcScaledTail(y: number): number {
  if (y <= 4) {
    let num = C8 * y;
    let den = y;
    num = (num + C0) * y;
    den = (den + D0) * y;
    num = (num + C1) * y;
    den = (den + D1) * y;
    num = (num + C2) * y;
    den = (den + D2) * y;
    num = (num + C3) * y;
    den = (den + D3) * y;
    num = (num + C4) * y;
    den = (den + D4) * y;
    num = (num + C5) * y;
    den = (den + D5) * y;
    num = (num + C6) * y;
    den = (den + D6) * y;
    return (num + C7) / (den + D7);
  }
  if (y >= 6.71e7) return INV_SQRT_PI / y;
  const t = 1 / (y * y);
  let num = P5 * t;
  let den = t;
  num = (num + P0) * t;
  den = (den + Q0) * t;
  num = (num + P1) * t;
  den = (den + Q1) * t;
  num = (num + P2) * t;
  den = (den + Q2) * t;
  num = (num + P3) * t;
  den = (den + Q3) * t;
  return (INV_SQRT_PI - (t * (num + P4)) / (den + Q4)) / y;
}

/**
 * exp(−s·x²) for s ∈ {1, ½}, accurate to ~1 ulp: x is split as x = u + (x − u) with u a multiple
 * of 1/16, so that u² is exact and the rounding of x² never enters the exponent (Cody's trick).
 */
function expNegSquare(x: number, s: number): number {
  const u = Math.trunc(x * 16) / 16;
  return Math.exp(-s * u * u) * Math.exp(-s * (x - u) * (x + u));
}

export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= SMALL_BREAK) return x * erfOverX(y);
  if (Number.isNaN(x)) return NaN;
  const r = y > 27 ? 1 : 1 - expNegSquare(y, 1) * erfcScaledTail(y);
  return x < 0 ? -r : r;
}

export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= SMALL_BREAK) return 1 - x * erfOverX(y);
  if (Number.isNaN(x)) return NaN;
  const r = y > 27 ? 0 : expNegSquare(y, 1) * erfcScaledTail(y);
  return x < 0 ? 2 - r : r;
}

/** Standard normal density φ(x) = exp(−x²/2)/√(2π). */
export function normalPdf(x: number): number {
  if (Math.abs(x) > 39) return Number.isNaN(x) ? NaN : 0;
  return INV_SQRT_2PI * expNegSquare(x, 0.5);
}

/**
 * Standard normal CDF Φ(x) = ½·erfc(−x/√2). The tail uses exp(−x²/2) computed from x itself
 * (not from the rounded x/√2), so Φ(−30) ≈ 4.9e−198 keeps full relative accuracy.
 */
export function normalCdf(x: number): number {
  const y = Math.abs(x) * Math.SQRT1_2;
  if (y <= SMALL_BREAK) return 0.5 + 0.5 * (x * Math.SQRT1_2) * erfOverX(y);
  if (Number.isNaN(x)) return NaN;
  const tail = y > 27 ? 0 : 0.5 * expNegSquare(x, 0.5) * erfcScaledTail(y);
  return x < 0 ? tail : 1 - tail;
}

/** Logistic sigmoid 1/(1+e^{−x}) without overflow. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** σ'(x) = σ(x)(1−σ(x)) = e/(1+e)² with e = exp(−|x|): no cancellation in either tail. */
export function sigmoidD1(x: number): number {
  const e = Math.exp(-Math.abs(x));
  const q = 1 + e;
  return e / (q * q);
}

/** σ''(x) = σ'(x)(1−2σ(x)); 1−2σ(x) = −sign(x)(1−e)/(1+e) with 1−e = −expm1(−|x|). */
export function sigmoidD2(x: number): number {
  const e = Math.exp(-Math.abs(x));
  const q = 1 + e;
  const v = (e * Math.expm1(-Math.abs(x))) / (q * q * q);
  return x >= 0 ? v : -v;
}

/** softplus(x) = log(1+eˣ) = max(x,0) + log1p(e^{−|x|}). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}
