/**
 * gd / adam batches with `device: 'gpu'` through `experiments.start` (studio service, Dawn not
 * loaded: the GPU backend is replaced): the same request fields as a CPU batch (method,
 * budgets.learningRate / maxSteps) reach the GPU phase unchanged; with a backend whose GPU phase
 * takes zero steps (hands θ₀ and the whole budget over) every run goes through the gpuFinish pool
 * task and must equal the CPU run of its seed, stored with device 'gpu'. A minibatch refuses the
 * GPU with the reason.
 */
import { describe, expect, it } from 'vitest';
import type { RunSpec } from '../../../contract/experiment';
import type { ExperimentRunner } from '../../../main/services/experiments';
import { createZeroStepGpu } from '../helpers/zeroStepGpu';
import { useStudioService } from '../helpers/studioFixture';

const studio = useStudioService('gpu-first-order');
const experiments = () => (studio.service as unknown as { experiments: ExperimentRunner }).experiments;
const seen: RunSpec[][] = [];
const zeroStepGpu = createZeroStepGpu(seen);

async function finished(batchId: string) {
  await expect.poll(async () => (await studio.api.call('runs.list', { batchId })).runs.length, { timeout: 120_000 }).toBe(2);
  const runs = (await studio.api.call('runs.list', { batchId })).runs;
  return runs.map((r) => ({ seed: r.spec.seed, loss: r.result.finalLoss, classification: r.result.classification, steps: r.result.steps, device: r.result.device })).sort((a, b) => a.seed - b.seed);
}

describe('gd and adam batches with device gpu', () => {
  for (const method of ['adam', 'gd'] as const)
    it(`${method}: the CPU request fields reach the GPU phase; the finished runs equal the CPU runs, stored as GPU runs`, async () => {
      const batch = { teacher: 'fig3c' as const, samples: 64, width: 3, activation: 'relu' as const, method, seeds: [21, 22], budgets: { maxSteps: 150, learningRate: 0.02 }, recordTrajectory: false };
      experiments().gpu = zeroStepGpu;
      const cpu = await studio.api.call('experiments.start', batch);
      const gpu = await studio.api.call('experiments.start', { ...batch, device: 'gpu' });
      expect(gpu).toMatchObject({ device: 'gpu', deviceNote: null });
      const phase = seen[seen.length - 1]!;
      expect(phase.map((s) => [s.method, s.seed, s.budgets])).toEqual([21, 22].map((seed) => [method, seed, batch.budgets]));
      const [c, g] = [await finished(cpu.batchId!), await finished(gpu.batchId!)];
      expect(g.map(({ seed, loss, classification }) => [seed, loss, classification])).toEqual(c.map(({ seed, loss, classification }) => [seed, loss, classification]));
      expect(g.every((r) => r.device === 'gpu')).toBe(true);
      expect(c.every((r) => r.device === undefined)).toBe(true);
    }, 180_000);

  it('a minibatch runs on the CPU and says why', async () => {
    experiments().gpu = zeroStepGpu;
    const r = await studio.api.call('experiments.start', { teacher: 'fig3c', samples: 64, width: 3, method: 'adam', seeds: [1, 2], budgets: { maxSteps: 20 }, settings: { batchSize: 16 }, device: 'gpu', recordTrajectory: false });
    expect(r.device).toBe('cpu');
    expect(r.deviceNote).toBe('device gpu: the GPU trains full-batch adam; minibatches (batchSize 16) run on the CPU; this batch runs on the CPU');
    await finished(r.batchId!);
  }, 180_000);
});
