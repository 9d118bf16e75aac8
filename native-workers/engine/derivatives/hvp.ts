/**
 * Exact Hessian-vector products for any depth: Pearlmutter's R-operator applied to the forward
 * and backward pass (R{·} = d/dε at θ + εv). With E = ∂L/∂A, D = E ∘ σ'(Z):
 *   forward   R{Z[l]} = V[l]·A[l−1] + v_b[l] + W[l]·R{A[l−1]},   R{A[l]} = σ'(Z[l]) ∘ R{Z[l]}
 *   backward  R{E[L]} = (2/N)·R{A[L]}
 *             R{D[l]} = R{E[l]} ∘ σ'(Z[l]) + E[l] ∘ σ''(Z[l]) ∘ R{Z[l]}
 *             (Hv)_W[l] = R{D[l]}ᵀ·A[l−1] + D[l]ᵀ·R{A[l−1]},  (Hv)_b[l] = Σₙ R{D[l]}
 *             R{E[l−1]} = R{D[l]}·W[l] + D[l]·V[l]
 * This is the full Hessian (σ'' and residual terms included), not Gauss–Newton.
 * The products run on the network's dense ops (denseOps.ts: the SIMD GEMM for large enough nets,
 * every buffer in its arena; the scalar reference otherwise or with `products: 'scalar'`).
 *
 * Block products (`applyBlock`, engines built with `block: b`): b directions at once. Only the
 * first layer is stacked — its two products R{Z[0]} = V[0]·X and (Hv)_W[0] = R{D[0]}·Xᵀ are the
 * bulk of the work for wide inputs (2·n₁·d·N of ≈ 2.1·n₁·d·N multiply-adds at 784→30→10), and
 * with the b directions' V[0] stacked into one (b·n₁)×d matrix they become one GEMM each that
 * reads X once instead of b times; the layers above run direction by direction as in `apply`.
 * On the GEMM both read X along its contiguous index (the forward one a sample-major copy,
 * sampleMajorInputs.ts), so both run on the dot-product kernel (wasm/gemmDot.ts).
 */
import type { BatchedNetwork, DenseProducts } from './twoLayer/batchedNetwork';
import { networkWithSampleMajorInputs } from './sampleMajorInputs';
import { parameterCount } from '../core/layout';
import { checkDataset, checkTheta, checkVector } from '../core/shapes';
import type { Architecture, Dataset } from '../core/types';

export interface HvpEvaluator {
  readonly parameterCount: number;
  /** Runs the forward/backward pass at θ and keeps what the products need; returns L(θ). */
  prepare(theta: Float64Array): number;
  /** out ← H(θ)·v at the θ of the last `prepare`. */
  apply(v: Float64Array, out: Float64Array): void;
}

/**
 * An HvpEvaluator that also takes blocks of directions: what the extremal spectrum solvers use.
 * HvpEngine is the one-thread implementation; the pool's ShardedHvp (native-workers/pool/shardedHvp.ts)
 * splits the samples across worker threads behind the same calls.
 */
export interface BlockHvpEvaluator extends HvpEvaluator {
  /** The most directions one `applyBlock` call takes. */
  readonly blockSize: number;
  /** out[k·P…] ← H(θ)·V[k·P…] for k < count ≤ blockSize, at the θ of the last `prepare`. */
  applyBlock(V: Float64Array, out: Float64Array, count: number): void;
}

export class HvpEngine implements BlockHvpEvaluator {
  readonly parameterCount: number;
  private readonly net: BatchedNetwork;
  private readonly S1: Float64Array[];
  private readonly S2: Float64Array[];
  /** E[l] = ∂L/∂A[l] and D[l] = E[l] ∘ σ'(Z[l]) at the prepared θ (features × N). */
  private readonly Eh: Float64Array[];
  private readonly Dh: Float64Array[];
  private readonly RZ: Float64Array[];
  private readonly RA: Float64Array[];
  private readonly RE: Float64Array[];
  private theta: Float64Array | null = null;
  /** v where the products read it (the arena's copy when the GEMM is in use). */
  private readonly vIn: Float64Array | null;
  /** Directions per `applyBlock` call (1: no block buffers). */
  readonly blockSize: number;
  /** Block buffers: stacked V[0] ((b·n₁)×d), R{Z[0]} and R{D[0]} ((b·n₁)×N), gradient scratch, v row. */
  private readonly block: { V0: Float64Array; RZ0: Float64Array; RD0: Float64Array; acc: Float64Array; v: Float64Array } | null;

