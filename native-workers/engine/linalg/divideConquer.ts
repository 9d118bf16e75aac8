import { scalarKernels, type DenseKernels } from './denseKernels';
import { rankOneUpdate } from './rankOneUpdate';
import { tridiagonalQL } from './tridiagonalQL';

/**
 * Cuppen's divide and conquer for the symmetric tridiagonal eigenproblem (LAPACK dstedc/dlaed0–3).
 *
 * T = diag(T₁, T₂) + |β|·u·uᵀ with β = e[split−1], u = e_{split−1} + sign(β)·e_{split} (the diagonal
 * entries next to the cut are lowered by |β|). The halves are solved recursively, then the merge
 * solves D + ρ·z·zᵀ (z = Qᵀu) after deflating negligible zₘ and nearly equal dₘ (Givens), and the
 * new eigenvectors are one matrix product Q·U. Old eigenvectors supported only on T₁'s indices or
 * only on T₂'s are grouped so that the product skips the zero blocks (dlaed3), halving its cost.
 *
 * d (length n) and e (n−1) are overwritten; on exit d holds the eigenvalues ascending and row k of
 * M (n×n, row-major, zero on entry) holds eigenvector k.
 */
/** Blocks up to this size are solved by implicit QL (LAPACK uses 25). */
const LEAF = 32;
const EPS = 2 ** -52;

export function tridiagonalEigenDC(
  d: Float64Array,
  e: Float64Array,
  n: number,
  M: Float64Array,
  onProgress?: (fraction: number) => void,
  kernels: DenseKernels = scalarKernels,
): void {
  // Progress after each leaf and merge, by work ∝ len³ (the merges' products), out of the exact total.
  const total = onProgress ? cubeSum(n) : 1;
  let done = 0;
  const tick = onProgress
    ? (len: number): void => {
        done += len ** 3;
        onProgress(Math.min(done / total, 1));
      }
    : undefined;
  solve(d, e, n, M, 0, n, kernels, tick);
}

/** Σ len³ over the nodes (leaves and merges) of the recursion that `solve` runs on a block of `len`. */
function cubeSum(len: number): number {
  if (len <= LEAF) return len ** 3;
  const n1 = len >> 1;
  return len ** 3 + cubeSum(n1) + cubeSum(len - n1);
}

function solve(
  d: Float64Array,
  e: Float64Array,
  n: number,
  M: Float64Array,
  s: number,
  len: number,
  kernels: DenseKernels,
  tick?: (len: number) => void,
): void {
  if (len <= LEAF) {
    for (let k = 0; k < len; k++) M[(s + k) * n + s + k] = 1;
    tridiagonalQL(d, e, s, len, M, s, s, n, kernels);
    tick?.(len);
    return;
  }
  const n1 = len >> 1;
  const beta = e[s + n1 - 1];
  const ab = Math.abs(beta);
  d[s + n1 - 1] -= ab;
  d[s + n1] -= ab;
  solve(d, e, n, M, s, n1, kernels, tick);
  solve(d, e, n, M, s + n1, len - n1, kernels, tick);
  const mark = kernels.mark();
  merge(d, n, M, s, n1, len, beta, kernels);
  kernels.release(mark);
  tick?.(len);
}

