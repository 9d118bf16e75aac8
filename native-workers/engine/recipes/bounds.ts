/**
 * Failure-probability models of §2.2 (eq. 5) and App. C (eqs. 13–16), evaluated as natural logs:
 * p₀^C(md, rd) underflows a double already at m = 5 (C(15, 12)·ln p₀ ≈ −455·…), so every model
 * returns ln P (−Infinity for an exact zero) and callers plot log10 = ln/ln 10.
 *
 *   independent subnetworks, node count   ln P = C(m, r)·ln p₀                     (eq. 5, 13)
 *   independent subnetworks, edge count   ln P = C(md, rd)·ln p₀, d = d_in + d_out (eq. 5, 13)
 *   without replacement                   P = [1 − (1 − p₀)·C(m, r)]₊                (eq. 14)
 *   disjoint subnetworks                  P = p₀^⌊m/r⌋ (and the plotted p₀^{m/r})    (eq. 15)
 *   independent nodes                     P = Σ_{k<r} C(m,k) s^k (1−s)^{m−k}, s = (1−p₀)^{1/r} (eq. 16)
 */
import { binomialBig } from './counts';

export const FAILURE_MODELS = ['subnetworksNodes', 'subnetworksEdges', 'withoutReplacement', 'disjoint', 'disjointContinuous', 'independentNodes'] as const;
export type FailureModel = (typeof FAILURE_MODELS)[number];

export class BoundError extends Error {
  override name = 'BoundError';
  readonly code = 'input' as const;
}

function check(p0: number, m: number, r: number): void {
  if (!(p0 >= 0 && p0 <= 1)) throw new BoundError(`p₀ must be a probability in [0, 1], got ${p0}`);
  if (!Number.isInteger(r) || r < 1) throw new BoundError(`ticket width r must be a positive integer, got ${r}`);
  if (!Number.isInteger(m) || m < r) throw new BoundError(`width m must be an integer ≥ r = ${r}, got ${m}`);
}

/** ln(p₀)·count without forming p₀^count (0·ln 0 = 0: an empty product). */
function logPower(p0: number, count: number): number {
  if (count === 0) return 0;
  return p0 === 0 ? -Infinity : count * Math.log(p0);
}

/** ln C(n, k) (exact through BigInt; the counts here stay far below 2^1023). */
function logBinomial(n: number, k: number): number {
  const c = binomialBig(n, k);
  return c === 0n ? -Infinity : Math.log(Number(c));
}

/** ln of the model's failure probability for width m, ticket width r, d = d_in + d_out. */
export function logFailureBound(model: FailureModel, p0: number, m: number, r: number, d: number): number {
  check(p0, m, r);
  switch (model) {
    case 'subnetworksNodes':
      return logPower(p0, Number(binomialBig(m, r)));
    case 'subnetworksEdges':
      if (!Number.isInteger(d) || d < 1) throw new BoundError(`d = d_in + d_out must be a positive integer, got ${d}`);
      return logPower(p0, Number(binomialBig(m * d, r * d)));
    case 'withoutReplacement': {
      const v = 1 - (1 - p0) * Number(binomialBig(m, r));
      return v > 0 ? Math.log(v) : -Infinity;
    }
    case 'disjoint':
      return logPower(p0, Math.floor(m / r));
    case 'disjointContinuous':
      return logPower(p0, m / r);
    case 'independentNodes': {
      // log-sum-exp over the binomial CDF's terms; s = (1 − p₀)^{1/r}.
      const s = (1 - p0) ** (1 / r);
      const terms: number[] = [];
      for (let k = 0; k < r; k++) {
        const a = k === 0 ? 0 : s === 0 ? -Infinity : k * Math.log(s);
        const b = m - k === 0 ? 0 : s === 1 ? -Infinity : (m - k) * Math.log1p(-s);
        terms.push(logBinomial(m, k) + a + b);
      }
      let top = -Infinity;
      for (const t of terms) top = Math.max(top, t);
      if (top === -Infinity) return -Infinity;
      return top + Math.log(terms.reduce((acc, t) => acc + Math.exp(t - top), 0));
    }
  }
}

/** All models at once, as log10 (what the figure's log axis shows). */
export function failureBoundsLog10(p0: number, m: number, r: number, d: number): Record<FailureModel, number> {
  const out = {} as Record<FailureModel, number>;
  for (const model of FAILURE_MODELS) out[model] = logFailureBound(model, p0, m, r, d) / Math.LN10;
  return out;
}
