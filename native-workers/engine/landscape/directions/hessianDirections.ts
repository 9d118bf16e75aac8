import { hessian } from '../../derivatives/hessian';
import { eigh } from '../../linalg/eigh';
import type { Architecture, Dataset } from '../../core/types';
import { LandscapeError } from '../errors';
import type { PlaneDirections } from './types';
import { canonicalSign } from './vectors';

/** All Hessian eigenpairs at θ: values ascending, eigenvector k at vectors[k·n, (k+1)·n). */
export interface HessianEigenpairs {
  readonly n: number;
  readonly values: Float64Array;
  readonly vectors: Float64Array;
}

export function hessianEigenpairs(architecture: Architecture, theta: Float64Array, data: Dataset): HessianEigenpairs {
  const n = theta.length;
  const { values, vectors } = eigh(hessian(architecture, theta, data), n, { vectors: true });
  if (!vectors) throw new LandscapeError('eigh returned no eigenvectors although they were requested');
  return { n, values, vectors };
}

/** Eigenvector k (a copy, unit norm, sign fixed by canonicalSign). */
export function eigenvector(eig: HessianEigenpairs, k: number): Float64Array {
  if (!Number.isInteger(k) || k < 0 || k >= eig.n)
    throw new LandscapeError(`eigenvector index ${k} is out of range [0, ${eig.n - 1}]`);
  return canonicalSign(eig.vectors.slice(k * eig.n, (k + 1) * eig.n));
}

/** The plane through θ spanned by eigenvectors i (u, the α axis) and j (v, the β axis). */
export function eigenvectorPlane(theta: Float64Array, eig: HessianEigenpairs, i: number, j: number): PlaneDirections {
  if (i === j) throw new LandscapeError(`eigenvector indices must differ, got ${i} twice`);
  const u = eigenvector(eig, i);
  const v = eigenvector(eig, j);
  return {
    origin: theta,
    u,
    v,
    uInfo: { kind: 'eigenvector', index: i, eigenvalue: eig.values[i], norm: 1 },
    vInfo: { kind: 'eigenvector', index: j, eigenvalue: eig.values[j], norm: 1 },
  };
}

/**
 * The paper's Fig. 6 (right) plane: α along the escape direction (eigenvector of the most
 * negative — smallest — eigenvalue), β along the curvature direction (largest eigenvalue).
 */
export function escapeCurvaturePlane(theta: Float64Array, eig: HessianEigenpairs): PlaneDirections {
  if (eig.n < 2) throw new LandscapeError(`a plane needs at least 2 parameters, got ${eig.n}`);
  return eigenvectorPlane(theta, eig, 0, eig.n - 1);
}
