import { Rng } from '../core/random';
import { createBasisStore } from './blockGramSchmidt';
import { eigh } from './eigh';
import { checkExtremalRequest, LanczosError, type LanczosResult } from './lanczos';

/**
 * Extremal eigenpairs of a symmetric operator given as a *block* product (b vectors at once):
 * block Lanczos with full reorthogonalization and thick restart (block Krylov–Schur; Stewart,
 * "A Krylov–Schur algorithm for large eigenproblems", SIAM J. Matrix Anal. Appl. 23 (2001), and
 * Zhou & Saad's block variant).
 *
 * The basis Q (rows q₀ … q_{m−1}, orthonormal) and the next block Q₊ satisfy
 *   A·Qᵀ = Qᵀ·T + Q₊ᵀ·E,
 * T = Q·A·Qᵀ (m × m, dense: after a restart it is no longer block tridiagonal) and E the b × m
 * coupling of Q₊. Every new block W = A·Q₊ is orthogonalized twice against the whole basis
 * (classical Gram–Schmidt; the coefficients are T's new columns), then QR-factored into the next
 * block (its R is the next E). A Ritz pair (θ, Qᵀs) of T has residual ‖A·y − θ·y‖ = ‖E·s‖, and is
 * converged when that is ≤ tolerance·‖A‖ (‖A‖ estimated by the largest |Ritz value| seen).
 * When the basis is full, it is cut to the `keep` most extreme Ritz vectors (T becomes diagonal,
 * E becomes E·S): nothing that was learnt about the wanted end is thrown away, unlike a restart
 * from one vector.
 *
 * Repeated eigenvalues: a Krylov space of block size b holds up to b independent vectors of an
 * eigenspace, so multiplicities up to b are found without the lock-and-verify runs of
 * {@link lanczos}; beyond b they may be missed (b = 1 is plain thick-restart Lanczos).
 */
export interface BlockLanczosOptions {
  /** Number of eigenpairs wanted (1 ≤ count ≤ n). */
  readonly count: number;
  readonly which: 'smallest' | 'largest';
  /** Vectors per block product (default 4). */
  readonly blockSize?: number;
  /** Seed of the random start block (default 0). */
  readonly seed?: number;
  /** Relative residual tolerance (default 1e-10). */
  readonly tolerance?: number;
  /** Basis vectors kept at most (default min(n, max(6·count + 60, 150)), at least count + 2·blockSize). */
  readonly maxBasis?: number;
  /** Stop (unconverged) after this many products (default 50·maxBasis). */
  readonly maxMatvecs?: number;
  /** Called after every block product with the products so far. */
  readonly onBlock?: (matvecs: number) => void;
  /** Gram–Schmidt on the SIMD GEMM where available ('auto', default) or plain loops ('scalar'). */
  readonly products?: 'auto' | 'scalar';
}

export interface BlockLanczosResult extends LanczosResult {
  /** Block products (Gram–Schmidt steps). */
  readonly blocks: number;
  /** Steps that needed the second Gram–Schmidt pass. */
  readonly secondPasses: number;
}

/** out[j·n, (j+1)·n) ← A·V[j·n, (j+1)·n) for the first `count` rows of V. */
export type BlockMatvec = (V: Float64Array, out: Float64Array, count: number) => void;

const EPS = 2 ** -52;
/** Products between Rayleigh–Ritz checks (rounded to whole blocks). */
const CHECK_PRODUCTS = 6;

