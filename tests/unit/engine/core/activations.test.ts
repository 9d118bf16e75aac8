import { describe, expect, it } from 'vitest';
import { applyActivation } from '../../../../native-workers/engine/core/activationArrays';
import { activation, ActivationError, ACTIVATIONS } from '../../../../native-workers/engine/core/activations';
import { erf, erfc, normalCdf, normalPdf } from '../../../../native-workers/engine/core/special';
import type { ActivationName } from '../../../../native-workers/engine/core/types';
import { ACTIVATION_REFERENCE, ERF_REFERENCE, ERFC_REFERENCE, NORMAL_CDF_REFERENCE } from './activationReference';

function relErr(got: number, want: number): number {
  if (got === want) return 0;
  return Math.abs(got - want) / Math.abs(want);
}

describe('special functions against mpmath', () => {
  it('erf has relative error ≤ 1e-15, including the interval breaks of Cody’s approximation', () => {
    for (const [x, want] of ERF_REFERENCE) expect(relErr(erf(x), want), `erf(${x})`).toBeLessThanOrEqual(1e-15);
    expect(erf(0)).toBe(0);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(NaN)).toBeNaN();
  });

  it('erfc keeps full relative accuracy deep in the tail', () => {
    for (const [x, want] of ERFC_REFERENCE) expect(relErr(erfc(x), want), `erfc(${x})`).toBeLessThanOrEqual(2e-15);
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
  });

  it('normal CDF is accurate in the lower tail (no 1 − Φ cancellation)', () => {
    for (const [x, want] of NORMAL_CDF_REFERENCE) expect(relErr(normalCdf(x), want), `Φ(${x})`).toBeLessThanOrEqual(2e-15);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 16);
  });
});

describe('activations: f, d1, d2 against mpmath reference values', () => {
  for (const [name, rows] of Object.entries(ACTIVATION_REFERENCE)) {
    it(name, () => {
      const act = activation(name as ActivationName);
      for (const [x, f, d1, d2] of rows) {
        for (const [label, got, want] of [
          ['f', act.f(x), f],
          ['d1', act.d1(x), d1],
          ['d2', act.d2(x), d2],
        ] as const) {
          if (want === 0) expect(Math.abs(got), `${name}.${label}(${x})`).toBeLessThan(1e-300);
          else expect(relErr(got, want), `${name}.${label}(${x})`).toBeLessThanOrEqual(4e-15);
        }
      }
    });
  }
});

describe('activations: derivatives against central finite differences', () => {
  const grid: number[] = [];
  for (let x = -6; x <= 6; x += 0.37) grid.push(x);
  grid.push(-25, -12, 12, 25);

  for (const name of ACTIVATIONS) {
    it(name, () => {
      const act = activation(name);
      for (const x of grid) {
        if (name === 'relu' && Math.abs(x) < 1e-3) continue;
        const h = 1e-5 * Math.max(1, Math.abs(x));
        const fd1 = (act.f(x + h) - act.f(x - h)) / (2 * h);
        const fd2 = (act.d1(x + h) - act.d1(x - h)) / (2 * h);
        const scale1 = Math.max(Math.abs(act.d1(x)), 1e-12 * Math.max(1, Math.abs(act.f(x))));
        expect(Math.abs(fd1 - act.d1(x)), `${name}.d1(${x})`).toBeLessThanOrEqual(1e-7 * Math.max(scale1, 1e-300) + 1e-10);
        expect(Math.abs(fd2 - act.d2(x)), `${name}.d2(${x})`).toBeLessThanOrEqual(1e-7 * Math.max(Math.abs(act.d2(x)), 1) + 1e-9);
      }
    });
  }

  it('tail derivatives keep their relative accuracy (FD in the far tails)', () => {
    for (const name of ['softplus', 'sigmoid', 'normal_cdf', 'gelu', 'g'] as const) {
      const act = activation(name);
      for (const x of [-30, -20, -9]) {
        const h = 1e-6;
        const fd1 = (act.f(x + h) - act.f(x - h)) / (2 * h);
        const fd2 = (act.d1(x + h) - act.d1(x - h)) / (2 * h);
        expect(relErr(act.d1(x), fd1), `${name}.d1(${x})`).toBeLessThan(1e-6);
        expect(relErr(act.d2(x), fd2), `${name}.d2(${x})`).toBeLessThan(1e-6);
      }
    }
  });
});

describe('activation conventions and stability', () => {
  it('relu: inactive at 0, no curvature', () => {
    const relu = activation('relu');
    expect(relu.f(0)).toBe(0);
    expect(relu.d1(0)).toBe(0);
    expect(relu.d1(1e-300)).toBe(1);
    expect(relu.d1(-1e-300)).toBe(0);
    expect(relu.d2(2)).toBe(0);
  });

  it('softplus, sigmoid and tanh stay finite and exact at |x| = 1e4', () => {
    const sp = activation('softplus');
    const sg = activation('sigmoid');
    const th = activation('tanh');
    expect(sp.f(1e4)).toBe(1e4);
    expect(sp.f(-1e4)).toBe(0);
    expect(sp.d1(-1e4)).toBe(0);
    expect(sp.d2(1e4)).toBe(0);
    expect(sg.f(1e4)).toBe(1);
    expect(sg.d2(-1e4)).toBe(0);
    expect(th.d1(1e4)).toBe(0);
    for (const act of [sp, sg, th, activation('gelu'), activation('normal_cdf'), activation('g')]) {
      for (const x of [-1e4, -800, 800, 1e4]) {
        expect(Number.isFinite(act.f(x)) && Number.isFinite(act.d1(x)) && Number.isFinite(act.d2(x)), `${act.name}(${x})`).toBe(true);
      }
    }
  });

  it('g(x) = σ(4x) + softplus(x) and square(x) = x²/2', () => {
    const g = activation('g');
    const x = 0.3;
    expect(g.f(x)).toBeCloseTo(1 / (1 + Math.exp(-4 * x)) + Math.log1p(Math.exp(x)), 15);
    const sq = activation('square');
    expect([sq.f(3), sq.d1(3), sq.d2(3)]).toEqual([4.5, 3, 1]);
  });

  it('the array kernels reproduce the scalar definitions', () => {
    const xs = Float64Array.from({ length: 121 }, (_, i) => -30 + 0.5 * i);
    for (const name of ACTIVATIONS) {
      const act = activation(name);
      const f = new Float64Array(xs.length);
      const d1 = new Float64Array(xs.length);
      const d2 = new Float64Array(xs.length);
      applyActivation(name, xs, xs.length, f, d1, d2);
      xs.forEach((x, i) => {
        for (const [got, want] of [
          [f[i], act.f(x)],
          [d1[i], act.d1(x)],
          [d2[i], act.d2(x)],
        ] as const) {
          expect(Math.abs(got - want), `${name}(${x})`).toBeLessThanOrEqual(4e-16 * Math.abs(want));
        }
      });
    }
    const z = Float64Array.from([-1, 2]);
    applyActivation('relu', z, 2, z); // in place
    expect(Array.from(z)).toEqual([0, 2]);
  });

  it('rejects unknown names', () => {
    expect(() => activation('swish' as ActivationName)).toThrow(ActivationError);
    expect(() => activation('swish' as ActivationName)).toThrow(/unknown activation "swish"/);
    expect(() => applyActivation('swish' as ActivationName, new Float64Array(1), 1, null)).toThrow(ActivationError);
  });
});
