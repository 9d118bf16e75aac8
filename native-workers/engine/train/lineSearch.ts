/**
 * Line search satisfying the strong Wolfe conditions (Nocedal & Wright, Algorithms 3.5 and 3.6,
 * with cubic interpolation in the zoom phase).
 */

export interface LinePoint {
  readonly alpha: number;
  readonly loss: number;
  /** Directional derivative ∇L(θ + αd)·d. */
  readonly slope: number;
}

/** Evaluates the loss at θ + αd, leaves the gradient in the caller's buffer, returns the point. */
export type LineFunction = (alpha: number) => LinePoint;

export interface LineSearchResult {
  readonly point: LinePoint;
  readonly ok: boolean;
}

export function strongWolfe(
  phi: LineFunction,
  start: LinePoint,
  alpha1: number,
  options: { c1?: number; c2?: number; maxEvaluations?: number; alphaMax?: number } = {},
): LineSearchResult {
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  const maxEval = options.maxEvaluations ?? 25;
  const alphaMax = options.alphaMax ?? 1e10;
  let prev = start;
  let alpha = alpha1;
  let evals = 0;
  let best = start;
  let lastEvaluated: LinePoint = start;
  for (let i = 0; evals < maxEval; i++) {
    const cur = phi(alpha);
    lastEvaluated = cur;
    evals++;
    if (cur.loss < best.loss) best = cur;
    if (!Number.isFinite(cur.loss) || cur.loss > start.loss + c1 * alpha * start.slope || (i > 0 && cur.loss >= prev.loss))
      return zoom(phi, start, prev, cur, c1, c2, maxEval - evals, best, lastEvaluated);
    if (Math.abs(cur.slope) <= -c2 * start.slope) return { point: cur, ok: true };
    if (cur.slope >= 0) return zoom(phi, start, cur, prev, c1, c2, maxEval - evals, best, lastEvaluated);
    prev = cur;
    alpha = Math.min(2 * alpha, alphaMax);
  }
  return finalize(phi, best, lastEvaluated);
}

function zoom(
  phi: LineFunction,
  start: LinePoint,
  lo: LinePoint,
  hi: LinePoint,
  c1: number,
  c2: number,
  budget: number,
  best: LinePoint,
  last: LinePoint,
): LineSearchResult {
  for (let k = 0; k < budget; k++) {
    let alpha = cubicMin(lo, hi);
    const a = Math.min(lo.alpha, hi.alpha);
    const b = Math.max(lo.alpha, hi.alpha);
    const margin = 0.1 * (b - a);
    if (!Number.isFinite(alpha) || alpha < a + margin || alpha > b - margin) alpha = 0.5 * (a + b);
    if (b - a <= 1e-16 * b) break;
    const cur = phi(alpha);
    last = cur;
    if (cur.loss < best.loss) best = cur;
    if (!Number.isFinite(cur.loss) || cur.loss > start.loss + c1 * alpha * start.slope || cur.loss >= lo.loss) hi = cur;
    else {
      if (Math.abs(cur.slope) <= -c2 * start.slope) return { point: cur, ok: true };
      if (cur.slope * (hi.alpha - lo.alpha) >= 0) hi = lo;
      lo = cur;
    }
  }
  return finalize(phi, best, last);
}

/** Leaves the caller's gradient buffer at the returned point (re-evaluating if needed). */
function finalize(phi: LineFunction, best: LinePoint, last: LinePoint): LineSearchResult {
  if (best.alpha === 0) return { point: best, ok: false };
  const point = best === last ? best : phi(best.alpha);
  return { point, ok: false };
}

/** Minimizer of the cubic interpolating loss and slope at two points. */
function cubicMin(p: LinePoint, q: LinePoint): number {
  const d1 = p.slope + q.slope - (3 * (p.loss - q.loss)) / (p.alpha - q.alpha);
  const disc = d1 * d1 - p.slope * q.slope;
  if (disc < 0) return NaN;
  const d2 = Math.sign(q.alpha - p.alpha) * Math.sqrt(disc);
  return q.alpha - (q.alpha - p.alpha) * ((q.slope + d2 - d1) / (q.slope - p.slope + 2 * d2));
}
