import { pushAll } from '../core/hypot';
import { Rng } from '../core/random';
import { tridiagonalEigenDC } from './divideConquer';

/**
 * Extremal eigenpairs of a symmetric operator given only as a matrix-vector product: Lanczos with
 * full reorthogonalization (every new basis vector is orthogonalized twice, classical Gram–Schmidt,
 * against all previous ones), the projected tridiagonal matrix diagonalized by the same
 * divide-and-conquer solver as {@link eigh}.
 *
 * Ritz pair (θ, y) has residual ‖A·y − θ·y‖ = β_m·|s_m| (s the tridiagonal eigenvector); it is
 * converged when that is ≤ tolerance·‖A‖ (‖A‖ estimated by the largest |Ritz value| seen).
 *
 * Repeated eigenvalues: a single Krylov sequence sees only one vector of each eigenspace, so
 * converged extreme pairs are *locked* and Lanczos restarts from a random vector in their orthogonal
 * complement; once `count` pairs are locked, further restarts check that the complement holds no
 * more extreme eigenvalue (one would be a missing copy of a repeated eigenvalue) and swap it in if
 * it does. Without multiplicities this costs one extra Krylov run.
 */
export interface LanczosOptions {
  /** Number of eigenpairs wanted (1 ≤ count ≤ n). */
  readonly count: number;
  readonly which: 'smallest' | 'largest';
  /** Seed of the random start vectors (default 0). */
  readonly seed?: number;
  /** Relative residual tolerance (default 1e-10). */
  readonly tolerance?: number;
  /** Maximum Krylov dimension of one run (default min(n, max(4·count + 40, 80))). */
  readonly maxIterations?: number;
}

export interface LanczosResult {
  /** The `count` eigenvalue estimates, ascending (for 'largest' too). */
  readonly values: Float64Array;
  /** count × n; vector k (unit norm) at [k·n, (k+1)·n), matching values[k]. */
  readonly vectors: Float64Array;
  /** Whether every returned pair met the tolerance. */
  readonly converged: boolean;
  /** Matrix-vector products used. */
  readonly matvecs: number;
}

export class LanczosError extends Error {
  override name = 'LanczosError';
}

const EPS = 2 ** -52;
const CHECK_EVERY = 5;

type Matvec = (v: Float64Array, out: Float64Array) => void;

interface Pair {
  value: number;
  vector: Float64Array;
  converged: boolean;
}

/** Checks what both Krylov solvers are asked (n, count, which, tolerance); returns the tolerance. */
export function checkExtremalRequest(n: number, options: { readonly count: number; readonly which: string; readonly tolerance?: number }): number {
  const { count, which } = options;
  if (!Number.isInteger(n) || n < 1) throw new LanczosError(`n must be a positive integer, got ${n}`);
  if (!Number.isInteger(count) || count < 1 || count > n) throw new LanczosError(`count must be an integer in [1, ${n}], got ${count}`);
  if (which !== 'smallest' && which !== 'largest') throw new LanczosError(`which must be 'smallest' or 'largest', got ${String(which)}`);
  const tolerance = options.tolerance ?? 1e-10;
  if (!(tolerance > 0)) throw new LanczosError(`tolerance must be positive, got ${tolerance}`);
  return tolerance;
}

export function lanczos(matvec: Matvec, n: number, options: LanczosOptions): LanczosResult {
  const { count, which } = options;
  const tolerance = checkExtremalRequest(n, options);
  const maxIterations = Math.min(n, options.maxIterations ?? Math.max(4 * count + 40, 80));
  if (!Number.isInteger(maxIterations) || maxIterations < Math.min(count, n))
    throw new LanczosError(`maxIterations must be an integer ≥ count (${count}), got ${options.maxIterations}`);

  const sign = which === 'smallest' ? 1 : -1; // sign·value ascending = most extreme first
  const rng = new Rng(options.seed ?? 0);
  const state = { matvecs: 0, norm: 0 };
  let locked: Pair[] = [];
  const lockedBasis = (): Float64Array => {
    const L = new Float64Array(locked.length * n);
    locked.forEach((p, k) => L.set(p.vector, k * n));
    return L;
  };

  let verified = false;
  for (let run = 0; run < 4 * count + 8 && !verified; run++) {
    const want = Math.max(count - locked.length, 1);
    const space = n - locked.length;
    if (space === 0) break;
    const pairs = krylovRun(matvec, n, lockedBasis(), locked.length, Math.min(want, space), sign, tolerance, maxIterations, rng, state);
    if (locked.length < count) {
      // Lock the converged pairs from the extreme end; stop at the first unconverged one.
      let k = 0;
      while (k < pairs.length && pairs[k].converged) k++;
      if (k === 0) {
        pushAll(locked, pairs.slice(0, count - locked.length));
        break; // no progress possible within maxIterations: return what we have, unconverged
      }
      pushAll(locked, pairs.slice(0, k));
      continue;
    }
    // Verification: is there a more extreme eigenvalue outside the locked space?
    const candidate = pairs[0];
    const worst = locked.reduce((a, b) => (sign * a.value >= sign * b.value ? a : b));
    const margin = tolerance * Math.max(state.norm, EPS);
    if (candidate && candidate.converged && sign * candidate.value < sign * worst.value - margin) {
      locked = locked.filter((p) => p !== worst);
      locked.push(candidate);
    } else verified = true;
  }

  locked.sort((a, b) => a.value - b.value);
  const values = Float64Array.from(locked.map((p) => p.value));
  const vectors = new Float64Array(locked.length * n);
  locked.forEach((p, k) => vectors.set(p.vector, k * n));
  return { values, vectors, converged: locked.length === count && locked.every((p) => p.converged), matvecs: state.matvecs };
}

