/**
 * A pruned kink-crossing scan for two-layer ReLU nets (FlowOptions.prunedCrossings, issue 12): the
 * same crossings, in the same order, as KinkManifold.crossings, without visiting every sample.
 *
 * Sample n can cross unit j's hyperplane in a step Δ only if |zⱼₙ| ≤ |Δzⱼₙ| ≤ ‖Δw̃ⱼ‖·‖x̃ₙ‖
 * (w̃ = (w, b), x̃ = (x, 1), Cauchy–Schwarz). Per unit we keep a reference point w̃ʳ and the samples
 * sorted by their distance rₙ = |zʳⱼₙ|/‖x̃ₙ‖ to the reference hyperplane; since
 * |zⱼₙ − zʳⱼₙ| ≤ ‖w̃ⱼ − w̃ʳ‖·‖x̃ₙ‖, only samples with rₙ ≤ ‖w̃ⱼ − w̃ʳ‖ + ‖Δw̃ⱼ‖ (plus a rounding
 * margin) can cross. Those candidates — a prefix of the sorted list — get the reference scan's exact
 * sign test, in sample order, so ties in the crossing fraction sort as they do there. The
 * reference is rebuilt at the current point when the prefix grows past 5 % of the samples.
 */
import { layerOffsets } from '../core/layout';
import type { Architecture, Dataset } from '../core/types';
import type { KinkConstraint } from './kinks';

export type Crossing = KinkConstraint & { readonly fraction: number };

/** Prefix share of the samples above which the unit's reference is rebuilt (then the full scan's cost once). */
const REBUILD_SHARE = 0.05;
/** Relative rounding margin on the bound: z is a (d+1)-term dot product, its error ≪ 1e-12·‖w̃‖‖x̃‖. */
const MARGIN = 1e-9;

export class PrunedCrossingScan {
  private readonly d: number;
  private readonly m: number;
  private readonly N: number;
  private readonly w0: number;
  private readonly b0: number;
  private readonly X: Float64Array;
  /** ‖x̃ₙ‖ = √(‖xₙ‖² + [bias]). */
  private readonly xNorm: Float64Array;
  /** Per unit: reference weights (d + 1, bias last), samples sorted by distance, the sorted distances. */
  private readonly ref: Float64Array;
  private readonly order: Int32Array[];
  private readonly dist: Float64Array[];
  private readonly built: boolean[];
  private readonly all: Int32Array;
  /** The last prefix bound was mostly drift from the reference (a rebuild would shrink it). */
  private driftDominated = false;
  /** Units rebuilt (a full pass) and candidates tested, for the tests and the notes. */
  rebuilds = 0;
  tested = 0;

  constructor(architecture: Architecture, data: Dataset) {
    const offsets = layerOffsets(architecture);
    const hidden = architecture.layers[0];
    this.d = hidden.inputs;
    this.m = hidden.outputs;
    this.N = data.count;
    this.w0 = offsets[0].weight;
    this.b0 = offsets[0].bias;
    this.X = data.X;
    this.xNorm = new Float64Array(this.N);
    for (let n = 0; n < this.N; n++) {
      let s = this.b0 >= 0 ? 1 : 0;
      for (let i = 0; i < this.d; i++) s += this.X[n * this.d + i] ** 2;
      this.xNorm[n] = Math.sqrt(s);
    }
    this.ref = new Float64Array(this.m * (this.d + 1));
    this.order = Array.from({ length: this.m }, () => new Int32Array(this.N));
    this.dist = Array.from({ length: this.m }, () => new Float64Array(this.N));
    this.built = new Array<boolean>(this.m).fill(false);
    this.all = Int32Array.from({ length: this.N }, (_, n) => n);
  }

