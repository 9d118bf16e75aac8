/**
 * The general (reference) forward and backward pass for any depth, batched over samples with
 * reusable scratch. Arrays are feature-major (row i holds feature i of all N samples) so every
 * inner loop runs over samples: long, contiguous and JIT-friendly for any layer width.
 * Backprop by hand: with E = ∂L/∂A, D = E ∘ σ'(Z),
 *   ∂L/∂W[l] = D·A[l−1]ᵀ,  ∂L/∂b[l] = Σₙ D,  E[l−1] = W[l]ᵀ·D,  E[L] = (2/N)(A[L] − Y).
 * The dense products go through `ops` (denseOps.ts): the SIMD GEMM when WebAssembly SIMD is
 * available and the network does enough work per pass (then every buffer, a copy of θ included,
 * lives in one WebAssembly memory), else the scalar reference (`products: 'scalar'` forces it).
 */

export type DenseProducts = 'auto' | 'scalar' | 'wasm';

/** Multiply-adds per pass (Σ nout·nin·N) from which the GEMM beats the scalar loops (measured: 2-4-4-2 on 60 samples, 1,920, is 3.5× faster on it; 2-3-3-1 on 10, 180, 1.2× slower). */
export const WASM_PRODUCTS_MIN_WORK = 1 << 10;

/** The products a BatchedNetwork of this size will use ('wasm' unless its memory cannot be reserved). */
export function plannedProducts(architecture: Architecture, count: number, products: DenseProducts = 'auto'): 'scalar' | 'wasm' {
  if (products === 'scalar' || !wasmGemmAvailable()) return 'scalar';
  if (products === 'wasm') return 'wasm';
  const work = architecture.layers.reduce((s, l) => s + l.outputs * l.inputs * count, 0);
  return work >= WASM_PRODUCTS_MIN_WORK ? 'wasm' : 'scalar';
}

export interface BatchedNetworkOptions {
  /** Allocate the backward-pass buffers (default true). */
  readonly gradient?: boolean;
  readonly products?: DenseProducts;
  /** Sizes of extra buffers to allocate beside the network's (in the arena when there is one), in `extra`. */
  readonly extra?: readonly number[];
}
import { applyActivation } from '../../core/activationArrays';
import { layerOffsets, parameterCount, type LayerOffsets } from '../../core/layout';
import { GemmArena, wasmGemmAvailable } from '../../wasm/gemm';
import { scalarOps, wasmOps, type DenseOps } from '../denseOps';
import type { ActivationName, Architecture, LayerSpec } from '../../core/types';

/** out (cols × rows) ← transpose of M (rows × cols), both row-major. */
export function transposeInto(M: Float64Array, rows: number, cols: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = M[r * cols + c];
}

export class BatchedNetwork {
  readonly layers: readonly LayerSpec[];
  readonly offsets: readonly LayerOffsets[];
  readonly count: number;
  /** Inputs, inputDim × count. */
  readonly Xt: Float64Array;
  /** Targets, outputDim × count. */
  readonly Yt: Float64Array;
  readonly Z: Float64Array[];
  readonly A: Float64Array[];
  /** ∂L/∂A[l] during backward; overwritten in place by D[l] = E[l] ∘ σ'(Z[l]). */
  readonly E: Float64Array[];
  /** σ'(Z[l]), written by the forward pass of `lossAndGradient` for the backward pass. */
  private readonly S: Float64Array[];
  /** Running sums of one layer's gradient (blockedOps.gradientProduct). */
  readonly acc: Float64Array;
  /** The dense products in use. */
  readonly ops: DenseOps;
  /** The buffers asked for by `options.extra`, in order. */
  readonly extra: Float64Array[];
  /** θ as the products see it: θ itself (scalar) or its copy in the arena (`weights`). */
  private readonly theta: Float64Array | null;
  private readonly arena: GemmArena | null;

  constructor(architecture: Architecture, count: number, options: BatchedNetworkOptions = {}) {
    const layers = architecture.layers;
    this.layers = layers;
    this.offsets = layerOffsets(architecture);
    this.count = count;
    const gradient = options.gradient !== false;
    const perLayer = layers.map((l) => count * l.outputs);
    const sizes = [
      layers[0].inputs * count,
      layers[layers.length - 1].outputs * count,
      layers.reduce((m, l) => Math.max(m, l.outputs * (l.inputs + 1)), 0),
      parameterCount(architecture),
      ...perLayer,
      ...perLayer,
      ...(gradient ? perLayer : []),
      ...(gradient ? perLayer : []),
      ...(options.extra ?? []),
    ];
    const arena = plannedProducts(architecture, count, options.products) === 'wasm' ? GemmArena.create(sizes) : null;
    const views = arena ? arena.views : sizes.map((n) => new Float64Array(n));
    this.arena = arena;
    this.ops = arena ? wasmOps(arena) : scalarOps;
    const L = layers.length;
    let at = 0;
    const next = (): Float64Array => views[at++];
    this.Xt = next();
    this.Yt = next();
    this.acc = next();
    this.theta = next();
    this.Z = layers.map(next);
    this.A = layers.map(next);
    this.E = gradient ? layers.map(next) : [];
    this.S = gradient ? layers.map(next) : [];
    this.extra = views.slice(at);
    if (at + (options.extra?.length ?? 0) !== views.length || this.Z.length !== L) throw new Error('BatchedNetwork: buffer layout');
  }