/**
 * One Lanczos run in the orthogonal complement of the k locked rows of L, until its `want` most
 * extreme Ritz pairs (in sign·value order) converge, the space is exhausted or maxIterations is hit.
 */
function krylovRun(
  matvec: Matvec,
  n: number,
  L: Float64Array,
  k: number,
  want: number,
  sign: number,
  tolerance: number,
  maxIterations: number,
  rng: Rng,
  state: { matvecs: number; norm: number },
): Pair[] {
  const limit = Math.min(maxIterations, n - k);
  const Q = new Float64Array(limit * n);
  const alpha = new Float64Array(limit);
  const beta = new Float64Array(limit);
  const w = new Float64Array(n);
  const coef = new Float64Array(Math.max(limit, k));
  if (!startVector(Q, 0, n, L, k, rng, coef)) return [];
  let m = 0;
  let normT = 0;
  for (;;) {
    const qj = Q.subarray(m * n, (m + 1) * n);
    matvec(qj, w);
    state.matvecs++;
    for (let i = 0; i < n; i++) if (!Number.isFinite(w[i])) throw new LanczosError(`matvec returned a non-finite entry at index ${i}`);
    let a = 0;
    for (let i = 0; i < n; i++) a += qj[i] * w[i];
    alpha[m] = a;
    m++;
    for (let pass = 0; pass < 2; pass++) {
      orthogonalize(L, k, n, w, coef);
      orthogonalize(Q, m, n, w, coef);
    }
    let b = 0;
    for (let i = 0; i < n; i++) b += w[i] * w[i];
    b = Math.sqrt(b);
    normT = Math.max(normT, Math.abs(a) + b + (m > 1 ? beta[m - 2] : 0));
    const invariant = b <= 64 * EPS * normT;
    const exhausted = m === limit;
    if (exhausted || invariant || (m >= want && m % CHECK_EVERY === 0)) {
      const pairs = ritzPairs(alpha, beta, m, want, sign, b, tolerance, Q, n, state);
      if (exhausted || pairs.every((p) => p.converged)) return pairs;
    }
    if (!invariant) {
      beta[m - 1] = b;
      const next = Q.subarray(m * n, (m + 1) * n);
      for (let i = 0; i < n; i++) next[i] = w[i] / b;
    } else {
      // Invariant subspace: continue with a fresh direction (β = 0 decouples the blocks of T).
      beta[m - 1] = 0;
      orthogonalizeAgainst(Q, m, L, k, n, rng, coef);
    }
  }
}

function orthogonalizeAgainst(Q: Float64Array, m: number, L: Float64Array, k: number, n: number, rng: Rng, coef: Float64Array): void {
  if (!startVector(Q, m, n, L, k, rng, coef, m)) throw new LanczosError('could not extend the Krylov basis');
}

function ritzPairs(
  alpha: Float64Array,
  beta: Float64Array,
  m: number,
  want: number,
  sign: number,
  b: number,
  tolerance: number,
  Q: Float64Array,
  n: number,
  state: { norm: number },
): Pair[] {
  const d = alpha.slice(0, m);
  const e = beta.slice(0, Math.max(m - 1, 0));
  const S = new Float64Array(m * m);
  tridiagonalEigenDC(d, e, m, S);
  state.norm = Math.max(state.norm, Math.abs(d[0]), Math.abs(d[m - 1]));
  const pairs: Pair[] = [];
  const take = Math.min(want, m);
  for (let t = 0; t < take; t++) {
    const idx = sign > 0 ? t : m - 1 - t;
    const s = S.subarray(idx * m, (idx + 1) * m);
    const y = new Float64Array(n);
    for (let j = 0; j < m; j++) {
      const c = s[j];
      const q = j * n;
      for (let i = 0; i < n; i++) y[i] += c * Q[q + i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += y[i] * y[i];
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < n; i++) y[i] *= inv;
    pairs.push({ value: d[idx], vector: y, converged: Math.abs(b * s[m - 1]) <= tolerance * Math.max(state.norm, EPS) });
  }
  return pairs;
}

/** w −= Σ_{j<m} (row j of Q · w) row j (one classical Gram–Schmidt pass). */
function orthogonalize(Q: Float64Array, m: number, n: number, w: Float64Array, coef: Float64Array): void {
  for (let j = 0; j < m; j++) {
    const q = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += Q[q + i] * w[i];
    coef[j] = s;
  }
  for (let j = 0; j < m; j++) {
    const q = j * n;
    const c = coef[j];
    for (let i = 0; i < n; i++) w[i] -= c * Q[q + i];
  }
}

/** A random unit vector orthogonal to the k rows of L and rows 0…m−1 of Q, written to row m of Q. */
function startVector(Q: Float64Array, m: number, n: number, L: Float64Array, k: number, rng: Rng, coef: Float64Array, rows = 0): boolean {
  const v = new Float64Array(n);
  for (let attempt = 0; attempt < 3; attempt++) {
    for (let i = 0; i < n; i++) v[i] = rng.normal();
    for (let pass = 0; pass < 2; pass++) {
      orthogonalize(L, k, n, v, coef);
      orthogonalize(Q, rows, n, v, coef);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (norm > 1e-8) {
      const row = Q.subarray(m * n, (m + 1) * n);
      for (let i = 0; i < n; i++) row[i] = v[i] / norm;
      return true;
    }
  }
  return false;
}