  constructor(
    private readonly architecture: Architecture,
    data: Dataset,
    options: { readonly products?: DenseProducts; readonly block?: number } = {},
  ) {
    checkDataset(architecture, data);
    const P = parameterCount(architecture);
    this.parameterCount = P;
    const b = options.block ?? 1;
    if (!Number.isInteger(b) || b < 1) throw new RangeError(`block must be a whole number ≥ 1, got ${options.block}`);
    this.blockSize = b;
    const perLayer = architecture.layers.map((l) => data.count * l.outputs);
    const sets = 7;
    const extra: number[] = [];
    for (let k = 0; k < sets; k++) for (const n of perLayer) extra.push(n);
    extra.push(P);
    const first = architecture.layers[0];
    if (b > 1) extra.push(b * first.outputs * first.inputs, b * perLayer[0], b * perLayer[0], b * first.outputs * (first.inputs + 1), P);
    // The first layer's forward products (R{Z[0]} = V[0]·X) read a sample-major copy of X on the GEMM.
    const built = networkWithSampleMajorInputs(architecture, data.count, { gradient: false, extra, ...(options.products ? { products: options.products } : {}) });
    this.net = built.net;
    built.setInputs(data.X);
    this.net.setTargets(data.Y);
    const views = built.extra;
    const L = perLayer.length;
    const set = (k: number): Float64Array[] => views.slice(k * L, (k + 1) * L);
    this.S1 = set(0);
    this.S2 = set(1);
    this.Eh = set(2);
    this.Dh = set(3);
    this.RZ = set(4);
    this.RA = set(5);
    this.RE = set(6);
    this.vIn = this.net.products === 'wasm' ? views[sets * L] : null;
    const at = sets * L + 1;
    this.block = b > 1 ? { V0: views[at], RZ0: views[at + 1], RD0: views[at + 2], acc: views[at + 3], v: views[at + 4] } : null;
  }

  /** Whether the products run on the WebAssembly SIMD GEMM. */
  get products(): 'scalar' | 'wasm' {
    return this.net.products;
  }

  prepare(theta: Float64Array): number {
    checkTheta(this.architecture, theta);
    const th = this.net.products === 'wasm' ? this.net.weights(theta) : Float64Array.from(theta);
    this.theta = th;
    const ops = this.net.ops;
    const net = this.net;
    const N = net.count;
    const L = net.layers.length;
    const out = net.forward(th);
    for (let l = 0; l < L; l++) {
      const Z = net.Z[l];
      net.activate(net.layers[l].activation, Z, Z.length, null, this.S1[l], this.S2[l]);
    }
    const EL = this.Eh[L - 1];
    const Y = net.Yt;
    let sum = 0;
    for (let i = 0; i < out.length; i++) {
      const r = out[i] - Y[i];
      sum += r * r;
      EL[i] = (2 / N) * r;
    }
    for (let l = L - 1; l >= 0; l--) {
      const E = this.Eh[l];
      const D = this.Dh[l];
      const S1 = this.S1[l];
      for (let i = 0; i < E.length; i++) D[i] = E[i] * S1[i];
      if (l === 0) break;
      const { inputs: nin, outputs: nout } = net.layers[l];
      const w = net.offsets[l].weight;
      const Eprev = this.Eh[l - 1];
      Eprev.fill(0);
      ops.accumulateTransposedProduct(th, w, nout, nin, D, Eprev, N);
    }
    return sum / N;
  }

