import { describe, expect, it } from 'vitest';
import { HvpEngine } from '../../../../native-workers/engine/derivatives/hvp';
import { lossAndGradient } from '../../../../native-workers/engine/derivatives/loss';
import type { Architecture } from '../../../../native-workers/engine/core/types';
import { lcg, maxAbs, maxAbsDiff, mlp, randomProblem, uniformVector } from '../../helpers/randomNetwork';

// Block HVPs (HvpEngine.applyBlock): b directions with the first layer's products stacked.
const architectures: [string, Architecture][] = [
  ['1 layer tanh output (L = 1)', mlp([4, 3], [], true, 'tanh')],
  ['2 layers tanh, wide input', mlp([12, 6, 3], ['tanh'])],
  ['3 hidden (tanh, sigmoid, softplus), partial bias', mlp([5, 4, 3, 3, 2], ['tanh', 'sigmoid', 'softplus'], [false, true, false, true])],
];

describe('block Hessian-vector products', () => {
  architectures.forEach(([label, arch], i) => {
    for (const products of ['wasm', 'scalar'] as const) {
      it(`${label} (${products}): each row equals a single apply and central differences of the gradient`, () => {
        const p = randomProblem(arch, 37, 80 + i);
        const P = p.theta.length;
        const b = 3;
        const engine = new HvpEngine(p.architecture, p.data, { block: b, products });
        const single = new HvpEngine(p.architecture, p.data, { products: 'scalar' });
        engine.prepare(p.theta);
        single.prepare(p.theta);
        const rand = lcg(5 + i);
        const V = new Float64Array(b * P);
        for (let j = 0; j < b; j++) V.set(uniformVector(P, rand), j * P);
        const out = new Float64Array(b * P).fill(Number.NaN); // every entry must be written
        engine.applyBlock(V, out, b);
        for (let j = 0; j < b; j++) {
          const v = V.subarray(j * P, (j + 1) * P);
          const got = out.subarray(j * P, (j + 1) * P);
          const ref = new Float64Array(P);
          single.apply(v, ref);
          expect(maxAbs(ref)).toBeGreaterThan(1e-3);
          expect(maxAbsDiff(got, ref)).toBeLessThan(1e-13 * maxAbs(ref));
          const h = 1e-5;
          const gp = new Float64Array(P);
          const gm = new Float64Array(P);
          lossAndGradient(p.architecture, p.theta.map((t, k) => t + h * v[k]), p.data, gp);
          lossAndGradient(p.architecture, p.theta.map((t, k) => t - h * v[k]), p.data, gm);
          const fd = gp.map((g, k) => (g - gm[k]) / (2 * h));
          expect(maxAbsDiff(got, fd)).toBeLessThan(1e-6 * maxAbs(ref));
        }
        // Fewer rows than the block: the first `count` rows only, the rest untouched.
        const partial = new Float64Array(b * P);
        engine.applyBlock(V, partial, 2);
        expect(maxAbsDiff(partial.subarray(0, 2 * P), out.subarray(0, 2 * P))).toBeLessThan(1e-15 * maxAbs(out));
        expect(maxAbs(partial.subarray(2 * P))).toBe(0);
      });
    }
  });

  it('rejects a block larger than the engine was built for, and non-finite directions', () => {
    const p = randomProblem(mlp([3, 4, 1], ['tanh']), 9, 4);
    const P = p.theta.length;
    const engine = new HvpEngine(p.architecture, p.data, { block: 2 });
    engine.prepare(p.theta);
    expect(() => engine.applyBlock(new Float64Array(3 * P), new Float64Array(3 * P), 3)).toThrow(/count must be a whole number in \[1, 2\]/);
    const V = new Float64Array(2 * P);
    V[P + 1] = Number.NaN;
    expect(() => engine.applyBlock(V, new Float64Array(2 * P), 2)).toThrow(/V\[1\] has a non-finite entry at index 1/);
    expect(() => new HvpEngine(p.architecture, p.data, { block: 0 })).toThrow(/block must be/);
  });
});