export function blockLanczos(matvec: BlockMatvec, n: number, options: BlockLanczosOptions): BlockLanczosResult {
  const { count, which } = options;
  const tolerance = checkExtremalRequest(n, options);
  const b = Math.min(options.blockSize ?? 4, n);
  if (!Number.isInteger(b) || b < 1) throw new LanczosError(`blockSize must be a whole number ≥ 1, got ${options.blockSize}`);
  const cap = Math.min(n, Math.max(options.maxBasis ?? Math.max(6 * count + 60, 150), count + 2 * b));
  const maxMatvecs = options.maxMatvecs ?? 50 * cap;
  // Work on sign·A so the wanted end is always the lowest.
  const sign = which === 'smallest' ? 1 : -1;

  const store = createBasisStore(cap, n, b, options.products);
  const Q = store.Q; // basis rows
  const W = store.W; // A·Q₊, orthogonalized into the next Q₊
  const next = new Float64Array(b * n); // Q₊
  const T = new Float64Array(cap * cap);
  const E = new Float64Array(b * cap); // coupling of Q₊ to the basis (b × m, row stride cap)
  const coef = new Float64Array(cap * b);
  const rng = new Rng(options.seed ?? 0);
  let m = 0; // basis size
  let p = startBlock(next, b, n, Q, 0, rng); // rows in Q₊
  let matvecs = 0;
  let norm = 0;
  let ritz: { values: Float64Array; S: Float64Array; size: number } | undefined;
  let steps = 0;
  let secondPasses = 0;
  const checkEvery = Math.max(1, Math.round(CHECK_PRODUCTS / b));

  const product = (): void => {
    matvec(next, W, p);
    matvecs += p;
    for (let i = 0; i < p * n; i++) {
      if (!Number.isFinite(W[i])) throw new LanczosError(`matvec returned a non-finite entry at index ${i % n} of row ${Math.floor(i / n)}`);
      W[i] *= sign;
    }
    options.onBlock?.(matvecs);
  };

  for (;;) {
    product();
    // Append Q₊ to the basis; T's new columns are the Gram–Schmidt coefficients of W.
    Q.set(next.subarray(0, p * n), m * n);
    const m1 = m + p;
    coef.fill(0, 0, m1 * p);
    // The known part first: Q₊'s coupling to the basis, q_lᵀ·A·q₊ᵢ = E[i, l] (A·Qᵀ = Qᵀ·T + Q₊ᵀ·E),
    // and the block's own p × p Rayleigh quotient; then one classical Gram–Schmidt pass over the
    // whole basis removes the rounding-level rest. A second pass follows only when that pass
    // still took more than 1 − 1/√2 of a row's norm (the DGKS test, as in ARPACK). Without the
    // local step every product needed both passes (each reads the whole basis twice).
    for (let i = 0; i < p; i++) {
      const w = W.subarray(i * n, (i + 1) * n);
      for (let l = 0; l < m; l++) {
        const e = E[i * cap + l];
        if (e === 0) continue;
        axpy(-e, Q.subarray(l * n, (l + 1) * n), w, n);
        coef[l * p + i] += e;
      }
    }
    const local = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) local[j * p + i] = dot(Q.subarray((m + j) * n, (m + j + 1) * n), W.subarray(i * n, (i + 1) * n), n);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        axpy(-local[j * p + i], Q.subarray((m + j) * n, (m + j + 1) * n), W.subarray(i * n, (i + 1) * n), n);
        coef[(m + j) * p + i] += local[j * p + i];
      }
    }
    const before = rowNorms(W, p, n);
    store.project(m1, p, coef);
    const after = rowNorms(W, p, n);
    if (after.some((a, j) => a < Math.SQRT1_2 * before[j])) {
      store.project(m1, p, coef);
      secondPasses++;
    }
    for (let j = 0; j < p; j++) {
      for (let i = 0; i < m1; i++) {
        const c = i >= m ? 0.5 * (coef[i * p + j] + coef[(m + j) * p + (i - m)]) : coef[i * p + j];
        T[i * cap + m + j] = c;
        T[(m + j) * cap + i] = c;
      }
    }
    m = m1;
    // QR of the residual block: W = Rᵀ·Q₊ with Q₊ orthonormal and orthogonal to the basis.
    E.fill(0, 0, b * cap);
    const newP = m < n ? Math.min(b, n - m) : 0;
    const scale = 64 * EPS * Math.max(norm, maxAbsDiagonal(T, m, cap), EPS);
    for (let j = 0; j < newP; j++) {
      const w = W.subarray(j * n, (j + 1) * n);
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i < j; i++) {
          const q = next.subarray(i * n, (i + 1) * n);
          const c = dot(q, w, n);
          if (j < p) E[i * cap + (m - p + j)] += c;
          axpy(-c, q, w, n);
        }
      }
      const r = Math.sqrt(dot(w, w, n));
      const row = next.subarray(j * n, (j + 1) * n);
      if (j < p && r > scale) {
        E[j * cap + (m - p + j)] = r;
        for (let i = 0; i < n; i++) row[i] = w[i] / r;
      } else {
        // The residual has no new direction here (an invariant subspace, or fewer residual rows
        // than the block): continue with a random one, coupled by 0 (the relation stays exact).
        if (j < p) E[j * cap + (m - p + j)] = 0;
        if (!randomOrthogonal(row, n, Q, m, next, j, rng)) throw new LanczosError('could not extend the Krylov basis');
      }
    }
    p = newP;
    steps++;
    // Rayleigh–Ritz on T: every `checkEvery` blocks (an m × m eigh each), and whenever the run
    // must end or restart.
    const mustLook = p === 0 || matvecs >= maxMatvecs || m + p > cap;
    if (!mustLook && (m < count || steps % checkEvery !== 0)) continue;
    const decomposition = eigh(copyLeading(T, m, cap), m, { vectors: true });
    const values = decomposition.values;
    const S = decomposition.vectors!; // row k: eigenvector k
    norm = Math.max(norm, Math.abs(values[0]), Math.abs(values[m - 1]));
    ritz = { values, S, size: m };
    const want = Math.min(count, m);
    let converged = want === count;
    for (let k = 0; k < want && converged; k++) converged = residual(E, S, k, m, p, cap) <= tolerance * Math.max(norm, EPS);
    if (converged || p === 0 || matvecs >= maxMatvecs) break;
    if (m + p > cap) {
      // Thick restart: keep the `keep` lowest Ritz vectors; T ← diag(θ), E ← E·S_keep.
      const keep = Math.min(m - p, Math.max(count + b, Math.floor((cap - b) / 2)));
      combineInPlace(Q, S, keep, m, n);
      T.fill(0);
      for (let k = 0; k < keep; k++) T[k * cap + k] = values[k];
      // Q₊'s coupling to the kept vectors: E ← E·S_keep (the next step's known part; its
      // Gram–Schmidt coefficients write T's off-diagonal entries).
      const Es = new Float64Array(b * cap);
      for (let i = 0; i < p; i++) {
        for (let k = 0; k < keep; k++) {
          let s = 0;
          for (let l = 0; l < m; l++) s += E[i * cap + l] * S[k * m + l];
          Es[i * cap + k] = s;
        }
      }
      E.set(Es);
      m = keep;
    }
  }

  const r = ritz!;
  const take = Math.min(count, r.size);
  const vectors = combine(Q, r.S, take, r.size, n);
  const values = new Float64Array(take);
  let allConverged = take === count;
  for (let k = 0; k < take; k++) values[k] = sign * r.values[k];
  for (let k = 0; k < take && allConverged; k++) allConverged = residual(E, r.S, k, r.size, p, cap) <= tolerance * Math.max(norm, EPS);
  // Ascending values (for 'largest' the order of sign·values is reversed).
  const order = Array.from({ length: take }, (_, k) => k).sort((a, c) => values[a] - values[c]);
  const sortedValues = Float64Array.from(order, (k) => values[k]);
  const sortedVectors = new Float64Array(take * n);
  order.forEach((k, at) => sortedVectors.set(vectors.subarray(k * n, (k + 1) * n), at * n));
  return { values: sortedValues, vectors: sortedVectors, converged: allConverged, matvecs, blocks: steps, secondPasses };
}

