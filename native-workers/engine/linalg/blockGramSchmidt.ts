import { GemmArena } from '../wasm/gemm';

/**
 * The Krylov basis of {@link blockLanczos} and its one hot operation: a classical Gram–Schmidt
 * pass of a block W (p rows) against the first m basis rows,
 *   C = Q·Wᵀ (m × p),  W ← W − Cᵀ·Q,
 * which reads the whole basis twice per pass. On the SIMD GEMM (wasm/gemm.ts; Q, W and C live in
 * its arena) both halves are one GEMM each; the plain loops are the fallback where WebAssembly
 * SIMD is missing or the basis does not fit a 32-bit memory. Measured at m = 200, n = 23,860:
 * one pass of one row in plain TS 24 ms, about as much as a quarter of an HVP of the 784→30→10 net.
 */
export interface BasisStore {
  /** Basis rows (capacity × n). */
  readonly Q: Float64Array;
  /** The block being orthogonalized (blockSize × n). */
  readonly W: Float64Array;
  readonly kind: 'wasm' | 'scalar';
  /** One pass against Q's rows 0…m−1 for W's rows 0…p−1; adds C to coef (m × p, row-major). */
  project(m: number, p: number, coef: Float64Array): void;
}

export function createBasisStore(capacity: number, n: number, blockSize: number, products: 'auto' | 'scalar' = 'auto'): BasisStore {
  const arena = products === 'auto' ? GemmArena.create([capacity * n, blockSize * n, 2 * capacity * blockSize]) : null;
  if (arena) {
    const [Q, W, C] = arena.views;
    return {
      Q,
      W,
      kind: 'wasm',
      project(m, p, coef) {
        if (m === 0) return;
        const mp = m * p;
        C.fill(0, 0, mp);
        arena.gemm(m, p, n, Q, 0, n, 1, W, 0, 1, n, C, 0, p);
        for (let k = 0; k < mp; k++) {
          coef[k] += C[k];
          C[mp + k] = -C[k];
        }
        // W (p × n) += (−C)ᵀ·Q: op(A)[j, i] = −C[i·p + j].
        arena.gemm(p, n, m, C, mp, 1, p, Q, 0, n, 1, W, 0, n);
      },
    };
  }
  const Q = new Float64Array(capacity * n);
  const W = new Float64Array(blockSize * n);
  const c = new Float64Array(capacity * blockSize);
  return {
    Q,
    W,
    kind: 'scalar',
    project(m, p, coef) {
      for (let i = 0; i < m; i++) {
        const q = i * n;
        for (let j = 0; j < p; j++) {
          const w = j * n;
          let s = 0;
          for (let k = 0; k < n; k++) s += Q[q + k] * W[w + k];
          c[i * p + j] = s;
        }
      }
      for (let i = 0; i < m; i++) {
        const q = i * n;
        for (let j = 0; j < p; j++) {
          const w = j * n;
          const s = c[i * p + j];
          for (let k = 0; k < n; k++) W[w + k] -= s * Q[q + k];
          coef[i * p + j] += s;
        }
      }
    },
  };
}
