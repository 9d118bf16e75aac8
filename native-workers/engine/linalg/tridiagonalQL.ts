import { EighError } from './eighError';
import type { DenseKernels } from './denseKernels';

/** The implicit QL iteration needed more than 60 sweeps for one eigenvalue. */
export class TridiagonalConvergenceError extends EighError {
  override name = 'TridiagonalConvergenceError';
}

const EPS = 2 ** -52;
const MAX_ITERATIONS = 60;

/**
 * Implicit QL with Wilkinson shifts for a symmetric tridiagonal matrix (EISPACK tql1/tql2,
 * Numerical Recipes tqli). Operates on d[off…off+m) and e[off…off+m−1) (e[i] couples i and i+1);
 * both are overwritten, d with the eigenvalues sorted ascending.
 *
 * With `Z`, eigenvectors are accumulated as rows: the block Z[(zRow+k)·ldz + zCol + c] for
 * k, c < m must hold the identity on entry (or any orthogonal matrix whose rows are rotated), and
 * holds eigenvector k in row k on exit. Rotations act on two adjacent rows, i.e. contiguous memory.
 */
export function tridiagonalQL(
  d: Float64Array,
  e: Float64Array,
  off: number,
  m: number,
  Z?: Float64Array,
  zRow = 0,
  zCol = 0,
  ldz = 0,
  kernels?: DenseKernels,
): void {
  if (m <= 0) return;
  // SIMD: a sweep's rotations are recorded, then applied to Z's rows in one kernel call (same order).
  const mark = kernels?.mark() ?? 0;
  const batch = Z !== undefined && kernels?.kind === 'simd';
  const cs = batch ? kernels.alloc(m) : null;
  const ss = batch ? kernels.alloc(m) : null;
  // Local copy of the off-diagonal with a zero sentinel at the end.
  const ee = new Float64Array(m);
  for (let i = 0; i < m - 1; i++) ee[i] = e[off + i];
  const dd = d.subarray(off, off + m);
  // Deflate when e is negligible relative to its neighbours or to the block's norm: eigenvalues at
  // the noise level eps·‖T‖ would otherwise never pass the relative test.
  let norm = 0;
  for (let i = 0; i < m; i++) norm = Math.max(norm, Math.abs(dd[i]) + Math.abs(ee[i]));
  const floor = EPS * norm;
  for (let l = 0; l < m; l++) {
    let iter = 0;
    for (;;) {
      let mm = l;
      for (; mm < m - 1; mm++) {
        const s = Math.abs(dd[mm]) + Math.abs(dd[mm + 1]);
        if (Math.abs(ee[mm]) <= EPS * s || Math.abs(ee[mm]) <= floor) break;
      }
      if (mm === l) break;
      if (iter++ === MAX_ITERATIONS)
        throw new TridiagonalConvergenceError(`implicit QL did not converge for eigenvalue ${l} after ${MAX_ITERATIONS} iterations`);
      let g = (dd[l + 1] - dd[l]) / (2 * ee[l]);
      let r = Math.hypot(g, 1);
      g = dd[mm] - dd[l] + ee[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = mm - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * ee[i];
        const b = c * ee[i];
        r = Math.sqrt(f * f + g * g);
        ee[i + 1] = r;
        if (r === 0) {
          // Recover from underflow (NR tqli): split the matrix here and retry.
          dd[i + 1] -= p;
          ee[mm] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = dd[i + 1] - p;
        r = (dd[i] - g) * s + 2 * c * b;
        p = s * r;
        dd[i + 1] = g + p;
        g = c * r - b;
        if (cs !== null && ss !== null) {
          cs[i] = c;
          ss[i] = s;
        } else if (Z) {
          const a = (zRow + i) * ldz + zCol;
          const bRow = a + ldz;
          for (let k = 0; k < m; k++) {
            const h = Z[bRow + k];
            const zi = Z[a + k];
            Z[bRow + k] = s * zi + c * h;
            Z[a + k] = c * zi - s * h;
          }
        }
      }
      // rotations i+1 … mm−1 were made (i = l − 1 after a full sweep)
      if (cs !== null && ss !== null && Z && !kernels!.rotateRowPairs(Z, zRow * ldz + zCol, ldz, m, cs, ss, i + 1, mm - 1)) {
        for (let q = mm - 1; q > i; q--) {
          const a = (zRow + q) * ldz + zCol;
          const bRow = a + ldz;
          for (let k = 0; k < m; k++) {
            const h = Z[bRow + k];
            const zi = Z[a + k];
            Z[bRow + k] = ss[q] * zi + cs[q] * h;
            Z[a + k] = cs[q] * zi - ss[q] * h;
          }
        }
      }
      if (underflow) continue;
      dd[l] -= p;
      ee[l] = g;
      ee[mm] = 0;
    }
  }
  sortAscending(dd, m, Z, zRow, zCol, ldz);
  kernels?.release(mark);
}

/** Selection sort of eigenvalues (few swaps: each swap moves a whole row of Z). */
function sortAscending(dd: Float64Array, m: number, Z: Float64Array | undefined, zRow: number, zCol: number, ldz: number): void {
  if (!Z) {
    dd.sort();
    return;
  }
  for (let i = 0; i < m - 1; i++) {
    let k = i;
    let best = dd[i];
    for (let j = i + 1; j < m; j++)
      if (dd[j] < best) {
        k = j;
        best = dd[j];
      }
    if (k === i) continue;
    dd[k] = dd[i];
    dd[i] = best;
    const a = (zRow + i) * ldz + zCol;
    const b = (zRow + k) * ldz + zCol;
    for (let c = 0; c < m; c++) {
      const t = Z[a + c];
      Z[a + c] = Z[b + c];
      Z[b + c] = t;
    }
  }
}
