/**
 * GPU kernel against the float64 engine: L and ∇L of every activation at 70 starts, evaluated by
 * the WGSL kernel in f32 (Dawn on whatever adapter the machine has; SwiftShader here) in a child
 * process (kernelChild.ts), compared with the engine's lossAndGradient (itself checked against
 * finite differences and PyTorch elsewhere).
 * Bound: f32 has ε = 1.2e-7; sums over the dataset's samples in f32 measured ≤ 2e-6 relative on
 * SwiftShader, so 2e-5 (relative to L, and to ‖∇L‖∞ per student) leaves a 10× margin while a
 * wrong activation, derivative or layout gives errors of order 1.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { networkObjective, teacherDataset, twoLayerArchitecture } from '../../../native-workers/engine';
import type { GpuActivation } from '../../../native-workers/gpu/shader';

interface ChildResult {
  activation: GpuActivation;
  width: number;
  software: boolean;
  starts: number[][];
  loss: number[];
  gradient: number[][];
  stoppedBy: string[];
}

const repo = join(__dirname, '../../..');

async function runChild(): Promise<ChildResult[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'kernelChild.ts')], {
    cwd: repo,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  return JSON.parse(stdout) as ChildResult[];
}

describe('gpu kernel vs float64 engine', () => {
  it('matches L and ∇L for every activation (unrolled kernel) and a wide net (loop kernel) within f32 bounds, surviving forced GC', async () => {
    const results = await runChild();
    expect(results.map((r) => `${r.activation}/${r.width}`)).toEqual(['relu/5', 'softplus/5', 'tanh/5', 'sigmoid/5', 'g/5', 'softplus/40']);
    const data = teacherDataset('fig3c');
    for (const r of results) {
      const obj = networkObjective(twoLayerArchitecture(2, r.width, 1, r.activation), data);
      expect(r.starts).toHaveLength(70);
      expect(new Set(r.stoppedBy)).toEqual(new Set(['max-steps']));
      r.starts.forEach((start, i) => {
        const theta = Float64Array.from(start);
        const g = new Float64Array(theta.length);
        const L = obj.lossAndGradient(theta, g);
        expect(Math.abs(r.loss[i]! - L) / L, `${r.activation} student ${i} loss`).toBeLessThan(2e-5);
        const gInf = Math.max(...g.map(Math.abs));
        const dInf = Math.max(...g.map((v, k) => Math.abs(v - r.gradient[i]![k]!)));
        expect(dInf / gInf, `${r.activation} student ${i} gradient`).toBeLessThan(2e-5);
      });
    }
  });
});
