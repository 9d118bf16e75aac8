/**
 * Adversarial overparameterization (advOP, paper eq. 1 and App. B.3) for a two-layer student
 * grown from a ticket: the first `ticketWidth` hidden units (and the output bias) are the ticket's
 * parameters θT, the added units' incoming weights, biases and outgoing weights are θadv.
 *
 *   J(θadv) = cos(g_T(θadv), g_ref),  g_T(θadv) = ∇_θT L(θT, θadv),  g_ref = ∇_θT L(θT, 0).
 *
 * θT is the ticket's *initialization* (App. B.1: the ticket's surviving weights are rewound to
 * their values at initialization, θT = θ⁽⁰⁾ ⊙ μ, and B.3 computes g_ref there — "the initial
 * gradient of the ticket trained in isolation"). At a trained ticket g_ref would be ~0.
 *
 * Exact gradient (full batch, no minibatches): with u = ∂J/∂g = g_ref/(‖g‖‖g_ref‖) − J·g/‖g‖²,
 * dJ/dθadv = (∂g_T/∂θadv)ᵀ u = [H(θ)·(u on the θT block, 0 elsewhere)] read on the θadv block —
 * one exact Pearlmutter HVP of the whole network per gradient.
 *
 * Scale: unlike the paper (whose ‖θadv‖ can grow, Fig. B4), θadv is kept on the sphere of the
 * random regrowth's norm ‖θadv⁰‖ (rndOP's scale), so the adversary cannot win by size alone.
 * Minimizer: Riemannian normalized gradient descent on that sphere (geodesic steps of angle η,
 * accepted only when J decreases; η grows ×1.5 on success, shrinks ×0.3 on failure).
 */
import { layerOffsets } from '../core/layout';
import type { Architecture, Dataset, Network } from '../core/types';
import { createLossEvaluator, type LossEvaluator } from '../derivatives/loss';
import { HvpEngine } from '../derivatives/hvp';

export class AdvopError extends Error {
  override name = 'AdvopError';
  readonly code = 'input' as const;
}

export interface AdvopBlocks {
  /** Indices of θT in θ (ticket units' incoming, bias, outgoing; output bias). */
  readonly ticket: number[];
  /** Indices of θadv in θ (added units' incoming, bias, outgoing). */
  readonly adv: number[];
}

/** θT / θadv index blocks of a 2-layer network whose first `ticketWidth` hidden units are the ticket. */
export function advopBlocks(architecture: Architecture, ticketWidth: number): AdvopBlocks {
  const [hidden, out, extra] = architecture.layers;
  if (!hidden || !out || extra) throw new AdvopError('advOP needs a network with one hidden layer');
  const m = hidden.outputs;
  if (!Number.isInteger(ticketWidth) || ticketWidth < 1 || ticketWidth >= m)
    throw new AdvopError(`advOP: ticket width must be in 1..${m - 1} for a width-${m} network, got ${ticketWidth}`);
  const off = layerOffsets(architecture);
  const d = hidden.inputs;
  const unitParams = (j: number): number[] => {
    const idx: number[] = [];
    for (let i = 0; i < d; i++) idx.push(off[0].weight + j * d + i);
    if (off[0].bias >= 0) idx.push(off[0].bias + j);
    for (let o = 0; o < out.outputs; o++) idx.push(off[1].weight + o * m + j);
    return idx;
  };
  const ticket: number[] = [];
  const adv: number[] = [];
  for (let j = 0; j < m; j++) for (const p of unitParams(j)) (j < ticketWidth ? ticket : adv).push(p);
  if (off[1].bias >= 0) for (let o = 0; o < out.outputs; o++) ticket.push(off[1].bias + o);
  return { ticket, adv };
}

function dotOn(a: Float64Array, b: Float64Array, idx: readonly number[]): number {
  let s = 0;
  for (const p of idx) s += a[p] * b[p];
  return s;
}

/** J(θadv) and its exact gradient for one grown network on one dataset. */
export class AdvopObjective {
  readonly blocks: AdvopBlocks;
  /** g_ref = ∇_θT L(θT, 0) as a full-length vector (zero off the θT block). */
  readonly reference: Float64Array;
  private readonly evaluator: LossEvaluator;
  private readonly hvp: HvpEngine;
  private readonly grad: Float64Array;
  private readonly v: Float64Array;
  private readonly hv: Float64Array;
  private readonly refNorm: number;
  /** Objective and gradient evaluations so far (each gradient is one loss gradient + one HVP). */
  evaluations = 0;

  constructor(
    readonly architecture: Architecture,
    data: Dataset,
    thetaTicket: Float64Array,
    ticketWidth: number,
  ) {
    this.blocks = advopBlocks(architecture, ticketWidth);
    this.evaluator = createLossEvaluator(architecture, data);
    this.hvp = new HvpEngine(architecture, data);
    const P = this.evaluator.parameterCount;
    this.grad = new Float64Array(P);
    this.v = new Float64Array(P);
    this.hv = new Float64Array(P);
    const silenced = Float64Array.from(thetaTicket);
    for (const p of this.blocks.adv) silenced[p] = 0;
    this.evaluator.lossAndGradient(silenced, this.grad);
    this.reference = new Float64Array(P);
    for (const p of this.blocks.ticket) this.reference[p] = this.grad[p];
    this.refNorm = Math.sqrt(dotOn(this.reference, this.reference, this.blocks.ticket));
    if (!(this.refNorm > 0)) throw new AdvopError('advOP: the ticket gradient ∇_θT L(θT, 0) is zero at this θT (nothing to oppose)');
  }

