/**
 * The CPU float64 finish of GPU students (gpuFinish task) and where batches run (placeBatch),
 * without loading Dawn. Truth for the finish: the CPU `train` task itself — handed a "GPU end
 * point" that is θ₀ (zero GPU steps), the finish must give exactly the CPU run (same float64
 * procedure from the same point), with the GPU phase prepended and the run's own θ₀ kept.
 */
import { describe, expect, it } from 'vitest';
import { GPU_STOP_REASONS } from '../../../contract/gpu';
import { TASKS } from '../../../contract/tasks';
import { placeBatch, type GpuBackend } from '../../../main/services/gpuBatches';
import { initialize, Rng, twoLayerArchitecture } from '../../../native-workers/engine';
import { gpuFinishTask, GPU_PHASE_NAME } from '../../../native-workers/gpu/finishTask';
import { gpuUnsupported } from '../../../native-workers/gpu/gpuBatch';
import { STOP_CODES } from '../../../native-workers/gpu/shader';
import { trainTask } from '../../../native-workers/tasks/train';
import { ExperimentSpecSchema, type RunSpec } from '../../../contract/experiment';

const context = { shouldStop: () => false, progress: () => undefined };
const spec: RunSpec = {
  teacher: 'fig3c', samples: 200, dataSeed: 0, width: 4, activation: 'relu', init: 'glorot_normal', method: 'flow', seed: 400003,
  budgets: { maxSteps: 30000 }, settings: {}, recordTrajectory: false,
};

describe('gpuFinish task', () => {
  it('from θ₀ with no GPU steps equals the CPU train run, with the GPU phase prepended', () => {
    const theta0 = initialize(twoLayerArchitecture(2, 4, 1, 'relu'), 'glorot_normal', new Rng(spec.seed));
    const cpu = trainTask({ spec, initialTheta: null }, context);
    const gpu = gpuFinishTask({ spec, initialTheta: null, gpu: { theta: theta0, steps: 0, rejected: 0, odeTime: 0, stoppedBy: 'stalled', loss: 0.5, seconds: 0.01 } }, context);
    expect(TASKS.gpuFinish.result.safeParse(gpu).success).toBe(true);
    expect(gpu.result.finalLoss).toBe(cpu.result.finalLoss);
    expect(gpu.result.classification).toBe(cpu.result.classification);
    expect(Array.from(gpu.finalTheta)).toEqual(Array.from(cpu.finalTheta));
    expect(Array.from(gpu.initialTheta)).toEqual(Array.from(theta0));
    expect(gpu.result.device).toBe('gpu');
    expect(gpu.result.gpu).toMatchObject({ steps: 0, stoppedBy: 'stalled', loss: 0.5 });
    expect(gpu.result.stoppedBy.startsWith(`${GPU_PHASE_NAME}: stalled; ${cpu.result.stoppedBy}`.slice(0, 100))).toBe(true);
    expect(gpu.result.phases?.[0]).toMatchObject({ name: GPU_PHASE_NAME, fromIndex: 0, toIndex: 1, stopReason: 'patience' });
    expect(gpu.result.phases?.slice(1).map((p) => p.name)).toEqual(cpu.result.phases?.map((p) => p.name));
    expect(gpu.curveLoss.length).toBe(cpu.curveLoss.length + 1);
    expect(cpu.result.device).toBeUndefined();
  });

  it('trains from θ₀ on the CPU when the GPU student went non-finite', () => {
    const cpu = trainTask({ spec, initialTheta: null }, context);
    const bad = Float64Array.from({ length: 17 }, () => NaN);
    const gpu = gpuFinishTask({ spec, initialTheta: null, gpu: { theta: bad, steps: 40, rejected: 3, odeTime: 1, stoppedBy: 'non-finite', loss: null, seconds: 0 } }, context);
    expect(gpu.result.finalLoss).toBe(cpu.result.finalLoss);
    expect(gpu.result.gpu?.stoppedBy).toBe('non-finite');
  });

  it('refuses an end point of the wrong length, naming the field', () => {
    expect(() => gpuFinishTask({ spec, initialTheta: null, gpu: { theta: new Float64Array(3), steps: 1, rejected: 0, odeTime: 1, stoppedBy: 'stalled', loss: 1, seconds: 0 } }, context)).toThrow(
      /gpu\.theta: has 3 entries, the network has 17/,
    );
  });
});

describe('GPU vocabulary and placement', () => {
  it('the contract lists the kernel stop codes', () => {
    expect([...GPU_STOP_REASONS]).toEqual([...STOP_CODES]);
  });

  const none: GpuBackend = { probe: async () => ({ adapter: null, reason: 'no WebGPU adapter: test' }), flow: async () => Promise.reject(new Error('no GPU')) };
  const start = (extra: Record<string, unknown>) => ExperimentSpecSchema.parse({ teacher: 'fig3c', width: 4, seeds: [1, 2], method: 'flow', ...extra });

  it('cpu by default and when asked; gpu without an adapter falls back with the reason', async () => {
    expect(await placeBatch(start({}), none)).toEqual({ device: 'cpu', note: null });
    expect(await placeBatch(start({ device: 'cpu' }), none)).toEqual({ device: 'cpu', note: null });
    expect(await placeBatch(start({ device: 'gpu' }), none)).toEqual({ device: 'cpu', note: 'device gpu: no WebGPU adapter: test; this batch runs on the CPU' });
    expect(await placeBatch(start({ device: 'auto' }), none)).toEqual({ device: 'cpu', note: null });
  });

  it('gpu for what the kernel trains; the CPU with a message for what it cannot', async () => {
    const some: GpuBackend = { probe: async () => ({ adapter: { vendor: 'x' } as never, reason: null }), flow: none.flow };
    expect(await placeBatch(start({ device: 'gpu' }), some)).toEqual({ device: 'gpu', note: null });
    expect((await placeBatch(start({ device: 'gpu', method: 'minimize' }), some)).note).toMatch(/GPU trains flow, gd and adam; method 'minimize'/);
    expect(await placeBatch(start({ device: 'gpu', method: 'adam' }), some)).toEqual({ device: 'gpu', note: null });
    expect(await placeBatch(start({ device: 'gpu', method: 'gd', samples: 50, settings: { batchSize: 50 } }), some)).toEqual({ device: 'gpu', note: null });
    expect((await placeBatch(start({ device: 'gpu', method: 'adam', settings: { batchSize: 16 } }), some)).note).toMatch(/full-batch adam; minibatches \(batchSize 16\) run on the CPU/);
    expect((await placeBatch(start({ device: 'gpu', activation: 'gelu' }), some)).note).toMatch(/no 'gelu' activation/);
    // auto: the GPU only for large batches
    expect((await placeBatch(start({ device: 'auto' }), some)).device).toBe('cpu');
    expect((await placeBatch(start({ device: 'auto', seeds: Array.from({ length: 256 }, (_, i) => i) }), some)).device).toBe('gpu');
    expect(gpuUnsupported({ method: 'flow', teacher: 'fig3c', width: 4, activation: 'relu' })).toBeNull();
  });

  it('the contract refuses an unknown device, naming the field', () => {
    const r = ExperimentSpecSchema.safeParse({ teacher: 'fig3c', width: 4, seeds: [1], device: 'tpu' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['device']);
  });
});
