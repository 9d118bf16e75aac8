/** The `evaluate` task (loss and ‖∇L‖ without a spectrum) against a finite-difference gradient and the full-batch loss. */
import { describe, expect, it } from 'vitest';
import { initialize, lossAndGradient, loss as lossOf, Rng, type Architecture, type Dataset } from '../../../native-workers/engine';
import { evaluateTask, lossAndGradNormInBlocks } from '../../../native-workers/tasks/evaluate';

const architecture: Architecture = {
  layers: [
    { inputs: 2, outputs: 4, bias: true, activation: 'tanh' },
    { inputs: 4, outputs: 3, bias: true, activation: 'tanh' },
    { inputs: 3, outputs: 1, bias: true, activation: 'identity' },
  ],
};
const rng = new Rng(5);
const theta = initialize(architecture, 'glorot_normal', rng);
const N = 23;
const data: Dataset = {
  count: N,
  inputDim: 2,
  outputDim: 1,
  X: Float64Array.from({ length: 2 * N }, (_, i) => Math.sin(1.3 * i)),
  Y: Float64Array.from({ length: N }, (_, i) => Math.cos(0.7 * i)),
};

describe('evaluate task', () => {
  it('sums blocks of samples into the full-batch loss and gradient norm (blocks of 1, 7, all)', () => {
    const full = new Float64Array(theta.length);
    const L = lossAndGradient(architecture, theta, data, full);
    // Central differences: an independent check of the gradient the blocks add up.
    let fd2 = 0;
    for (let k = 0; k < theta.length; k++) {
      const h = 1e-6;
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[k] += h;
      minus[k] -= h;
      fd2 += ((lossOf(architecture, plus, data) - lossOf(architecture, minus, data)) / (2 * h)) ** 2;
    }
    for (const block of [1, 7, N]) {
      const seen: number[] = [];
      const r = lossAndGradNormInBlocks({ architecture, theta }, data, block, (done) => seen.push(done));
      expect(Math.abs(r.loss - L)).toBeLessThan(1e-14 * L);
      expect(Math.abs(r.gradNorm - Math.sqrt(fd2))).toBeLessThan(1e-7 * Math.sqrt(fd2));
      expect(seen[seen.length - 1]).toBe(N);
      expect(seen).toHaveLength(Math.ceil(N / block));
    }
  });

  it('runs as a task on a given network, with progress and a stop flag', () => {
    const progress: number[] = [];
    const context = { shouldStop: () => false, progress: (p: { progress: number }) => progress.push(p.progress) };
    const payload = { network: { kind: 'theta', architecture, theta }, data: { kind: 'inline', count: N, X: data.X, Y: data.Y, inputDim: 2, outputDim: 1 } };
    const r = evaluateTask(payload, context as never);
    expect(r.parameterCount).toBe(theta.length);
    expect(r.loss).toBeCloseTo(lossOf(architecture, theta, data), 14);
    expect(progress[progress.length - 1]).toBe(1);
    expect(() => evaluateTask(payload, { ...context, shouldStop: () => true } as never)).toThrow(/cancelled/);
  });
});