  /** cos(g_T(θ), g_ref) at the full parameter vector θ (θT block and θadv block). */
  cosine(theta: Float64Array): number {
    this.evaluations++;
    this.evaluator.lossAndGradient(theta, this.grad);
    return this.cosineOfGrad();
  }

  private cosineOfGrad(): number {
    const t = this.blocks.ticket;
    const gg = dotOn(this.grad, this.grad, t);
    return dotOn(this.grad, this.reference, t) / (Math.sqrt(gg) * this.refNorm);
  }

  /** J at θ; `out` (length |θadv|) ← dJ/dθadv, exact: one gradient + one HVP. */
  cosineAndGradient(theta: Float64Array, out: Float64Array): number {
    const { ticket, adv } = this.blocks;
    const J = this.cosine(theta);
    const gNorm = Math.sqrt(dotOn(this.grad, this.grad, ticket));
    this.v.fill(0);
    for (const p of ticket) this.v[p] = this.reference[p] / (gNorm * this.refNorm) - (J * this.grad[p]) / (gNorm * gNorm);
    this.hvp.prepare(theta);
    this.hvp.apply(this.v, this.hv);
    for (let a = 0; a < adv.length; a++) out[a] = this.hv[adv[a]];
    return J;
  }
}

export interface AdvopOptions {
  /** Gradient evaluations (K). */
  readonly steps: number;
  /** Sphere radius as a multiple of the regrowth's ‖θadv⁰‖ (the start is rescaled to it). Default 1. */
  readonly scale?: number;
  /** First geodesic step angle (radians). Default 0.1. */
  readonly initialAngle?: number;
  readonly shouldStop?: () => boolean;
}

export interface AdvopResult {
  readonly network: Network;
  /** J at the start (the random regrowth, rndOP) and at the end (advOP). */
  readonly initialCosine: number;
  readonly finalCosine: number;
  /** J after each accepted step (first entry: the start). */
  readonly history: number[];
  /** ‖θadv‖, kept fixed (scale × the random regrowth's). */
  readonly advNorm: number;
  readonly evaluations: number;
  readonly stoppedBy: 'steps' | 'converged' | 'stopped';
}

/**
 * advOP from a grown network (its θadv the random regrowth): K steps of normalized Riemannian
 * gradient descent of J on the sphere ‖θadv‖ = ‖θadv⁰‖, θT fixed. The returned network is the
 * grown one with the adversarial θadv.
 */
export function adversarialRegrowth(grown: Network, ticketWidth: number, data: Dataset, options: AdvopOptions): AdvopResult {
  if (!Number.isInteger(options.steps) || options.steps < 0) throw new AdvopError(`advOP steps must be a non-negative integer, got ${options.steps}`);
  const scale = options.scale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0)) throw new AdvopError(`advOP scale must be a positive number, got ${scale}`);
  const objective = new AdvopObjective(grown.architecture, data, grown.theta, ticketWidth);
  const adv = objective.blocks.adv;
  const n = adv.length;
  const theta = Float64Array.from(grown.theta);
  const x = Float64Array.from(adv, (p) => theta[p]);
  let R0 = 0;
  for (let a = 0; a < n; a++) R0 += x[a] * x[a];
  if (!(R0 > 0)) throw new AdvopError('advOP: the regrown parameters θadv are all zero (no scale to keep)');
  const R = scale * Math.sqrt(R0);
  const R2 = R * R;
  if (scale !== 1)
    for (let a = 0; a < n; a++) {
      x[a] *= scale;
      theta[adv[a]] = x[a];
    }
  const trial = Float64Array.from(theta);
  const g = new Float64Array(n);
  const q = new Float64Array(n);
  let J = objective.cosineAndGradient(theta, g);
  const initialCosine = J;
  const history = [J];
  let eta = options.initialAngle ?? 0.1;
  let stoppedBy: AdvopResult['stoppedBy'] = 'steps';
  let fresh = true;
  let qNorm = 0;
  while (objective.evaluations < options.steps) {
    if (options.shouldStop?.()) {
      stoppedBy = 'stopped';
      break;
    }
    if (fresh) {
      // Riemannian gradient: the tangent part of dJ/dθadv at x.
      let gx = 0;
      for (let a = 0; a < n; a++) gx += g[a] * x[a];
      qNorm = 0;
      for (let a = 0; a < n; a++) {
        q[a] = g[a] - (gx / R2) * x[a];
        qNorm += q[a] * q[a];
      }
      qNorm = Math.sqrt(qNorm);
      if (!(qNorm * R > 1e-13)) {
        stoppedBy = 'converged';
        break;
      }
    }
    // Geodesic step: x(η) = R (cos η · x/R − sin η · q/‖q‖).
    const c = Math.cos(eta);
    const s = Math.sin(eta);
    for (let a = 0; a < n; a++) trial[adv[a]] = c * x[a] - (s * R * q[a]) / qNorm;
    const Jt = objective.cosine(trial);
    if (Jt < J) {
      for (let a = 0; a < n; a++) {
        x[a] = trial[adv[a]];
        theta[adv[a]] = x[a];
      }
      if (objective.evaluations >= options.steps) {
        J = Jt;
        history.push(J);
        break;
      }
      J = objective.cosineAndGradient(theta, g);
      history.push(J);
      eta = Math.min(1, eta * 1.5);
      fresh = true;
    } else {
      eta *= 0.3;
      fresh = false;
      if (eta < 1e-14) {
        stoppedBy = 'converged';
        break;
      }
    }
  }
  return {
    network: { architecture: grown.architecture, theta },
    initialCosine,
    finalCosine: J,
    history,
    advNorm: R,
    evaluations: objective.evaluations,
    stoppedBy,
  };
}
