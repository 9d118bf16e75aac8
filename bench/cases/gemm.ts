/**
 * The network GEMM's two kernels on the shapes its callers use (issue 14): GemmArena.gemmDot (the
 * dot-product kernel of wasm/gemmDot.ts, which `gemm` picks when both operands are contiguous
 * along k) against gemmPacked (the GotoBLAS path) on the same operands, alternating in one run.
 * medianMs times the pair; `extra` holds each kernel's CPU-time median and packed ÷ dot.
 */
import type { BenchCase } from '../harness';
import { GemmArena } from '../../native-workers/engine/wasm/gemm';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1];
}

/** M × N × K: A (M × K) and B (N × K) row-major, C (M × N). */
function gemmCase(label: string, M: number, N: number, K: number): BenchCase {
  let arena: GemmArena | null = null;
  const dotTimes: number[] = [];
  const packedTimes: number[] = [];
  return {
    name: `gemm.${label}`,
    repetitions: 15,
    warmup: 2,
    setup: () => {
      arena = GemmArena.create([M * K, N * K, M * N]);
      if (!arena) throw new Error('no WebAssembly SIMD');
      const [A, B] = arena.views;
      for (let i = 0; i < A.length; i++) A[i] = Math.sin(i);
      for (let i = 0; i < B.length; i++) B[i] = Math.cos(i);
    },
    teardown: () => {
      arena = null;
    },
    run: () => {
      const ar = arena!;
      const [A, B, C] = ar.views;
      let t = cpuMs();
      ar.gemmDot(M, N, K, A, 0, K, B, 0, K, C, 0, N);
      dotTimes.push(cpuMs() - t);
      t = cpuMs();
      ar.gemmPacked(M, N, K, A, 0, K, 1, B, 0, 1, K, C, 0, N);
      packedTimes.push(cpuMs() - t);
      const dot = median(dotTimes);
      const packed = median(packedTimes);
      return { benchExtra: { M, N, K, dotCpuMs: Number(dot.toPrecision(4)), packedCpuMs: Number(packed.toPrecision(4)), packedOverDot: Number((packed / dot).toFixed(2)), dotGflops: Number(((2 * M * N * K) / dot / 1e6).toFixed(1)) } };
    },
  };
}

export default [
  gemmCase('mnist.forward.30x10000x784', 30, 10_000, 784),
  gemmCase('mnist.gradient.30x784x10000', 30, 784, 10_000),
  gemmCase('mnist.gradient2.10x30x10000', 10, 30, 10_000),
  gemmCase('deep.gradient.100x80x2000', 100, 80, 2000),
  gemmCase('deep.gradient.2x100x2000', 2, 100, 2000),
  gemmCase('gramSchmidt.100x2x24000', 100, 2, 24_000),
];
