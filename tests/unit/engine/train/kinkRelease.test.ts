import { describe, expect, it } from 'vitest';
import {
  analyzePoint,
  gradientFlow,
  initialize,
  KinkManifold,
  layerOffsets,
  networkObjective,
  polish,
  Rng,
  teacherDataset,
  trustRegionNewton,
  twoLayerArchitecture,
} from '../../../../native-workers/engine';
import { concaveKinks } from '../../../../native-workers/engine/train/kinkRelease';

// fig3c teacher, width 4, N = 1600. Seed 400035: the flow ends sliding on one kink whose residual has
// since changed sign (κ < 0, t ∈ [0,1]): the polish on that manifold stops on a concave kink.
// Seed 400012: the flow's held kink is convex at the polished point (a certified kink minimum).
const data = teacherDataset('fig3c', { dataSeed: 0 });
const arch = twoLayerArchitecture(2, 4, 1, 'relu');
const POLISH = { maxSteps: 200, patience: 30, initialRadius: 0.1 };

function flowEnd(seed: number) {
  const objective = networkObjective(arch, data);
  const flow = gradientFlow(objective, initialize(arch, 'glorot_normal', new Rng(seed)), { maxSteps: 30000 });
  return { objective, flow };
}

describe('polish: release of held concave kinks', () => {
  it('a held kink with the wrong-sign jump is released: lower loss and a certified kink minimum', () => {
    const { objective, flow } = flowEnd(400035);
    expect(flow.activeKinks.length).toBeGreaterThan(0);
    // the unchanged path: trust region on the flow's kink manifold, no release
    const kinks = new KinkManifold(arch, data);
    for (const c of flow.activeKinks) kinks.add(c);
    const held = trustRegionNewton(objective, flow.theta, { ...POLISH, kinks });
    const concave = concaveKinks(objective, kinks, held.finalTheta, held.loss);
    expect(concave).toHaveLength(1);
    expect(concave[0].kappa).toBeLessThan(0);
    expect(analyzePoint({ architecture: arch, theta: held.theta }, data).classification).toBe('kink-stationary');
    // independent check that it is no minimum: stepping across the kink (along its column c) lowers the loss
    const off = layerOffsets(arch);
    const { unit, sample } = concave[0];
    for (const s of [1e-6, 1e-5, 1e-4]) {
      const t = Float64Array.from(held.theta);
      t[off[0].weight + 2 * unit] += s * data.X[2 * sample];
      t[off[0].weight + 2 * unit + 1] += s * data.X[2 * sample + 1];
      t[off[0].bias + unit] += s;
      expect(objective.loss(t)).toBeLessThan(held.loss);
    }
    // the polish releases it and re-polishes
    const released = polish(objective, flow.theta, { activeKinks: flow.activeKinks });
    expect(released.loss).toBeLessThan(held.loss * (1 - 1e-3));
    expect(released.notes.some((n) => /released concave kink \(unit \d, sample \d+, κ = -/.test(n))).toBe(true);
    const a = analyzePoint({ architecture: arch, theta: released.theta }, data);
    expect(a.classification).toBe('kink-min');
    expect(Math.abs(a.loss - released.loss)).toBeLessThanOrEqual(1e-12 * released.loss);
  }, 120_000);

  it('on a correct (convex) kink minimum the polish is exactly the unchanged trust region', () => {
    const { objective, flow } = flowEnd(400012);
    expect(flow.activeKinks.length).toBeGreaterThan(0);
    const kinks = new KinkManifold(arch, data);
    for (const c of flow.activeKinks) kinks.add(c);
    const plain = trustRegionNewton(objective, flow.theta, { ...POLISH, kinks });
    expect(kinks.size).toBeGreaterThan(0);
    expect(concaveKinks(objective, kinks, plain.finalTheta, plain.loss)).toHaveLength(0);
    const p = polish(objective, flow.theta, { activeKinks: flow.activeKinks });
    expect(p.loss).toBe(plain.loss);
    expect(p.steps).toBe(plain.steps);
    expect(p.notes).toEqual(plain.notes);
    expect(Array.from(p.theta)).toEqual(Array.from(plain.theta));
    expect(analyzePoint({ architecture: arch, theta: p.theta }, data).classification).toBe('kink-min');
  }, 120_000);
});
