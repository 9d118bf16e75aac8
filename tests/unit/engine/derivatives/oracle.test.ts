/** The PyTorch 1.13 float64 oracle cases in <repo>/../shared/fixtures/oracle. */
import { describe, expect, it } from 'vitest';
import { hessian } from '../../../../native-workers/engine/derivatives/hessian';
import { eigh } from '../../../../native-workers/engine/linalg/eigh';
import { parameterCount } from '../../../../native-workers/engine/core/layout';
import { createLossEvaluator, type LossKernel } from '../../../../native-workers/engine/derivatives/loss';
import { loadOracleCase, oracleCaseNames } from '../../helpers/oracle';

const names = oracleCaseNames();

describe('PyTorch oracle cases', () => {
  it('are all present', () => {
    expect(names).toEqual(['case00', 'case01', 'case02', 'case03', 'case04', 'case05']);
  });

  for (const name of names) {
    it(`${name}: loss and ‖∇L‖ to 1e-12 relative, every kernel`, () => {
      const { network, data, expected } = loadOracleCase(name);
      const P = parameterCount(network.architecture);
      expect(P).toBe(expected.parameterCount);
      const kernels: LossKernel[] = ['general'];
      const auto = createLossEvaluator(network.architecture, data);
      if (auto.kernel !== 'general') kernels.push('scalar');
      if (auto.kernel === 'wasm') kernels.push('wasm');
      for (const kernel of kernels) {
        const ev = createLossEvaluator(network.architecture, data, { kernel });
        const grad = new Float64Array(P);
        const L = ev.lossAndGradient(network.theta, grad);
        const gradNorm = Math.hypot(...grad);
        expect(Math.abs(L - expected.loss) / expected.loss, `${kernel} loss`).toBeLessThan(1e-12);
        expect(Math.abs(gradNorm - expected.gradNorm) / expected.gradNorm, `${kernel} gradNorm`).toBeLessThan(1e-12);
      }
    });

    it(`${name}: every Hessian eigenvalue within 1e-9·max|λ|`, () => {
      const { network, data, expected } = loadOracleCase(name);
      const P = expected.parameterCount;
      const H = hessian(network.architecture, network.theta, data);
      const { values } = eigh(H, P);
      const want = expected.eigenvalues;
      expect(values.length).toBe(want.length);
      const scale = Math.max(...want.map(Math.abs));
      want.forEach((w, k) => expect(Math.abs(values[k] - w), `λ${k}`).toBeLessThan(1e-9 * scale));
      const fromHvp = eigh(hessian(network.architecture, network.theta, data, { kernel: 'hvp' }), P).values;
      want.forEach((w, k) => expect(Math.abs(fromHvp[k] - w), `hvp λ${k}`).toBeLessThan(1e-9 * scale));
    });
  }
});
