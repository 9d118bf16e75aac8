import { describe, expect, it } from 'vitest';
import {
  escapeCurvaturePlane,
  eigenvectorPlane,
  hessianEigenpairs,
} from '../../../../native-workers/engine/landscape/directions/hessianDirections';
import { projectOntoPlane, projectTrajectory } from '../../../../native-workers/engine/landscape/directions/projection';
import { threePointPlane } from '../../../../native-workers/engine/landscape/directions/threePointPlane';
import { trajectoryPca } from '../../../../native-workers/engine/landscape/directions/trajectoryPca';
import { planeGrid } from '../../../../native-workers/engine/landscape/planeGrid';
import { twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import { loss } from '../../../../native-workers/engine/derivatives/loss';
import { lcg, planeCase, randomVector } from './fixtures';

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: Float64Array) => Math.sqrt(dot(a, a));
const axpy = (a: Float64Array, t: number, d: Float64Array) => a.map((x, i) => x + t * d[i]);

describe('Hessian directions', () => {
  // A smooth (softplus) net at a random point: the Hessian has negative eigenvalues.
  const c = planeCase(twoLayerArchitecture(2, 4, 1, 'softplus'), 60, 13);
  const eig = hessianEigenpairs(c.architecture, c.theta0, c.data);
  /** d²/dt² L(θ₀ + t·d) at 0 by central differences of the loss alone. */
  const curvature = (d: Float64Array, h = 1e-4) =>
    (loss(c.architecture, axpy(c.theta0, h, d), c.data) - 2 * loss(c.architecture, c.theta0, c.data) + loss(c.architecture, axpy(c.theta0, -h, d), c.data)) /
    (h * h);

  it('escape = most negative curvature, curvature = largest, as unit vectors', () => {
    const plane = escapeCurvaturePlane(c.theta0, eig);
    expect(plane.uInfo).toMatchObject({ kind: 'eigenvector', index: 0 });
    expect(plane.vInfo).toMatchObject({ kind: 'eigenvector', index: eig.n - 1 });
    const lMin = plane.uInfo.kind === 'eigenvector' ? plane.uInfo.eigenvalue : Number.NaN;
    const lMax = plane.vInfo.kind === 'eigenvector' ? plane.vInfo.eigenvalue : Number.NaN;
    expect(lMin).toBeLessThan(0);
    expect(norm(plane.u)).toBeCloseTo(1, 12);
    expect(Math.abs(dot(plane.u, plane.v))).toBeLessThan(1e-12);
    const scale = Math.max(Math.abs(lMin), Math.abs(lMax));
    expect(Math.abs(curvature(plane.u) - lMin)).toBeLessThan(1e-5 * scale);
    expect(Math.abs(curvature(plane.v) - lMax)).toBeLessThan(1e-5 * scale);
    // No random direction curves down more steeply, or up more steeply.
    const rand = lcg(3);
    for (let t = 0; t < 10; t++) {
      const d = randomVector(eig.n, rand);
      const unit = d.map((x) => x / norm(d));
      const q = curvature(unit);
      expect(q).toBeGreaterThanOrEqual(lMin - 1e-5 * scale);
      expect(q).toBeLessThanOrEqual(lMax + 1e-5 * scale);
    }
  });

  it('the loss grid on the escape/curvature plane bends with the two eigenvalues', () => {
    const plane = escapeCurvaturePlane(c.theta0, eig);
    const h = 1e-3;
    const grid = planeGrid(c.architecture, plane.origin, plane.u, plane.v, c.data, { alphaRange: [-h, h], betaRange: [-h, h], resolution: 3 });
    const center = grid[4];
    const alongAlpha = (grid[3] - 2 * center + grid[5]) / (h * h);
    const alongBeta = (grid[1] - 2 * center + grid[7]) / (h * h);
    expect(alongAlpha).toBeCloseTo(eig.values[0], 4);
    expect(alongBeta).toBeCloseTo(eig.values[eig.n - 1], 3);
  });

  it('any two eigenvectors, with a reproducible sign; equal indices are refused', () => {
    const a = eigenvectorPlane(c.theta0, eig, 2, 5);
    const b = eigenvectorPlane(c.theta0, eig, 2, 5);
    expect(Array.from(a.u)).toEqual(Array.from(b.u));
    let big = 0;
    a.u.forEach((x, i) => (Math.abs(x) > Math.abs(a.u[big]) ? (big = i) : 0));
    expect(a.u[big]).toBeGreaterThan(0);
    expect(() => eigenvectorPlane(c.theta0, eig, 3, 3)).toThrow(/must differ/);
    expect(() => eigenvectorPlane(c.theta0, eig, 0, eig.n)).toThrow(/out of range/);
  });
});

