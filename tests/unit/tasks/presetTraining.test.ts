/**
 * The default preset tells the paper's story: run through the studio's own train task (the same
 * function the worker pool runs), Fig. 6 width 3 seed 4 ends at a certified local minimum with
 * L ≈ 1.8386e-4 (paper Fig. 6; docs/results/fig6-escape.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSpec } from '../../../contract/experiment';
import { PresetSchema } from '../../../contract/preset';
import { trainTask } from '../../../native-workers/tasks/train';

describe('the Fig. 6 preset', () => {
  it('reaches a certified local minimum, L ≈ 1.8386e-4', () => {
    const preset = PresetSchema.parse(JSON.parse(readFileSync(join(__dirname, '../../../assets/presets/fig6Width3LocalMin.json'), 'utf8')));
    const s = preset.spec;
    // As ExperimentRunner.start resolves one seed of an experiment into a run spec.
    const runSpec: RunSpec = {
      teacher: s.teacher,
      samples: s.samples ?? null,
      dataSeed: s.dataSeed,
      width: s.width,
      activation: s.activation ?? null,
      init: s.init,
      method: s.method,
      seed: s.seeds[0] ?? 0,
      budgets: s.budgets,
      settings: s.settings,
      recordTrajectory: s.recordTrajectory,
    };
    const out = trainTask({ spec: runSpec, initialTheta: null }, { shouldStop: () => false, progress: () => undefined });
    expect(out.result.classification).toBe('local-min');
    expect(out.result.classification).toBe(preset.expect?.classification);
    expect(out.result.index).toBe(0);
    expect(out.result.gradNorm).toBeLessThan(1e-10);
    expect(Math.abs(out.result.finalLoss - 1.8386e-4) / 1.8386e-4).toBeLessThan(1e-4);
    expect(out.result.success).toBe(false);
  });
});
