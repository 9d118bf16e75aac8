/**
 * Evaluates L(θ₀ + α·u + β·v) along lines of constant β. One evaluator per plane; it precomputes
 * whatever makes a point cheap and is then asked for rows (or strided parts of rows).
 */
export interface PlaneEvaluator {
  /** Which algorithm is in use: the two fast two-layer paths or the general fallback. */
  readonly path: 'two-layer-piecewise' | 'two-layer' | 'general';
  /**
   * Writes L at (α₀ + k·Δα, β) for k = 0 … count−1 into out[offset + k].
   * Δα must be > 0 when count > 1.
   */
  row(beta: number, alpha0: number, dAlpha: number, count: number, out: Float64Array, offset: number): void;
}
