/**
 * Max steps reaches the trainer (issue 9: `minimize` ran ~350 steps whatever Max steps said), and
 * every budget/setting of the contract's run spec arrives in the engine's TrainOptions, through the
 * one mapping both the studio's train task and the CLI use.
 */
import { describe, expect, it } from 'vitest';
import { RunSpecSchema } from '../../../contract/experiment';
import { initialize, Rng, teacherDataset, trainAndCertify, trainNetwork, twoLayerArchitecture } from '../../../native-workers/engine';
import { trainOptionsFromSpec } from '../../../native-workers/tasks/trainOptions';
import { runCli } from '../cli/runCli';

const data = teacherDataset('fig6');
const arch = twoLayerArchitecture(2, 3, 1, 'softplus');
const start = () => ({ architecture: arch, theta: initialize(arch, 'glorot_normal', new Rng(0)) });

describe('Max steps is honoured', () => {
  it('minimize stops after exactly maxSteps steps when the budget is what ends it', () => {
    for (const maxSteps of [10, 40]) {
      const r = trainNetwork(start(), data, { method: 'minimize', maxSteps });
      expect(r.steps).toBe(maxSteps);
      expect(r.stoppedBy).toBe('max-steps');
    }
  });

  it('a larger budget lets the Newton phase go on past its default 200 steps', () => {
    // Without Max steps, minimize spends its phase defaults and stops by them (~150 L-BFGS + 200 Newton).
    const defaults = trainNetwork(start(), data, { method: 'minimize' });
    expect(defaults.stoppedBy).toBe('max-steps');
    const big = trainNetwork(start(), data, { method: 'minimize', maxSteps: 1000 });
    expect(big.steps).toBe(1000);
    expect(big.loss).toBeLessThan(defaults.loss);
  });

  it('rejects a budget that is not a whole number ≥ 1', () => {
    expect(() => trainNetwork(start(), data, { method: 'minimize', maxSteps: 0 })).toThrow(/max steps must be a whole number ≥ 1/);
  });

  it('the run spec maps every budget and setting to the engine option (gradTolerance → gradFloor)', () => {
    const spec = RunSpecSchema.parse({
      teacher: 'fig6',
      samples: null,
      dataSeed: 0,
      width: 3,
      activation: null,
      init: 'glorot_normal',
      method: 'flow',
      seed: 7,
      budgets: { maxSteps: 123, maxTime: 45, lossTarget: 1e-20, gradTolerance: 1e-9, learningRate: 0.01, polishSteps: 17 },
      settings: { solver: 'dopri5', batchSize: 32, polish: false },
      recordTrajectory: false,
    });
    expect(trainOptionsFromSpec(spec)).toEqual({
      method: 'flow',
      seed: 7,
      maxSteps: 123,
      maxTime: 45,
      lossTarget: 1e-20,
      gradFloor: 1e-9,
      learningRate: 0.01,
      polishSteps: 17,
      solver: 'dopri5',
      batchSize: 32,
      polish: false,
    });
    expect(trainOptionsFromSpec({ method: 'minimize', seed: 0, budgets: {}, settings: {} })).toEqual({ method: 'minimize', seed: 0 });
  });

  it('the studio path (spec → options → trainAndCertify) and the CLI both run exactly Max steps', async () => {
    const viaSpec = trainAndCertify(start(), data, trainOptionsFromSpec({ method: 'minimize', seed: 0, budgets: { maxSteps: 25 }, settings: {} }));
    expect(viaSpec.outcome.steps).toBe(25);
    const cli = await runCli(['train', '--teacher', 'fig6', '--width', '3', '--seed', '0', '--method', 'minimize', '--max-steps', '25', '--json']);
    expect(cli.code).toBe(0);
    const out = JSON.parse(cli.stdout) as { steps: number; finalLoss: number };
    expect(out.steps).toBe(25);
    expect(out.finalLoss).toBeCloseTo(viaSpec.outcome.loss, 14);
  });
});
