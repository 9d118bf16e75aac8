/**
 * Exact dense Hessian of L(θ) = (1/N) Σₙ ‖f(xₙ) − yₙ‖² (P×P, row-major, symmetric).
 *   two layers, one identity output, relu  → pair-moment kernel (hessianTwoLayerRelu.ts)
 *   any other two-layer network            → analytic kernel (hessianTwoLayer.ts)
 *   any other depth                        → P exact Hessian-vector products, then symmetrized
 */
import { twoLayerHessian } from './twoLayer/hessianTwoLayer';
import { twoLayerReluHessian } from './twoLayer/hessianTwoLayerRelu';
import { HvpEngine } from './hvp';
import { checkDataset, checkTheta, DerivativeShapeError } from '../core/shapes';
import { twoLayerSingleOutput } from './twoLayer/twoLayerShape';
import type { Architecture, Dataset } from '../core/types';

export type HessianKernel = 'relu-moments' | 'two-layer' | 'hvp';

export interface HessianOptions {
  /** Force a kernel (tests, benchmarks); by default the fastest that applies. */
  readonly kernel?: HessianKernel | 'auto';
  /** HVP assembly (deep nets): called with the fraction of columns done, so long jobs report progress. */
  readonly onProgress?: (fraction: number) => void;
  /** HVP assembly: polled between columns; when it returns true the assembly stops with an Error. */
  readonly shouldStop?: () => boolean;
  /**
   * relu-moments kernel (d = 2, WebAssembly): keep the sample block the previous call wrote for this
   * same dataset object instead of rewriting it (bit-identical; the arrays must not be changed in
   * place between calls). Default false. The flow's `TrainOptions.fast` turns it on.
   */
  readonly reuseSamples?: boolean;
}

/** Assembles H column by column from exact HVPs, then returns (H + Hᵀ)/2. */
export function hessianFromHvp(
  architecture: Architecture,
  theta: Float64Array,
  data: Dataset,
  control: Pick<HessianOptions, 'onProgress' | 'shouldStop'> = {},
): Float64Array {
  const engine = new HvpEngine(architecture, data);
  engine.prepare(theta);
  const P = engine.parameterCount;
  const H = new Float64Array(P * P);
  const e = new Float64Array(P);
  const col = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    if (control.shouldStop?.()) throw new Error('Hessian assembly cancelled');
    if (control.onProgress && p % 16 === 0) control.onProgress(p / P);
    e[p] = 1;
    engine.apply(e, col);
    e[p] = 0;
    for (let i = 0; i < P; i++) H[i * P + p] = col[i];
  }
  for (let i = 0; i < P; i++) {
    for (let j = i + 1; j < P; j++) {
      const s = 0.5 * (H[i * P + j] + H[j * P + i]);
      H[i * P + j] = s;
      H[j * P + i] = s;
    }
  }
  return H;
}

export function hessian(
  architecture: Architecture,
  theta: Float64Array,
  data: Dataset,
  options: HessianOptions = {},
): Float64Array {
  checkTheta(architecture, theta);
  checkDataset(architecture, data);
  const kernel = options.kernel ?? 'auto';
  const shape = twoLayerSingleOutput(architecture);
  const reluShape = shape && shape.activation === 'relu' ? shape : null;
  if (kernel === 'relu-moments' || (kernel === 'auto' && reluShape)) {
    if (!reluShape) throw new DerivativeShapeError('the relu-moments kernel needs a d → m → 1 relu network with identity output');
    return twoLayerReluHessian(architecture, reluShape, theta, data, options.reuseSamples ? { reuseSamples: true } : {});
  }
  if (kernel === 'two-layer' || (kernel === 'auto' && architecture.layers.length === 2)) {
    if (architecture.layers.length !== 2)
      throw new DerivativeShapeError(`the two-layer kernel needs 2 layers, the network has ${architecture.layers.length}`);
    return twoLayerHessian(architecture, theta, data);
  }
  return hessianFromHvp(architecture, theta, data, options);
}
