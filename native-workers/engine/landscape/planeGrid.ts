import type { Architecture, Dataset } from '../core/types';
import { createPlaneEvaluator, type PlaneEvaluatorOptions } from './createPlaneEvaluator';
import { LandscapeError } from './errors';
import { alphaStep, betaAt, validateGridSpec, type PlaneGridSpec } from './gridSpec';
import type { PlaneEvaluator } from './planeEvaluator';

export interface PlaneGridOptions extends PlaneGridSpec, PlaneEvaluatorOptions {
  /**
   * Row (β) indices to compute; default all rows in order. The result then holds only these
   * rows, in the order given: value index = t·resolution + k for rows[t]. Lets workers split
   * one grid by rows.
   */
  readonly rows?: ArrayLike<number>;
}

/**
 * Losses L(θ₀ + α·u + β·v) (L = (1/N) Σ‖f(x) − y‖²) on a resolution × resolution grid,
 * row-major β-major: value index = i·resolution + k at β = betaAt(i), α = alphaAt(k)
 * (see gridSpec.ts). Two-layer nets use precomputed per-sample projections (fast, exact).
 */
export function planeGrid(
  architecture: Architecture,
  theta0: Float64Array,
  u: Float64Array,
  v: Float64Array,
  data: Dataset,
  options: PlaneGridOptions,
): Float64Array {
  validateGridSpec(options);
  const evaluator = createPlaneEvaluator(architecture, theta0, u, v, data, options);
  return evaluateGridRows(evaluator, options, options.rows ?? allRows(options.resolution));
}

/** Rows of a grid with an existing evaluator (same layout as planeGrid with `rows`). */
export function evaluateGridRows(evaluator: PlaneEvaluator, spec: PlaneGridSpec, rows: ArrayLike<number>): Float64Array {
  const R = spec.resolution;
  const out = new Float64Array(rows.length * R);
  const dA = alphaStep(spec);
  for (let t = 0; t < rows.length; t++) {
    const i = rows[t];
    if (!Number.isInteger(i) || i < 0 || i >= R)
      throw new LandscapeError(`rows[${t}] is ${i}, expected an integer row index in [0, ${R - 1}]`);
    evaluator.row(betaAt(spec, i), spec.alphaRange[0], dA, R, out, t * R);
  }
  return out;
}

function allRows(resolution: number): Int32Array {
  const rows = new Int32Array(resolution);
  for (let i = 0; i < resolution; i++) rows[i] = i;
  return rows;
}
