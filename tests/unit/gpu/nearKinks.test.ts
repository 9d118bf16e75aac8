/**
 * The near-kink handover of the GPU finish (native-workers/gpu/nearKinks.ts, finishTask.ts).
 * Truth: the single-constraint projection in closed form, and the CPU-only float64 run itself —
 * fig3c m = 4 seed 400007 ends at a `kink-min` with dead unit 3's hyperplane on sample 1394
 * (the seed the 2026-12-02 agreement run listed). Moving that hyperplane 2e-5·scale past the
 * sample (the f32 flow's overshoot there) leaves the loss unchanged (the far side is flat for a
 * dead unit); the CPU flow from that point certifies a smooth `local-min`, the finish with the
 * handover the CPU run's `kink-min` at the CPU run's loss. A student the kernel stopped by its
 * step budget gets no handover (finishTask.ts handsOverKinks).
 */
import { describe, expect, it } from 'vitest';
import type { RunSpec } from '../../../contract/experiment';
import { analyzePoint, twoLayerArchitecture, type Dataset } from '../../../native-workers/engine';
import { gpuFinishTask } from '../../../native-workers/gpu/finishTask';
import { NEAR_KINK_TOLERANCE, nearKinks, snapToKinks } from '../../../native-workers/gpu/nearKinks';
import { teacherData } from '../../../native-workers/tasks/inputs';
import { trainTask } from '../../../native-workers/tasks/train';

const context = { shouldStop: () => false, progress: () => undefined };
const arch = twoLayerArchitecture(2, 2, 1, 'relu');

/** z of unit j on sample n and its scale ‖w‖‖x‖ + |b| (θ = W (2×2), b (2), a (2), c). */
function zOf(theta: Float64Array, data: Dataset, j: number, n: number): { z: number; scale: number } {
  const w = [theta[2 * j]!, theta[2 * j + 1]!];
  const x = [data.X[2 * n]!, data.X[2 * n + 1]!];
  const b = theta[4 + j]!;
  return { z: w[0]! * x[0]! + w[1]! * x[1]! + b, scale: Math.hypot(w[0]!, w[1]!) * Math.hypot(x[0]!, x[1]!) + Math.abs(b) };
}

describe('nearKinks / snapToKinks', () => {
  // Unit 0: z = x₁ − 1 + ε; sample 0 (x = (1, 0)) sits at z = ε. Unit 1: z = x₂ − 1.
  const data: Dataset = { inputDim: 2, outputDim: 1, count: 4, X: Float64Array.from([1, 0, 0, 1, 0.5, 0.2, 2, 2]), Y: Float64Array.from([0.1, 0.2, 0.3, 0.4]) };
  const at = (eps0: number, eps1: number) => Float64Array.from([1, 0, 0, 1, -1 + eps0, -1 + eps1, 0.7, -0.4, 0.05]);

  it('lists inactive-side samples within the tolerance, nearest first; not active-side or farther ones', () => {
    // sample 0 on unit 0 at −3e-5·scale, sample 1 on unit 1 at −1e-6·scale: both listed, unit 1's first.
    const theta = at(-3e-5 * 2, -1e-6 * 2);
    expect(nearKinks(arch, data, theta)).toEqual([{ unit: 1, sample: 1 }, { unit: 0, sample: 0 }]);
    // On the active side, or beyond the tolerance: not listed.
    expect(nearKinks(arch, data, at(3e-5 * 2, -1e-6 * 2))).toEqual([{ unit: 1, sample: 1 }]);
    expect(nearKinks(arch, data, at(-2 * NEAR_KINK_TOLERANCE * 2, 1e-6 * 2))).toEqual([]);
    // Not a ReLU net: no kinks.
    expect(nearKinks(twoLayerArchitecture(2, 2, 1, 'tanh'), data, theta)).toEqual([]);
  });

  it('moves θ onto the kink by the minimal change: closed form for one constraint, other entries untouched', () => {
    const theta = at(-3e-5 * 2, 0.3);
    const { z, scale } = zOf(theta, data, 0, 0);
    const snapped = snapToKinks(arch, data, theta, nearKinks(arch, data, theta));
    expect(snapped.kinks).toEqual([{ unit: 0, sample: 0 }]);
    // Constraint column c = (x₀, 1) on (w₀, b₀); target z = −δ, δ = 1e-12·scale: Δ = −(z + δ)/‖c‖² · c.
    const x = [1, 0];
    const t = -(z + 1e-12 * scale) / (x[0]! ** 2 + x[1]! ** 2 + 1);
    const expected = Float64Array.from(theta);
    expected[0] += t * x[0]!;
    expected[1] += t * x[1]!;
    expected[4] += t;
    for (let i = 0; i < theta.length; i++) expect(snapped.theta[i]).toBeCloseTo(expected[i]!, 15);
    const after = zOf(snapped.theta, data, 0, 0);
    // On the inactive side by δ = 1e-12·scale (kinks.ts), up to rounding of terms of size 1.
    expect(Math.abs(after.z + 1e-12 * after.scale)).toBeLessThan(1e-15);
    expect(after.z).toBeLessThan(0);
    expect(theta[4]).toBe(-1 - 6e-5); // the input is not modified
  });
});

