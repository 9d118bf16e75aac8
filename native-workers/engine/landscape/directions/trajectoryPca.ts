import { eigh } from '../../linalg/eigh';
import { LandscapeError } from '../errors';
import type { PlaneDirections } from './types';
import { difference, dot, norm, scale, subtractScaled } from './vectors';

export interface TrajectoryPcaOptions {
  /** The plane's origin: the last point (default, as Li et al. 2018 plot around the solution) or the mean. */
  readonly origin?: 'last' | 'mean';
  /** Longer trajectories are thinned to this many evenly spaced points (first and last kept); default 600. */
  readonly maxPoints?: number;
}

export interface TrajectoryPca extends PlaneDirections {
  readonly mean: Float64Array;
  /** Fraction of the (mean-centered) trajectory's total variance along u and v. */
  readonly explainedVariance: readonly [number, number];
  /** Points actually used (after thinning). */
  readonly pointsUsed: number;
}

/**
 * The plane of a trajectory's two principal components. With T points of dimension P the
 * centered points M (T × P) are decomposed through the smaller of the Gram matrix M·Mᵀ or
 * MᵀM with a dense symmetric eigensolver; a component from the Gram route is Mᵀw/‖Mᵀw‖.
 * Orientation: u and v point from the first point towards the last (time runs to +α).
 */
export function trajectoryPca(points: readonly Float64Array[], options: TrajectoryPcaOptions = {}): TrajectoryPca {
  if (points.length < 3) throw new LandscapeError(`trajectory PCA needs at least 3 points, got ${points.length}`);
  const P = points[0].length;
  points.forEach((p, t) => {
    if (p.length !== P) throw new LandscapeError(`trajectory point ${t} has ${p.length} entries, expected ${P}`);
  });
  if (P < 2) throw new LandscapeError(`trajectory PCA needs at least 2 parameters, got ${P}`);
  const used = thin(points, options.maxPoints ?? 600);
  const T = used.length;
  const mean = new Float64Array(P);
  for (const p of used) for (let i = 0; i < P; i++) mean[i] = mean[i] + p[i];
  scale(mean, 1 / T);
  const rows = used.map((p) => difference(p, mean));
  let total = 0;
  for (const r of rows) total += dot(r, r);
  if (!(total > 0)) throw new LandscapeError('trajectory PCA: all points are equal, there is no variance');

  const components: Float64Array[] = [];
  const variances: number[] = [];
  if (T <= P) {
    const G = new Float64Array(T * T);
    for (let a = 0; a < T; a++)
      for (let b = a; b < T; b++) G[a * T + b] = G[b * T + a] = dot(rows[a], rows[b]);
    const { values, vectors } = eigh(G, T, { vectors: true });
    if (!vectors) throw new LandscapeError('eigh returned no eigenvectors although they were requested');
    for (let c = 0; c < 2; c++) {
      const k = T - 1 - c;
      const dir = new Float64Array(P);
      for (let t = 0; t < T; t++) subtractScaled(dir, -vectors[k * T + t], rows[t]);
      components.push(dir);
      variances.push(Math.max(values[k], 0));
    }
  } else {
    const C = new Float64Array(P * P);
    for (const r of rows)
      for (let i = 0; i < P; i++) {
        const ri = r[i];
        for (let j = i; j < P; j++) C[i * P + j] = C[i * P + j] + ri * r[j];
      }
    for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) C[i * P + j] = C[j * P + i];
    const { values, vectors } = eigh(C, P, { vectors: true });
    if (!vectors) throw new LandscapeError('eigh returned no eigenvectors although they were requested');
    for (let c = 0; c < 2; c++) {
      const k = P - 1 - c;
      components.push(vectors.slice(k * P, (k + 1) * P));
      variances.push(Math.max(values[k], 0));
    }
  }
  const forward = difference(used[T - 1], used[0]);
  for (const dir of components) {
    const n = norm(dir);
    if (!(n > 0)) throw new LandscapeError('trajectory PCA: the trajectory spans fewer than 2 dimensions');
    scale(dir, 1 / n);
    if (dot(dir, forward) < 0) scale(dir, -1);
  }
  const explainedVariance = [variances[0] / total, variances[1] / total] as const;
  const origin = options.origin === 'mean' ? mean : used[T - 1].slice();
  return {
    origin,
    mean,
    u: components[0],
    v: components[1],
    uInfo: { kind: 'pca', component: 0, explainedVariance: explainedVariance[0], norm: 1 },
    vInfo: { kind: 'pca', component: 1, explainedVariance: explainedVariance[1], norm: 1 },
    explainedVariance,
    pointsUsed: T,
  };
}

function thin(points: readonly Float64Array[], maxPoints: number): readonly Float64Array[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 3)
    throw new LandscapeError(`maxPoints must be an integer ≥ 3, got ${maxPoints}`);
  if (points.length <= maxPoints) return points;
  const out: Float64Array[] = [];
  for (let i = 0; i < maxPoints; i++) out.push(points[Math.round((i * (points.length - 1)) / (maxPoints - 1))]);
  return out;
}
