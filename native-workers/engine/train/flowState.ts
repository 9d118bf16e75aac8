/**
 * The state the parts of the gradient flow share: the accepted point y with its field f = −S∇L,
 * the attempt buffers yNew / fNew (swapped in on acceptance, never copied), ∇L at the last field
 * evaluation, and the loss, ‖∇L‖, time and step of the accepted point.
 */
import type { KinkManifold } from './kinks';
import type { CountingObjective } from './objective';
import type { FlowField } from './rodas4';

export class FlowState {
  y: Float64Array;
  f: Float64Array;
  yNew: Float64Array;
  fNew: Float64Array;
  /** ∇L at the last point the field was evaluated at (the accepted point after a step). */
  readonly grad: Float64Array;
  /** Scratch for error estimates (and step differences between attempts). */
  readonly err: Float64Array;
  loss = NaN;
  gradNorm = NaN;
  t = 0;
  step = 0;

  constructor(
    theta0: Float64Array,
    /** Per-parameter positive factors S on the gradient (1/γ on split copies' input weights, App. E.2). */
    readonly scale: Float64Array | undefined,
  ) {
    const n = theta0.length;
    this.y = Float64Array.from(theta0);
    this.f = new Float64Array(n);
    this.yNew = new Float64Array(n);
    this.fNew = new Float64Array(n);
    this.grad = new Float64Array(n);
    this.err = new Float64Array(n);
  }

  get dimension(): number {
    return this.y.length;
  }

  /** Makes the attempt (yNew, fNew) the accepted point; the old buffers become the next attempt's. */
  swap(): void {
    [this.y, this.yNew] = [this.yNew, this.y];
    [this.f, this.fNew] = [this.fNew, this.f];
  }

  /** ‖∇L‖ from a field vector f = −S∇L. */
  gradNormOf(f: Float64Array): number {
    const scale = this.scale;
    let s = 0;
    for (let i = 0; i < f.length; i++) {
      const g = f[i] / (scale ? scale[i] : 1);
      s += g * g;
    }
    return Math.sqrt(s);
  }

  /** yNew − y into out. */
  stepDelta(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.yNew[i] - this.y[i];
    return out;
  }
}

/**
 * The flow's right-hand side −S∇L(y), projected onto the active kink manifold when the flow
 * slides on ReLU kinks; leaves ∇L in state.grad and returns L(y).
 */
export function createFlowField(objective: CountingObjective, state: FlowState, manifold: KinkManifold | null): FlowField {
  const scale = state.scale;
  const grad = state.grad;
  const n = state.dimension;
  return (y, out) => {
    const loss = objective.lossAndGradient(y, grad);
    for (let i = 0; i < n; i++) out[i] = -(scale ? scale[i] : 1) * grad[i];
    if (manifold && manifold.size > 0) manifold.projectVector(out);
    return loss;
  };
}
