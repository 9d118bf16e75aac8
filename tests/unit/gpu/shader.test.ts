/**
 * GPU room, the parts that do not load Dawn: kernel shape and input checks. The kernel-vs-engine
 * test (kernel.test.ts) runs Dawn in a child process.
 */
import { describe, expect, it } from 'vitest';
import { parameterCount, teacherDataset, twoLayerArchitecture } from '../../../native-workers/engine';
import { gpuShape, GpuTrainError, trainBatchGpu } from '../../../native-workers/gpu/batchTrainer';
import { batchShader, gpuParameterCount, UNROLL_MAX_WEIGHTS } from '../../../native-workers/gpu/shader';

describe('gpu kernel shape', () => {
  it('counts parameters as the engine lays them out, with and without biases', () => {
    for (const [hb, ob] of [[true, true], [false, false], [true, false]] as const) {
      const arch = twoLayerArchitecture(3, 6, 1, 'tanh', { hiddenBias: hb, outputBias: ob });
      expect(gpuParameterCount(gpuShape(arch))).toBe(parameterCount(arch));
    }
  });
  it('rejects what the kernel cannot train, naming the problem', () => {
    expect(() => gpuShape(twoLayerArchitecture(2, 4, 1, 'gelu'))).toThrow(/no 'gelu' activation/);
    expect(() => gpuShape(twoLayerArchitecture(2, 4, 2, 'relu'))).toThrow(/one identity output/);
  });
  it('rejects a start of the wrong length before touching the device', async () => {
    const arch = twoLayerArchitecture(2, 4, 1, 'relu');
    await expect(trainBatchGpu(arch, teacherDataset('fig3c', { samples: 10 }), [new Float64Array(3)])).rejects.toThrow(GpuTrainError);
  });
});

describe('gpu kernel source', () => {
  it('refuses a non-finite constant instead of emitting invalid WGSL', () => {
    const config = {
      inputDim: 2, width: 4, hiddenBias: false, outputBias: false, activation: 'relu' as const, samples: 10, students: 1, method: 'flow' as const,
      stepsPerDispatch: 1, maxSteps: 1, maxTime: Infinity, rtol: 1e-5, atol: 1e-6, maxStep: 1, lossFloor: 1e-12, stallRel: 1e-3, stallSteps: 1,
    };
    expect(() => batchShader(config)).toThrow(/finite/);
    expect(batchShader({ ...config, maxTime: 1e9 })).toContain('const P: u32 = 12u;');
  });
  it('unrolls L and ∇L into registers up to UNROLL_MAX_WEIGHTS weights, loops beyond (both checked on the GPU in kernel.test.ts)', () => {
    const base = {
      inputDim: 2, hiddenBias: true, outputBias: true, activation: 'relu' as const, samples: 10, students: 1, method: 'flow' as const,
      stepsPerDispatch: 1, maxSteps: 1, maxTime: 1e9, rtol: 1e-5, atol: 1e-6, maxStep: 1, lossFloor: 1e-12, stallRel: 1e-3, stallSteps: 1,
    };
    const narrow = batchShader({ ...base, width: UNROLL_MAX_WEIGHTS / 2 });
    const wide = batchShader({ ...base, width: UNROLL_MAX_WEIGHTS / 2 + 1 });
    expect(narrow).not.toContain('fn pre(');
    expect(narrow).toContain(`var g${gpuParameterCount({ ...base, width: UNROLL_MAX_WEIGHTS / 2 }) - 1} = 0.0;`);
    expect(wide).toContain('fn pre(');
  });
});
