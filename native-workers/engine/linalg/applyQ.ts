import { scalarKernels, type DenseKernels } from './denseKernels';

/** Reflectors per block: small blocks waste less on the zero triangle of Y; large n wants fewer passes. */
function blockSize(n: number): number {
  return n >= 500 ? 32 : 16;
}

/**
 * x ← Q·x for every row x of X (`rows` × n, row-major), where Q = H₀·H₁·…·H_{n−3} is stored by
 * {@link tridiagonalize} in W and tau. Reflectors are applied in blocks (16–32) using the compact WY
 * form H_{k0}⋯H_{k1−1} = I − Y·T·Yᵀ (LAPACK dlarft, forward/columnwise; products on `kernels`):
 *   X ← X − (X·Y)·(Y·Tᵀ)ᵀ,
 * where Z = Y·Tᵀ is formed once per block, so per row the work is two {@link gemmNT} products.
 * W is consumed: row k is rewritten in place as the full reflector (zeros, 1, vₖ).
 *
 * `supportEnd` (optional, non-increasing, one per row of X): row r is zero from column
 * supportEnd[r] on. Hₖ touches only indices > k, so such a row is left unchanged by every block
 * whose first reflector k0 has k0 + 1 ≥ supportEnd[r]; the blocks (last to first) then run on the
 * rows that are already nonzero there, a prefix. The result is bitwise the same (the skipped
 * products are exact zeros); divide and conquer leaves such rows — eigenvectors deflated in a
 * merge keep the support of their half — for about a third of the rows of a ReLU Hessian at
 * P = 1,001, which saves ≈ 10 % of this stage there.
 */
export function applyQ(
  W: Float64Array,
  tau: Float64Array,
  n: number,
  X: Float64Array,
  rows: number,
  onProgress?: (fraction: number) => void,
  kernels: DenseKernels = scalarKernels,
  supportEnd?: Int32Array,
): void {
  const reflectors = n - 2;
  if (reflectors <= 0 || rows === 0) return;
  for (let k = 0; k < reflectors; k++) {
    const row = k * n;
    W.fill(0, row, row + k + 1);
    W[row + k + 1] = 1;
  }
  const BLOCK = blockSize(n);
  const mark = kernels.mark();
  const Yt = kernels.alloc(BLOCK * n);
  const G = kernels.alloc(BLOCK * BLOCK);
  const Tt = kernels.alloc(BLOCK * BLOCK);
  const Zt = kernels.alloc(BLOCK * n);
  const XY = kernels.alloc(rows * BLOCK);
  const lastStart = Math.floor((reflectors - 1) / BLOCK) * BLOCK;
  let active = supportEnd ? 0 : rows; // rows r < active have supportEnd[r] > k0 + 1
  for (let k0 = lastStart; k0 >= 0; k0 -= BLOCK) {
    if (supportEnd) while (active < rows && supportEnd[active] > k0 + 1) active++;
    if (active === 0) {
      onProgress?.(1 - k0 / (lastStart + BLOCK));
      continue;
    }
    const nb = Math.min(BLOCK, reflectors - k0);
    const start = k0 + 1;
    const len = n - start;
    const yOff = k0 * n + start; // Y row j = W row k0+j from column `start`, stride n
    for (let c = 0; c < len; c++) for (let j = 0; j < nb; j++) Yt[c * nb + j] = W[yOff + j * n + c];
    kernels.gemmNT(nb, nb, len, 1, W, yOff, n, W, yOff, n, 0, G, 0, nb);
    buildTt(G, tau, k0, nb, Tt);
    kernels.gemmNT(len, nb, nb, 1, Yt, 0, nb, Tt, 0, nb, 0, Zt, 0, nb);
    kernels.gemmNT(active, nb, len, 1, X, start, n, W, yOff, n, 0, XY, 0, nb);
    kernels.gemmNT(active, len, nb, -1, XY, 0, nb, Zt, 0, nb, 1, X, start, n);
    onProgress?.(1 - k0 / (lastStart + BLOCK)); // one call per block
  }
  kernels.release(mark);
}

/**
 * Tᵀ (row-major nb×nb) of the upper-triangular T with H_{k0}⋯H_{k0+nb−1} = I − Y·T·Yᵀ, from the
 * Gram matrix G = Y·Yᵀ: T[j][j] = τⱼ, T[0:j, j] = −τⱼ·T[0:j, 0:j]·G[0:j, j].
 */
function buildTt(G: Float64Array, tau: Float64Array, k0: number, nb: number, Tt: Float64Array): void {
  Tt.fill(0);
  for (let j = 0; j < nb; j++) {
    const tj = tau[k0 + j];
    Tt[j * nb + j] = tj;
    for (let i = 0; i < j; i++) {
      let s = 0;
      for (let l = i; l < j; l++) s += Tt[l * nb + i] * G[l * nb + j];
      Tt[j * nb + i] = -tj * s;
    }
  }
}
