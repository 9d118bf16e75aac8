/**
 * Kink release after a polish (issue 12, "Numerics"): a polish on the kink manifold can end on a
 * held kink that is Clarke stationary (multiplier t ∈ [0, 1]) but *concave*: its jump κ = (2/N)·rₙ·aⱼ
 * is negative, so both one-sided derivatives across the kink point downhill — a ridge, not a
 * minimum (with a single constraint and g ∥ c: D₊ = (μ + κ)‖c‖², D₋ = −μ‖c‖², t = −μ/κ ∈ [0,1]
 * and κ < 0 give D₊ ≤ 0 and D₋ ≤ 0). The flow joined the kink while κ had the attracting sign;
 * the residual rₙ changed sign since. Here such a constraint is released, θ is nudged off the
 * kink to the lower side (the remaining constraints kept), and the polish is rerun; repeated while
 * it lowers the loss. A polish that ends with every held kink convex is returned unchanged.
 */
import { layerOffsets } from '../core/layout';
import { SUCCESS_LOSS } from '../core/success';
import type { KinkConstraint, KinkManifold } from './kinks';
import type { CountingObjective } from './objective';
import type { TrainResult } from './types';

/** Rounds of release + re-polish at most. */
const MAX_ROUNDS = 4;
/** Nudges tried across the kink, in units of the pre-activation scale ‖wⱼ‖‖xₙ‖ + |bⱼ|. */
const NUDGES = [1e-9, 1e-7, 1e-5, 1e-3];
/** Multipliers within this of [0, 1] count as Clarke stationary (the polish's own tolerance). */
const T_TOLERANCE = 1e-9;

export interface ConcaveKink extends KinkConstraint {
  readonly kappa: number;
  readonly multiplier: number;
}

/** Held kinks of θ that are Clarke stationary (t ∈ [0,1]) with a negative jump κ (concave), worst first. */
export function concaveKinks(objective: CountingObjective, kinks: KinkManifold, theta: Float64Array, loss: number): ConcaveKink[] {
  if (kinks.size === 0) return [];
  const g = new Float64Array(objective.dimension);
  objective.lossAndGradient(theta, g);
  const t = kinks.multipliers(theta, g);
  const floor = 1e-12 * Math.sqrt(Math.max(loss, 0));
  const out: ConcaveKink[] = [];
  kinks.active.forEach((c, a) => {
    const kappa = kinks.kappa(theta, c);
    if (kappa < -floor && t[a] >= -T_TOLERANCE && t[a] <= 1 + T_TOLERANCE) out.push({ unit: c.unit, sample: c.sample, kappa, multiplier: t[a] });
  });
  return out.sort((p, q) => p.kappa - q.kappa);
}

/** The constraint's column c (xₙ on unit j's incoming weights, 1 on its bias) and the scale ‖wⱼ‖‖xₙ‖ + |bⱼ| of zⱼₙ. */
function column(objective: CountingObjective, theta: Float64Array, c: KinkConstraint): { col: Float64Array; zScale: number } {
  const { architecture, data } = objective.source!;
  const off = layerOffsets(architecture);
  const d = architecture.layers[0].inputs;
  const col = new Float64Array(objective.dimension);
  let w2 = 0;
  let x2 = 0;
  for (let i = 0; i < d; i++) {
    const x = data.X[c.sample * d + i];
    col[off[0].weight + c.unit * d + i] = x;
    w2 += theta[off[0].weight + c.unit * d + i] ** 2;
    x2 += x * x;
  }
  let b = 0;
  if (off[0].bias >= 0) {
    col[off[0].bias + c.unit] = 1;
    b = Math.abs(theta[off[0].bias + c.unit]);
  }
  return { col, zScale: Math.sqrt(w2 * x2) + b + 1e-300 };
}

function restore(kinks: KinkManifold, active: readonly KinkConstraint[]): void {
  kinks.clear();
  for (const c of active) kinks.add(c);
}

/**
 * `result` (a polish that ended on `kinks`), or a better point: while a held kink is concave,
 * release it, step off it to the lower side and `repolish` from there (accepted only when the
 * loss goes down). Notes say what was released.
 */
export function releaseConcaveKinks(
  objective: CountingObjective,
  kinks: KinkManifold | undefined,
  result: TrainResult,
  repolish: (theta: Float64Array) => TrainResult,
): TrainResult {
  if (!kinks || !objective.source) return result;
  let current = result;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (kinks.size === 0 || !(current.loss >= SUCCESS_LOSS)) break;
    const theta = Float64Array.from(current.finalTheta);
    const concave = concaveKinks(objective, kinks, theta, current.loss);
    if (concave.length === 0) break;
    const held = kinks.active.map((c) => ({ unit: c.unit, sample: c.sample }));
    const worst = concave[0];
    kinks.remove(kinks.active.findIndex((c) => c.unit === worst.unit && c.sample === worst.sample));
    // Direction across the kink that keeps the other held kinks: the projected column.
    const { col, zScale } = column(objective, theta, worst);
    const dir = Float64Array.from(col);
    kinks.projectVector(dir);
    let rate = 0; // dz/ds along dir
    let colNorm2 = 0;
    for (let p = 0; p < dir.length; p++) {
      rate += col[p] * dir[p];
      colNorm2 += col[p] * col[p];
    }
    const zNow = kinks.z(theta, worst.unit, worst.sample);
    let best: Float64Array | null = null;
    let bestLoss = current.loss;
    if (rate > 1e-12 * colNorm2) {
      for (const side of [1, -1])
        for (const nudge of NUDGES) {
          const trial = Float64Array.from(theta);
          const s = (side * nudge * zScale - zNow) / rate; // z(trial) = side·nudge·zScale
          for (let p = 0; p < trial.length; p++) trial[p] += s * dir[p];
          kinks.projectPoint(trial);
          const l = objective.loss(trial);
          if (l < bestLoss) {
            bestLoss = l;
            best = trial;
          }
        }
    }
    if (!best) {
      restore(kinks, held);
      break;
    }
    const next = repolish(best);
    if (!(next.loss < current.loss)) {
      restore(kinks, held);
      break;
    }
    current = {
      ...next,
      steps: current.steps + next.steps,
      time: current.time + next.time,
      notes: [
        ...current.notes,
        `released concave kink (unit ${worst.unit}, sample ${worst.sample}, κ = ${worst.kappa.toExponential(3)}, t = ${worst.multiplier.toFixed(3)}) at L = ${current.loss.toExponential(6)}; re-polished to ${next.loss.toExponential(6)}`,
        ...next.notes,
      ],
    };
  }
  return current;
}