function copyLeading(T: Float64Array, m: number, cap: number): Float64Array {
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) A.set(T.subarray(i * cap, i * cap + m), i * m);
  return A;
}

function rowNorms(W: Float64Array, p: number, n: number): number[] {
  const norms: number[] = [];
  for (let j = 0; j < p; j++) {
    const w = W.subarray(j * n, (j + 1) * n);
    norms.push(Math.sqrt(dot(w, w, n)));
  }
  return norms;
}

/** Row k of the b × m coupling times Ritz vector k of T: ‖E·s_k‖, the residual of Ritz pair k. */
function residual(E: Float64Array, S: Float64Array, k: number, m: number, p: number, cap: number): number {
  let sum = 0;
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let l = 0; l < m; l++) s += E[i * cap + l] * S[k * m + l];
    sum += s * s;
  }
  return Math.sqrt(sum);
}

function maxAbsDiagonal(T: Float64Array, m: number, cap: number): number {
  let x = 0;
  for (let i = 0; i < m; i++) x = Math.max(x, Math.abs(T[i * cap + i]));
  return x;
}

function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/** y += c·x. */
function axpy(c: number, x: Float64Array, y: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] += c * x[i];
}

/** Rows 0…k−1 of S (each m long) applied to the basis: Y[r] = Σ_l S[r·m + l]·Q[l]. */
function combine(Q: Float64Array, S: Float64Array, k: number, m: number, n: number): Float64Array {
  const Y = new Float64Array(k * n);
  for (let l = 0; l < m; l++) {
    const q = Q.subarray(l * n, (l + 1) * n);
    for (let r = 0; r < k; r++) axpy(S[r * m + l], q, Y.subarray(r * n, (r + 1) * n), n);
  }
  return Y;
}

