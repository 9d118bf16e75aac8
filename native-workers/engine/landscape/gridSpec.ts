import { LandscapeError } from './errors';

/**
 * A square grid of `resolution × resolution` points on the plane θ(α, β) = θ₀ + α·u + β·v.
 * Point (row i, column k) sits at β = betaRange[0] + i·Δβ and α = alphaRange[0] + k·Δα, with
 * Δ = (range[1] − range[0]) / (resolution − 1). Grids are stored row-major, β-major:
 * value index = i·resolution + k (a row is a line of constant β running along α).
 */
export interface PlaneGridSpec {
  readonly alphaRange: readonly [number, number];
  readonly betaRange: readonly [number, number];
  readonly resolution: number;
}

export function validateGridSpec(spec: PlaneGridSpec): void {
  const { resolution } = spec;
  if (!Number.isInteger(resolution) || resolution < 2)
    throw new LandscapeError(`resolution must be an integer ≥ 2, got ${resolution}`);
  checkRange('alphaRange', spec.alphaRange);
  checkRange('betaRange', spec.betaRange);
}

function checkRange(field: string, range: readonly [number, number]): void {
  if (range.length !== 2 || !Number.isFinite(range[0]) || !Number.isFinite(range[1]))
    throw new LandscapeError(`${field} must be two finite numbers, got [${range.join(', ')}]`);
  if (!(range[1] > range[0]))
    throw new LandscapeError(`${field} must be increasing, got [${range[0]}, ${range[1]}]`);
}

export function alphaStep(spec: PlaneGridSpec): number {
  return (spec.alphaRange[1] - spec.alphaRange[0]) / (spec.resolution - 1);
}

export function betaStep(spec: PlaneGridSpec): number {
  return (spec.betaRange[1] - spec.betaRange[0]) / (spec.resolution - 1);
}

/** α of column k. */
export function alphaAt(spec: PlaneGridSpec, column: number): number {
  return spec.alphaRange[0] + column * alphaStep(spec);
}

/** β of row i. */
export function betaAt(spec: PlaneGridSpec, row: number): number {
  return spec.betaRange[0] + row * betaStep(spec);
}

/** All α (columns) and β (rows) coordinates of the grid. */
export function gridAxes(spec: PlaneGridSpec): { alphas: Float64Array; betas: Float64Array } {
  const alphas = new Float64Array(spec.resolution);
  const betas = new Float64Array(spec.resolution);
  for (let k = 0; k < spec.resolution; k++) {
    alphas[k] = alphaAt(spec, k);
    betas[k] = betaAt(spec, k);
  }
  return { alphas, betas };
}
