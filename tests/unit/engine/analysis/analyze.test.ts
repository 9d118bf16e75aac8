import { describe, expect, it } from 'vitest';
import { analyzePoint, AnalysisError } from '../../../../native-workers/engine/analysis';
import { predict } from '../../../../native-workers/engine/derivatives/forward';
import { solve } from '../../../../native-workers/engine/linalg/solve';
import { loss } from '../../../../native-workers/engine/derivatives/loss';
import type { Architecture, Dataset, Network } from '../../../../native-workers/engine/core/types';
import { loadOracleCase, oracleCaseNames } from '../../helpers/oracle';

function dataset(X: number[][], Y: number[][]): Dataset {
  return { count: X.length, inputDim: X[0].length, outputDim: Y[0].length, X: Float64Array.from(X.flat()), Y: Float64Array.from(Y.flat()) };
}

const twoLayer = (d: number, m: number, act: Architecture['layers'][number]['activation'], outputBias = true): Architecture => ({
  layers: [
    { inputs: d, outputs: m, bias: true, activation: act },
    { inputs: m, outputs: 1, bias: outputBias, activation: 'identity' },
  ],
});

describe('analyzePoint against the PyTorch oracle', () => {
  for (const name of oracleCaseNames()) {
    it(`${name}: loss, ‖∇L‖ and the spectrum match; index counts negative eigenvalues`, () => {
      const { network, data, expected } = loadOracleCase(name);
      const a = analyzePoint(network, data);
      expect(a.loss).toBeCloseTo(expected.loss, 12);
      expect(Math.abs(a.loss - expected.loss)).toBeLessThanOrEqual(1e-11 * Math.abs(expected.loss));
      expect(Math.abs(a.gradNorm - expected.gradNorm)).toBeLessThanOrEqual(1e-10 * expected.gradNorm + 1e-14);
      const scale = Math.max(...expected.eigenvalues.map(Math.abs));
      expect(a.eigenvalues.length).toBe(expected.eigenvalues.length);
      expected.eigenvalues.forEach((v, i) => expect(Math.abs(a.eigenvalues[i] - v)).toBeLessThanOrEqual(1e-8 * scale));
      const negatives = expected.eigenvalues.filter((v) => v < -1e-6 * scale).length;
      expect(a.index).toBeGreaterThanOrEqual(negatives);
      expect(a.parameterCount).toBe(network.theta.length);
      // Oracle points are random, not critical.
      if (expected.gradNorm > 1e-6) expect(a.classification).toBe('not-critical');
    });
  }
});

