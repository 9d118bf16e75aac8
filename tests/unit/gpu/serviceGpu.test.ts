/**
 * `experiments.start` with `device` through the studio service (Dawn not loaded: the runner's GPU
 * backend is replaced). Without an adapter a gpu batch runs on the CPU and says why (response and
 * batch.json). With a backend whose "GPU phase" takes zero steps (hands over θ₀), every run goes
 * through the gpuFinish pool task and must equal the CPU run of the same seed — the finish is the
 * CPU procedure — while being stored with device 'gpu' and its GPU phase.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioApi } from '../../../contract/api';
import type { StudioEvent } from '../../../contract/events';
import type { ExperimentRunner } from '../../../main/services/experiments';
import type { GpuBackend } from '../../../main/services/gpuBatches';
import { localStudioApi } from '../../../main/services/localApi';
import { StudioService } from '../../../main/services/studioService';
import { initialize, Rng, twoLayerArchitecture } from '../../../native-workers/engine';
import { computeWorkerEntry } from '../../../native-workers/pool/entry';
import { tempDir } from '../helpers/service';

const dir = tempDir('gpu-service');
let service: StudioService;
let api: StudioApi;
const events: StudioEvent[] = [];
const runner = () => (service as unknown as { experiments: ExperimentRunner }).experiments;

const zeroStepGpu: GpuBackend = {
  probe: async () => ({ adapter: { vendor: 'test', architecture: 'zero-step', device: 'none', description: 'hands θ₀ over', software: true, limits: { maxStorageBufferBindingSize: 1, maxBufferSize: 1, maxComputeWorkgroupsPerDimension: 1, maxComputeInvocationsPerWorkgroup: 1 } }, reason: null }),
  flow: async ({ specs }) => ({
    adapter: (await zeroStepGpu.probe()).adapter!,
    seconds: 0,
    dispatches: 0,
    payloads: specs.map((spec) => ({
      spec,
      initialTheta: null,
      gpu: { theta: initialize(twoLayerArchitecture(2, spec.width, 1, 'relu'), spec.init, new Rng(spec.seed)), steps: 0, rejected: 0, odeTime: 0, stoppedBy: 'stalled' as const, loss: null, seconds: 0 },
    })),
  }),
};

const batch = { teacher: 'fig3c' as const, samples: 64, width: 3, activation: 'relu' as const, method: 'flow' as const, seeds: [11, 12], budgets: { maxSteps: 3000 }, recordTrajectory: false };

async function finished(batchId: string): Promise<{ seed: number; loss: number; classification: string | null; device?: string; gpu?: unknown }[]> {
  await expect.poll(async () => (await api.call('runs.list', { batchId })).runs.length, { timeout: 120_000 }).toBe(2);
  const runs = (await api.call('runs.list', { batchId })).runs;
  return runs.map((r) => ({ seed: r.spec.seed, loss: r.result.finalLoss, classification: r.result.classification, device: r.result.device, gpu: r.result.gpu })).sort((a, b) => a.seed - b.seed);
}

beforeAll(async () => {
  service = await StudioService.open({ workspaceDir: dir.path, workerEntry: computeWorkerEntry(), poolSize: 1 });
  api = localStudioApi(service);
  api.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await service.shutdown();
  dir.remove();
});

describe('device on experiments.start', () => {
  it('gpu without an adapter runs on the CPU, with the reason in the answer and in batch.json', async () => {
    runner().gpu = { probe: async () => ({ adapter: null, reason: 'no WebGPU adapter: none in this test' }), flow: zeroStepGpu.flow };
    const r = await api.call('experiments.start', { ...batch, device: 'gpu' });
    expect(r.device).toBe('cpu');
    expect(r.deviceNote).toBe('device gpu: no WebGPU adapter: none in this test; this batch runs on the CPU');
    const record = JSON.parse(readFileSync(join(dir.path, 'batches', r.batchId!, 'batch.json'), 'utf8')) as { device: string; deviceNote: string; spec: { device: string } };
    expect(record).toMatchObject({ device: 'cpu', deviceNote: r.deviceNote, spec: { device: 'gpu' } });
    const runs = await finished(r.batchId!);
    expect(runs.every((x) => x.device === undefined)).toBe(true);
    expect((await api.call('system.gpu', {})).reason).toBe('no WebGPU adapter: none in this test');
  });

  it('gpu runs are finished by the CPU pool: equal to the CPU runs, stored with device gpu', async () => {
    const cpu = await api.call('experiments.start', { ...batch });
    expect(cpu.device).toBeUndefined();
    runner().gpu = zeroStepGpu;
    const gpu = await api.call('experiments.start', { ...batch, device: 'gpu' });
    expect(gpu).toMatchObject({ device: 'gpu', deviceNote: null });
    const [c, g] = [await finished(cpu.batchId!), await finished(gpu.batchId!)];
    expect(g.map((x) => [x.seed, x.loss, x.classification])).toEqual(c.map((x) => [x.seed, x.loss, x.classification]));
    expect(g.every((x) => x.device === 'gpu')).toBe(true);
    expect(g[0]!.gpu).toMatchObject({ steps: 0, stoppedBy: 'stalled' });
  });
});
