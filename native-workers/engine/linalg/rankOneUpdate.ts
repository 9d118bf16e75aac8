/**
 * Eigen-decomposition of D + ρ·z·zᵀ with D = diag(d), d strictly increasing, ρ > 0 and every
 * zₘ ≠ 0 (the non-deflated core of a divide-and-conquer merge).
 *
 * Roots: λᵢ solves the secular equation f(λ) = 1/ρ + Σₘ zₘ²/(dₘ − λ) = 0 in (dᵢ, dᵢ₊₁)
 * (the last one in (d_{K−1}, d_{K−1} + ρ‖z‖²)). Each root is computed as τ = λ − d_o relative to the
 * nearer pole o, so every difference dₘ − λᵢ = (dₘ − d_o) − τ keeps full relative accuracy. The
 * iteration is the "middle way" of Li (1994) as in LAPACK dlaed4: ψ (poles left of the root) and
 * φ (poles right of it) are each replaced by a one-pole rational function matching value and slope,
 * and the resulting quadratic is solved; it is safeguarded by bisection on a bracket.
 *
 * Vectors: z is recomputed from the computed roots by the Löwner formula (Gu & Eisenstat 1995),
 *   ẑₘ² = Πⱼ(λⱼ − dₘ) / (ρ·Π_{j≠m}(dⱼ − dₘ)),
 * which makes the computed roots exact eigenvalues of D + ρ·ẑ·ẑᵀ, so the vectors
 * uᵢ = (ẑₘ/(dₘ − λᵢ))ₘ / ‖…‖ are numerically orthogonal however close the roots are.
 */
import { scalarKernels, type DenseKernels } from './denseKernels';

const EPS = 2 ** -52;
const MAX_ITERATIONS = 200;

/**
 * Writes the roots (ascending) into lambda[0…K) and eigenvector i into row i of U (K×K, row-major):
 * U[i·K + column[m]] = component m (column defaults to the identity).
 */
export function rankOneUpdate(
  K: number,
  d: Float64Array,
  z: Float64Array,
  rho: number,
  lambda: Float64Array,
  U: Float64Array,
  column?: Int32Array,
  kernels: DenseKernels = scalarKernels,
): void {
  if (K === 1) {
    lambda[0] = d[0] + rho * z[0] * z[0];
    U[0] = 1;
    return;
  }
  const mark = kernels.mark();
  const z2 = kernels.alloc(K);
  let zz = 0;
  for (let m = 0; m < K; m++) {
    z2[m] = z[m] * z[m];
    zz += z2[m];
  }
  // Δ rows: Delta[i·K + m] = dₘ − λᵢ.
  const Delta = kernels.alloc(K * K, false); // every row written by solveRoot
  const sums = kernels.alloc(4);
  for (let i = 0; i < K; i++) lambda[i] = solveRoot(i, K, d, z2, rho, zz, Delta, i * K, kernels, sums);

  // Löwner / Gu–Eisenstat: ẑₘ² = (λ_{K−1} − dₘ)/ρ · Π_{j<m} (λⱼ − dₘ)/(dⱼ − dₘ) · Π_{m≤j<K−1} (λⱼ − dₘ)/(dⱼ₊₁ − dₘ);
  // every factor is positive. Accumulated row by row of Δ (contiguous).
  const prod = kernels.alloc(K);
  const last = (K - 1) * K;
  for (let m = 0; m < K; m++) prod[m] = -Delta[last + m] / rho;
  for (let j = 0; j < K - 1; j++) {
    const row = j * K;
    if (kernels.lownerRow(prod, Delta, row, d, j, K)) continue;
    const dj = d[j];
    const dj1 = d[j + 1];
    for (let m = 0; m <= j; m++) prod[m] *= -Delta[row + m] / (dj1 - d[m]);
    for (let m = j + 1; m < K; m++) prod[m] *= Delta[row + m] / (d[m] - dj);
  }
  const zHat = prod;
  for (let m = 0; m < K; m++) {
    const magnitude = Math.sqrt(Math.max(prod[m], 0));
    zHat[m] = z[m] >= 0 ? magnitude : -magnitude;
  }
  for (let i = 0; i < K; i++) {
    const row = i * K;
    let norm = kernels.vectorRow(Delta, row, zHat, K);
    if (norm < 0) {
      norm = 0;
      for (let m = 0; m < K; m++) {
        const u = zHat[m] / Delta[row + m];
        Delta[row + m] = u;
        norm += u * u;
      }
    }
    const scale = 1 / Math.sqrt(norm);
    if (column) for (let m = 0; m < K; m++) U[row + column[m]] = Delta[row + m] * scale;
    else for (let m = 0; m < K; m++) U[row + m] = Delta[row + m] * scale;
  }
  kernels.release(mark);
}

