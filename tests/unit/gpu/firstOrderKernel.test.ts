/**
 * The GPU kernel's gd and Adam (shader.ts) against the engine's float64 gd and Adam
 * (train/firstOrder.ts, the CPU trainers, themselves checked against PyTorch elsewhere) on the
 * same students: Dawn in a child process (firstOrderKernelChild.ts) on whatever adapter exists
 * (SwiftShader here), the float64 references computed here.
 *
 * - θ after 40 steps: f32 sums of ∇L over the data are good to ~2e-6 relative (kernel.test.ts);
 *   Adam divides m̂ by √v̂, so a gradient entry's relative error becomes an error of its step, and
 *   40 steps of learning rate 1e-3 add up. Measured on SwiftShader: max |θ_gpu − θ_f64| = 6.9e-7
 *   (Adam), 4.3e-7 (gd, learning rate 0.01) for |θ| ≈ 1; bound 7e-6 (10×). A wrong moment, bias
 *   correction or β gives errors of order lr = 1e-3 after one step.
 * - Stops per student: a loss target between the students' losses stops each one at the very
 *   step the float64 Adam stops at (the target is picked 1e-3 away, relative, from every loss of
 *   every reference curve, so f32 error cannot move a crossing by one step); in one batch also a
 *   student at the teacher (f32 floor at step 0), one with a NaN start (non-finite), and running ones
 *   (max-steps).
 * - Identical students (in two workgroups) give bitwise identical results.
 * - The defaults the GPU batch uses (FIRST_ORDER_DEFAULTS, ADAM_DEFAULTS) are the CPU trainers'.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { adam, gradientDescent, initialize, networkObjective, Rng, teacherDataset, teacherNetwork, twoLayerArchitecture, type Architecture, type TrainResult } from '../../../native-workers/engine';
import type { GpuTrainOptions } from '../../../native-workers/gpu/batchTrainer';
import { FIRST_ORDER_DEFAULTS } from '../../../native-workers/gpu/gpuBatch';
import { ADAM_DEFAULTS } from '../../../native-workers/gpu/shader';

interface Student {
  theta: number[];
  loss: number;
  steps: number;
  time: number;
  stoppedBy: string;
}

const repo = join(__dirname, '../../..');
const K = 40;
const N = 200;
const smooth = twoLayerArchitecture(2, 5, 1, 'softplus');
const data = teacherDataset('fig3c', { samples: N });
const objective = () => networkObjective(smooth, data);
// 60 students, then student 0 again at 60..65: copies in the first and the second workgroup of 64.
const starts = [...Array.from({ length: 60 }, (_, s) => initialize(smooth, 'glorot_normal', new Rng(2000 + s)))];
for (let c = 0; c < 6; c++) starts.push(Float64Array.from(starts[0]!));

/** The float64 reference run and its loss after every step. */
function reference(rule: 'gd' | 'adam', theta0: Float64Array, extra: { lossTarget?: number } = {}): { run: TrainResult; losses: number[] } {
  const losses: number[] = [];
  const options = { maxSteps: K, progressEvery: 1, onProgress: (_f: number, info: { loss: number }) => void losses.push(info.loss), ...extra };
  const run = rule === 'gd' ? gradientDescent(objective(), theta0, options) : adam(objective(), theta0, options);
  return { run, losses };
}

/** A loss target crossed by some students within K steps, ≥ 1e-3 (relative) from every loss on every curve. */
function pickTarget(curves: number[][]): number {
  const at20 = curves.map((c) => c[19]!).sort((a, b) => a - b);
  const all = curves.flat();
  for (let j = 0; j < 1000; j++) {
    const t = at20[Math.floor(at20.length / 2)]! * (1 + 0.0021 * j);
    if (all.every((l) => Math.abs(l - t) > 1e-3 * t)) return t;
  }
  throw new Error('no loss target with a margin');
}

