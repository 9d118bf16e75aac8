/**
 * Loss L(θ) = (1/N) Σₙ ‖f(xₙ) − yₙ‖² and its exact gradient, for any depth.
 * `createLossEvaluator` is the hot path for trainers: it lays the data out once, reuses its
 * scratch buffers and picks the fastest kernel for the architecture:
 *   'wasm'    d ≤ 2 → m → 1 relu networks: WebAssembly SIMD kernel (twoLayerWasm.ts); softplus,
 *             sigmoid and tanh ones: SIMD kernel with inlined exp/log1p (twoLayerSmoothWasm.ts);
 *   'scalar'  any d → m → 1 network with identity output (twoLayerLoss.ts);
 *   'general' anything else (batchedNetwork.ts), also the reference the others are tested against;
 *             its dense products run on the WebAssembly SIMD GEMM when the net is large enough
 *             (`products`; `products: 'scalar'` keeps the plain-TS reference products).
 * Minibatch trainers keep one evaluator: `reorder` sets the sample order once per epoch and
 * `lossAndGradientRange` evaluates the mean loss of a contiguous range of that order.
 */
import { plannedProducts, type DenseProducts } from './twoLayer/batchedNetwork';
import { networkWithSampleMajorInputs, type InputNetwork } from './sampleMajorInputs';
import { parameterCount } from '../core/layout';
import { checkDataset, checkTheta, checkVector, DerivativeShapeError } from '../core/shapes';
import { TwoLayerScalarLoss } from './twoLayer/twoLayerLoss';
import { twoLayerSingleOutput } from './twoLayer/twoLayerShape';
import { createWasmSmoothLoss, wasmSmoothLossSupported } from './twoLayer/twoLayerSmoothWasm';
import { createWasmReluLoss, wasmReluLossSupported, type RangeLossKernel } from './twoLayer/twoLayerWasm';
import type { Architecture, Dataset } from '../core/types';

export type LossKernel = 'general' | 'scalar' | 'wasm';

export interface LossEvaluator {
  readonly parameterCount: number;
  /** The kernel in use. */
  readonly kernel: LossKernel;
  /** The general kernel's dense products ('wasm': SIMD GEMM); null for the other kernels. */
  readonly products: 'scalar' | 'wasm' | null;
  loss(theta: Float64Array): number;
  /** Fills `grad` with ∇L(θ) and returns L(θ). */
  lossAndGradient(theta: Float64Array, grad: Float64Array): number;
  /**
   * The loss of positions [start, end) of the current sample order, (1/(end−start)) Σ ‖f(xₙ) − yₙ‖²,
   * with its gradient in `grad` (a minibatch; no buffers are rebuilt).
   */
  lossAndGradientRange(theta: Float64Array, grad: Float64Array, start: number, end: number): number;
  /** The loss of positions [start, end) of the current sample order. */
  lossRange(theta: Float64Array, start: number, end: number): number;
  /**
   * Sets the sample order: position i holds sample order[i] of the data (a permutation of
   * 0…count−1); null restores the data's own order. Full-data results depend on it only through rounding.
   */
  reorder(order: ArrayLike<number> | null): void;
}

export interface LossEvaluatorOptions {
  /** Force a kernel (tests, benchmarks); 'auto' (default) picks the fastest that applies. */
  readonly kernel?: LossKernel | 'auto';
  /** The general kernel's dense products (default 'auto': the SIMD GEMM when available and worth it). */
  readonly products?: DenseProducts;
}

type Kernel = RangeLossKernel & { readonly products?: () => 'scalar' | 'wasm' };

/** The general kernel; ranges run on a BatchedNetwork of the range's size (one cached per size). */
function generalKernel(architecture: Architecture, data: Dataset, products: DenseProducts): Kernel {
  const N = data.count;
  const din = data.inputDim;
  const dout = data.outputDim;
  const X = Float64Array.from(data.X);
  const Y = Float64Array.from(data.Y);
  const nets = new Map<number, InputNetwork>();
  let loaded: { net: InputNetwork; s: number; e: number } | null = null;
  const netFor = (s: number, e: number): InputNetwork['net'] => {
    const size = e - s;
    let net = nets.get(size);
    if (!net) {
      if (nets.size >= 4) nets.clear();
      net = networkWithSampleMajorInputs(architecture, size, { products });
      nets.set(size, net);
    }
    if (!loaded || loaded.net !== net || loaded.s !== s || loaded.e !== e) {
      net.setInputs(X.subarray(s * din, e * din));
      net.net.setTargets(Y.subarray(s * dout, e * dout));
      loaded = { net, s, e };
    }
    return net.net;
  };
  return {
    products: () => plannedProducts(architecture, N, products),
    reorder(order) {
      for (let n = 0; n < N; n++) {
        const src = order ? order[n] : n;
        for (let i = 0; i < din; i++) X[n * din + i] = data.X[src * din + i];
        for (let k = 0; k < dout; k++) Y[n * dout + k] = data.Y[src * dout + k];
      }
      loaded = null;
    },
    loss(theta, s = 0, e = N) {
      const net = netFor(s, e);
      net.forward(theta);
      return net.lossAfterForward();
    },
    lossAndGradient(theta, grad, s = 0, e = N) {
      return netFor(s, e).lossAndGradient(theta, grad);
    },
  };
}