/** Root i; writes Δ[m] = dₘ − λᵢ into out[outOff + m] and returns λᵢ. */
function solveRoot(
  i: number,
  K: number,
  d: Float64Array,
  z2: Float64Array,
  rho: number,
  zz: number,
  out: Float64Array,
  outOff: number,
  kernels: DenseKernels,
  sums: Float64Array,
): number {
  const rhoInv = 1 / rho;
  const last = i === K - 1;
  // The model pair of poles (p, p+1) brackets the root, except for the last root (right of both).
  const p = last ? i - 1 : i;
  let origin = i;
  let lo: number;
  let hi: number;
  let dOrigin = d[origin];
  if (!kernels.shift(out, outOff, d, 0, dOrigin, K)) for (let m = 0; m < K; m++) out[outOff + m] = d[m] - dOrigin;
  const mid = last ? 0.5 * rho * zz : 0.5 * out[outOff + i + 1];
  // One pass at the midpoint: the secular function there (origin choice) and the sum over all
  // poles except p, p+1 (dlaed4's frozen part of the starting model).
  let frozen = rhoInv;
  let f = NaN;
  if (kernels.secularSums(out, outOff, z2, K, K, mid, sums)) {
    const tp = z2[p] / (out[outOff + p] - mid);
    const tp1 = z2[p + 1] / (out[outOff + p + 1] - mid);
    f = rhoInv + sums[0];
    frozen = f - tp - tp1;
  } else {
    for (let m = 0; m < K; m++) if (m !== p && m !== p + 1) frozen += z2[m] / (out[outOff + m] - mid);
    if (!last) f = frozen + z2[i] / (out[outOff + i] - mid) + z2[i + 1] / (out[outOff + i + 1] - mid);
  }
  if (last) {
    lo = 0;
    hi = rho * zz;
  } else {
    if (f >= 0) {
      lo = 0;
      hi = mid;
    } else {
      origin = i + 1;
      dOrigin = d[origin];
      if (!kernels.shift(out, outOff, d, 0, dOrigin, K)) for (let m = 0; m < K; m++) out[outOff + m] = d[m] - dOrigin;
      lo = -mid;
      hi = 0;
    }
  }
  const deltaLeft = out[outOff + i];
  const deltaRight = last ? 0 : out[outOff + i + 1];

  let tau = initialGuess(frozen, z2[p], z2[p + 1], out[outOff + p], out[outOff + p + 1], lo, hi);
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    let psi = 0;
    let dpsi = 0;
    let phi = 0;
    let dphi = 0;
    if (kernels.secularSums(out, outOff, z2, K, i + 1, tau, sums)) {
      psi = sums[0];
      dpsi = sums[1];
      phi = sums[2];
      dphi = sums[3];
    } else {
      for (let m = 0; m <= i; m++) {
        const r = 1 / (out[outOff + m] - tau);
        const t = z2[m] * r;
        psi += t;
        dpsi += t * r;
      }
      for (let m = i + 1; m < K; m++) {
        const r = 1 / (out[outOff + m] - tau);
        const t = z2[m] * r;
        phi += t;
        dphi += t * r;
      }
    }
    const g = rhoInv + psi + phi;
    if (g === 0) break;
    if (g > 0) hi = tau;
    else lo = tau;
    const errorBound = EPS * (9 * (phi - psi) + rhoInv + Math.abs(tau) * (dpsi + dphi));
    if (Math.abs(g) <= errorBound) break;

    const a = deltaLeft - tau;
    const qa = dpsi * a * a;
    let eta = NaN;
    if (last) {
      const c = rhoInv + psi - dpsi * a;
      if (c > 0) eta = a + qa / c;
    } else {
      const b = deltaRight - tau;
      const qb = dphi * b * b;
      const c = rhoInv + psi - dpsi * a + phi - dphi * b;
      const B = c * (a + b) + qa + qb;
      const gab = g * a * b;
      if (c === 0) eta = gab / B;
      else {
        const sq = Math.sqrt(Math.max(B * B - 4 * c * gab, 0));
        const denom = B >= 0 ? B + sq : B - sq;
        const small = (2 * gab) / denom;
        eta = small > a && small < b ? small : denom / (2 * c);
      }
    }
    let next = tau + eta;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next === tau || next === lo || next === hi) break;
    const step = Math.abs(next - tau);
    tau = next;
    if (step <= 2 * EPS * Math.abs(tau)) break;
  }
  if (!kernels.shift(out, outOff, out, outOff, tau, K)) for (let m = 0; m < K; m++) out[outOff + m] -= tau;
  return dOrigin + tau;
}

/**
 * dlaed4's starting point: the poles a, b next to the root kept exactly, all others frozen at the
 * bracket midpoint (their sum plus 1/ρ is c); the root of that model (a quadratic) if it lies in
 * the bracket, else the midpoint.
 */
function initialGuess(c: number, za: number, zb: number, a: number, b: number, lo: number, hi: number): number {
  // c·(a−τ)(b−τ) + za·(b−τ) + zb·(a−τ) = 0  ⇔  c·τ² − B·τ + C0 = 0
  const B = c * (a + b) + za + zb;
  const C0 = c * a * b + za * b + zb * a;
  let tau: number;
  if (c === 0) tau = C0 / B;
  else {
    const sq = Math.sqrt(Math.max(B * B - 4 * c * C0, 0));
    const denom = B >= 0 ? B + sq : B - sq;
    const r1 = (2 * C0) / denom;
    const r2 = denom / (2 * c);
    tau = r1 > lo && r1 < hi ? r1 : r2;
  }
  return tau > lo && tau < hi ? tau : 0.5 * (lo + hi);
}
