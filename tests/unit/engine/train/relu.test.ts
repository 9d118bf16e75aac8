/**
 * ReLU end points (notes/relu-gradient-flow.md): gradient flow slides along kinks and the end
 * point is certified Clarke stationary instead of being forced into minimum / saddle.
 */
import { describe, expect, it } from 'vitest';
import { analyzePoint } from '../../../../native-workers/engine/analysis';
import { initialize } from '../../../../native-workers/engine/core/init';
import { layerOffsets, twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import { loss } from '../../../../native-workers/engine/derivatives/loss';
import { Rng } from '../../../../native-workers/engine/core/random';
import { alignToTeacher } from '../../../../native-workers/engine/neurons';
import { teacherDataset, teacherNetwork } from '../../../../native-workers/engine/teachers/teachers';
import { KinkManifold } from '../../../../native-workers/engine/train/kinks';
import { networkObjective } from '../../../../native-workers/engine/train/objective';
import { trainNetwork } from '../../../../native-workers/engine/train/train';

const data = teacherDataset('fig3c');
const arch = twoLayerArchitecture(2, 4, 1, 'relu');

describe('ReLU gradient flow on fig3c', () => {
  it('a failing width-4 seed ends on a convex kink, certified kink-min (Clarke multipliers in [0,1]; no bias nudge lowers the loss)', () => {
    const o = trainNetwork({ architecture: arch, theta: initialize(arch, 'glorot_normal', new Rng(1)) }, data, { method: 'flow' });
    const a = analyzePoint(o.network, data);
    expect(a.loss).toBeGreaterThan(1e-3);
    expect(a.classification).toBe('kink-min');
    expect(a.clarke!.concaveKinks).toBe(0);
    expect(a.kinkSamples).toBeGreaterThan(0);
    // Independent check of the certificate: nudging any hidden bias by ±1e-5 does not lower the loss.
    const L0 = loss(arch, o.network.theta, data);
    const b0 = layerOffsets(arch)[0].bias;
    for (let j = 0; j < 4; j++)
      for (const eps of [1e-5, -1e-5]) {
        const t = Float64Array.from(o.network.theta);
        t[b0 + j] += eps;
        expect(loss(arch, t, data)).toBeGreaterThanOrEqual(L0 * (1 - 1e-12));
      }
    expect(a.clarke!.stationary).toBe(true);
    for (const mu of a.clarke!.multipliers) {
      expect(mu).toBeGreaterThanOrEqual(-1e-9);
      expect(mu).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('a successful seed reaches loss < 1e-25 (the teacher recovered) and is a global minimum', () => {
    const o = trainNetwork({ architecture: arch, theta: initialize(arch, 'glorot_normal', new Rng(191)) }, data, { method: 'flow' });
    const a = analyzePoint(o.network, data);
    expect(o.stoppedBy).toBe('loss-target');
    expect(a.loss).toBeLessThan(1e-25);
    expect(a.classification).toBe('global-min');
    // With finite data a ReLU hyperplane is only pinned down to the gap between samples: units 2 and 3
    // of fig3c share the line x₁ + x₂ = 0 and the student may tilt both by ~1e-3 at zero loss.
    const al = alignToTeacher(o.network, teacherNetwork('fig3c'), { tolerance: 1e-2 });
    expect(al.recovered).toBe(4);
    expect(al.groups[0].incomingDistance).toBeLessThan(1e-10);
  });
});

describe('KinkManifold', () => {
  const theta = initialize(arch, 'glorot_normal', new Rng(5));
  const objective = networkObjective(arch, data);

  it('projects onto zⱼₙ = −δ exactly and keeps projected directions tangent', () => {
    const m = new KinkManifold(arch, data);
    expect(m.add({ unit: 1, sample: 10 })).toBe(true);
    expect(m.add({ unit: 1, sample: 20 })).toBe(true);
    const p = Float64Array.from(theta);
    m.projectPoint(p);
    for (const c of m.active) {
      const z = m.z(p, c.unit, c.sample);
      expect(z).toBeLessThan(0);
      expect(z).toBeGreaterThan(-1e-10);
    }
    const g = new Float64Array(p.length);
    objective.lossAndGradient(p, g);
    m.projectVector(g);
    // Moving along a projected direction keeps both samples on their kinks (z is linear in θ).
    const q = Float64Array.from(p, (v, i) => v + 0.3 * g[i]);
    for (const c of m.active) expect(Math.abs(m.z(q, c.unit, c.sample) - m.z(p, c.unit, c.sample))).toBeLessThan(1e-14);
  });

  it('refuses a constraint dependent on the active ones (a unit has d + 1 = 3 parameters)', () => {
    const m = new KinkManifold(arch, data);
    expect(m.add({ unit: 0, sample: 1 })).toBe(true);
    expect(m.add({ unit: 0, sample: 2 })).toBe(true);
    expect(m.add({ unit: 0, sample: 3 })).toBe(true);
    expect(m.add({ unit: 0, sample: 4 })).toBe(false);
    expect(m.size).toBe(3);
  });

  it('Filippov multipliers agree with the sliding test: slides ⇔ t ∈ (0,1) for a single kink', () => {
    const m = new KinkManifold(arch, data);
    let checked = 0;
    for (let n = 0; n < 40; n++) {
      const c = { unit: 2, sample: n };
      const p = Float64Array.from(theta);
      const probe = new KinkManifold(arch, data);
      probe.add(c);
      probe.projectPoint(p);
      const g = new Float64Array(p.length);
      objective.lossAndGradient(p, g);
      const f = Float64Array.from(g, (v) => -v);
      const t = probe.multipliers(p, g)[0];
      expect(m.slides(p, f, c)).toBe(t > 0 && t < 1);
      checked++;
    }
    expect(checked).toBe(40);
  });
});
