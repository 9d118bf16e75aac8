import { describe, expect, it } from 'vitest';
import type { TaskContext } from '../../../native-workers/pool/runtime';
import { landscapeTask } from '../../../native-workers/tasks/landscape';
import { curvatureRange, fittedRange } from '../../../native-workers/engine/landscape/ranges';
import { twoLayerArchitecture } from '../../../native-workers/engine/core/layout';
import { loss } from '../../../native-workers/engine/derivatives/loss';
import { planeCase } from '../engine/landscape/fixtures';

const context: TaskContext = { shouldStop: () => false, progress: () => undefined };
const c = planeCase(twoLayerArchitecture(2, 4, 1, 'relu'), 80, 31);

function payload(over: Record<string, unknown> = {}) {
  return {
    network: { kind: 'theta', architecture: c.architecture, theta: c.theta0 },
    data: { kind: 'inline', count: c.data.count, X: c.data.X, Y: c.data.Y, inputDim: 2, outputDim: 1 },
    plane: { kind: 'explicit', u: c.u, v: c.v },
    alphaRange: [-1, 1],
    betaRange: [-0.5, 0.5],
    resolution: 17,
    coarse: null,
    project: new Float64Array(0),
    projectCount: 0,
    ...over,
  };
}

describe('landscape task', () => {
  it('refines a coarse grid: reuses its points and matches a grid computed at once', () => {
    const full = landscapeTask(payload(), context);
    const coarse = landscapeTask(payload({ resolution: 5 }), context);
    const refined = landscapeTask(payload({ coarse: { resolution: 5, loss: coarse.loss } }), context);
    expect(refined.reused).toBe(25);
    expect(full.reused).toBe(0);
    refined.loss.forEach((x, i) => expect(Math.abs(x - full.loss[i])).toBeLessThanOrEqual(1e-13 * full.loss[i]));
    // A coarse grid that does not nest is ignored (everything recomputed).
    expect(landscapeTask(payload({ coarse: { resolution: 6, loss: new Float64Array(36) } }), context).reused).toBe(0);
  });

  it('places points on the plane: in-plane points have zero off-plane distance and their own loss', () => {
    const P = c.theta0.length;
    const inPlane = c.theta0.map((t, i) => t + 0.3 * c.u[i] - 0.2 * c.v[i]);
    const offPlane = inPlane.slice();
    offPlane[0] = offPlane[0] + 0.5;
    const project = new Float64Array(2 * P);
    project.set(inPlane, 0);
    project.set(offPlane, P);
    const r = landscapeTask(payload({ project, projectCount: 2 }), context);
    expect(r.projAlpha[0]).toBeCloseTo(0.3, 12);
    expect(r.projBeta[0]).toBeCloseTo(-0.2, 12);
    expect(r.projOffPlane[0]).toBeLessThan(1e-12);
    expect(r.projPlaneLoss[0]).toBeCloseTo(loss(c.architecture, inPlane, c.data), 12);
    expect(r.projLoss[1]).toBeCloseTo(loss(c.architecture, offPlane, c.data), 12);
    expect(r.projOffPlane[1]).toBeGreaterThan(0);
    expect(r.projOffPlane[1]).toBeLessThanOrEqual(0.5 + 1e-12);
    expect(r.originLoss).toBeCloseTo(loss(c.architecture, c.theta0, c.data), 12);
  });

  it('fits default ranges around θ₀ and the projected points', () => {
    expect(fittedRange(new Float64Array(0))).toEqual([-1, 1]);
    const [lo, hi] = fittedRange(Float64Array.from([0.5, 2]));
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(2);
    expect((lo + hi) / 2).toBeCloseTo(1, 12);
  });

  it('labels escape and curvature axes with their eigenvalues', () => {
    const smooth = planeCase(twoLayerArchitecture(2, 3, 1, 'softplus'), 40, 2);
    const r = landscapeTask(
      payload({
        network: { kind: 'theta', architecture: smooth.architecture, theta: smooth.theta0 },
        data: { kind: 'inline', count: 40, X: smooth.data.X, Y: smooth.data.Y, inputDim: 2, outputDim: 1 },
        plane: { kind: 'escape-curvature' },
        resolution: 3,
      }),
      context,
    );
    expect(r.axes[0].label).toMatch(/^escape: eigenvector 0 \(λ = /);
    expect(r.axes[1].eigenIndex).toBe(smooth.theta0.length - 1);
    expect(r.axes[0].eigenvalue!).toBeLessThan(r.axes[1].eigenvalue!);
  });

  it('names a wrong input', () => {
    expect(() => landscapeTask(payload({ plane: { kind: 'explicit', u: new Float64Array(2), v: c.v } }), context)).toThrow(/plane.u: has 2 entries, expected 17/);
    expect(() => landscapeTask(payload({ project: new Float64Array(5), projectCount: 1 }), context)).toThrow(/project: has 5 values, expected 1×17/);
  });
});

describe('default ranges along eigenvectors', () => {
  it('use the distance at which the quadratic model changes L by L(θ₀)', () => {
    expect(curvatureRange(-8e-4, 4e-4)).toEqual([-1, 1]);
    expect(curvatureRange(2, 1e-40)).toEqual([-1e-3, 1e-3]);
    expect(curvatureRange(0, 1)).toEqual([-10, 10]);
  });
});