function merge(
  d: Float64Array,
  n: number,
  M: Float64Array,
  s: number,
  n1: number,
  len: number,
  beta: number,
  kernels: DenseKernels,
): void {
  const n2 = len - n1;
  const sign = beta >= 0 ? 1 : -1;
  const z = new Float64Array(len);
  const D = new Float64Array(len);
  // 1: only rows of T₁, 3: only rows of T₂, 2: both (after a deflating rotation mixed them).
  const type = new Uint8Array(len);
  let zz = 0;
  let dMax = 0;
  for (let j = 0; j < len; j++) {
    const row = (s + j) * n + s;
    const zj = j < n1 ? M[row + n1 - 1] : sign * M[row + n1];
    z[j] = zj;
    zz += zj * zj;
    D[j] = d[s + j];
    dMax = Math.max(dMax, Math.abs(D[j]));
    type[j] = j < n1 ? 1 : 3;
  }
  const rho = Math.abs(beta) * zz;
  const zScale = zz > 0 ? 1 / Math.sqrt(zz) : 0;
  for (let j = 0; j < len; j++) z[j] *= zScale;

  // Merge the two ascending halves into one ascending order.
  const order = new Int32Array(len);
  for (let a = 0, b = n1, q = 0; q < len; q++) order[q] = b >= len || (a < n1 && D[a] <= D[b]) ? a++ : b++;

  const tol = 8 * EPS * Math.max(dMax, rho);
  const deflated: number[] = [];
  const kept: number[] = [];
  let pj = -1;
  for (let q = 0; q < len; q++) {
    const j = order[q];
    if (rho * Math.abs(z[j]) <= tol) {
      deflated.push(j);
      continue;
    }
    if (pj < 0) {
      pj = j;
      continue;
    }
    const r = Math.hypot(z[pj], z[j]);
    const c = z[j] / r;
    const sn = -z[pj] / r;
    if (Math.abs((D[j] - D[pj]) * c * sn) <= tol) {
      // Rotate so that z[pj] = 0: eigenpair pj deflates (dlaed2).
      z[j] = r;
      z[pj] = 0;
      const dp = D[pj];
      const dn = D[j];
      D[pj] = dp * c * c + dn * sn * sn;
      D[j] = dp * sn * sn + dn * c * c;
      rotateRows(M, (s + pj) * n + s, (s + j) * n + s, len, c, sn);
      if (type[pj] !== type[j]) type[j] = 2;
      deflated.push(pj);
    } else {
      kept.push(pj);
    }
    pj = j;
  }
  if (pj >= 0) kept.push(pj);

  const K = kept.length;
  const lambda = new Float64Array(K);
  // Kept rows grouped by type (1, 2, 3) so that T₁'s columns need only types 1–2, T₂'s only 2–3.
  const grouped = new Int32Array(K);
  const column = new Int32Array(K);
  const counts = [0, 0, 0, 0];
  for (let m = 0; m < K; m++) counts[type[kept[m]]]++;
  const K1 = counts[1];
  const K3 = counts[3];
  const K2 = K - K1 - K3;
  const next = [0, 0, K1, K1 + K2];
  for (let m = 0; m < K; m++) {
    const q = next[type[kept[m]]]++;
    grouped[q] = kept[m];
    column[m] = q;
  }
  const C = kernels.alloc(K * len, false); // written by the products below (β = 0)
  if (K > 0) {
    const dK = kernels.alloc(K);
    const zK = kernels.alloc(K);
    for (let i = 0; i < K; i++) {
      dK[i] = D[kept[i]];
      zK[i] = z[kept[i]];
    }
    const St = kernels.alloc(K * K, false); // every entry written by rankOneUpdate
    rankOneUpdate(K, dK, zK, rho, lambda, St, column, kernels);
    // G[c][q] = old row grouped[q], entry c (a blocked transpose of the kept rows).
    const G = kernels.alloc(len * K, false); // every entry written below
    for (let q0 = 0; q0 < K; q0 += 8) {
      const q1 = Math.min(q0 + 8, K);
      for (let c0 = 0; c0 < len; c0 += 64) {
        const c1 = Math.min(c0 + 64, len);
        for (let q = q0; q < q1; q++) {
          const row = (s + grouped[q]) * n + s;
          for (let c = c0; c < c1; c++) G[c * K + q] = M[row + c];
        }
      }
    }
    kernels.gemmNT(K, n1, K1 + K2, 1, St, 0, K, G, 0, K, 0, C, 0, len);
    kernels.gemmNT(K, n2, K2 + K3, 1, St, K1, K, G, n1 * K + K1, K, 0, C, n1, len);
  }

  // Merge the ascending roots with the deflated values (sorted here: Givens may reorder slightly).
  const nd = deflated.length;
  deflated.sort((a, b) => D[a] - D[b]);
  const saved = new Float64Array(nd * len);
  for (let q = 0; q < nd; q++) {
    const row = (s + deflated[q]) * n + s;
    saved.set(M.subarray(row, row + len), q * len);
  }
  for (let f = 0, a = 0, b = 0; f < len; f++) {
    const dst = (s + f) * n + s;
    if (b >= nd || (a < K && lambda[a] <= D[deflated[b]])) {
      M.set(C.subarray(a * len, a * len + len), dst);
      d[s + f] = lambda[a++];
    } else {
      M.set(saved.subarray(b * len, b * len + len), dst);
      d[s + f] = D[deflated[b++]];
    }
  }
}

/** (row a, row b) ← (c·a + s·b, −s·a + c·b) over `len` entries. */
function rotateRows(M: Float64Array, a: number, b: number, len: number, c: number, s: number): void {
  for (let k = 0; k < len; k++) {
    const x = M[a + k];
    const y = M[b + k];
    M[a + k] = c * x + s * y;
    M[b + k] = c * y - s * x;
  }
}
