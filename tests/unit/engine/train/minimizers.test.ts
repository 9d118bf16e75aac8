import { describe, expect, it } from 'vitest';
import { eigh } from '../../../../native-workers/engine/linalg/eigh';
import { lbfgs } from '../../../../native-workers/engine/train/lbfgs';
import { trustRegionNewton, trustRegionStep } from '../../../../native-workers/engine/train/trustRegion';
import { banana, diagonalQuadratic } from './objectives';

function model(H: Float64Array, g: Float64Array, p: Float64Array): number {
  const n = g.length;
  let m = 0;
  for (let i = 0; i < n; i++) {
    m += g[i] * p[i];
    for (let j = 0; j < n; j++) m += 0.5 * p[i] * H[i * n + j] * p[j];
  }
  return m;
}

describe('trustRegionStep', () => {
  const H = Float64Array.from([2, 1, 0, 1, -1, 0.5, 0, 0.5, 0.3]);
  const g = Float64Array.of(0.3, -0.2, 0.1);
  const e = eigh(H, 3, { vectors: true });

  for (const radius of [0.05, 0.5, 3]) {
    it(`radius ${radius}: beats every sampled point of the ball and sits on the boundary (indefinite H)`, () => {
      const s = trustRegionStep(e.values, e.vectors!, g, radius);
      const norm = Math.hypot(...s.step);
      expect(norm).toBeCloseTo(radius, 8);
      const m = model(H, g, s.step);
      expect(s.predicted).toBeCloseTo(-m, 12);
      // Dense sampling of the sphere and interior: nothing does better than the exact solution.
      for (let a = 0; a < 40; a++)
        for (let b = 0; b < 20; b++)
          for (const r of [0.3, 0.7, 1]) {
            const th = (Math.PI * (b + 0.5)) / 20;
            const ph = (2 * Math.PI * a) / 40;
            const p = Float64Array.of(Math.sin(th) * Math.cos(ph), Math.sin(th) * Math.sin(ph), Math.cos(th)).map((v) => v * r * radius);
            expect(model(H, g, p)).toBeGreaterThanOrEqual(m - 1e-12);
          }
    });
  }

  it('takes the Newton step when H is positive definite and the step fits', () => {
    const Hp = Float64Array.from([3, 1, 1, 2]);
    const gp = Float64Array.of(1, -1);
    const ep = eigh(Hp, 2, { vectors: true });
    const s = trustRegionStep(ep.values, ep.vectors!, gp, 10);
    expect(s.newton).toBe(true);
    // H p = −g
    expect(3 * s.step[0] + s.step[1]).toBeCloseTo(-1, 12);
    expect(s.step[0] + 2 * s.step[1]).toBeCloseTo(1, 12);
  });

  it('hard case: g ⟂ the negative-curvature eigenvector still yields a boundary step along it', () => {
    const Hh = Float64Array.from([-1, 0, 0, 2]);
    const gh = Float64Array.of(0, 1);
    const eh = eigh(Hh, 2, { vectors: true });
    const s = trustRegionStep(eh.values, eh.vectors!, gh, 1);
    expect(Math.hypot(...s.step)).toBeCloseTo(1, 10);
    expect(Math.abs(s.step[0])).toBeGreaterThan(0.5);
    expect(model(Hh, gh, s.step)).toBeLessThan(model(Hh, gh, Float64Array.of(0, -1 / 3)));
  });
});

describe('minimizers', () => {
  it("trust-region Newton solves Rosenbrock's banana to 1e-25 from (−1.2, 1)", () => {
    const r = trustRegionNewton(banana(), Float64Array.of(-1.2, 1));
    expect(r.stoppedBy).toBe('loss-target');
    expect(r.loss).toBeLessThan(1e-25);
    expect(r.theta[0]).toBeCloseTo(1, 10);
    expect(r.theta[1]).toBeCloseTo(1, 10);
    expect(r.steps).toBeLessThan(60);
  });

  it('trust-region Newton leaves a saddle along negative curvature', () => {
    // L = ½(x² − y²) + y⁴/4 has a saddle at 0 and minima at y = ±1.
    const obj = {
      dimension: 2,
      smooth: true,
      counts: { loss: 0, gradient: 0, hessian: 0 },
      loss: (v: Float64Array) => 0.5 * (v[0] ** 2 - v[1] ** 2) + v[1] ** 4 / 4,
      lossAndGradient(v: Float64Array, g: Float64Array) {
        g[0] = v[0];
        g[1] = -v[1] + v[1] ** 3;
        return 0.5 * (v[0] ** 2 - v[1] ** 2) + v[1] ** 4 / 4;
      },
      hessian: (v: Float64Array) => Float64Array.of(1, 0, 0, -1 + 3 * v[1] ** 2),
    };
    const r = trustRegionNewton(obj, Float64Array.of(0.5, 0), { lossTarget: -Infinity, gradFloor: 1e-14 });
    expect(Math.abs(r.theta[1])).toBeCloseTo(1, 10);
    expect(r.loss).toBeCloseTo(-0.25, 12);
  });

  it('L-BFGS solves the banana and a badly scaled quadratic', () => {
    const r = lbfgs(banana(), Float64Array.of(-1.2, 1), { lossTarget: 1e-20 });
    expect(r.stoppedBy).toBe('loss-target');
    expect(r.theta[0]).toBeCloseTo(1, 8);
    const q = lbfgs(diagonalQuadratic([1e-3, 1, 10, 1e3]), Float64Array.of(1, 1, 1, 1), { lossTarget: 1e-25 });
    expect(q.stoppedBy).toBe('loss-target');
    expect(q.steps).toBeLessThan(200);
  });
});
