/**
 * The one split procedure behind both the studio's `split` task and the CLI's `split` command:
 * split a hidden neuron (paper §3.1) with an optional seeded nudge, and — given data — check that
 * the function is unchanged and how loss and ‖∇L‖ moved.
 */
import { predict } from '../derivatives/forward';
import { lossAndGradient } from '../derivatives/loss';
import { splitNeuron, type SplitResult } from './';
import { Rng } from '../core/random';
import type { Dataset, Network } from '../core/types';

export interface SplitRequest {
  /** Index into architecture.layers (0 = first hidden layer). */
  readonly layer: number;
  readonly neuron: number;
  readonly gamma: number;
  /** Size ε of the nudge separating the copies (0: exact split). */
  readonly perturb: number;
  /** Seed of the nudge's random direction (standard normal entries, normalized by splitNeuron). */
  readonly perturbSeed: number;
}

export interface SplitCheck {
  /** max over the samples and outputs of |f_split(x) − f(x)|. */
  readonly maxFunctionChange: number;
  readonly lossBefore: number;
  readonly lossAfter: number;
  readonly gradNormBefore: number;
  readonly gradNormAfter: number;
  /**
   * The exact split point (ε = 0): a critical point again when the parent was one (Thm 3.1), while
   * the nudged start (lossAfter / gradNormAfter) is not. Equal to the "after" values when ε = 0.
   */
  readonly lossExact: number;
  readonly gradNormExact: number;
}

function lossAndGradNorm(network: Network, data: Dataset): { loss: number; gradNorm: number } {
  const grad = new Float64Array(network.theta.length);
  const loss = lossAndGradient(network.architecture, network.theta, data, grad);
  let sum = 0;
  for (const g of grad) sum += g * g;
  return { loss, gradNorm: Math.sqrt(sum) };
}

/**
 * `split` is the network training starts from (nudged by ε when perturb ≠ 0); `exact` the split
 * point itself (ε = 0), the same object as `split` when perturb = 0.
 */
export function splitWithCheck(
  network: Network,
  request: SplitRequest,
  data: Dataset | null,
): { split: SplitResult; exact: SplitResult; check: SplitCheck | null } {
  const spec = network.architecture.layers[request.layer];
  let direction: Float64Array | undefined;
  if (request.perturb !== 0 && spec) {
    const rng = new Rng(request.perturbSeed);
    direction = Float64Array.from({ length: spec.inputs + (spec.bias ? 1 : 0) }, () => rng.normal());
  }
  const split = splitNeuron(network, {
    layer: request.layer,
    neuron: request.neuron,
    gamma: request.gamma,
    perturb: request.perturb,
    ...(direction ? { direction } : {}),
  });
  const exact = request.perturb === 0 ? split : splitNeuron(network, { layer: request.layer, neuron: request.neuron, gamma: request.gamma });
  if (!data) return { split, exact, check: null };
  const f0 = predict(network.architecture, network.theta, data.X, data.count);
  const f1 = predict(split.network.architecture, split.network.theta, data.X, data.count);
  let maxFunctionChange = 0;
  for (let i = 0; i < f0.length; i++) maxFunctionChange = Math.max(maxFunctionChange, Math.abs(f1[i] - f0[i]));
  const before = lossAndGradNorm(network, data);
  const after = lossAndGradNorm(split.network, data);
  const atExact = exact === split ? after : lossAndGradNorm(exact.network, data);
  return {
    split,
    exact,
    check: {
      maxFunctionChange,
      lossBefore: before.loss,
      lossAfter: after.loss,
      gradNormBefore: before.gradNorm,
      gradNormAfter: after.gradNorm,
      lossExact: atExact.loss,
      gradNormExact: atExact.gradNorm,
    },
  };
}
