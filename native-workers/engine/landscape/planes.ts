/**
 * The plane θ₀ + αu + βv of a landscape, from a request's plane spec, with one description per
 * axis (kind, label, eigenvalue, explained variance, ‖d‖). One set of labels for every caller.
 */
import type { Dataset, Network } from '../core/types';
import { LandscapeError } from './errors';
import { eigenvectorPlane, escapeCurvaturePlane, hessianEigenpairs } from './directions/hessianDirections';
import { filterNormalizedPlane } from './directions/filterNormalized';
import { threePointPlane } from './directions/threePointPlane';
import { trajectoryPca } from './directions/trajectoryPca';
import type { DirectionInfo } from './directions/types';

export type LandscapePlaneSpec =
  /** The paper's Fig. 6 plane: α along the most negative curvature, β along the largest. */
  | { readonly kind: 'escape-curvature' }
  /** Hessian eigenvectors i (α) and j (β), eigenvalues ascending. */
  | { readonly kind: 'eigenvectors'; readonly i: number; readonly j: number }
  /** Filter-normalized random directions (Li et al. 2018) from streams 0 and 1 of Rng(seed). */
  | { readonly kind: 'random'; readonly seed: number; readonly bias: 'zero' | 'filter' }
  /** The two principal components of a trajectory (≥ 3 θ snapshots). */
  | { readonly kind: 'pca'; readonly points: readonly Float64Array[] }
  /** Through θ₀ and two more points. */
  | { readonly kind: 'three-point'; readonly a: Float64Array; readonly b: Float64Array }
  | { readonly kind: 'explicit'; readonly u: Float64Array; readonly v: Float64Array };

export type AxisKind = 'eigenvector' | 'random-filter-normalized' | 'pca' | 'three-point' | 'explicit';

/** What one plane axis is (the contract's AxisInfo has this shape). */
export interface AxisDescription {
  kind: AxisKind;
  /** e.g. "escape: eigenvector 0 (λ = -3.100e-5)". */
  label: string;
  eigenvalue: number | null;
  eigenIndex: number | null;
  explainedVariance: number | null;
  /** ‖direction‖: α = 1 moves θ by this Euclidean distance. */
  norm: number;
}

export interface LandscapePlane {
  readonly u: Float64Array;
  readonly v: Float64Array;
  readonly axes: [AxisDescription, AxisDescription];
}

export function describeAxis(info: DirectionInfo, role: string | null): AxisDescription {
  const prefix = role ? `${role}: ` : '';
  const none = { eigenvalue: null, eigenIndex: null, explainedVariance: null, norm: info.norm };
  switch (info.kind) {
    case 'eigenvector':
      return {
        ...none,
        kind: 'eigenvector',
        label: `${prefix}eigenvector ${info.index} (λ = ${info.eigenvalue.toExponential(3)})`,
        eigenvalue: info.eigenvalue,
        eigenIndex: info.index,
      };
    case 'random-filter-normalized':
      return {
        ...none,
        kind: 'random-filter-normalized',
        label: `${prefix}random filter-normalized (seed ${info.seed}, stream ${info.stream}, ‖d‖ = ${info.norm.toExponential(3)})`,
      };
    case 'pca':
      return {
        ...none,
        kind: 'pca',
        label: `${prefix}PC${info.component + 1} of the trajectory (${(100 * info.explainedVariance).toFixed(1)}% of its variance)`,
        explainedVariance: info.explainedVariance,
      };
    case 'three-point':
      return {
        ...none,
        kind: 'three-point',
        label: `${prefix}${info.axis === 0 ? 'towards the first point' : 'towards the second point (orthogonalized)'}`,
      };
  }
}

function euclidean(x: Float64Array): number {
  let s = 0;
  for (const value of x) s += value * value;
  return Math.sqrt(s);
}

function checkLength(field: string, x: Float64Array, P: number): void {
  if (x.length !== P) throw new LandscapeError(`plane.${field}: has ${x.length} entries, expected ${P}`);
}

export function landscapePlane(spec: LandscapePlaneSpec, network: Network, data: Dataset): LandscapePlane {
  const theta = network.theta;
  const P = theta.length;
  switch (spec.kind) {
    case 'escape-curvature': {
      const p = escapeCurvaturePlane(theta, hessianEigenpairs(network.architecture, theta, data));
      return { u: p.u, v: p.v, axes: [describeAxis(p.uInfo, 'escape'), describeAxis(p.vInfo, 'curvature')] };
    }
    case 'eigenvectors': {
      for (const [field, k] of [['i', spec.i], ['j', spec.j]] as const)
        if (!Number.isInteger(k) || k < 0 || k >= P)
          throw new LandscapeError(`plane.${field}: ${k} is out of range, the network has ${P} eigenvectors`);
      if (spec.i === spec.j) throw new LandscapeError(`plane.j: must differ from plane.i (${spec.i})`);
      const p = eigenvectorPlane(theta, hessianEigenpairs(network.architecture, theta, data), spec.i, spec.j);
      return { u: p.u, v: p.v, axes: [describeAxis(p.uInfo, null), describeAxis(p.vInfo, null)] };
    }
    case 'random': {
      const p = filterNormalizedPlane(network.architecture, theta, spec.seed, { bias: spec.bias });
      return { u: p.u, v: p.v, axes: [describeAxis(p.uInfo, null), describeAxis(p.vInfo, null)] };
    }
    case 'pca': {
      spec.points.forEach((x, t) => checkLength(`points[${t}]`, x, P));
      const p = trajectoryPca(spec.points);
      return { u: p.u, v: p.v, axes: [describeAxis(p.uInfo, null), describeAxis(p.vInfo, null)] };
    }
    case 'three-point': {
      checkLength('points[0]', spec.a, P);
      checkLength('points[1]', spec.b, P);
      const p = threePointPlane([theta, spec.a, spec.b], 0);
      return { u: p.u, v: p.v, axes: [describeAxis(p.uInfo, null), describeAxis(p.vInfo, null)] };
    }
    case 'explicit': {
      checkLength('u', spec.u, P);
      checkLength('v', spec.v, P);
      const given = (x: Float64Array, name: string): AxisDescription => ({
        kind: 'explicit',
        label: `${name} (given)`,
        eigenvalue: null,
        eigenIndex: null,
        explainedVariance: null,
        norm: euclidean(x),
      });
      return { u: spec.u, v: spec.v, axes: [given(spec.u, 'u'), given(spec.v, 'v')] };
    }
  }
}
