import { activation } from '../core/activations';
import type { ActivationName } from '../core/types';
import { GemmArena, wasmGemmAvailable } from '../wasm/gemm';
import { KERNEL_ACTIVATIONS } from '../wasm/activationKernel';
import type { PlaneEvaluator } from './planeEvaluator';
import type { TwoLayerProjections } from './twoLayerProjections';

/**
 * Below this many multiply-adds per grid point (N·m·K) the scalar two-layer path
 * (twoLayerSmooth.ts) is as fast and keeps its exact summation order.
 */
export const ARENA_MIN_WORK = 65_536;

/**
 * The two-layer plane path for large smooth nets (e.g. 784→30→10 tanh on N = 10,000): per grid
 * point the hidden pre-activations are Z = (z0 + β·zv) + α·zu (N × m, the projections of
 * twoLayerProjections), H = σ(Z) by the f64x2 activation kernel, and the outputs F = H·Wᵀ by the
 * SIMD GEMM (W = a0 + β·av + α·au, K × m), all in one WebAssembly memory; only the residual sum is
 * scalar. Same formula as twoLayerSmooth.ts — the values differ from it by rounding only (the
 * kernel's σ is within a few ulps of Math's, and the GEMM sums in another order).
 * Returns null where it does not apply (activation without a kernel, non-identity output, no SIMD,
 * or too little work per point to pay for the copies).
 */
export function twoLayerSmoothArenaEvaluator(
  p: TwoLayerProjections,
  Y: Float64Array,
  hiddenActivation: ActivationName,
  outputActivation: ActivationName,
): PlaneEvaluator | null {
  const N = p.count;
  const m = p.width;
  const K = p.outputs;
  if (outputActivation !== 'identity' || !(KERNEL_ACTIVATIONS as readonly string[]).includes(hiddenActivation)) return null;
  if (N * m * K < ARENA_MIN_WORK || !wasmGemmAvailable()) return null;
  const arena = GemmArena.create([N * m, N * m, N * m, N * m, K * m, N * K]);
  if (!arena) return null;
  const [zu, c, Z, H, W, F] = arena.views;
  zu.set(p.zu);
  const sigma = activation(hiddenActivation).f;
  const bias = new Float64Array(K);
  const NM = N * m;

  function point(alpha: number, beta: number): number {
    for (let i = 0; i < NM; i++) Z[i] = c[i] + alpha * zu[i];
    const done = arena!.activate(hiddenActivation, Z, NM, H, null, null);
    for (let i = done; i < NM; i++) H[i] = sigma(Z[i]); // the odd last entry (or all, without the kernel)
    for (let i = 0; i < K * m; i++) W[i] = p.a0[i] + beta * p.av[i] + alpha * p.au[i];
    for (let o = 0; o < K; o++) bias[o] = p.b0[o] + beta * p.bv[o] + alpha * p.bu[o];
    F.fill(0);
    // F[n, o] += Σ_j H[n, j] · W[o, j]: op(B)[j, o] = W[o·m + j]
    arena!.gemm(N, K, m, H, 0, m, 1, W, 0, 1, m, F, 0, K);
    let sum = 0;
    for (let n = 0; n < N; n++) {
      const fo = n * K;
      for (let o = 0; o < K; o++) {
        const r = F[fo + o] + bias[o] - Y[fo + o];
        sum += r * r;
      }
    }
    return sum / N;
  }

  function row(beta: number, alpha0: number, dAlpha: number, count: number, out: Float64Array, offset: number): void {
    for (let i = 0; i < NM; i++) c[i] = p.z0[i] + beta * p.zv[i];
    for (let col = 0; col < count; col++) out[offset + col] = point(alpha0 + col * dAlpha, beta);
  }

  return { path: 'two-layer', row };
}