  apply(vOut: Float64Array, out: Float64Array): void {
    const theta = this.theta;
    if (!theta) throw new Error('HvpEvaluator.apply called before prepare(theta)');
    checkVector('v', vOut, this.parameterCount);
    checkVector('out', out, this.parameterCount);
    let v = vOut;
    if (this.vIn) {
      this.vIn.set(vOut);
      v = this.vIn;
    }
    const net = this.net;
    const ops = net.ops;
    const N = net.count;
    const L = net.layers.length;
    // R{Z[l]} stays zero until the first layer where v is nonzero (one-hot columns of the dense
    // Hessian skip the layers below their own).
    let zeroSoFar = true;
    for (let l = 0; l < L; l++) {
      const { inputs: nin, outputs: nout } = net.layers[l];
      const { weight, bias, end } = net.offsets[l];
      const In = net.input(l);
      const RZ = this.RZ[l];
      const RA = this.RA[l];
      const S1 = this.S1[l];
      if (zeroSoFar) {
        for (let k = weight; k < end && zeroSoFar; k++) if (v[k] !== 0) zeroSoFar = false;
        if (zeroSoFar) {
          RZ.fill(0);
          RA.fill(0);
          continue;
        }
      }
      const RIn = l > 0 ? this.RA[l - 1] : null;
      for (let o = 0; o < nout; o++) RZ.fill(bias >= 0 ? v[bias + o] : 0, o * N, (o + 1) * N);
      ops.accumulateProduct(v, weight, nout, nin, In, RZ, N, RIn ? theta : null, RIn);
      for (let i = 0; i < RZ.length; i++) RA[i] = S1[i] * RZ[i];
    }
    const RAL = this.RA[L - 1];
    const REL = this.RE[L - 1];
    for (let i = 0; i < REL.length; i++) REL[i] = (2 / N) * RAL[i];
    for (let l = L - 1; l >= 0; l--) {
      const { inputs: nin, outputs: nout } = net.layers[l];
      const { weight, bias } = net.offsets[l];
      const In = net.input(l);
      const RIn = l > 0 ? this.RA[l - 1] : null;
      const RD = this.RE[l];
      const S1 = this.S1[l];
      const S2 = this.S2[l];
      const E = this.Eh[l];
      const D = this.Dh[l];
      const RZ = this.RZ[l];
      for (let i = 0; i < RD.length; i++) RD[i] = RD[i] * S1[i] + E[i] * S2[i] * RZ[i];
      ops.gradientProduct(RD, In, RIn ? D : null, RIn, nout, nin, N, out, weight, bias, net.acc);
      if (l === 0) break;
      const REprev = this.RE[l - 1];
      REprev.fill(0);
      ops.accumulateTransposedProduct(theta, weight, nout, nin, RD, REprev, N, v, D);
    }
  }