  /**
   * Samples whose pre-activation changes sign between θ and θ + Δ and for which `skip` is false, in
   * the order met along the segment: exactly KinkManifold.crossings(θ, Δ).
   */
  crossings(theta: Float64Array, delta: Float64Array, skip: (c: KinkConstraint) => boolean): Crossing[] {
    const out: Crossing[] = [];
    for (let j = 0; j < this.m; j++) {
      let count = this.built[j] ? this.prefix(theta, delta, j) : this.N + 1;
      // Rebuild when the drift from the reference widened the bound; a step that is long by itself
      // (early in the flow) scans every sample instead, as the reference scan does.
      if (count > REBUILD_SHARE * this.N && (!this.built[j] || this.driftDominated)) {
        this.rebuild(theta, j);
        count = this.prefix(theta, delta, j);
      }
      const full = count > REBUILD_SHARE * this.N;
      const cand = full ? this.all : this.order[j].subarray(0, count);
      this.tested += cand.length;
      const found = this.test(theta, delta, j, cand, skip);
      // In sample order (the reference scan's), so equal fractions sort as they do there (stable sort).
      if (!full && found.length > 1) found.sort((a, b) => a.sample - b.sample);
      for (const c of found) out.push(c);
    }
    return out.sort((a, b) => a.fraction - b.fraction);
  }

  /** How many of unit j's sorted samples are within the crossing bound. */
  private prefix(theta: Float64Array, delta: Float64Array, j: number): number {
    const { d, w0, b0 } = this;
    const r = this.ref;
    const base = j * (d + 1);
    let drift = 0;
    let step = 0;
    let size = 0;
    for (let i = 0; i <= d; i++) {
      const p = i < d ? w0 + j * d + i : b0 >= 0 ? b0 + j : -1;
      const w = p >= 0 ? theta[p] : 0;
      const dw = p >= 0 ? delta[p] : 0;
      drift += (w - r[base + i]) ** 2;
      step += dw * dw;
      size += w * w + r[base + i] ** 2;
    }
    this.driftDominated = drift > step;
    const bound = (Math.sqrt(drift) + Math.sqrt(step)) * (1 + MARGIN) + MARGIN * Math.sqrt(size);
    // First index with dist > bound (binary search on the ascending distances).
    const dist = this.dist[j];
    let lo = 0;
    let hi = this.N;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dist[mid] <= bound) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Reference for unit j at θ: every sample's distance to the hyperplane, sorted. */
  private rebuild(theta: Float64Array, j: number): void {
    const { d, w0, b0, N, X } = this;
    const base = j * (d + 1);
    for (let i = 0; i < d; i++) this.ref[base + i] = theta[w0 + j * d + i];
    this.ref[base + d] = b0 >= 0 ? theta[b0 + j] : 0;
    const key = new Float64Array(N);
    for (let n = 0; n < N; n++) {
      let z = this.ref[base + d];
      for (let i = 0; i < d; i++) z += this.ref[base + i] * X[n * d + i];
      key[n] = Math.abs(z) / this.xNorm[n];
    }
    const order = this.order[j];
    for (let n = 0; n < N; n++) order[n] = n;
    order.sort((a, b) => key[a] - key[b]);
    const dist = this.dist[j];
    for (let k = 0; k < N; k++) dist[k] = key[order[k]];
    this.built[j] = true;
    this.rebuilds++;
  }

  /** KinkManifold.crossings' sign test, term for term, on the candidate samples of unit j. */
  private test(theta: Float64Array, delta: Float64Array, j: number, cand: Int32Array, skip: (c: KinkConstraint) => boolean): Crossing[] {
    const out: Crossing[] = [];
    const { d, w0, b0, X } = this;
    const b = b0 >= 0 ? theta[b0 + j] : 0;
    const db = b0 >= 0 ? delta[b0 + j] : 0;
    for (let k = 0; k < cand.length; k++) {
      const n = cand[k];
      let z: number;
      let dz: number;
      if (d === 2) {
        const x0 = X[2 * n];
        const x1 = X[2 * n + 1];
        z = theta[w0 + 2 * j] * x0 + theta[w0 + 2 * j + 1] * x1 + b;
        dz = delta[w0 + 2 * j] * x0 + delta[w0 + 2 * j + 1] * x1 + db;
      } else {
        z = b;
        dz = db;
        for (let i = 0; i < d; i++) {
          z += theta[w0 + j * d + i] * X[n * d + i];
          dz += delta[w0 + j * d + i] * X[n * d + i];
        }
      }
      if (z > 0 !== z + dz > 0 && !skip({ unit: j, sample: n }))
        out.push({ unit: j, sample: n, fraction: dz !== 0 ? Math.min(1, Math.max(0, -z / dz)) : 0 });
    }
    return out;
  }
}
