import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HvpEngine } from '../../../native-workers/engine/derivatives/hvp';
import { lossAndGradient } from '../../../native-workers/engine/derivatives/loss';
import { analyzePoint, pointSpectrum } from '../../../native-workers/engine';
import { initialize } from '../../../native-workers/engine/core/init';
import { Rng } from '../../../native-workers/engine/core/random';
import type { Architecture, Dataset } from '../../../native-workers/engine/core/types';
import { computeWorkerEntry, tsxWorkerEntry } from '../../../native-workers/pool/entry';
import { WorkerPool } from '../../../native-workers/pool/pool';
import { hvpShardCount, shardRanges, startShardedHvp, type ShardedHvp } from '../../../native-workers/pool/shardedHvp';

function problem(widths: number[], N: number, seed: number): { architecture: Architecture; data: Dataset; theta: Float64Array } {
  const architecture: Architecture = {
    layers: widths.slice(1).map((outputs, i) => ({ inputs: widths[i], outputs, bias: true, activation: i === widths.length - 2 ? 'identity' : 'tanh' })),
  };
  const rng = new Rng(seed);
  const d = widths[0];
  const k = widths[widths.length - 1];
  const data = { count: N, inputDim: d, outputDim: k, X: new Float64Array(N * d).map(() => rng.normal()), Y: new Float64Array(N * k).map(() => rng.normal()) };
  return { architecture, data, theta: initialize(architecture, 'glorot_normal', new Rng(seed + 1)) };
}

