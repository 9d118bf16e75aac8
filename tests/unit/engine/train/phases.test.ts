/**
 * Phase segments: each trainer phase's own loss curve is exactly the slice of the run's joined
 * curve that phaseSegments assigns to it, and the segments tile the curve end to end.
 */
import { describe, expect, it } from 'vitest';
import { initialize, phaseSegments, Rng, splitWithCheck, teacherDataset, trainNetwork, twoLayerArchitecture, analyzePoint } from '../../../../native-workers/engine';

const data = teacherDataset('fig6');

function expectTiles(outcome: ReturnType<typeof trainNetwork>): void {
  const segments = phaseSegments(outcome.phases);
  const curve = outcome.trajectory.curve;
  expect(segments).toHaveLength(outcome.phases.length);
  expect(segments[0].fromIndex).toBe(0);
  expect(segments.at(-1)?.toIndex).toBe(curve.losses.length - 1);
  segments.forEach((seg, k) => {
    const phase = outcome.phases[k];
    if (k > 0) expect(seg.fromIndex).toBe(segments[k - 1].toIndex);
    expect(seg.name).toBe(phase.method);
    expect(seg.stopReason).toBe(phase.stoppedBy);
    expect(seg.steps).toBe(phase.steps);
    // The joined curve's slice is the phase's own curve (the junction point is the previous phase's last).
    expect(curve.losses.slice(seg.fromIndex + 1, seg.toIndex + 1)).toEqual(phase.trajectory.curve.losses.slice(1));
  });
}

describe('phase segments of a run', () => {
  it('flow then polish on the Fig. 6 width-3 student (seed 4)', () => {
    const arch = twoLayerArchitecture(2, 3, 1, 'softplus');
    const outcome = trainNetwork({ architecture: arch, theta: initialize(arch, 'glorot_normal', new Rng(4)) }, data, { method: 'flow' });
    expect(outcome.phases.map((p) => p.method)).toEqual(['flow/rosenbrock', 'polish/trust-region']);
    expectTiles(outcome);
  });

  it('the split point and its nudged start; the escape from the exact split point is flow, polish, flow', () => {
    const arch = twoLayerArchitecture(2, 3, 1, 'softplus');
    const minimum = trainNetwork({ architecture: arch, theta: initialize(arch, 'glorot_normal', new Rng(4)) }, data, { method: 'flow' });
    const { split, exact, check } = splitWithCheck(minimum.network, { layer: 0, neuron: 0, gamma: 0.5, perturb: 1e-3, perturbSeed: 0 }, data);
    // Two points: the exact split point is critical again (Thm 3.1) — a strict saddle — the nudged start is not critical.
    expect(check!.gradNormExact).toBeLessThan(1e-10);
    expect(check!.gradNormAfter).toBeGreaterThan(1e-9);
    expect(analyzePoint(exact.network, data).classification).toBe('strict-saddle');
    expect(analyzePoint(split.network, data).classification).toBe('not-critical');
    // From the exact split point the flow stalls (∇L = 0) and the polish leaves the saddle along
    // negative curvature; a second flow then reaches the global minimum (the stop reasons).
    const escape = trainNetwork(exact.network, data, { method: 'flow' });
    expect(escape.phases.map((p) => `${p.method}: ${p.stoppedBy}`)).toEqual([
      'flow/rosenbrock: patience',
      'polish/trust-region: max-steps',
      'flow/rosenbrock: loss-target',
    ]);
    expectTiles(escape);
    const [, polished] = phaseSegments(escape.phases);
    const curve = escape.trajectory.curve.losses;
    expect(curve[polished.toIndex]).toBeLessThan(curve[polished.fromIndex]);
  });
});
