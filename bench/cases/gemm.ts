/**
 * The network GEMM's two kernels on the shapes its callers use (issue 14): GemmArena.gemmDot (the
 * dot-product kernel of wasm/gemmDot.ts, which `gemm` picks when both operands are contiguous
 * along k) against gemmPacked (the GotoBLAS path) on the same operands, alternating in one run,
 * and the relaxed-SIMD FMA variant of the dot-product kernel (an arena created `{ fused: true }`,
 * what the large networks use) on a copy of the operands when relaxed SIMD is available (bench/run.ts
 * turns it on; `fusedGflops: null` when it is not). medianMs times the set; `extra` holds each
 * kernel's CPU-time median, GFLOPS and packed ÷ dot, dot ÷ fused.
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
  let fusedArena: GemmArena | null = null;
  const dotTimes: number[] = [];
  const packedTimes: number[] = [];
  const fusedTimes: number[] = [];
  const gflops = (ms: number): number => Number(((2 * M * N * K) / ms / 1e6).toFixed(1));
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
      const fused = GemmArena.create([M * K, N * K, M * N], { fused: true });
      fusedArena = fused?.fused ? fused : null;
      if (fusedArena) {
        fusedArena.views[0].set(A);
        fusedArena.views[1].set(B);
      }
    },
    teardown: () => {
      arena = null;
      fusedArena = null;
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
      const fa = fusedArena;
      if (fa) {
        const [Af, Bf, Cf] = fa.views;
        t = cpuMs();
        fa.gemmDot(M, N, K, Af, 0, K, Bf, 0, K, Cf, 0, N);
        fusedTimes.push(cpuMs() - t);
      }
      const dot = median(dotTimes);
      const packed = median(packedTimes);
      const fused = fa ? median(fusedTimes) : null;
      return {
        benchExtra: {
          M,
          N,
          K,
          dotCpuMs: Number(dot.toPrecision(4)),
          packedCpuMs: Number(packed.toPrecision(4)),
          fusedCpuMs: fused === null ? null : Number(fused.toPrecision(4)),
          packedOverDot: Number((packed / dot).toFixed(2)),
          dotOverFused: fused === null ? null : Number((dot / fused).toFixed(2)),
          dotGflops: gflops(dot),
          fusedGflops: fused === null ? null : gflops(fused),
        },
      };
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
  gemmCase('tall.10000x30x784', 10_000, 30, 784),
  gemmCase('square.1000', 1000, 1000, 1000),
];