describe('gpuFinish: the f32 flow overshot a kink the float64 flow stops on', () => {
  it('fig3c m = 4 seed 400007: the finish certifies the CPU run’s kink-min, the plain CPU flow from there a local-min', () => {
    const spec: RunSpec = {
      teacher: 'fig3c', samples: null, dataSeed: 0, width: 4, activation: 'relu', init: 'glorot_normal', method: 'flow', seed: 400007,
      budgets: { maxSteps: 30000 }, settings: {}, recordTrajectory: false,
    };
    const data = teacherData('fig3c', undefined, 0);
    const arch4 = twoLayerArchitecture(2, 4, 1, 'relu');
    const cpu = trainTask({ spec, initialTheta: null }, context);
    expect(cpu.result.classification).toBe('kink-min');
    const kinks = analyzePoint({ architecture: arch4, theta: cpu.finalTheta }, data).kinks;
    expect(kinks).toEqual([{ layer: 0, unit: 3, samples: [1394] }]);
    // Move unit 3's hyperplane (its bias, θ index 8 + 3) 2e-5·scale past sample 1394.
    const th = cpu.finalTheta;
    const x = [data.X[2 * 1394]!, data.X[2 * 1394 + 1]!];
    const scale = Math.hypot(th[6]!, th[7]!) * Math.hypot(x[0]!, x[1]!) + Math.abs(th[11]!);
    const overshot = Float64Array.from(th);
    overshot[11] -= 2e-5 * scale;
    const plain = trainTask({ spec, initialTheta: overshot }, context);
    expect(plain.result.classification).toBe('local-min');
    const finish = gpuFinishTask({ spec, initialTheta: null, gpu: { theta: overshot, steps: 8000, rejected: 0, odeTime: 2000, stoppedBy: 'stalled', loss: 7.6e-5, seconds: 0 } }, context);
    expect(finish.result.gpu?.snappedKinks).toBe(1);
    expect(finish.result.classification).toBe('kink-min');
    expect(Math.abs(finish.result.finalLoss - cpu.result.finalLoss)).toBeLessThan(1e-12 * cpu.result.finalLoss);
    // A student cut off by its budget (still moving) is handed over as it is: the plain CPU flow's result.
    const moving = gpuFinishTask({ spec, initialTheta: null, gpu: { theta: overshot, steps: 2000, rejected: 0, odeTime: 500, stoppedBy: 'max-steps', loss: 7.6e-5, seconds: 0 } }, context);
    expect(moving.result.gpu?.snappedKinks).toBe(0);
    expect(moving.result.classification).toBe(plain.result.classification);
    expect(moving.result.finalLoss).toBe(plain.result.finalLoss);
  }, 60_000);
});
