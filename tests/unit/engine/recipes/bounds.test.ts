import { describe, expect, it } from 'vitest';
import { FAILURE_MODELS, logFailureBound } from '../../../../native-workers/engine/recipes';

const C = (n: number, k: number) => {
  let v = 1;
  for (let i = 1; i <= k; i++) v = (v * (n - k + i)) / i;
  return Math.round(v);
};

/** The models of eqs. 5, 13–16 evaluated directly in doubles (where they do not underflow). */
function direct(model: string, p0: number, m: number, r: number, d: number): number {
  switch (model) {
    case 'subnetworksNodes':
      return p0 ** C(m, r);
    case 'subnetworksEdges':
      return p0 ** C(m * d, r * d);
    case 'withoutReplacement':
      return Math.max(0, 1 - (1 - p0) * C(m, r));
    case 'disjoint':
      return p0 ** Math.floor(m / r);
    case 'disjointContinuous':
      return p0 ** (m / r);
    default: {
      const s = (1 - p0) ** (1 / r);
      let sum = 0;
      for (let k = 0; k < r; k++) sum += C(m, k) * s ** k * (1 - s) ** (m - k);
      return sum;
    }
  }
}

describe('failure models in log space (eq. 5, App. C eqs. 13–16)', () => {
  it('agree with direct evaluation where doubles do not underflow', () => {
    for (const p0 of [0.97, 0.9, 0.75])
      for (const m of [4, 5, 6])
        for (const model of FAILURE_MODELS) {
          const want = direct(model, p0, m, 4, 3);
          const got = Math.exp(logFailureBound(model, p0, m, 4, 3));
          if (want === 0) expect(got).toBe(0);
          else expect(Math.abs(got - want) / want).toBeLessThan(1e-11);
        }
  });

  it('stay finite where p₀^C(md, rd) underflows a double', () => {
    const ln = logFailureBound('subnetworksEdges', 0.93, 7, 4, 3);
    expect(0.93 ** 293930).toBe(0);
    expect(ln).toBeCloseTo(293930 * Math.log(0.93), 6);
  });

  it('m = r reproduces p₀ for every independent-subnetwork model', () => {
    for (const model of ['subnetworksNodes', 'subnetworksEdges', 'disjoint', 'independentNodes', 'withoutReplacement'] as const)
      expect(Math.exp(logFailureBound(model, 0.9, 4, 4, 3))).toBeCloseTo(0.9, 12);
  });

  it('rejects a p₀ outside [0, 1] and m < r', () => {
    expect(() => logFailureBound('disjoint', 1.2, 5, 4, 3)).toThrow(/p₀ must be a probability/);
    expect(() => logFailureBound('disjoint', 0.5, 3, 4, 3)).toThrow(/width m must be an integer ≥ r = 4/);
  });
});
