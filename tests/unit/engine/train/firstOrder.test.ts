import { describe, expect, it } from 'vitest';
import { initialize } from '../../../../native-workers/engine/core/init';
import { twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import { Rng } from '../../../../native-workers/engine/core/random';
import { teacherDataset } from '../../../../native-workers/engine/teachers/teachers';
import { adam, gradientDescent } from '../../../../native-workers/engine/train/firstOrder';
import { gradientFlow } from '../../../../native-workers/engine/train/flow';
import { countingObjective, networkObjective } from '../../../../native-workers/engine/train/objective';
import { TrajectoryRecorder } from '../../../../native-workers/engine/train/trajectory';
import { diagonalQuadratic } from './objectives';

describe('gradient descent and Adam', () => {
  it('gradient descent on a quadratic is the exact iteration θ ← (1 − η·s·a)θ, with time Σ η', () => {
    const a = [1, 4];
    const s = Float64Array.of(1, 0.5);
    const r = gradientDescent(diagonalQuadratic(a), Float64Array.of(1, -1), { learningRate: 0.1, maxSteps: 25, timeScale: s, lossTarget: 0 });
    expect(r.stoppedBy).toBe('max-steps');
    expect(r.time).toBeCloseTo(2.5, 12);
    expect(r.finalTheta[0]).toBeCloseTo(Math.pow(1 - 0.1, 25), 14);
    expect(r.finalTheta[1]).toBeCloseTo(-Math.pow(1 - 0.1 * 0.5 * 4, 25), 14);
  });

  it('Adam makes scale-free steps: the first update is −η·sign(g) per coordinate', () => {
    const r = adam(diagonalQuadratic([1e-3, 1e3]), Float64Array.of(1, 1), { learningRate: 0.01, maxSteps: 1, lossTarget: 0 });
    expect(r.finalTheta[0]).toBeCloseTo(0.99, 6);
    expect(r.finalTheta[1]).toBeCloseTo(0.99, 6);
  });

  it('minibatch training is deterministic given its seed and differs across seeds', () => {
    const data = teacherDataset('fig3c', { samples: 200 });
    const arch = twoLayerArchitecture(2, 5, 1, 'relu');
    const theta = initialize(arch, 'glorot_normal', new Rng(3));
    const run = (seed: number) =>
      gradientDescent(networkObjective(arch, data), theta, { learningRate: 0.05, batchSize: 32, seed, maxSteps: 70 }, { architecture: arch, data });
    const a = run(1);
    const b = run(1);
    const c = run(2);
    expect(Array.from(a.finalTheta)).toEqual(Array.from(b.finalTheta));
    expect(Array.from(a.finalTheta)).not.toEqual(Array.from(c.finalTheta));
    expect(a.steps).toBeGreaterThanOrEqual(70);
    expect(a.loss).toBeLessThan(a.trajectory.losses[0]);
  });
});

describe('stopping rules and trajectories', () => {
  it('detects a channel to infinity: ‖θ‖ grows while the loss stalls', () => {
    // L(x) = 1 + 1/x on x > 0: the flow runs off to infinity, x(t) = (3t)^{1/3}.
    const obj = countingObjective({
      dimension: 1,
      smooth: true,
      loss: (v) => 1 + 1 / v[0],
      lossAndGradient(v, g) {
        g[0] = -1 / v[0] ** 2;
        return 1 + 1 / v[0];
      },
      hessian: (v) => Float64Array.of(2 / v[0] ** 3),
    });
    const r = gradientFlow(obj, Float64Array.of(1), { stallRelDecrease: 0 });
    expect(r.stoppedBy).toBe('diverged');
    expect(r.finalTheta[0]).toBeGreaterThan(10);
  });

  it('keeps the best point when the loss goes up', () => {
    // Gradient descent with too large a step oscillates with growing amplitude.
    const r = gradientDescent(diagonalQuadratic([1]), Float64Array.of(1), { learningRate: 2.5, maxSteps: 10, lossTarget: 0 });
    expect(Math.abs(r.finalTheta[0])).toBeGreaterThan(1);
    expect(r.theta[0]).toBe(1);
    expect(r.loss).toBe(0.5);
  });

  it('the recorder keeps at most its bounds, log-spaced in time, always with t = 0 and the end', () => {
    const rec = new TrajectoryRecorder('ode', 1e6, { snapshots: 20, curvePoints: 100, firstTime: 1e-3 });
    const theta = new Float64Array(2);
    let t = 0;
    for (let k = 0; k <= 5000; k++) {
      theta[0] = k;
      rec.record(t, 1 / (1 + k), theta);
      t = 1e-3 * Math.pow(1.004, k);
    }
    const traj = rec.finish();
    expect(traj.times.length).toBeLessThanOrEqual(20);
    expect(traj.times[0]).toBe(0);
    expect(traj.thetas[traj.thetas.length - 1][0]).toBe(5000);
    expect(traj.curve.times.length).toBeLessThanOrEqual(101);
    for (let i = 1; i < traj.times.length; i++) expect(traj.times[i]).toBeGreaterThan(traj.times[i - 1]);
    // Log spacing: consecutive snapshot times grow by a roughly constant factor.
    const ratios = traj.times.slice(2, -1).map((v, i) => v / traj.times[i + 1]);
    expect(Math.max(...ratios) / Math.min(...ratios)).toBeLessThan(3);
  });
});
