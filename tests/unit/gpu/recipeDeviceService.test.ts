/**
 * `recipes.*` with `device` through a real studio service (compute worker, temporary workspace;
 * Dawn not loaded: the experiments' GPU backend is replaced). fig3c-scaling with device 'gpu'
 * sends its train runs, all seeds of a width at once, to the GPU backend and each end point to the
 * studio's pool as a gpuFinish task; with a backend whose GPU phase takes zero steps (hands θ₀
 * over) the runs must equal the CPU recipe's runs exactly (the finish is the CPU procedure).
 * Without an adapter the runs go to the CPU and the reason is kept with the folder; a recipe
 * without a device parameter runs on the CPU and says so; the contract refuses another device.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSpec } from '../../../contract/experiment';
import type { ExperimentRunner } from '../../../main/services/experiments';
import { createZeroStepGpu } from '../helpers/zeroStepGpu';
import { planRuns } from '../../../native-workers/engine';
import { refused, useStudioService } from '../helpers/studioFixture';

const studio = useStudioService('recipe-device');
const experiments = () => (studio.service as unknown as { experiments: ExperimentRunner }).experiments;

/** Batches the backend was given (the specs of each GPU phase). */
const gpuBatches: RunSpec[][] = [];
const zeroStepGpu = createZeroStepGpu(gpuBatches);

const params = { seeds: 2, widths: [4], samples: 64, maxSteps: 3000 };
const runsOf = (folder: string) =>
  readFileSync(join(folder, 'runs.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { id: string; seed: number; loss: number; classification: string | null; finalTheta: number[] })
    .sort((a, b) => a.seed - b.seed);

async function runFig3c(device?: 'cpu' | 'gpu') {
  const started = await studio.api.call('recipes.start', { name: 'fig3c-scaling', params, ...(device ? { device } : {}) });
  expect(await studio.settled(started.jobId)).toMatchObject({ type: 'job.done' });
  const state = await studio.api.call('recipes.get', { name: 'fig3c-scaling' });
  expect(state).toMatchObject({ recipeId: started.recipeId, complete: true, finishedRuns: 2 });
  return state;
}

describe('recipes with a device', () => {
  it('lists where each recipe can run', async () => {
    const { recipes } = await studio.api.call('recipes.list', {});
    expect(recipes.find((r) => r.name === 'fig3c-scaling')?.devices).toEqual(['cpu', 'gpu', 'auto']);
    expect(recipes.find((r) => r.name === 'figD6-counts')?.devices).toEqual(['cpu']);
  });

  it('fig3c-scaling on the GPU: one GPU phase for the width, CPU finishes equal to the CPU recipe, device kept with the folder', async () => {
    const cpu = await runFig3c();
    expect(cpu.device).toEqual({ asked: 'cpu', ran: 'cpu', note: null });
    experiments().gpu = zeroStepGpu;
    const gpu = await runFig3c('gpu');
    expect(gpu.device).toEqual({ asked: 'gpu', ran: 'gpu', note: null });
    expect(gpu.parameters).toMatchObject({ device: 'gpu' });
    // Both seeds of width 4 went to the GPU together, with the planned seeds.
    const planned = planRuns({ widths: [4], seedsPerWidth: 2 }).map((p) => p.seed);
    expect(gpuBatches.map((b) => b.map((s) => s.seed))).toEqual([planned]);
    const [c, g] = [runsOf(cpu.folder!), runsOf(gpu.folder!)];
    expect(g.map((r) => [r.id, r.loss, r.classification, r.finalTheta])).toEqual(c.map((r) => [r.id, r.loss, r.classification, r.finalTheta]));
    expect(JSON.parse(readFileSync(join(gpu.folder!, 'device.json'), 'utf8'))).toEqual(gpu.device);
  }, 180_000);

  it('without an adapter the runs go to the CPU, with the reason', async () => {
    experiments().gpu = { probe: async () => ({ adapter: null, reason: 'no WebGPU adapter: none in this test' }), flow: zeroStepGpu.flow };
    const before = gpuBatches.length;
    const state = await runFig3c('gpu');
    expect(state.device).toEqual({ asked: 'gpu', ran: 'cpu', note: 'device gpu: no WebGPU adapter: none in this test; the runs go to the CPU' });
    expect(gpuBatches.length).toBe(before);
  }, 180_000);

  it('a recipe without a device parameter runs on the CPU and says so; another device is refused by the contract', async () => {
    const started = await studio.api.call('recipes.start', { name: 'figD6-counts', device: 'gpu' });
    expect(await studio.settled(started.jobId)).toMatchObject({ type: 'job.done' });
    const state = await studio.api.call('recipes.get', { name: 'figD6-counts' });
    expect(state.device).toEqual({ asked: 'gpu', ran: 'cpu', note: 'device gpu: figD6-counts runs on the CPU only' });
    expect(existsSync(join(state.folder!, 'device.json'))).toBe(true);
    const bad = await refused(studio.api.call('recipes.start', { name: 'fig3c-scaling', device: 'tpu' as never }));
    expect(bad.code).toBe('invalid');
    expect(bad.message).toMatch(/^recipes\.start: device: /);
    const clash = await refused(studio.api.call('recipes.start', { name: 'fig3c-scaling', params: { device: 'cpu' }, device: 'gpu' }));
    expect(clash.message).toMatch(/device: 'gpu' differs from params\.device 'cpu'/);
  });
});