const open: ShardedHvp[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
async function sharded(p: ReturnType<typeof problem>, shards: number, block: number): Promise<ShardedHvp> {
  const s = await startShardedHvp(computeWorkerEntry(), p.architecture, p.data, { shards, block });
  open.push(s);
  return s;
}
const maxAbs = (a: Float64Array): number => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const maxDiff = (a: Float64Array, b: Float64Array): number => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

describe('ShardedHvp: Hessian-vector products split by samples across threads', () => {
  it('splits N samples into near-equal contiguous slices and picks threads only for enough work', () => {
    expect(shardRanges(1001, 3)).toEqual([[0, 333], [333, 667], [667, 1001]]);
    expect(hvpShardCount(23_860, 10_000, 2)).toBe(2); // the MNIST-scale bench net
    expect(hvpShardCount(23_860, 10_000, 16)).toBe(4); // capped
    expect(hvpShardCount(23_860, 700, 8)).toBe(1); // one slice of ≥ 512 samples only
    expect(hvpShardCount(83, 10_000, 8)).toBe(1); // ≈ 1 ms per HVP: threads do not pay
    expect(hvpShardCount(23_860, 10_000, 1)).toBe(1);
  });

  it('equals the one-thread engine and central differences of the gradient (3 shards, uneven slices)', async () => {
    const p = problem([6, 9, 2], 1001, 3);
    const P = p.theta.length;
    const ref = new HvpEngine(p.architecture, p.data, { block: 2 });
    const s = await sharded(p, 3, 2);
    expect(s.shards).toBe(3);
    const loss = ref.prepare(p.theta);
    expect(Math.abs(s.prepare(p.theta) - loss)).toBeLessThan(1e-14 * loss);
    const V = new Float64Array(2 * P).map((_, i) => Math.sin(i + 1));
    const a = new Float64Array(2 * P);
    const b = new Float64Array(2 * P);
    ref.applyBlock(V, a, 2);
    s.applyBlock(V, b, 2);
    expect(maxDiff(a, b)).toBeLessThan(1e-13 * maxAbs(a));
    const one = new Float64Array(P);
    s.apply(V.subarray(P), one);
    expect(maxDiff(one, a.subarray(P))).toBeLessThan(1e-13 * maxAbs(a));
    // Independent truth: (∇L(θ + εv) − ∇L(θ − εv)) / 2ε.
    const v = V.subarray(0, P);
    const eps = 1e-5;
    const gp = new Float64Array(P);
    const gm = new Float64Array(P);
    lossAndGradient(p.architecture, p.theta.map((t, i) => t + eps * v[i]), p.data, gp);
    lossAndGradient(p.architecture, p.theta.map((t, i) => t - eps * v[i]), p.data, gm);
    const fd = gp.map((g, i) => (g - gm[i]) / (2 * eps));
    expect(maxDiff(fd, b.subarray(0, P))).toBeLessThan(1e-7 * maxAbs(fd));
    // Wrong sizes are refused by the caller, before any thread is asked.
    expect(() => s.applyBlock(V, b, 3)).toThrow(/count must be a whole number in \[1, 2\]/);
    expect(() => s.prepare(new Float64Array(P - 1))).toThrow(/θ has .* entries, expected/);
  });

  it('gives the extremal spectrum of the one-thread path', async () => {
    const p = problem([5, 12, 3], 1200, 7);
    const s = await sharded(p, 2, 2);
    const options = { mode: 'extremal', smallest: 4, largest: 2, blockSize: 2 } as const;
    const ref = pointSpectrum({ architecture: p.architecture, theta: p.theta }, p.data, options);
    const got = pointSpectrum({ architecture: p.architecture, theta: p.theta }, p.data, { ...options, hvp: s });
    expect(got.converged).toBe(true);
    const scale = maxAbs(ref.values);
    expect(maxDiff(got.values, ref.values)).toBeLessThan(1e-10 * scale);
    // Products built for blocks smaller than the solver's are refused with the sizes named.
    const small = await sharded(p, 2, 1);
    expect(() => pointSpectrum({ architecture: p.architecture, theta: p.theta }, p.data, { ...options, hvp: small })).toThrow(/blocks of 1; this analysis needs .* blocks of 2/);
  });

  it('fails instead of hanging: a thread that cannot start, a thread that does not answer in time, a closed product', async () => {
    const p = problem([4, 6, 1], 600, 11);
    const bad = tsxWorkerEntry(fileURLToPath(new URL('../helpers/noSuchWorker.ts', import.meta.url)));
    await expect(startShardedHvp(bad, p.architecture, p.data, { shards: 2, block: 1 })).rejects.toThrow(/HVP shard 1 could not start|stopped while starting/);
    await expect(startShardedHvp(computeWorkerEntry(), p.architecture, { ...p.data, count: 1 }, { shards: 2, block: 1 })).rejects.toThrow(/1 samples cannot be split into 2 shards/);
    const silent = tsxWorkerEntry(fileURLToPath(new URL('../helpers/silentShard.worker.ts', import.meta.url)));
    const slow = await startShardedHvp(silent, p.architecture, p.data, { shards: 2, block: 1, answerTimeoutMs: 200 });
    open.push(slow);
    const asked = performance.now();
    expect(() => slow.prepare(p.theta)).toThrow(/HVP shard 1 gave no answer within 200 ms; its thread was stopped/);
    expect(performance.now() - asked).toBeLessThan(5_000);
    expect(() => slow.prepare(p.theta)).toThrow(/closed/);
    const s = await sharded(p, 2, 1);
    await s.close();
    expect(() => s.prepare(p.theta)).toThrow(/closed/);
  });

  it('runs inside the analyze task of a pool worker and certifies what the one-thread analysis certifies', async () => {
    // N·P = 4.8e6 ≥ the threshold: the task splits its HVPs across availableParallelism() threads.
    const p = problem([20, 50, 3], 4000, 17);
    const pool = new WorkerPool({ entry: computeWorkerEntry(), size: 1 });
    try {
      const payload = {
        network: { kind: 'theta', architecture: p.architecture, theta: p.theta },
        data: { kind: 'inline', count: p.data.count, X: p.data.X, Y: p.data.Y, inputDim: p.data.inputDim, outputDim: p.data.outputDim },
        escapeDirections: false,
        spectrum: { mode: 'extremal', smallest: 5, largest: 2 },
      };
      const result = (await pool.submit('analyze', payload).result) as { eigenvalues: Float64Array; classification: string; spectrum: { converged: boolean } };
      const direct = analyzePoint({ architecture: p.architecture, theta: p.theta }, p.data, { spectrum: { mode: 'extremal', smallest: 5, largest: 2 } });
      expect(result.spectrum.converged).toBe(true);
      expect(result.classification).toBe(direct.classification);
      const ref = Float64Array.from(direct.eigenvalues);
      expect(maxDiff(result.eigenvalues, ref)).toBeLessThan(1e-9 * maxAbs(ref));
    } finally {
      await pool.close();
    }
  }, 120_000);
});
