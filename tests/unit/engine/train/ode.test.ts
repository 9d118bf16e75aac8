import { describe, expect, it } from 'vitest';
import { DormandPrince } from '../../../../native-workers/engine/train/dopri5';
import { gradientFlow } from '../../../../native-workers/engine/train/flow';
import { Rodas4, type FlowField } from '../../../../native-workers/engine/train/rodas4';
import { diagonalQuadratic, quartic } from './objectives';

// y' = −y³, y(0) = 1: y(t) = 1/√(1 + 2t).
const field: FlowField = (y, out) => {
  out[0] = -(y[0] ** 3);
  return y[0] ** 4 / 4;
};
const exact = (t: number): number => 1 / Math.sqrt(1 + 2 * t);

function rodasFixed(h: number, T: number): { value: number; maxErrEstimate: number } {
  const r = new Rodas4(1);
  let y = Float64Array.of(1);
  const f = new Float64Array(1);
  const yNew = new Float64Array(1);
  const err = new Float64Array(1);
  let maxErrEstimate = 0;
  for (let t = 0; t < T - 1e-12; t += h) {
    field(y, f);
    r.factor(Float64Array.of(3 * y[0] ** 2), h);
    r.step(field, y, f, h, yNew, err);
    maxErrEstimate = Math.max(maxErrEstimate, Math.abs(err[0]));
    y = Float64Array.from(yNew);
  }
  return { value: y[0], maxErrEstimate };
}

function dopriFixed(h: number, T: number): number {
  const s = new DormandPrince(1);
  let y = Float64Array.of(1);
  let f = new Float64Array(1);
  field(y, f);
  const yNew = new Float64Array(1);
  const fNew = new Float64Array(1);
  const err = new Float64Array(1);
  for (let t = 0; t < T - 1e-12; t += h) {
    s.step(field, y, f, h, yNew, err, fNew);
    y = Float64Array.from(yNew);
    f = Float64Array.from(fNew);
  }
  return y[0];
}

describe('RODAS4 step', () => {
  it('converges with order 4 on a nonlinear ODE; its error estimate shrinks like h⁴', () => {
    const T = 2;
    const e1 = Math.abs(rodasFixed(0.1, T).value - exact(T));
    const e2 = Math.abs(rodasFixed(0.05, T).value - exact(T));
    const e3 = Math.abs(rodasFixed(0.025, T).value - exact(T));
    expect(Math.log2(e1 / e2)).toBeGreaterThan(3.6);
    expect(Math.log2(e2 / e3)).toBeGreaterThan(3.7);
    const est1 = rodasFixed(0.02, 0.02).maxErrEstimate;
    const est2 = rodasFixed(0.01, 0.01).maxErrEstimate;
    expect(Math.log2(est1 / est2)).toBeGreaterThan(3.7);
  });

  it('is L-stable: a huge step on a stiff linear mode returns (almost) its equilibrium', () => {
    const r = new Rodas4(2);
    const a = [1, 1e12];
    const lin: FlowField = (y, out) => {
      out[0] = -a[0] * y[0];
      out[1] = -a[1] * y[1];
      return 0;
    };
    const y = Float64Array.of(1, 1);
    const f = new Float64Array(2);
    lin(y, f);
    const yNew = new Float64Array(2);
    const err = new Float64Array(2);
    r.factor(Float64Array.of(1, 0, 0, 1e12), 0.01);
    r.step(lin, y, f, 0.01, yNew, err);
    expect(yNew[0]).toBeCloseTo(Math.exp(-0.01), 9);
    // R(z) → 0 like 1/z: at hλ = 1e10 the stiff mode is damped to ~1e-9.
    expect(Math.abs(yNew[1])).toBeLessThan(1e-8);
  });
});

describe('Dormand–Prince step', () => {
  it('converges with order 5', () => {
    const T = 2;
    const e1 = Math.abs(dopriFixed(0.2, T) - exact(T));
    const e2 = Math.abs(dopriFixed(0.1, T) - exact(T));
    expect(Math.log2(e1 / e2)).toBeGreaterThan(4.6);
  });
});

describe('gradientFlow', () => {
  for (const solver of ['rosenbrock', 'dopri5'] as const) {
    it(`${solver}: follows the exact flow of a diagonal quadratic with per-parameter time scales`, () => {
      const a = [1, 3, 0.2];
      const s = Float64Array.of(1, 0.5, 2);
      const y0 = Float64Array.of(1, -2, 0.5);
      const T = 3;
      const r = gradientFlow(diagonalQuadratic(a), y0, { solver, maxTime: T, timeScale: s, relTol: 1e-8, absTol: 1e-10 });
      expect(r.stoppedBy).toBe('max-time');
      expect(r.time).toBeCloseTo(T, 12);
      for (let i = 0; i < 3; i++) expect(r.finalTheta[i]).toBeCloseTo(y0[i] * Math.exp(-s[i] * a[i] * T), 6);
      // Trajectory snapshots are exact-flow points too.
      const traj = r.trajectory;
      expect(traj.times[0]).toBe(0);
      expect(traj.times[traj.times.length - 1]).toBeCloseTo(T, 12);
      traj.times.forEach((t, k) => {
        for (let i = 0; i < 3; i++) expect(traj.thetas[k][i]).toBeCloseTo(y0[i] * Math.exp(-s[i] * a[i] * t), 5);
      });
    });
  }

  it('rosenbrock reaches the bottom of a stiff quadratic (condition 1e8) in few steps and stops at the loss target', () => {
    const r = gradientFlow(diagonalQuadratic([1e-2, 1, 1e6]), Float64Array.of(1, 1, 1), { maxSteps: 500 });
    expect(r.stoppedBy).toBe('loss-target');
    expect(r.loss).toBeLessThan(1e-25);
    expect(r.steps).toBeLessThan(300);
  });

  it('tracks the nonlinear flow y = y₀/√(1+2y₀²t) with adaptive steps', () => {
    const r = gradientFlow(quartic(1), Float64Array.of(1), { maxTime: 10, relTol: 1e-9, absTol: 1e-12 });
    expect(r.finalTheta[0]).toBeCloseTo(exact(10), 7);
  });

  it('polls shouldStop and reports progress', () => {
    let polls = 0;
    const fractions: number[] = [];
    const r = gradientFlow(quartic(2), Float64Array.of(1, 2), {
      maxTime: 1e6,
      shouldStop: () => ++polls >= 20,
      onProgress: (fraction) => fractions.push(fraction),
      progressEvery: 5,
    });
    expect(r.stoppedBy).toBe('stopped');
    expect(r.steps).toBe(19);
    expect(fractions.length).toBeGreaterThan(2);
    fractions.forEach((f) => expect(f).toBeGreaterThanOrEqual(0));
  });
});
