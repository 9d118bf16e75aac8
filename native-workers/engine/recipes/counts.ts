/**
 * App. D (Simsek et al. 2021): exact counts of symmetry-induced affine subspaces, in BigInt.
 *
 *   G(r, m) = Σ_{i=1..r} C(r, i) (−1)^{r−i} i^m                                   (eq. 18)
 *     — surjections of m labelled slots onto r neurons (compositions weighted by multinomials);
 *   T(r, m) = G(r, m) + Σ_{u=1..m−r} C(m, u) G(r, m−u) g(u),  g(u) = Σ_{j=1..u} G(j, u)/j!   (eq. 19)
 *     — g(u) is the Bell number B_u, since G(j, u)/j! is the Stirling number S(u, j);
 *   R(r*, m) = Σ_{k=1..r*−1} G(r*−k, m) / T(r*, m)                                   (eq. 20).
 */

export class CountError extends Error {
  override name = 'CountError';
  readonly code = 'input' as const;
}

function checkCount(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new CountError(`${name} must be an integer ≥ ${min}, got ${v}`);
}

/** Exact binomial coefficient C(n, k) (0 outside 0 ≤ k ≤ n). */
export function binomialBig(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  const kk = Math.min(k, n - k);
  let out = 1n;
  for (let i = 1; i <= kk; i++) out = (out * BigInt(n - kk + i)) / BigInt(i);
  return out;
}

/** Eq. 18: number of ways to replicate r neurons into m labelled slots (every neuron used). */
export function countG(r: number, m: number): bigint {
  checkCount('r', r, 0);
  checkCount('m', m, 0);
  let sum = 0n;
  for (let i = 1; i <= r; i++) {
    const term = binomialBig(r, i) * BigInt(i) ** BigInt(m);
    sum += (r - i) % 2 === 0 ? term : -term;
  }
  if (r === 0) return m === 0 ? 1n : 0n;
  return sum;
}

/** Bell numbers B_0..B_n by the Bell triangle (independent of eq. 19's g(u)). */
export function bellNumbers(n: number): bigint[] {
  checkCount('n', n, 0);
  const out = [1n];
  let row = [1n];
  for (let i = 1; i <= n; i++) {
    const next = [row[row.length - 1]];
    for (const v of row) next.push(next[next.length - 1] + v);
    row = next;
    out.push(row[0]);
  }
  return out;
}

/** g(u) of eq. 19, evaluated as written: Σ_j G(j, u)/j! (each term is an integer, S(u, j)). */
export function countGroups(u: number): bigint {
  checkCount('u', u, 0);
  let sum = 0n;
  let factorial = 1n;
  for (let j = 1; j <= u; j++) {
    factorial *= BigInt(j);
    sum += countG(j, u) / factorial;
  }
  return u === 0 ? 1n : sum;
}

/** Eq. 19: affine subspaces of the global-minimum manifold (duplication + zero-type neurons). */
export function countT(r: number, m: number): bigint {
  checkCount('r', r, 1);
  checkCount('m', m, r);
  // g(u) = B_u (tested against countGroups, eq. 19 as written); the triangle is O(u²) additions.
  const bell = bellNumbers(m - r);
  let sum = countG(r, m);
  for (let u = 1; u <= m - r; u++) sum += binomialBig(m, u) * countG(r, m - u) * bell[u];
  return sum;
}

/** Eq. 20 as an exact fraction: saddle subspaces (duplication only) over global-minimum subspaces. */
export function saddleToMinimumRatio(r: number, m: number): { numerator: bigint; denominator: bigint; value: number; log10: number } {
  checkCount('r', r, 1);
  checkCount('m', m, r);
  let numerator = 0n;
  for (let k = 1; k <= r - 1; k++) numerator += countG(r - k, m);
  const denominator = countT(r, m);
  const log10 = log10Big(numerator) - log10Big(denominator);
  return { numerator, denominator, value: 10 ** log10, log10 };
}

/** log10 of a positive BigInt to double precision (−Infinity for 0). */
export function log10Big(x: bigint): number {
  if (x < 0n) throw new CountError(`log10 of a negative count ${x}`);
  if (x === 0n) return -Infinity;
  const digits = x.toString();
  if (digits.length <= 300) return Math.log10(Number(x));
  const head = Number(digits.slice(0, 17));
  return Math.log10(head) + (digits.length - 17);
}

/** The smallest student width m ≥ r with R(r, m) < 1, as ρ = m/r (null when none up to maxRho·r). */
export function firstRhoBelowOne(r: number, maxRho = 10): { m: number; rho: number } | null {
  checkCount('r', r, 1);
  for (let m = r; m <= Math.ceil(maxRho * r); m++) if (saddleToMinimumRatio(r, m).log10 < 0) return { m, rho: m / r };
  return null;
}

/** Simsek et al.: the global-minimum manifold has affine pieces of dimension ≥ min(d_in, d_out)(m − r*). */
export function simsekDimensionBound(inputs: number, outputs: number, m: number, r: number): number {
  return Math.min(inputs, outputs) * Math.max(0, m - r);
}
