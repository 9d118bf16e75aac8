/**
 * Analytic dense Hessian of a two-layer network x → σ₂(A·σ₁(W̃x̃) + c) (any width, any number of
 * outputs K, any activations, biases optional). Derivation, with zⱼ = w̃ⱼ·x̃, hⱼ = σ₁(zⱼ),
 * uₖ = Σⱼ Aₖⱼhⱼ + cₖ, rₖ = σ₂(uₖ) − yₖ and gₖ = ∂uₖ/∂θ:
 *   ∂²L/∂θ∂θ' = (2/N) Σₙ Σₖ [ (σ₂'² + rₖσ₂'') gₖgₖᵀ + rₖσ₂' ∂²uₖ ]
 * gₖ has entries Aₖⱼσ₁'(zⱼ)x̃ (for w̃ⱼ), hⱼ (for Aₖⱼ; zero for other rows of A) and 1 (for cₖ);
 * ∂²uₖ has only the blocks ∂²uₖ/∂Aₖⱼ∂w̃ⱼ = σ₁'(zⱼ)x̃ and ∂²uₖ/∂w̃ⱼ∂w̃ⱼ = Aₖⱼσ₁''(zⱼ)x̃x̃ᵀ.
 * The first term is a weighted Gram matrix Gᵀ·diag(ω)·G of the N·K vectors gₖ(xₙ), accumulated
 * over chunks of samples with a register-blocked kernel; the second is O(N·K·m·d²).
 * Where WebAssembly SIMD is available the Gram kernel and the hidden softplus/sigmoid/tanh
 * derivatives run in it (hessian-twoLayerWasm.ts). Chunks hold an even number of samples;
 * columns past the data carry weight 0.
 */
import { applyActivation } from '../../core/activationArrays';
import { createHessianArena } from './hessianTwoLayerWasm';
import { layerOffsets, parameterCount } from '../../core/layout';
import { addWeightedGramUpper } from './weightedGram';
import type { Architecture, Dataset } from '../../core/types';

/** Copies the upper triangle of H (P×P) onto the lower one. */
export function mirrorUpper(H: Float64Array, P: number): void {
  for (let i = 0; i < P; i++) for (let j = i + 1; j < P; j++) H[j * P + i] = H[i * P + j];
}

const CHUNK = 128;