function checkOrder(order: ArrayLike<number>, count: number): void {
  if (order.length !== count) throw new DerivativeShapeError(`order has ${order.length} entries, expected ${count}`);
  const seen = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const v = order[i];
    if (!Number.isInteger(v) || v < 0 || v >= count || seen[v])
      throw new DerivativeShapeError(`order[${i}] = ${v} is not a fresh index in 0…${count - 1} (order must be a permutation)`);
    seen[v] = 1;
  }
}

function checkRange(start: number, end: number, count: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > count || start >= end)
    throw new DerivativeShapeError(`range [${start}, ${end}) must satisfy 0 ≤ start < end ≤ ${count} with integer ends`);
}

export function createLossEvaluator(
  architecture: Architecture,
  data: Dataset,
  options: LossEvaluatorOptions = {},
): LossEvaluator {
  checkDataset(architecture, data);
  const P = parameterCount(architecture);
  const requested = options.kernel ?? 'auto';
  const shape = twoLayerSingleOutput(architecture);
  let kernel: LossKernel;
  let impl: Kernel;
  if ((requested === 'auto' || requested === 'wasm') && shape && wasmReluLossSupported(shape)) {
    kernel = 'wasm';
    impl = createWasmReluLoss(shape, data);
  } else if ((requested === 'auto' || requested === 'wasm') && shape && wasmSmoothLossSupported(shape)) {
    kernel = 'wasm';
    impl = createWasmSmoothLoss(shape, data);
  } else if (requested === 'wasm') {
    throw new DerivativeShapeError(
      'the wasm kernel needs a d → m → 1 relu, softplus, sigmoid or tanh network with d ≤ 2 and WebAssembly SIMD',
    );
  } else if ((requested === 'auto' || requested === 'scalar') && shape) {
    kernel = 'scalar';
    impl = new TwoLayerScalarLoss(shape, data);
  } else if (requested === 'scalar') {
    throw new DerivativeShapeError('the scalar kernel needs a two-layer network with one identity output');
  } else {
    kernel = 'general';
    impl = generalKernel(architecture, data, options.products ?? 'auto');
  }
  const N = data.count;
  let ordered = false;
  const products = impl.products ? impl.products() : null;
  return {
    parameterCount: P,
    kernel,
    products,
    loss(theta) {
      checkTheta(architecture, theta);
      return impl.loss(theta);
    },
    lossAndGradient(theta, grad) {
      checkTheta(architecture, theta);
      checkVector('grad', grad, P);
      return impl.lossAndGradient(theta, grad);
    },
    lossRange(theta, start, end) {
      checkTheta(architecture, theta);
      checkRange(start, end, N);
      return impl.loss(theta, start, end);
    },
    lossAndGradientRange(theta, grad, start, end) {
      checkTheta(architecture, theta);
      checkVector('grad', grad, P);
      checkRange(start, end, N);
      return impl.lossAndGradient(theta, grad, start, end);
    },
    reorder(order) {
      if (order) checkOrder(order, N);
      else if (!ordered) return;
      ordered = order !== null;
      impl.reorder(order);
    },
  };
}

/** One-shot calls skip the SIMD kernel: instantiating it costs more than one evaluation. */
function oneShot(architecture: Architecture, data: Dataset): LossEvaluator {
  return createLossEvaluator(architecture, data, { kernel: twoLayerSingleOutput(architecture) ? 'scalar' : 'general' });
}

/** L(θ) for one θ; repeated evaluations on the same data should use `createLossEvaluator`. */
export function loss(architecture: Architecture, theta: Float64Array, data: Dataset): number {
  return oneShot(architecture, data).loss(theta);
}

/** Fills `grad` with ∇L(θ) and returns L(θ) (one-shot; see `createLossEvaluator`). */
export function lossAndGradient(architecture: Architecture, theta: Float64Array, data: Dataset, grad: Float64Array): number {
  return oneShot(architecture, data).lossAndGradient(theta, grad);
}
