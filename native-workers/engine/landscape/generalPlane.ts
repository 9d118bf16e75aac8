import { createLossEvaluator } from '../derivatives/loss';
import type { Architecture, Dataset } from '../core/types';
import type { PlaneEvaluator } from './planeEvaluator';

/** Any depth: forms θ = θ₀ + α·u + β·v per point and evaluates the full loss. */
export function generalPlaneEvaluator(
  architecture: Architecture,
  theta0: Float64Array,
  u: Float64Array,
  v: Float64Array,
  data: Dataset,
): PlaneEvaluator {
  const evaluator = createLossEvaluator(architecture, data);
  const P = theta0.length;
  const rowBase = new Float64Array(P);
  const theta = new Float64Array(P);

  function row(beta: number, alpha0: number, dAlpha: number, count: number, out: Float64Array, offset: number): void {
    for (let i = 0; i < P; i++) rowBase[i] = theta0[i] + beta * v[i];
    for (let col = 0; col < count; col++) {
      const a = alpha0 + col * dAlpha;
      for (let i = 0; i < P; i++) theta[i] = rowBase[i] + a * u[i];
      out[offset + col] = evaluator.loss(theta);
    }
  }

  return { path: 'general', row };
}
