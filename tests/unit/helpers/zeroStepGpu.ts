/**
 * A GPU backend for service tests that takes no step: each student's "f32 end point" is its own
 * initialization θ₀ (stopped as 'stalled'), so the float64 finish reproduces the CPU run exactly.
 * `seen` collects the specs of every GPU phase it was given.
 */
import type { RunSpec } from '../../../contract/experiment';
import type { GpuBackend } from '../../../main/services/gpuBatches';
import { initialize, Rng, twoLayerArchitecture } from '../../../native-workers/engine';

export const zeroStepAdapter = {
  vendor: 'test',
  architecture: 'zero-step',
  device: 'none',
  description: 'hands θ₀ over',
  software: true,
  limits: { maxStorageBufferBindingSize: 1, maxBufferSize: 1, maxComputeWorkgroupsPerDimension: 1, maxComputeInvocationsPerWorkgroup: 1 },
};

export function createZeroStepGpu(seen: RunSpec[][]): GpuBackend {
  return {
    probe: async () => ({ adapter: zeroStepAdapter, reason: null }),
    flow: async ({ specs }) => {
      seen.push([...specs]);
      return {
        adapter: zeroStepAdapter,
        seconds: 0,
        dispatches: 0,
        payloads: specs.map((spec) => ({
          spec,
          initialTheta: null,
          gpu: { theta: initialize(twoLayerArchitecture(2, spec.width, 1, 'relu'), spec.init, new Rng(spec.seed)), steps: 0, rejected: 0, odeTime: 0, stoppedBy: 'stalled' as const, loss: null, seconds: 0 },
        })),
      };
    },
  };
}