describe('three-point plane', () => {
  const rand = lcg(8);
  const pts = [randomVector(9, rand), randomVector(9, rand), randomVector(9, rand)] as [Float64Array, Float64Array, Float64Array];

  it.each([0, 1, 2] as const)('origin %i: orthonormal axes and in-plane coordinates that reproduce all three points', (o) => {
    const plane = threePointPlane(pts, o);
    expect(norm(plane.u)).toBeCloseTo(1, 14);
    expect(norm(plane.v)).toBeCloseTo(1, 14);
    expect(Math.abs(dot(plane.u, plane.v))).toBeLessThan(1e-15);
    expect(plane.coordinates[o]).toEqual([0, 0]);
    plane.coordinates.forEach(([a, b], i) => {
      const rebuilt = plane.origin.map((x, k) => x + a * plane.u[k] + b * plane.v[k]);
      rebuilt.forEach((x, k) => expect(x).toBeCloseTo(pts[i][k], 12));
      const p = projectOntoPlane(plane.origin, plane.u, plane.v, pts[i]);
      expect(p.offPlane).toBeLessThan(1e-12);
    });
  });

  it('refuses collinear or coincident points', () => {
    const a = pts[0];
    const b = pts[1];
    const mid = a.map((x, i) => 0.3 * x + 0.7 * b[i]);
    expect(() => threePointPlane([a, b, mid])).toThrow(/collinear/);
    expect(() => threePointPlane([a, a.slice(), b])).toThrow(/coincide/);
  });
});

describe('projection onto a plane', () => {
  it('recovers (α, β) and the off-plane distance for a non-orthonormal basis', () => {
    const rand = lcg(2);
    const P = 7;
    const origin = randomVector(P, rand);
    const u = randomVector(P, rand);
    const v = randomVector(P, rand);
    // w ⟂ u, v by Gram–Schmidt against an orthonormal basis of span{u, v}.
    const e1 = u.map((x) => x / norm(u));
    const v2 = axpy(v, -dot(v, e1), e1);
    const e2 = v2.map((x) => x / norm(v2));
    let w = randomVector(P, rand);
    w = axpy(w, -dot(w, e1), e1);
    w = axpy(w, -dot(w, e2), e2);
    const point = origin.map((x, i) => x + 0.7 * u[i] - 1.9 * v[i] + w[i]);
    const p = projectOntoPlane(origin, u, v, point);
    expect(p.alpha).toBeCloseTo(0.7, 12);
    expect(p.beta).toBeCloseTo(-1.9, 12);
    expect(p.offPlane).toBeCloseTo(norm(w), 12);
    const t = projectTrajectory(origin, u, v, [origin, point]);
    expect(Array.from(t.alpha)).toEqual([0, p.alpha]);
    expect(t.offPlane[1]).toBe(p.offPlane);
    expect(() => projectOntoPlane(origin, u, u.map((x) => 2 * x), point)).toThrow(/parallel/);
  });
});

describe('trajectory PCA', () => {
  /** A trajectory in the plane spanned by e1, e2 (variance mostly along e1) plus tiny noise elsewhere. */
  function planarTrajectory(P: number, T: number) {
    const rand = lcg(17);
    const mean = randomVector(P, rand);
    const e1 = new Float64Array(P);
    const e2 = new Float64Array(P);
    e1[1] = 1;
    e2[P - 1] = 1;
    const points: Float64Array[] = [];
    for (let t = 0; t < T; t++) {
      const s = t / (T - 1);
      const p = mean.map((x) => x + 1e-6 * (2 * rand() - 1));
      p[1] = p[1] + 3 * (s - 0.5);
      p[P - 1] = p[P - 1] + 0.5 * Math.sin(Math.PI * s);
      points.push(p);
    }
    return { points, e1, e2 };
  }

  it.each([
    ['more points than parameters (covariance route)', 6, 40],
    ['fewer points than parameters (Gram route)', 50, 12],
  ])('%s: finds the plane, the explained variance and orients time along +u', (_n, P, T) => {
    const { points, e1, e2 } = planarTrajectory(P, T);
    const pca = trajectoryPca(points);
    expect(Math.abs(dot(pca.u, e1))).toBeCloseTo(1, 6);
    expect(Math.abs(dot(pca.v, e2))).toBeCloseTo(1, 6);
    expect(pca.explainedVariance[0] + pca.explainedVariance[1]).toBeCloseTo(1, 8);
    // Independent: the variances of the coordinates themselves.
    const xs = points.map((p) => p[1]);
    const ys = points.map((p) => p[P - 1]);
    const variance = (a: number[]) => {
      const m = a.reduce((s, x) => s + x, 0) / a.length;
      return a.reduce((s, x) => s + (x - m) ** 2, 0);
    };
    const vx = variance(xs);
    const vy = variance(ys);
    expect(pca.explainedVariance[0]).toBeCloseTo(vx / (vx + vy), 6);
    const forward = points[T - 1].map((x, i) => x - points[0][i]);
    expect(dot(pca.u, forward)).toBeGreaterThan(0);
    expect(Array.from(pca.origin)).toEqual(Array.from(points[T - 1]));
    expect(pca.uInfo).toMatchObject({ kind: 'pca', component: 0 });
  });

  it('thins long trajectories and refuses degenerate ones', () => {
    const { points } = planarTrajectory(5, 1000);
    expect(trajectoryPca(points, { maxPoints: 100 }).pointsUsed).toBe(100);
    const same = Array.from({ length: 5 }, () => new Float64Array(4).fill(1));
    expect(() => trajectoryPca(same)).toThrow(/no variance/);
    expect(() => trajectoryPca(points.slice(0, 2))).toThrow(/at least 3 points/);
  });
});
