import { LandscapeError } from '../errors';
import { dot } from './vectors';

export interface PlaneProjection {
  readonly alpha: number;
  readonly beta: number;
  /** ‖θ − (θ₀ + α·u + β·v)‖: how far the point is from the plane it is drawn on. */
  readonly offPlane: number;
}

/**
 * Least-squares (α, β) of θ on the plane θ₀ + α·u + β·v (u, v need not be orthonormal: the
 * 2 × 2 Gram system is solved) and the residual distance.
 */
export function projectOntoPlane(origin: Float64Array, u: Float64Array, v: Float64Array, point: Float64Array): PlaneProjection {
  const g = gram(u, v);
  return projectWith(g, origin, u, v, point);
}

export interface TrajectoryProjection {
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  readonly offPlane: Float64Array;
}

export function projectTrajectory(
  origin: Float64Array,
  u: Float64Array,
  v: Float64Array,
  points: readonly Float64Array[],
): TrajectoryProjection {
  const g = gram(u, v);
  const alpha = new Float64Array(points.length);
  const beta = new Float64Array(points.length);
  const offPlane = new Float64Array(points.length);
  points.forEach((p, t) => {
    const r = projectWith(g, origin, u, v, p);
    alpha[t] = r.alpha;
    beta[t] = r.beta;
    offPlane[t] = r.offPlane;
  });
  return { alpha, beta, offPlane };
}

interface Gram {
  uu: number;
  uv: number;
  vv: number;
  det: number;
}

function gram(u: Float64Array, v: Float64Array): Gram {
  if (u.length !== v.length) throw new LandscapeError(`u has ${u.length} entries but v has ${v.length}`);
  const uu = dot(u, u);
  const uv = dot(u, v);
  const vv = dot(v, v);
  const det = uu * vv - uv * uv;
  if (!(det > 1e-24 * uu * vv)) throw new LandscapeError('u and v are parallel (or zero); they span no plane');
  return { uu, uv, vv, det };
}

function projectWith(g: Gram, origin: Float64Array, u: Float64Array, v: Float64Array, point: Float64Array): PlaneProjection {
  const P = u.length;
  if (origin.length !== P || point.length !== P)
    throw new LandscapeError(`origin (${origin.length}) and point (${point.length}) must have ${P} entries like u and v`);
  let du = 0;
  let dv = 0;
  for (let i = 0; i < P; i++) {
    const d = point[i] - origin[i];
    du += d * u[i];
    dv += d * v[i];
  }
  const alpha = (g.vv * du - g.uv * dv) / g.det;
  const beta = (g.uu * dv - g.uv * du) / g.det;
  let r2 = 0;
  for (let i = 0; i < P; i++) {
    const r = point[i] - origin[i] - alpha * u[i] - beta * v[i];
    r2 += r * r;
  }
  return { alpha, beta, offPlane: Math.sqrt(r2) };
}