/**
 * Q's rows 0…k−1 ← Σ_l S[r·m + l]·Q[l] (r < k ≤ m), in place: column strips of STRIP entries at a
 * time, so the restart needs k·STRIP doubles of scratch instead of a second k × n basis.
 */
function combineInPlace(Q: Float64Array, S: Float64Array, k: number, m: number, n: number): void {
  const Y = new Float64Array(k * STRIP);
  for (let c0 = 0; c0 < n; c0 += STRIP) {
    const w = Math.min(STRIP, n - c0);
    Y.fill(0);
    for (let l = 0; l < m; l++) {
      const q = l * n + c0;
      for (let r = 0; r < k; r++) {
        const s = S[r * m + l];
        const y = r * STRIP;
        for (let i = 0; i < w; i++) Y[y + i] += s * Q[q + i];
      }
    }
    for (let r = 0; r < k; r++) Q.set(Y.subarray(r * STRIP, r * STRIP + w), r * n + c0);
  }
}

const STRIP = 512;

/** A random unit vector orthogonal to rows 0…m−1 of Q and rows 0…j−1 of B, written to `row`. */
function randomOrthogonal(row: Float64Array, n: number, Q: Float64Array, m: number, B: Float64Array, j: number, rng: Rng): boolean {
  for (let attempt = 0; attempt < 3; attempt++) {
    for (let i = 0; i < n; i++) row[i] = rng.normal();
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < m; i++) {
        const q = Q.subarray(i * n, (i + 1) * n);
        axpy(-dot(q, row, n), q, row, n);
      }
      for (let i = 0; i < j; i++) {
        const q = B.subarray(i * n, (i + 1) * n);
        axpy(-dot(q, row, n), q, row, n);
      }
    }
    const r = Math.sqrt(dot(row, row, n));
    if (r > 1e-8) {
      for (let i = 0; i < n; i++) row[i] /= r;
      return true;
    }
  }
  return false;
}

/** An orthonormal random start block of min(b, n − m) rows in B, orthogonal to rows 0…m−1 of Q. */
function startBlock(B: Float64Array, b: number, n: number, Q: Float64Array, m: number, rng: Rng): number {
  const rows = Math.min(b, n - m);
  for (let j = 0; j < rows; j++) {
    if (!randomOrthogonal(B.subarray(j * n, (j + 1) * n), n, Q, m, B, j, rng)) throw new LanczosError('could not build a start block');
  }
  return rows;
}
