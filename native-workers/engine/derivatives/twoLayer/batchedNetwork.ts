/**
 * The general (reference) forward and backward pass for any depth, batched over samples with
 * reusable scratch. Arrays are feature-major (row i holds feature i of all N samples) so every
 * inner loop runs over samples: long, contiguous and JIT-friendly for any layer width.
 * Backprop by hand: with E = ∂L/∂A, D = E ∘ σ'(Z),
 *   ∂L/∂W[l] = D·A[l−1]ᵀ,  ∂L/∂b[l] = Σₙ D,  E[l−1] = W[l]ᵀ·D,  E[L] = (2/N)(A[L] − Y).
 */
import { accumulateProduct, accumulateTransposedProduct, gradientProduct } from '../blockedOps';
import { applyActivation } from '../../core/activationArrays';
import { layerOffsets, type LayerOffsets } from '../../core/layout';
import type { Architecture, LayerSpec } from '../../core/types';

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
  /** σ'(Z[l]) scratch for the backward pass. */
  private readonly S: Float64Array;
  /** Running sums of one layer's gradient (blockedOps.gradientProduct). */
  readonly acc: Float64Array;

  constructor(architecture: Architecture, count: number, options: { gradient?: boolean } = {}) {
    const layers = architecture.layers;
    this.layers = layers;
    this.offsets = layerOffsets(architecture);
    this.count = count;
    this.Xt = new Float64Array(layers[0].inputs * count);
    this.Yt = new Float64Array(layers[layers.length - 1].outputs * count);
    this.Z = layers.map((l) => new Float64Array(count * l.outputs));
    this.A = layers.map((l) => new Float64Array(count * l.outputs));
    const gradient = options.gradient !== false;
    this.E = gradient ? layers.map((l) => new Float64Array(count * l.outputs)) : [];
    this.S = new Float64Array(gradient ? count * layers.reduce((m, l) => Math.max(m, l.outputs), 0) : 0);
    this.acc = new Float64Array(layers.reduce((m, l) => Math.max(m, l.outputs * (l.inputs + 1)), 0));
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
    const N = this.count;
    for (let l = 0; l < this.layers.length; l++) {
      const { inputs: nin, outputs: nout } = this.layers[l];
      const { weight, bias } = this.offsets[l];
      const In = this.input(l);
      const Z = this.Z[l];
      for (let o = 0; o < nout; o++) Z.fill(bias >= 0 ? theta[bias + o] : 0, o * N, (o + 1) * N);
      accumulateProduct(theta, weight, nout, nin, In, Z, N);
      applyActivation(this.layers[l].activation, Z, nout * N, this.A[l]);
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
  lossAndGradient(theta: Float64Array, grad: Float64Array): number {
    const N = this.count;
    const L = this.layers.length;
    const out = this.forward(theta);
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
      const S = this.S;
      const In = this.input(l);
      applyActivation(this.layers[l].activation, this.Z[l], D.length, null, S);
      for (let i = 0; i < D.length; i++) D[i] = D[i] * S[i];
      gradientProduct(D, In, null, null, nout, nin, N, grad, weight, bias, this.acc);
      if (l > 0) {
        const Eprev = this.E[l - 1];
        Eprev.fill(0);
        accumulateTransposedProduct(theta, weight, nout, nin, D, Eprev, N);
      }
    }
    return sum / N;
  }
}
