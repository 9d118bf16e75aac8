/**
 * Quick Fig. 6 / Thm. 3.1–3.2 checks on the fig6 softplus teacher (the full sweep is
 * scripts/fig6-escape.ts): a width-3 student ends at a certified local minimum; splitting a neuron
 * keeps the function and criticality and turns the minimum into a strict saddle; following the
 * escape direction, training reaches a loss far below the width-3 minimum.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePoint, type PointAnalysis } from '../../../../native-workers/engine/analysis';
import { predict } from '../../../../native-workers/engine/derivatives/forward';
import { initialize } from '../../../../native-workers/engine/core/init';
import { twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import { lossAndGradient } from '../../../../native-workers/engine/derivatives/loss';
import { splitNeuron } from '../../../../native-workers/engine/neurons';
import { Rng } from '../../../../native-workers/engine/core/random';
import { teacherDataset } from '../../../../native-workers/engine/teachers/teachers';
import { trainNetwork, type TrainOutcome } from '../../../../native-workers/engine/train';

describe('Fig. 6: a local minimum of width 3 becomes an escapable saddle of width 4', () => {
  const data = teacherDataset('fig6');
  const arch = twoLayerArchitecture(2, 3, 1, 'softplus');
  let trained: TrainOutcome;
  let minimum: PointAnalysis;
  beforeAll(() => {
    // Seed 4 (glorot_normal) is one of the seeds that end at the suboptimal minimum (scripts/fig6-escape.ts).
    trained = trainNetwork({ architecture: arch, theta: initialize(arch, 'glorot_normal', new Rng(4)) }, data, { method: 'flow' });
    minimum = analyzePoint(trained.network, data);
  });

  it('gradient flow + polish end at a certified local minimum with loss ≈ 1.8e-4', () => {
    expect(minimum.classification).toBe('local-min');
    expect(minimum.loss).toBeGreaterThan(1e-4);
    expect(minimum.loss).toBeLessThan(3e-4);
    expect(minimum.gradNorm).toBeLessThan(1e-10);
    expect(minimum.minEigenvalue).toBeGreaterThan(0);
  });

  it('splitting preserves the function (1e-12) and criticality (1e-10), and creates negative curvature', () => {
    const f3 = predict(arch, trained.network.theta, data.X, data.count);
    for (const neuron of [0, 1, 2]) {
      const split = splitNeuron(trained.network, { layer: 0, neuron, gamma: 0.5 }).network;
      const f4 = predict(split.architecture, split.theta, data.X, data.count);
      let d = 0;
      for (let i = 0; i < f3.length; i++) d = Math.max(d, Math.abs(f4[i] - f3[i]));
      expect(d).toBeLessThan(1e-12);
      const g = new Float64Array(split.theta.length);
      lossAndGradient(split.architecture, split.theta, data, g);
      expect(Math.hypot(...g)).toBeLessThan(1e-10);
      const a = analyzePoint(split, data);
      expect(a.classification).toBe('strict-saddle');
      expect(a.escapeDirections[0].eigenvalue).toBeLessThan(0);
    }
  });

  it('training from the split point nudged along the escape direction ends ≥ 10× lower', () => {
    const split = splitNeuron(trained.network, { layer: 0, neuron: 0, gamma: 0.5 }).network;
    const e = analyzePoint(split, data).escapeDirections[0];
    const theta = Float64Array.from(split.theta, (v, i) => v + 1e-3 * e.vector[i]);
    const wide = trainNetwork({ architecture: split.architecture, theta }, data, { method: 'flow' });
    expect(wide.loss).toBeLessThan(minimum.loss / 10);
  });
});
