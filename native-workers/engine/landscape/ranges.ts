/** Default axis ranges of a landscape plane when the caller gives none. */

/** Around θ₀ (0, 0) and every projected coordinate, with a 25% margin; [−1, 1] without coordinates. */
export function fittedRange(values: ArrayLike<number>): [number, number] {
  if (values.length === 0) return [-1, 1];
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  const half = Math.max(((hi - lo) / 2) * 1.25, 1e-3);
  const mid = (lo + hi) / 2;
  return [mid - half, mid + half];
}

/**
 * Along a unit eigenvector with eigenvalue λ: ±h with ½|λ|h² = L(θ₀), the distance at which the
 * quadratic model changes the loss by as much as the loss itself — the scale on which a saddle's
 * escape (λ < 0) and the steep walls (λ_max) both show. Clamped to [10⁻³, 10].
 */
export function curvatureRange(eigenvalue: number, originLoss: number): [number, number] {
  const h = Math.abs(eigenvalue) > 0 ? Math.sqrt((2 * originLoss) / Math.abs(eigenvalue)) : Infinity;
  const half = Math.min(10, Math.max(1e-3, Number.isFinite(h) ? h : 10));
  return [-half, half];
}