  /**
   * out[j·P, (j+1)·P) ← H(θ)·V[j·P, (j+1)·P) for the `count` ≤ blockSize rows of V (row-major
   * count × P), at the θ of the last `prepare`. Equal to `count` calls of `apply` up to the
   * summation order of the GEMM.
   */
  applyBlock(V: Float64Array, out: Float64Array, count: number): void {
    const theta = this.theta;
    if (!theta) throw new Error('HvpEvaluator.applyBlock called before prepare(theta)');
    const P = this.parameterCount;
    const blk = this.block;
    if (!Number.isInteger(count) || count < 1 || count > this.blockSize) throw new RangeError(`count must be a whole number in [1, ${this.blockSize}], got ${count}`);
    if (V.length < count * P || out.length < count * P) throw new RangeError(`V and out need ${count} × ${P} entries`);
    if (!blk) {
      this.apply(V.subarray(0, P), out.subarray(0, P));
      return;
    }
    const net = this.net;
    const ops = net.ops;
    const N = net.count;
    const L = net.layers.length;
    const { inputs: d, outputs: n1 } = net.layers[0];
    const { weight: w0, bias: b0 } = net.offsets[0];
    const rows = count * n1;
    const perDir = n1 * N;
    // Layer 0, stacked: R{Z[0]} rows j·n₁ + o = v_b + V_j[0]·X.
    for (let j = 0; j < count; j++) {
      const row = V.subarray(j * P, (j + 1) * P);
      for (let k = 0; k < P; k++) if (!Number.isFinite(row[k])) throw new RangeError(`V[${j}] has a non-finite entry at index ${k}`);
      blk.V0.set(row.subarray(w0, w0 + n1 * d), j * n1 * d);
      for (let o = 0; o < n1; o++) blk.RZ0.fill(b0 >= 0 ? row[b0 + o] : 0, j * perDir + o * N, j * perDir + (o + 1) * N);
    }
    ops.accumulateProduct(blk.V0, 0, rows, d, net.Xt, blk.RZ0, N);
    const S1 = this.S1[0];
    for (let j = 0; j < count; j++) {
      const v = blk.v;
      v.set(V.subarray(j * P, (j + 1) * P));
      const outj = out.subarray(j * P, (j + 1) * P);
      const RZ0 = blk.RZ0.subarray(j * perDir, (j + 1) * perDir);
      const RD0 = blk.RD0.subarray(j * perDir, (j + 1) * perDir);
      const RA0 = this.RA[0];
      for (let i = 0; i < perDir; i++) RA0[i] = S1[i] * RZ0[i];
      // Layers above, as in `apply` (R{A[l−1]} always nonzero here).
      for (let l = 1; l < L; l++) {
        const { inputs: nin, outputs: nout } = net.layers[l];
        const { weight, bias } = net.offsets[l];
        const RZ = this.RZ[l];
        const RA = this.RA[l];
        const Sl = this.S1[l];
        for (let o = 0; o < nout; o++) RZ.fill(bias >= 0 ? v[bias + o] : 0, o * N, (o + 1) * N);
        ops.accumulateProduct(v, weight, nout, nin, net.input(l), RZ, N, theta, this.RA[l - 1]);
        for (let i = 0; i < RZ.length; i++) RA[i] = Sl[i] * RZ[i];
      }
      // R{E[L]} = (2/N)·R{A[L]}, into R{D[0]}'s buffer when L = 1.
      const REL = L > 1 ? this.RE[L - 1] : RD0;
      const RAL = this.RA[L - 1];
      for (let i = 0; i < REL.length; i++) REL[i] = (2 / N) * RAL[i];
      for (let l = L - 1; l >= 1; l--) {
        const { inputs: nin, outputs: nout } = net.layers[l];
        const { weight, bias } = net.offsets[l];
        const RD = this.RE[l];
        const Sl = this.S1[l];
        const S2 = this.S2[l];
        const E = this.Eh[l];
        const RZ = this.RZ[l];
        for (let i = 0; i < RD.length; i++) RD[i] = RD[i] * Sl[i] + E[i] * S2[i] * RZ[i];
        ops.gradientProduct(RD, net.input(l), this.Dh[l], this.RA[l - 1], nout, nin, N, outj, weight, bias, net.acc);
        const REprev = l > 1 ? this.RE[l - 1] : RD0;
        REprev.fill(0);
        ops.accumulateTransposedProduct(theta, weight, nout, nin, RD, REprev, N, v, this.Dh[l]);
      }
      const S2 = this.S2[0];
      const E0 = this.Eh[0];
      for (let i = 0; i < perDir; i++) RD0[i] = RD0[i] * S1[i] + E0[i] * S2[i] * RZ0[i];
    }
    // Layer 0's gradient, stacked: (Hv_j)_W[0] = R{D_j[0]}·Xᵀ, (Hv_j)_b[0] = Σₙ R{D_j[0]}.
    ops.gradientProduct(blk.RD0, net.Xt, null, null, rows, d, N, blk.acc, 0, -1, blk.acc);
    for (let j = 0; j < count; j++) {
      out.set(blk.acc.subarray(j * n1 * d, (j + 1) * n1 * d), j * P + w0);
      if (b0 < 0) continue;
      for (let o = 0; o < n1; o++) {
        const r = blk.RD0.subarray(j * perDir + o * N, j * perDir + (o + 1) * N);
        let s = 0;
        for (let n = 0; n < N; n++) s += r[n];
        out[j * P + b0 + o] = s;
      }
    }
  }
}

export function createHvpEvaluator(architecture: Architecture, data: Dataset, options: { readonly products?: DenseProducts } = {}): HvpEvaluator {
  return new HvpEngine(architecture, data, options);
}

/** out ← H(θ)·v, the exact Hessian of L(θ) = (1/N) Σ ‖f(xₙ) − yₙ‖² times v. */
export function hessianVectorProduct(
  architecture: Architecture,
  theta: Float64Array,
  data: Dataset,
  v: Float64Array,
  out: Float64Array,
): void {
  const engine = new HvpEngine(architecture, data);
  engine.prepare(theta);
  engine.apply(v, out);
}
