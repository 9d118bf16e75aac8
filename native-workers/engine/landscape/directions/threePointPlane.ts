import { LandscapeError } from '../errors';
import type { PlaneDirections } from './types';
import { difference, dot, norm, scale, subtractScaled } from './vectors';

export interface ThreePointPlane extends PlaneDirections {
  /** In-plane (α, β) of the three points, in the order given. */
  readonly coordinates: readonly [readonly [number, number], readonly [number, number], readonly [number, number]];
}

/**
 * The plane through three parameter vectors (e.g. init, saddle, end). The origin is point
 * `originIndex` (default 0); u points to the next point (cyclically), v is the third point's
 * offset made orthogonal to u by Gram–Schmidt (applied twice, for orthogonality to rounding).
 * Both are unit vectors, so α and β are Euclidean distances in parameter space.
 */
export function threePointPlane(
  points: readonly [Float64Array, Float64Array, Float64Array],
  originIndex: 0 | 1 | 2 = 0,
): ThreePointPlane {
  const P = points[0].length;
  points.forEach((p, i) => {
    if (p.length !== P) throw new LandscapeError(`point ${i} has ${p.length} entries, expected ${P}`);
  });
  const o = points[originIndex];
  const a = points[(originIndex + 1) % 3];
  const b = points[(originIndex + 2) % 3];
  const u = difference(a, o);
  const ua = norm(u);
  if (!(ua > 0)) throw new LandscapeError(`points ${originIndex} and ${(originIndex + 1) % 3} coincide; they span no plane`);
  scale(u, 1 / ua);
  const w = difference(b, o);
  const wn = norm(w);
  const v = w.slice();
  subtractScaled(v, dot(v, u), u);
  subtractScaled(v, dot(v, u), u);
  const vn = norm(v);
  if (!(vn > 1e-12 * wn)) throw new LandscapeError('the three points are collinear (or two coincide); they span no plane');
  scale(v, 1 / vn);
  const coords: [number, number][] = [
    [0, 0],
    [0, 0],
    [0, 0],
  ];
  coords[(originIndex + 1) % 3] = [ua, 0];
  coords[(originIndex + 2) % 3] = [dot(w, u), dot(w, v)];
  return {
    origin: o,
    u,
    v,
    uInfo: { kind: 'three-point', axis: 0, norm: 1 },
    vInfo: { kind: 'three-point', axis: 1, norm: 1 },
    coordinates: [coords[0], coords[1], coords[2]],
  };
}
