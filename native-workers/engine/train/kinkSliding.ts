/**
 * Filippov sliding of the gradient flow on ReLU kinks (two-layer nets; notes/relu-gradient-flow.md).
 * Tracks which samples' kinks the steps cross; a sample crossing again within a few steps
 * (chattering), a rejected step that crossed a kink first, or an implicit-step collapse lets that
 * kink join the active manifold — kept only if every multiplier of the enlarged set is in [0,1]
 * at the projected point. After each accepted step the point is projected back onto the manifold
 * and a constraint whose multiplier left [0,1] is released (or swapped for a kink the step just
 * crossed, when the flow can slide on both).
 */
import type { PrunedCrossingScan } from './crossingScan';
import { worstMultiplier, type KinkConstraint, type KinkManifold } from './kinks';
import type { FlowField } from './rodas4';
import type { FlowState } from './flowState';

/** A kink joined and left this often (grazing, or two kinks taking turns) is left to chatter. */
const MAX_JOINS_PER_KINK = 20;
/** Crossing the same kink again within this many steps is chattering. */
const CHATTER_STEPS = 4;

const outOfRange = (multipliers: Float64Array): number => worstMultiplier(multipliers, 1e-6);

export class KinkSliding {
  /** Times a kink joined the active set / was released. */
  entries = 0;
  releases = 0;
  private readonly crossedAt = new Map<number, number>();
  private readonly chatter: KinkConstraint[] = [];
  private lastCrossings: KinkConstraint[] = [];
  private readonly joins = new Map<number, number>();

  constructor(
    readonly manifold: KinkManifold,
    private readonly sampleCount: number,
    private readonly state: FlowState,
    private readonly field: FlowField,
    /** Called when the active set changed: the Jacobian must be recomputed. */
    private readonly invalidateJacobian: () => void,
    /** FlowOptions.prunedCrossings: the same crossings without visiting every sample (crossingScan.ts). */
    private readonly scan: PrunedCrossingScan | null = null,
  ) {}

  private crossings(theta: Float64Array, delta: Float64Array): KinkConstraint[] {
    return this.scan ? this.scan.crossings(theta, delta, (c) => this.manifold.has(c)) : this.manifold.crossings(theta, delta);
  }

  private key(c: KinkConstraint): number {
    return c.unit * this.sampleCount + c.sample;
  }

  /** Before an attempt is accepted: records the kinks the step y → yNew crosses (chattering watch). */
  watchCrossings(): void {
    const state = this.state;
    const delta = state.stepDelta(state.err); // err is scratch here: every attempt recomputes it
    this.lastCrossings = this.crossings(state.y, delta);
    for (const c of this.lastCrossings) {
      const key = this.key(c);
      const last = this.crossedAt.get(key);
      if (last !== undefined && state.step - last <= CHATTER_STEPS) this.chatter.push(c);
      this.crossedAt.set(key, state.step);
    }
    if (this.crossedAt.size > 4 * this.sampleCount) this.crossedAt.clear();
  }

  /** After the accepted point moved in: project, release out-of-range constraints, join chattering kinks. */
  afterAccept(): void {
    const { manifold, state } = this;
    if (manifold.size > 0) manifold.projectPoint(state.y);
    if (manifold.size > 0 && this.release()) {
      state.loss = this.field(state.y, state.f);
      state.gradNorm = state.gradNormOf(state.f);
      this.invalidateJacobian();
    }
    if (this.chatter.length > 0) {
      this.join(this.chatter);
      this.chatter.length = 0;
    }
  }

  /** The rejected attempt (y → yNew) crossed a kink first on which the flow slides: slide from here. */
  slideIntoRejected(): boolean {
    return this.join(this.stepCrossings());
  }

  /** On implicit-step collapse: join a sliding kink crossed within one explicit step hₑ. */
  enterSliding(he: number): boolean {
    const { y, f, yNew } = this.state;
    for (let i = 0; i < y.length; i++) yNew[i] = y[i] + he * f[i];
    return this.join(this.stepCrossings());
  }

  /**
   * Joins the first candidate kink the flow slides on; keeps it only if every multiplier of the
   * enlarged active set is in [0,1] at the projected point. Returns true when it joined.
   */
  private join(candidates: readonly KinkConstraint[]): boolean {
    const { manifold, state } = this;
    const c = manifold.joinFirstSliding(
      state.y,
      state.f,
      candidates.filter((k) => (this.joins.get(this.key(k)) ?? 0) < MAX_JOINS_PER_KINK),
    );
    if (!c) return false;
    this.joins.set(this.key(c), (this.joins.get(this.key(c)) ?? 0) + 1);
    manifold.projectPoint(state.y);
    state.loss = this.field(state.y, state.f);
    if (outOfRange(manifold.multipliers(state.y, state.grad)) >= 0) {
      manifold.remove(manifold.size - 1);
      state.loss = this.field(state.y, state.f);
      state.gradNorm = state.gradNormOf(state.f);
      return false;
    }
    state.gradNorm = state.gradNormOf(state.f);
    this.entries++;
    this.invalidateJacobian();
    return true;
  }

  /**
   * When a multiplier leaves [0,1]: if the last step carried another sample across its kink, the
   * flow may continue sliding on both (e.g. a hyperplane pivoting until it meets a second
   * sample); try that first. Otherwise drop the constraint that is most out of range.
   * Returns true when the active set changed.
   */
  private release(): boolean {
    const { manifold, state } = this;
    const worst = outOfRange(manifold.multipliers(state.y, state.grad));
    if (worst < 0) return false;
    for (const c of this.lastCrossings) {
      if (manifold.has(c) || !manifold.add(c)) continue;
      manifold.projectPoint(state.y);
      state.loss = this.field(state.y, state.f);
      if (outOfRange(manifold.multipliers(state.y, state.grad)) < 0) {
        this.entries++;
        return true;
      }
      manifold.remove(manifold.size - 1);
    }
    manifold.remove(worst);
    this.releases++;
    return true;
  }

  private stepCrossings(): KinkConstraint[] {
    return this.crossings(this.state.y, this.state.stepDelta(new Float64Array(this.state.dimension)));
  }
}