async function gpu(batches: { architecture: Architecture; samples: number; starts: Float64Array[]; kernel: GpuTrainOptions }[]): Promise<Student[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'gpu-first-order-'));
  try {
    const file = join(dir, 'batches.json');
    writeFileSync(file, JSON.stringify({ batches: batches.map((b) => ({ ...b, starts: b.starts.map((t) => Array.from(t, (v) => (Number.isFinite(v) ? v : null))) })) }));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(__dirname, 'firstOrderKernelChild.ts'), file], { cwd: repo, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
    return JSON.parse(stdout) as Student[][];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('gpu gd and adam vs the float64 engine', () => {
  it('follow the CPU trajectories within f32 bounds, stop per student where the CPU stops, and repeat identical students exactly', async () => {
    const plain = starts.map((t) => reference('adam', t));
    const target = pickTarget(plain.slice(0, 60).map((r) => r.losses));
    const adamRef = starts.map((t) => reference('adam', t, { lossTarget: target }).run);
    const gdRef = starts.map((t) => reference('gd', t).run);
    const teacher = teacherNetwork('fig3c');
    const reluStarts = [Float64Array.from(teacher.theta), Float64Array.from(teacher.theta, () => NaN), ...[1, 2, 3].map((s) => initialize(teacher.architecture, 'glorot_normal', new Rng(s)))];
    const [adamGpu, gdGpu, flags] = await gpu([
      { architecture: smooth, samples: N, starts, kernel: { method: 'adam', maxSteps: K, lossTarget: target, stallRel: 1e-30 } },
      { architecture: smooth, samples: N, starts, kernel: { method: 'gd', maxSteps: K, initialStep: FIRST_ORDER_DEFAULTS.learningRate.gd, stallRel: 1e-30 } },
      { architecture: teacher.architecture, samples: N, starts: reluStarts, kernel: { method: 'adam', maxSteps: 5 } },
    ]);

    // Both outcomes occur: some students reach the target, some run out of steps.
    const reached = adamRef.filter((r) => r.stoppedBy === 'loss-target').length;
    expect(reached).toBeGreaterThan(5);
    expect(reached).toBeLessThan(55);
    let worstAdam = 0;
    let worstGd = 0;
    starts.forEach((theta0, i) => {
      const [a, g, ref, refGd] = [adamGpu![i]!, gdGpu![i]!, adamRef[i]!, gdRef[i]!];
      expect(a.stoppedBy, `adam student ${i}`).toBe(ref.stoppedBy === 'loss-target' ? 'loss-floor' : 'max-steps');
      expect(a.steps, `adam student ${i}`).toBe(ref.steps);
      expect(a.time, 'Adam time counts steps').toBe(ref.steps);
      worstAdam = Math.max(worstAdam, maxDiff(a.theta, ref.finalTheta));
      const L = objective().loss(Float64Array.from(a.theta));
      expect(Math.abs(a.loss - L) / L, `adam student ${i} loss`).toBeLessThan(2e-5);
      expect(g.stoppedBy).toBe('max-steps');
      expect(refGd.stoppedBy).toBe('max-steps');
      expect(g.time).toBeCloseTo(K * FIRST_ORDER_DEFAULTS.learningRate.gd, 5);
      worstGd = Math.max(worstGd, maxDiff(g.theta, refGd.finalTheta));
      expect(theta0.length).toBe(a.theta.length);
    });
    expect(worstAdam).toBeLessThan(7e-6);
    expect(worstGd).toBeLessThan(7e-6);
    // The students really moved: the bound is far below the distance travelled in K steps.
    starts.forEach((theta0, i) => {
      if (adamGpu![i]!.steps === K) expect(maxDiff(adamGpu![i]!.theta, theta0), `adam student ${i}`).toBeGreaterThan(1e-2);
      expect(maxDiff(gdGpu![i]!.theta, theta0), `gd student ${i}`).toBeGreaterThan(1e-3);
    });

    for (let c = 60; c < 66; c++) {
      expect(adamGpu![c]).toEqual(adamGpu![0]);
      expect(gdGpu![c]).toEqual(gdGpu![0]);
    }

    expect(flags!.map((s) => s.stoppedBy)).toEqual(['loss-floor', 'non-finite', 'max-steps', 'max-steps', 'max-steps']);
    expect(flags!.map((s) => s.steps)).toEqual([0, 0, 5, 5, 5]);
    // The teacher student stayed where it was.
    expect(flags![0]!.theta).toEqual(Array.from(teacher.theta, (v) => Math.fround(v)));
  }, 300_000);

  it('the GPU batch defaults are the CPU trainers\' defaults', () => {
    const obj = objective();
    const theta0 = starts[3]!;
    const explicit = adam(obj, theta0, { maxSteps: 5, learningRate: FIRST_ORDER_DEFAULTS.learningRate.adam, ...ADAM_DEFAULTS });
    expect(Array.from(adam(objective(), theta0, { maxSteps: 5 }).finalTheta)).toEqual(Array.from(explicit.finalTheta));
    const gd = gradientDescent(objective(), theta0, { maxSteps: 5, learningRate: FIRST_ORDER_DEFAULTS.learningRate.gd });
    expect(Array.from(gradientDescent(objective(), theta0, { maxSteps: 5 }).finalTheta)).toEqual(Array.from(gd.finalTheta));
    const tiny = twoLayerArchitecture(2, 1, 1, 'softplus');
    const r = gradientDescent(networkObjective(tiny, teacherDataset('fig3c', { samples: 4 })), initialize(tiny, 'glorot_normal', new Rng(1)), { lossTarget: 1e-300 });
    expect([r.stoppedBy, r.steps]).toEqual(['max-steps', FIRST_ORDER_DEFAULTS.maxSteps]);
  });
});
