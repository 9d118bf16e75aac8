/**
 * A gd / adam batch through the GPU path as experiments.start and recipes run it: the GPU phase
 * (runGpuFlow, in a child process with Dawn) from the seeds' own initializations, then the CPU
 * float64 finish (gpuFinish task) of each run. The finish continues the same method with what is
 * left of the step budget, so the GPU and CPU steps add up to the run's maxSteps (the budget a
 * CPU-only run takes); the run is stored as a GPU run; and the finish never ends above the
 * float64 loss of the point the GPU handed over (gd / adam keep their best point, the polish
 * only descends).
 */
import { describe, expect, it } from 'vitest';
import type { RunSpec } from '../../../contract/experiment';
import { initialize, networkObjective, Rng, teacherDataset, twoLayerArchitecture } from '../../../native-workers/engine';
import { gpuFinishTask, gpuPhaseName } from '../../../native-workers/gpu/finishTask';

import { gpuPhaseInChild } from '../helpers/gpuPhaseChild';

const context = { shouldStop: () => false, progress: () => undefined };
const MAX_STEPS = 400;
const spec = (method: 'gd' | 'adam', seed: number): RunSpec => ({
  teacher: 'fig3c', samples: 64, dataSeed: 0, width: 4, activation: 'relu', init: 'glorot_normal', method, seed,
  budgets: { maxSteps: MAX_STEPS, learningRate: method === 'gd' ? 0.05 : 0.01 }, settings: {}, recordTrajectory: false,
});

const gpuPhase = gpuPhaseInChild;

describe('gd and adam batches on the GPU, finished on the CPU', () => {
  it('hand over the rest of the step budget to the same method in float64, stored as GPU runs', async () => {
    const specs = [1, 2, 3].map((s) => spec('adam', s));
    const gdSpecs = [1, 2].map((s) => spec('gd', s));
    // The whole budget on the GPU (f32 all along, then one float64 step), or — with a stall rule
    // that fires at the first checkpoint (loss not down 90 % by step 2) — almost all of it on the CPU.
    const batches = [
      { given: specs, payloads: await gpuPhase(specs), gpuStop: 'max-steps' },
      { given: gdSpecs, payloads: await gpuPhase(gdSpecs), gpuStop: 'max-steps' },
      { given: specs, payloads: await gpuPhase(specs, { stallRel: 0.9 }), gpuStop: 'stalled' },
    ] as const;
    const arch = twoLayerArchitecture(2, 4, 1, 'relu');
    const objective = networkObjective(arch, teacherDataset('fig3c', { samples: 64 }));
    for (const { given, payloads, gpuStop } of batches)
      payloads.forEach((payload, i) => {
        const s = given[i]!;
        const { gpu } = payload;
        expect(payload.spec.seed).toBe(s.seed);
        expect(gpu.steps, `${s.method} seed ${s.seed}`).toBeGreaterThan(0);
        expect(gpu.rejected).toBe(0);
        // The GPU really trained from the seed's initialization.
        const theta0 = initialize(arch, 'glorot_normal', new Rng(s.seed));
        expect(objective.loss(gpu.theta)).toBeLessThan(objective.loss(theta0));
        expect(payload.spec.budgets).toEqual({ ...s.budgets, maxSteps: Math.max(1, MAX_STEPS - gpu.steps) });
        const run = gpuFinishTask(payload, context);
        expect(run.result.device).toBe('gpu');
        const [gpuPart, cpuPart] = run.result.phases ?? [];
        expect(gpuPart).toMatchObject({ name: gpuPhaseName(s.method), steps: gpu.steps });
        expect(gpuPart?.name).toBe(s.method === 'adam' ? 'adam/gpu-f32' : 'gd/gpu-f32');
        expect(cpuPart?.name).toBe(s.method);
        expect(gpu.stoppedBy).toBe(gpuStop);
        expect(gpu.steps).toBe(gpuStop === 'max-steps' ? MAX_STEPS : 2);
        expect(cpuPart?.stopReason).toBe('max-steps');
        expect(cpuPart!.steps).toBe(Math.max(1, MAX_STEPS - gpu.steps));
        expect(Array.from(run.initialTheta)).toEqual(Array.from(theta0));
        expect(run.result.finalLoss).toBeLessThanOrEqual(objective.loss(gpu.theta));
      });
  }, 300_000);
});
