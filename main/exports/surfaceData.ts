/** A computed landscape surface with everything its exported files carry (grid, θ₀, directions, trajectory, metadata). */
import type { AxisDescription, LandscapeResult } from '../../native-workers/engine';

export interface SurfaceData {
  /** α grid values (columns) and β grid values (rows). */
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  /** loss[i·R + k] = L(θ₀ + alpha[k]·u + beta[i]·v): β-major, R = alpha.length = beta.length. */
  readonly loss: Float64Array;
  readonly theta0: Float64Array;
  readonly u: Float64Array;
  readonly v: Float64Array;
  readonly originLoss: number;
  readonly axes: readonly [AxisDescription, AxisDescription];
  /** How the plane was chosen, e.g. { kind: 'escape-curvature' } (written into the metadata). */
  readonly plane: Readonly<Record<string, unknown>>;
  /** Where θ₀ came from, e.g. "run run-abc (final θ)". */
  readonly source: string;
  /** Points placed on the plane (a training trajectory), possibly none. */
  readonly trajectory: {
    readonly alpha: Float64Array;
    readonly beta: Float64Array;
    /** L at the in-plane point: the polyline's height on the surface. */
    readonly planeLoss: Float64Array;
    readonly loss: Float64Array;
    readonly offPlane: Float64Array;
  };
}

export function surfaceFromLandscape(
  result: Pick<LandscapeResult, 'alpha' | 'beta' | 'loss' | 'u' | 'v' | 'originLoss' | 'axes' | 'projection'>,
  theta0: Float64Array,
  plane: Readonly<Record<string, unknown>>,
  source: string,
): SurfaceData {
  return {
    alpha: result.alpha,
    beta: result.beta,
    loss: result.loss,
    theta0,
    u: result.u,
    v: result.v,
    originLoss: result.originLoss,
    axes: result.axes,
    plane,
    source,
    trajectory: result.projection,
  };
}

/** The plane metadata every format carries (JSON in .npz and as an .h5 attribute, a comment in VTK files). */
export function surfaceMetadata(data: SurfaceData): Record<string, unknown> {
  const R = data.alpha.length;
  return {
    format: 'escape-studio/surface@1',
    lossConvention: 'L(θ) = (1/N) Σₙ ‖f(xₙ) − yₙ‖² (plain MSE)',
    layout: 'loss[i, k] = L(θ₀ + alpha[k]·u + beta[i]·v): rows along beta, columns along alpha',
    source: data.source,
    plane: data.plane,
    axes: data.axes,
    resolution: R,
    alphaRange: [data.alpha[0], data.alpha[R - 1]],
    betaRange: [data.beta[0], data.beta[R - 1]],
    originLoss: data.originLoss,
    parameterCount: data.theta0.length,
    trajectoryPoints: data.trajectory.alpha.length,
  };
}

/** A plane request reduced to its scalar fields (seed, i, j, …): point lists and given directions become counts. */
export function planeSummary(plane: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(plane)) {
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') out[key] = value;
    else if (Array.isArray(value) || ArrayBuffer.isView(value)) out[`${key}Length`] = (value as { length: number }).length;
  }
  return out;
}
