/**
 * Derivative-core benchmarks: loss+gradient, the dense Hessian and Hessian + full eigendecomposition
 * (engineer B's eigh) of d=2 → m → 1 relu networks
 * on N = 1600 inputs uniform in [−√3, √3]² with a teacher-like target (a random width-4 relu
 * teacher). Each repetition cycles through 8 slightly perturbed θ so that branch predictors
 * cannot memorize one activation pattern.
 */
import type { BenchCase } from '../harness';
import { twoLayerArchitecture } from '../../native-workers/engine/core/layout';
import { createLossEvaluator, type LossKernel } from '../../native-workers/engine/derivatives/loss';
import { hessian } from '../../native-workers/engine/derivatives/hessian';
import { eigh } from '../../native-workers/engine/linalg/eigh';
import type { ActivationName, Architecture, Dataset } from '../../native-workers/engine/core/types';
import { lcg, randomTeacherData } from '../data';

/** Tiny deterministic LCG for bench data only (the engine's Rng lives elsewhere). */

const N = 1600;
const VARIANTS = 8;

interface Problem {
  arch: Architecture;
  data: Dataset;
  thetas: Float64Array[];
}

function problem(width: number, seed = 7, activation: ActivationName = 'relu'): Problem {
  const rand = lcg(seed);
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * rand();
  const s3 = Math.sqrt(3);
  const data = randomTeacherData(uniform, N);
  const arch = twoLayerArchitecture(2, width, 1, activation);
  const P = 4 * width + 1;
  const base = new Float64Array(P);
  const scale = Math.sqrt(2 / (2 + width));
  for (let i = 0; i < P; i++) base[i] = uniform(-1, 1) * scale * s3;
  const thetas = Array.from({ length: VARIANTS }, () => base.map((v) => v + 1e-3 * uniform(-1, 1)));
  return { arch, data, thetas };
}

function lossGradCase(
  name: string,
  width: number,
  kernel: LossKernel | 'auto',
  targetMs?: number,
  referenceMs?: number,
  activation: ActivationName = 'relu',
): BenchCase {
  return {
    name,
    ...(targetMs !== undefined ? { targetMs } : {}),
    ...(referenceMs !== undefined ? { referenceMs } : {}),
    repetitions: 2000,
    warmup: 200,
    setup() {
      const p = problem(width, 7, activation);
      const ev = createLossEvaluator(p.arch, p.data, { kernel });
      return { p, ev, grad: new Float64Array(ev.parameterCount), i: 0 };
    },
    run(state) {
      const s = state as { p: Problem; ev: ReturnType<typeof createLossEvaluator>; grad: Float64Array; i: number };
      s.i = (s.i + 1) % VARIANTS;
      return s.ev.lossAndGradient(s.p.thetas[s.i], s.grad);
    },
  };
}

/** Dense Hessian alone, or with the full eigendecomposition (values and vectors) when `withEigh`. */
function hessianCase(
  name: string,
  width: number,
  withEigh = false,
  targetMs?: number,
  activation: ActivationName = 'relu',
): BenchCase {
  return {
    name,
    ...(targetMs !== undefined ? { targetMs } : {}),
    repetitions: 300,
    warmup: 10,
    setup() {
      return { p: problem(width, 7, activation), i: 0 };
    },
    run(state) {
      const s = state as { p: Problem; i: number };
      s.i = (s.i + 1) % VARIANTS;
      const H = hessian(s.p.arch, s.p.thetas[s.i], s.p.data);
      return withEigh ? eigh(H, 4 * width + 1) : H;
    },
  };
}

const cases: BenchCase[] = [
  lossGradCase('lossGrad.relu.w4', 4, 'auto', 0.03, 0.165),
  lossGradCase('lossGrad.relu.w50', 50, 'auto', 0.2, 0.4),
  lossGradCase('lossGrad.relu.w4.scalar', 4, 'scalar'),
  lossGradCase('lossGrad.relu.w50.scalar', 50, 'scalar'),
  lossGradCase('lossGrad.relu.w4.general', 4, 'general'),
  hessianCase('hessian.relu.w4', 4),
  hessianCase('hessian.relu.w20', 20),
  hessianCase('hessian.relu.w50', 50),
  hessianCase('hessianEigh.relu.w4', 4, true, 0.6),
  hessianCase('hessianEigh.relu.w20', 20, true, 5),
  hessianCase('hessianEigh.relu.w50', 50, true, 20),
  // fig6 experiments train softplus students thousands of times (engineer F's smooth-activation path)
  lossGradCase('lossGrad.softplus.w4', 4, 'auto', undefined, undefined, 'softplus'),
  lossGradCase('lossGrad.softplus.w50', 50, 'auto', undefined, undefined, 'softplus'),
  hessianCase('hessian.softplus.w50', 50, false, undefined, 'softplus'),
];

export default cases;