export function twoLayerHessian(architecture: Architecture, theta: Float64Array, data: Dataset): Float64Array {
  const [hidden, output] = architecture.layers as readonly [Architecture['layers'][0], Architecture['layers'][0]];
  const [o1, o2] = layerOffsets(architecture) as [ReturnType<typeof layerOffsets>[0], ReturnType<typeof layerOffsets>[0]];
  const P = parameterCount(architecture);
  const Pp = (P + 3) & ~3;
  const d = hidden.inputs;
  const m = hidden.outputs;
  const K = output.outputs;
  const Dt = d + (hidden.bias ? 1 : 0);
  const N = data.count;
  const kappa = 2 / N;
  const C = Math.min(CHUNK, N + (N & 1));
  const cols = K * C;
  /** θ index of coordinate t of w̃ⱼ (t = d is the bias). */
  const wIndex = (j: number, t: number): number => (t < d ? o1.weight + j * d + t : o1.bias + j);
  const aIndex = (k: number, j: number): number => o2.weight + k * m + j;

  const arena = createHessianArena(Pp, cols, m * C, hidden.activation);
  const Hp = arena ? arena.Hp : new Float64Array(Pp * Pp);
  const G = arena ? arena.G : new Float64Array(Pp * cols);
  const Gw = arena ? arena.Gw : new Float64Array(Pp * cols);
  const Xt = new Float64Array(Dt * C); // x̃, feature-major
  const Z = arena ? arena.Z : new Float64Array(m * C);
  const Hd = arena ? arena.Hd : new Float64Array(m * C);
  const S1 = arena ? arena.S1 : new Float64Array(m * C);
  const S2 = arena ? arena.S2 : new Float64Array(m * C);
  const U = new Float64Array(K * C);
  const F = new Float64Array(K * C);
  const T1 = new Float64Array(K * C);
  const T2 = new Float64Array(K * C);
  const omega = new Float64Array(cols);
  const rho = new Float64Array(cols);
  const resWA = new Float64Array(m * K * Dt); // Σ ρ σ₁'(zⱼ) x̃ for (w̃ⱼ, Aₖⱼ)
  const resWW = new Float64Array(m * Dt * Dt); // Σ ρ Aₖⱼ σ₁''(zⱼ) x̃x̃ᵀ for (w̃ⱼ, w̃ⱼ)
  /** Row of x̃ₜx̃ₛ (t ≤ s) in XX. */
  const pairRow = (t: number, s: number): number => t * Dt - (t * (t - 1)) / 2 + (s - t);
  const XX = new Float64Array(((Dt * (Dt + 1)) / 2) * C);
  const R1 = new Float64Array(C);
  const R2 = new Float64Array(C);
  if (output.bias) for (let k = 0; k < K; k++) G.fill(1, (o2.bias + k) * cols + k * C, (o2.bias + k) * cols + (k + 1) * C);

  for (let start = 0; start < N; start += C) {
    const cnt = Math.min(C, N - start);
    for (let c = 0; c < cnt; c++) {
      for (let t = 0; t < d; t++) Xt[t * C + c] = data.X[(start + c) * d + t];
      if (hidden.bias) Xt[d * C + c] = 1;
    }
    for (let t = 0; t < Dt; t++) for (let s = t; s < Dt; s++) {
      const row = pairRow(t, s) * C;
      for (let c = 0; c < cnt; c++) XX[row + c] = Xt[t * C + c] * Xt[s * C + c];
    }
    for (let j = 0; j < m; j++) {
      const zj = j * C;
      Z.fill(hidden.bias ? theta[o1.bias + j] : 0, zj, zj + cnt);
      for (let t = 0; t < d; t++) {
        const w = theta[o1.weight + j * d + t];
        for (let c = 0; c < cnt; c++) Z[zj + c] += w * Xt[t * C + c];
      }
    }
    if (arena?.activate) arena.activate();
    else applyActivation(hidden.activation, Z, m * C, Hd, S1, S2);
    for (let k = 0; k < K; k++) {
      U.fill(output.bias ? theta[o2.bias + k] : 0, k * C, (k + 1) * C);
      for (let j = 0; j < m; j++) {
        const akj = theta[aIndex(k, j)];
        for (let c = 0; c < cnt; c++) U[k * C + c] += akj * Hd[j * C + c];
      }
    }
    applyActivation(output.activation, U, K * C, F, T1, T2);
    omega.fill(0);
    for (let k = 0; k < K; k++) {
      for (let c = 0; c < cnt; c++) {
        const i = k * C + c;
        const r = F[i] - data.Y[(start + c) * K + k];
        omega[i] = kappa * (T1[i] * T1[i] + r * T2[i]);
        rho[i] = kappa * r * T1[i];
      }
      for (let j = 0; j < m; j++) {
        const akj = theta[aIndex(k, j)];
        for (let t = 0; t < Dt; t++) {
          const row = wIndex(j, t) * cols + k * C;
          for (let c = 0; c < cnt; c++) G[row + c] = akj * S1[j * C + c] * Xt[t * C + c];
        }
        const arow = aIndex(k, j) * cols + k * C;
        for (let c = 0; c < cnt; c++) G[arow + c] = Hd[j * C + c];
        // residual terms ρ·∂²uₖ: ρσ₁'·x̃ and ρAₖⱼσ₁''·x̃x̃ᵀ summed over the chunk
        let curved = false;
        for (let c = 0; c < cnt; c++) {
          const r = rho[k * C + c];
          R1[c] = r * S1[j * C + c];
          const r2 = r * akj * S2[j * C + c];
          R2[c] = r2;
          curved ||= r2 !== 0;
        }
        for (let t = 0; t < Dt; t++) {
          let sum = 0;
          for (let c = 0; c < cnt; c++) sum += R1[c] * Xt[t * C + c];
          resWA[(j * K + k) * Dt + t] += sum;
          if (!curved) continue;
          for (let s = t; s < Dt; s++) {
            const row = pairRow(t, s) * C;
            let sum2 = 0;
            for (let c = 0; c < cnt; c++) sum2 += R2[c] * XX[row + c];
            resWW[(j * Dt + t) * Dt + s] += sum2;
          }
        }
      }
    }
    for (let p = 0; p < P; p++) {
      const row = p * cols;
      for (let i = 0; i < cols; i++) Gw[row + i] = G[row + i] * omega[i];
    }
    if (arena) arena.gram();
    else addWeightedGramUpper(Hp, G, Gw, Pp, cols);
  }

  const H = new Float64Array(P * P);
  for (let p = 0; p < P; p++) for (let q = p; q < P; q++) H[p * P + q] = Hp[p * Pp + q];
  const addUpper = (i: number, j: number, v: number): void => {
    H[Math.min(i, j) * P + Math.max(i, j)] += v;
  };
  for (let j = 0; j < m; j++) {
    for (let t = 0; t < Dt; t++) {
      for (let k = 0; k < K; k++) addUpper(wIndex(j, t), aIndex(k, j), resWA[(j * K + k) * Dt + t]);
      for (let s = t; s < Dt; s++) addUpper(wIndex(j, t), wIndex(j, s), resWW[(j * Dt + t) * Dt + s]);
    }
  }
  mirrorUpper(H, P);
  return H;
}
