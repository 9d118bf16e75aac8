/**
 * Early switch from gradient flow to the polish (basinProbe.ts, issue 12 "Speed and scale"): the
 * truth is the long flow — today's trainer with the switch off (flow to its stall test or step
 * budget, then polish) — on fig3c-scaling's own problem (fig3c teacher, N = 1600, ReLU 2→4→1 with
 * biases, the recipe's seed range 400000 + k and 30,000-step budget). One seed per certificate
 * the switch may end a flow with: local-min, kink-min, global-min.
 */
import { describe, expect, it } from 'vitest';
import { analyzePoint } from '../../../../native-workers/engine/analysis';
import { initialize } from '../../../../native-workers/engine/core/init';
import { twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import { Rng } from '../../../../native-workers/engine/core/random';
import { teacherDataset } from '../../../../native-workers/engine/teachers/teachers';
import { createBasinProbe, PROBE_FIRST, PROBE_MARGIN, PROBE_MU_MARGIN, PROBE_SLOW, ProbeSchedule, robustCertificate } from '../../../../native-workers/engine/train/basinProbe';
import { gradientFlow } from '../../../../native-workers/engine/train/flow';
import { networkObjective } from '../../../../native-workers/engine/train/objective';
import { trainNetwork } from '../../../../native-workers/engine/train/train';

const data = teacherDataset('fig3c');
const arch = twoLayerArchitecture(2, 4, 1, 'relu');
const start = (seed: number) => ({ architecture: arch, theta: initialize(arch, 'glorot_normal', new Rng(seed)) });

describe('ProbeSchedule', () => {
  it('is due only at the end of a window in which the best loss fell by less than PROBE_SLOW, and waits twice as long after a failed probe', () => {
    const s = new ProbeSchedule(100);
    expect(s.due(50, 1)).toBe(false); // before the first window ends
    expect(s.due(100, 1)).toBe(false); // first check: no previous window to compare with
    expect(s.due(150, 1)).toBe(false); // window not over
    expect(s.due(200, 0.5)).toBe(false); // fell by 50 %: not slow
    expect(s.due(300, 0.5 * (1 - PROBE_SLOW / 2))).toBe(true); // fell by less than PROBE_SLOW
    s.failed(300);
    expect(s.due(499, 0.4)).toBe(false); // now waits 200 steps
    expect(s.due(500, 0.4)).toBe(false); // fast again
    expect(s.due(700, 0.4)).toBe(true);
    s.failed(700);
    expect(s.due(1099, 0.4)).toBe(false); // 400 steps
    expect(s.due(1100, 0.4)).toBe(true);
    expect(s.probes).toBe(3);
  });

  it('defaults to a first window of PROBE_FIRST steps', () => {
    const s = new ProbeSchedule();
    expect(s.due(PROBE_FIRST - 1, 1)).toBe(false);
    expect(s.due(PROBE_FIRST, 1)).toBe(false);
    expect(s.due(2 * PROBE_FIRST, 1)).toBe(true);
  });
});

describe('robustCertificate', () => {
  // A real analysis (of an initial point), with the fields the rule reads overridden.
  const base = analyzePoint(start(400000), data);
  const at = (patch: object) => ({ ...base, classification: 'local-min' as const, deadUnits: [], linearUnits: [], duplicateUnits: [], flatCount: 1, zeroThreshold: 1e-9, eigenvalues: Float64Array.from([0, 2 * PROBE_MARGIN * 1e-9, 1]), ...patch });
  it('accepts a minimum whose lowest non-zero eigenvalue is well above the flat threshold', () => {
    expect(robustCertificate(at({}))).toBe(true);
    expect(robustCertificate(at({ eigenvalues: Float64Array.from([0, 0.5 * PROBE_MARGIN * 1e-9, 1]) }))).toBe(false);
    expect(robustCertificate(at({ flatCount: 3 }))).toBe(false); // no eigenvalue beyond the zero modes
  });
  it('refuses dead, linear or duplicate units (extra zero modes)', () => {
    expect(robustCertificate(at({ deadUnits: [{ layer: 0, unit: 1 }] }))).toBe(false);
    expect(robustCertificate(at({ linearUnits: [{ layer: 0, unit: 1 }] }))).toBe(false);
    expect(robustCertificate(at({ duplicateUnits: [[{ layer: 0, unit: 0 }, { layer: 0, unit: 1 }]] }))).toBe(false);
  });
  it('needs a kink minimum\'s Clarke multipliers inside [PROBE_MU_MARGIN, 1 − PROBE_MU_MARGIN]', () => {
    const kink = (multipliers: number[]) => at({ classification: 'kink-min', clarke: { ...(base.clarke ?? {}), multipliers: Float64Array.from(multipliers) } });
    expect(robustCertificate(kink([0.3, 0.9]))).toBe(true);
    expect(robustCertificate(kink([0.3, PROBE_MU_MARGIN / 2]))).toBe(false);
    expect(robustCertificate(kink([1 - PROBE_MU_MARGIN / 2]))).toBe(false);
    expect(robustCertificate(at({ classification: 'kink-min', clarke: undefined }))).toBe(false);
  });
});

describe('early switch vs the long flow (fig3c, m = 4)', () => {
  const cases = [
    { seed: 400044, classification: 'local-min' },
    { seed: 400039, classification: 'kink-min' },
    { seed: 400023, classification: 'global-min' },
  ] as const;
  for (const { seed, classification } of cases)
    it(`seed ${seed}: the same ${classification} certificate and loss, in fewer flow steps`, () => {
      const long = trainNetwork(start(seed), data, { method: 'flow', maxSteps: 30_000, earlySwitch: false });
      const early = trainNetwork(start(seed), data, { method: 'flow', maxSteps: 30_000 });
      const aLong = analyzePoint(long.network, data);
      const aEarly = analyzePoint(early.network, data);
      expect(aLong.classification).toBe(classification);
      expect(aEarly.classification).toBe(classification);
      // The switch did end the flow, earlier than the long flow's own stop.
      expect(early.phases[0].stoppedBy).toBe('converged');
      expect(early.phases[0].notes.some((n) => n.startsWith('early switch at step'))).toBe(true);
      expect(early.phases[0].steps).toBeLessThan(long.phases[0].steps);
      if (classification === 'global-min') {
        expect(aLong.loss).toBeLessThan(1e-25);
        expect(aEarly.loss).toBeLessThan(1e-25);
      } else expect(Math.abs(aEarly.loss - aLong.loss)).toBeLessThanOrEqual(1e-9 * aLong.loss); // the same minimum
    });
});

describe('a probe that does not end the flow', () => {
  it('leaves the flow bit for bit unchanged (its polish shares no state with the flow)', () => {
    const objective = networkObjective(arch, data);
    const basin = createBasinProbe(objective, arch, data, {});
    let calls = 0;
    const options = { maxSteps: 30_000 };
    const plain = gradientFlow(networkObjective(arch, data), start(400011).theta, options);
    const probed = gradientFlow(objective, start(400011).theta, {
      ...options,
      probe: (theta, kinks, loss) => {
        calls++;
        basin.probe(theta, kinks, loss);
        return false;
      },
    });
    expect(calls).toBeGreaterThan(0);
    expect(probed.steps).toBe(plain.steps);
    expect(probed.stoppedBy).toBe(plain.stoppedBy);
    expect(Array.from(probed.finalTheta)).toEqual(Array.from(plain.finalTheta));
    expect(probed.loss).toBe(plain.loss);
  });
});