describe('analyzePoint classification', () => {
  it('tanh net at θ = 0 with zero-mean targets correlated with x is a strict saddle; escape directions descend', () => {
    const X = [[-1], [-0.5], [0.25], [0.5], [1.5]];
    const mean = X.reduce((s, x) => s + 2 * x[0], 0) / X.length;
    const Y = X.map((x) => [2 * x[0] - mean]);
    const arch = twoLayer(1, 2, 'tanh');
    const theta = new Float64Array(7); // W(2), b(2), a(2), c
    const data = dataset(X, Y);
    const a = analyzePoint({ architecture: arch, theta }, data);
    expect(a.gradNorm).toBeLessThan(1e-15);
    expect(a.classification).toBe('strict-saddle');
    expect(a.index).toBeGreaterThan(0);
    expect(a.escapeDirections.length).toBe(a.index);
    const L0 = loss(arch, theta, data);
    for (const e of a.escapeDirections) {
      expect(e.eigenvalue).toBeLessThan(0);
      // Independent check of the curvature: central second difference of the loss along e.
      const eps = 1e-4;
      const plus = Float64Array.from(theta, (t, i) => t + eps * e.vector[i]);
      const minus = Float64Array.from(theta, (t, i) => t - eps * e.vector[i]);
      const curvature = (loss(arch, plus, data) + loss(arch, minus, data) - 2 * L0) / (eps * eps);
      expect(curvature).toBeCloseTo(e.eigenvalue, 5);
      expect(loss(arch, plus, data)).toBeLessThan(L0);
    }
  });

  it('a student equal to its teacher is a global minimum', () => {
    const arch = twoLayer(2, 3, 'softplus');
    const theta = Float64Array.from([0.3, -0.2, 1.1, 0.4, -0.7, 0.5, 0.1, -0.3, 0.2, 1.2, -0.8, 0.6, 0.05]);
    const X = [[0.1, 0.2], [-1, 0.5], [0.7, -0.3], [1.2, 1.1], [-0.4, -0.9], [0.3, 0.8]];
    const net: Network = { architecture: arch, theta };
    const Y = Array.from(predict(arch, theta, Float64Array.from(X.flat()), X.length), (v) => [v]);
    const a = analyzePoint(net, dataset(X, Y));
    expect(a.loss).toBeLessThan(1e-25);
    expect(a.classification).toBe('global-min');
  });

  it('least squares regression (one linear layer) is a certified local minimum; a duplicated input column is flat', () => {
    const xs = [-1, -0.3, 0.2, 0.9, 1.4, 2];
    const ys = [0.5, -0.1, 0.3, 1.2, 0.7, 2.5];
    // Closed-form least squares line y ≈ w x + b.
    const n = xs.length;
    const mx = xs.reduce((s, x) => s + x, 0) / n;
    const my = ys.reduce((s, y) => s + y, 0) / n;
    let sxy = 0;
    let sxx = 0;
    xs.forEach((x, i) => {
      sxy += (x - mx) * (ys[i] - my);
      sxx += (x - mx) ** 2;
    });
    const w = sxy / sxx;
    const b = my - w * mx;
    const linear: Architecture = { layers: [{ inputs: 1, outputs: 1, bias: true, activation: 'identity' }] };
    const a = analyzePoint({ architecture: linear, theta: Float64Array.from([w, b]) }, dataset(xs.map((x) => [x]), ys.map((y) => [y])));
    expect(a.classification).toBe('local-min');
    expect(a.index).toBe(0);
    expect(a.flatCount).toBe(0);
    expect(a.loss).toBeGreaterThan(0.01);

    // Same fit with the input duplicated: any split of w between the two columns fits equally.
    const twin: Architecture = { layers: [{ inputs: 2, outputs: 1, bias: true, activation: 'identity' }] };
    const t = analyzePoint({ architecture: twin, theta: Float64Array.from([w / 2, w / 2, b]) }, dataset(xs.map((x) => [x, x]), ys.map((y) => [y])));
    expect(t.classification).toBe('flat');
    expect(t.flatCount).toBe(1);
    expect(t.symmetryFlatCount).toBe(0);
  });

  it('reports dead ReLU units and counts their parameters as explained zero modes', () => {
    const arch = twoLayer(1, 2, 'relu');
    // Unit 1 has bias −100: inactive on every sample.
    const theta = Float64Array.from([1, 1, 0.5, -100, 0.7, 0.3, 0.1]);
    const data = dataset([[-1], [0.5], [1], [2]], [[0.2], [0.1], [0.9], [1.5]]);
    const a = analyzePoint({ architecture: arch, theta }, data);
    expect(a.deadUnits).toEqual([{ layer: 0, unit: 1 }]);
    // Dead unit: weight + bias + outgoing weight (3); live unit: ReLU rescaling (1).
    expect(a.symmetryFlatCount).toBe(4);
    const zeros = Array.from(a.eigenvalues).filter((v) => Math.abs(v) <= a.zeroThreshold).length;
    expect(zeros).toBeGreaterThanOrEqual(3);
  });

  it('ReLU units active on every sample act linearly: their redundancy counts as symmetry, not as flatness', () => {
    // Two always-active units (biases 10 on inputs in [−1, 1]²) realize the least-squares plane.
    const X = Array.from({ length: 12 }, (_, n) => [Math.sin(1.7 * n), Math.cos(2.3 * n)]);
    const Y = X.map(([u, v], n) => [0.4 * u! - 0.7 * v! + 0.2 + 0.1 * Math.sin(5 * n)]);
    // Normal equations for y ≈ β₁u + β₂v + β₀.
    const A = new Float64Array(9);
    const rhs = new Float64Array(3);
    X.forEach(([u, v], n) => {
      const row = [u!, v!, 1];
      for (let i = 0; i < 3; i++) {
        rhs[i] += row[i] * Y[n][0];
        for (let j = 0; j < 3; j++) A[3 * i + j] += row[i] * row[j];
      }
    });
    const beta = solve(A, 3, rhs);
    const arch = twoLayer(2, 2, 'relu');
    // W rows (0.3, 0.1) and (β₁ − 0.3, β₂ − 0.1), biases 10, 10, a = (1, 1), c = β₀ − 20.
    const theta = Float64Array.from([0.3, 0.1, beta[0] - 0.3, beta[1] - 0.1, 10, 10, 1, 1, beta[2] - 20]);
    const a = analyzePoint({ architecture: arch, theta }, dataset(X, Y));
    expect(a.linearUnits).toHaveLength(2);
    expect(a.gradNorm).toBeLessThan(1e-12);
    // 9 parameters, 3 identifiable (the plane): 6 zero modes, all explained.
    expect(a.symmetryFlatCount).toBe(6);
    expect(a.flatCount).toBe(6);
    expect(a.classification).toBe('local-min');
  });

  it('a ReLU point with a sample on the kink is Clarke stationary (kink-stationary) when the multiplier is in [0,1]', () => {
    // f(x) = a·relu(w x + b), no output bias; at w = 1, b = 0, a = 1 the sample x = 0 sits on the kink.
    // Residuals r = (−2, 2, −1): the active samples are stationary in (w, a) and the jump of ∂L/∂b
    // across the kink is cancelled at μ = 0.5 (worked out by hand).
    const arch = twoLayer(1, 1, 'relu', false);
    const theta = Float64Array.from([1, 0, 1]);
    const X = [[0], [1], [2]];
    const a = analyzePoint({ architecture: arch, theta }, dataset(X, [[2], [-1], [3]]));
    expect(a.kinkSamples).toBe(1);
    expect(a.kinks).toEqual([{ layer: 0, unit: 0, samples: [0] }]);
    // r₀ = −2 < 0: the kink is concave (κ = (2/3)·r₀·a < 0), so Clarke stationarity is no minimum.
    expect(a.classification).toBe('kink-stationary');
    expect(a.clarke?.concaveKinks).toBe(1);
    expect(a.reason).toMatch(/concave .* descent direction exists/);
    expect(a.clarke?.stationary).toBe(true);
    expect(a.clarke?.multipliers[0]).toBeCloseTo(0.5, 12);
    expect(a.clarke!.reducedEigenvalues[0]).toBeGreaterThanOrEqual(-a.zeroThreshold);

    // With y₀ = 0.5 the needed multiplier would be 2 ∉ [0,1]: not stationary.
    const b = analyzePoint({ architecture: arch, theta }, dataset(X, [[0.5], [-1], [3]]));
    expect(b.classification).toBe('not-critical');
    expect(b.clarke?.stationary).toBe(false);
  });

  it('a concave Clarke-stationary kink has a descent direction (a bias nudge lowers the loss); a convex one is a certified kink-min', () => {
    // Same net as above: f(x) = a·relu(w x + b) at w = 1, b = 0, a = 1 with the sample x = 0 on the kink.
    const arch = twoLayer(1, 1, 'relu', false);
    const theta = Float64Array.from([1, 0, 1]);
    const X = [[0], [1], [2]];
    const lossAt = (y: number[][], db: number) => loss(arch, Float64Array.from([1, db, 1]), dataset(X, y));
    // Concave: residuals (−2, 2, −1). Raising b by ε gives slope κ(1 − μ) = (2/3)(−2)(½) < 0.
    const concave = [[2], [-1], [3]];
    expect(analyzePoint({ architecture: arch, theta }, dataset(X, concave)).classification).toBe('kink-stationary');
    expect(lossAt(concave, 1e-5)).toBeLessThan(lossAt(concave, 0));
    // Convex: residuals (2, −2, 1), y = f − r = (−2, 3, 1). Stationary in w and a (Σ rₙxₙ = 0 over
    // the active samples), μ = ½ balances b; the loss rises on both sides of the kink.
    const convex = [[-2], [3], [1]];
    const c = analyzePoint({ architecture: arch, theta }, dataset(X, convex));
    expect(c.classification).toBe('kink-min');
    expect(c.clarke?.multipliers[0]).toBeCloseTo(0.5, 12);
    expect(c.clarke?.concaveKinks).toBe(0);
    expect(c.clarke!.jumps[0]).toBeGreaterThan(0);
    // Independent check: no random perturbation of size 1e-4 lowers the loss.
    const L0 = lossAt(convex, 0);
    let s = 12345;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    for (let k = 0; k < 200; k++) {
      const t = Float64Array.from([1 + 1e-4 * rand(), 1e-4 * rand(), 1 + 1e-4 * rand()]);
      expect(loss(arch, t, dataset(X, convex))).toBeGreaterThanOrEqual(L0 - 1e-15);
    }
  });

  it('rejects mismatched shapes with a message naming the field', () => {
    const arch = twoLayer(1, 1, 'tanh');
    expect(() => analyzePoint({ architecture: arch, theta: new Float64Array(3) }, dataset([[0]], [[0]]))).toThrow(AnalysisError);
    expect(() => analyzePoint({ architecture: arch, theta: new Float64Array(4) }, dataset([[0, 1]], [[0]]))).toThrow(/inputDim/);
  });
});