  /** Whether the products run on the WebAssembly SIMD GEMM. */
  get products(): 'scalar' | 'wasm' {
    return this.ops.kind;
  }

  /**
   * applyActivation(name, z, count, f, d1, d2) — on the arena in f64x2 for the smooth activations
   * when the GEMM is in use (wasm/activationKernel.ts), the rest (and everything else) in TS.
   */
  activate(name: ActivationName, z: Float64Array, count: number, f: Float64Array | null, d1: Float64Array | null = null, d2: Float64Array | null = null): void {
    const done = this.arena ? this.arena.activate(name, z, count, f, d1, d2) : 0;
    if (done === 0) return applyActivation(name, z, count, f, d1, d2);
    if (done < count) {
      const tail = (a: Float64Array | null): Float64Array | null => (a ? a.subarray(done, count) : null);
      applyActivation(name, z.subarray(done, count), count - done, tail(f), tail(d1), tail(d2));
    }
  }

  /**
   * θ where the products can read it: copied into the arena (returned) when the GEMM is in use,
   * else θ itself.
   */
  weights(theta: Float64Array): Float64Array {
    if (!this.arena || !this.theta) return theta;
    this.theta.set(theta);
    return this.theta;
  }

  /** Copies row-major inputs (count × inputDim). */
  setInputs(X: Float64Array): void {
    transposeInto(X, this.count, this.layers[0].inputs, this.Xt);
  }

  /** Copies row-major targets (count × outputDim). */
  setTargets(Y: Float64Array): void {
    transposeInto(Y, this.count, this.layers[this.layers.length - 1].outputs, this.Yt);
  }

  /** Input of layer l (the inputs for l = 0), features × count. */
  input(l: number): Float64Array {
    return l === 0 ? this.Xt : this.A[l - 1];
  }

  /** Fills Z and A from the stored inputs; returns the output buffer A[L−1] (outputDim × count). */
  forward(theta: Float64Array): Float64Array {
    return this.forwardWeights(this.weights(theta), false);
  }

  /** `forward` with θ already where the products read it (see `weights`). */
  private forwardWeights(theta: Float64Array, derivatives: boolean): Float64Array {
    const N = this.count;
    for (let l = 0; l < this.layers.length; l++) {
      const { inputs: nin, outputs: nout } = this.layers[l];
      const { weight, bias } = this.offsets[l];
      const In = this.input(l);
      const Z = this.Z[l];
      for (let o = 0; o < nout; o++) Z.fill(bias >= 0 ? theta[bias + o] : 0, o * N, (o + 1) * N);
      this.ops.accumulateProduct(theta, weight, nout, nin, In, Z, N);
      this.activate(this.layers[l].activation, Z, nout * N, this.A[l], derivatives ? this.S[l] : null);
    }
    return this.A[this.layers.length - 1];
  }

  /** The outputs of the last `forward`, row-major count × outputDim. */
  outputsRowMajor(): Float64Array {
    const K = this.layers[this.layers.length - 1].outputs;
    const out = new Float64Array(this.count * K);
    transposeInto(this.A[this.layers.length - 1], K, this.count, out);
    return out;
  }

  /** L = (1/N) Σ ‖A[L−1] − Y‖² after `forward`. */
  lossAfterForward(): number {
    const out = this.A[this.layers.length - 1];
    const Y = this.Yt;
    let sum = 0;
    for (let i = 0; i < out.length; i++) {
      const r = out[i] - Y[i];
      sum += r * r;
    }
    return sum / this.count;
  }

  /** Forward, loss and the full gradient into `grad` (overwritten). */
  lossAndGradient(thetaIn: Float64Array, grad: Float64Array): number {
    const N = this.count;
    const L = this.layers.length;
    const theta = this.weights(thetaIn);
    const out = this.forwardWeights(theta, true);
    const EL = this.E[L - 1];
    const Y = this.Yt;
    let sum = 0;
    const scale = 2 / N;
    for (let i = 0; i < out.length; i++) {
      const r = out[i] - Y[i];
      sum += r * r;
      EL[i] = scale * r;
    }
    for (let l = L - 1; l >= 0; l--) {
      const { inputs: nin, outputs: nout } = this.layers[l];
      const { weight, bias } = this.offsets[l];
      const D = this.E[l];
      const S = this.S[l];
      const In = this.input(l);
      for (let i = 0; i < D.length; i++) D[i] = D[i] * S[i];
      this.ops.gradientProduct(D, In, null, null, nout, nin, N, grad, weight, bias, this.acc);
      if (l > 0) {
        const Eprev = this.E[l - 1];
        Eprev.fill(0);
        this.ops.accumulateTransposedProduct(theta, weight, nout, nin, D, Eprev, N);
      }
    }
    return sum / N;
  }
}
