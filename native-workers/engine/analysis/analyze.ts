/**
 * Certify what kind of point θ is: loss, ‖∇L‖, full Hessian spectrum, index, flat directions,
 * escape directions (eigenvectors of negative eigenvalues, paper eq. 9), dead ReLU units and
 * ReLU kinks (Clarke stationarity, notes/relu-gradient-flow.md).
 *
 * Classification, in order:
 * 1. `global-min`     loss < lossTarget (default 1e-25, plain MSE).
 * 2. ReLU kinks whose gradient jump exceeds the critical threshold (two-layer nets):
 *    `not-critical` unless Clarke stationary; then `strict-saddle` if the Hessian restricted to
 *    the kink manifold has a negative eigenvalue; else `kink-stationary` if some active kink is
 *    concave (κ < 0: a first-order descent direction exists, clarke.ts), else `kink-min` (every
 *    active kink convex, Clarke stationary, reduced Hessian PSD: a certified kink minimum).
 * 3. `not-critical`   ‖∇L‖ > gradThreshold = gradRelTolerance·max(1, max|λ|) (default 1e-8), or
 *    the Newton decrement ½Σ(vₖ·∇L)²/max(|λₖ|, zeroThreshold) exceeds 1e-10·loss.
 * 4. `strict-saddle`  some λ < −zeroThreshold, zeroThreshold = zeroRelTolerance·max|λ| (1e-9):
 *    eigenvalue errors of a float64 eigensolver are ~1e-16·max|λ|·P, so 1e-9 leaves a wide margin
 *    while genuine curvature of the paper's problems is orders of magnitude larger.
 * 5. `flat`           more |λ| ≤ zeroThreshold than the exact symmetries explain (symmetry.ts):
 *    the second-order test cannot decide (degenerate critical point).
 * 6. `local-min`      otherwise (all other eigenvalues positive).
 */
import { parameterCount } from '../core/layout';
import { lossAndGradient } from '../derivatives/loss';
import { SUCCESS_LOSS } from '../core/success';
import type { Dataset, Network } from '../core/types';
import { clarkeAnalysis, clarkeSupported, type ClarkeResult } from './clarke';
import { pointSpectrum } from './spectrum';
import { symmetryFlatCount } from './symmetry';
import { AnalysisError, type AnalyzeOptions, type Classification, type EscapeDirection, type PointAnalysis } from './types';
import { hiddenStates, unitReport } from './units';

export const DEFAULT_LOSS_TARGET = SUCCESS_LOSS;

export function analyzePoint(network: Network, data: Dataset, options: AnalyzeOptions = {}): PointAnalysis {
  checkShapes(network, data);
  const arch = network.architecture;
  const theta = network.theta;
  const P = theta.length;
  const lossTarget = options.lossTarget ?? DEFAULT_LOSS_TARGET;
  const maxEscape = options.maxEscapeDirections ?? 8;

  const gradient = new Float64Array(P);
  const loss = lossAndGradient(arch, theta, data, gradient);
  const gradNorm = norm(gradient);
  // Dense spectrum up to options.spectrum.denseLimit parameters, extremal (Lanczos on HVPs) above.
  // options.spectrum.onProgress sees the whole analysis: the spectrum 0…0.8, a Clarke analysis 0.8…1.
  const report = options.spectrum?.onProgress;
  const spectrum = pointSpectrum(network, data, {
    ...options.spectrum,
    ...(report ? { onProgress: (f: number) => report(0.8 * f) } : {}),
    ...(options.hessian ? { hessian: options.hessian } : {}),
  });
  const partial = spectrum.kind === 'partial';
  const H = spectrum.hessian;
  const values = spectrum.values;
  const known = values.length;
  const maxAbs = known > 0 ? Math.max(Math.abs(values[0]), Math.abs(values[known - 1])) : 0;
  const zeroThreshold = (options.zeroRelTolerance ?? 1e-9) * maxAbs;
  const gradThreshold = options.gradTolerance ?? (options.gradRelTolerance ?? 1e-8) * Math.max(1, maxAbs);

  let newtonDecrement = 0;
  const vectors = spectrum.vectors;
  const rest = partial ? Float64Array.from(gradient) : null; // ∇L minus its part on the known eigenvectors
  for (let k = 0; k < known; k++) {
    let c = 0;
    for (let i = 0; i < P; i++) c += vectors[k * P + i] * gradient[i];
    newtonDecrement += (0.5 * c * c) / Math.max(Math.abs(values[k]), zeroThreshold, 1e-300);
    if (rest) for (let i = 0; i < P; i++) rest[i] -= c * vectors[k * P + i];
  }
  if (rest) {
    // Unknown eigenvalues lie above the k-th lowest one: ½‖g_rest‖²/λ_k bounds their part (pessimistic when λ_k ≈ 0).
    const floor = Math.max(values[spectrum.smallestCount - 1], zeroThreshold, 1e-300);
    newtonDecrement += (0.5 * norm(rest) ** 2) / floor;
  }
  const decrementLimit = (options.decrementRelTolerance ?? 1e-10) * loss;

  const states = hiddenStates(network, data);
  const units = unitReport(network, data, states, options.kinkRelTolerance ?? 1e-9);
  const symmetryFlat = symmetryFlatCount(network, units.deadUnits, units.duplicateUnits, units.linearUnits);

  let index = 0;
  let flatCount = 0;
  for (const v of values) {
    if (v < -zeroThreshold) index++;
    else if (v <= zeroThreshold) flatCount++;
  }
  // Partial spectrum: when every known low eigenvalue is negative (or ≈ 0), more may hide beyond them.
  const lowKnown = spectrum.smallestCount;
  const indexExact = !partial || index < lowKnown;
  const flatExact = !partial || index + flatCount < lowKnown;
  let escapeDirections = escapes(values, vectors, P, index, maxEscape);

  let clarke: ClarkeResult | undefined;
  let classification: Classification;
  let reason: string;
  const fmt = (x: number): string => x.toExponential(3);

  if (H && units.kinks.length > 0 && clarkeSupported(network, units.kinks) && loss >= lossTarget) {
    const c = clarkeAnalysis({
      network, data, state: states[0], kinks: units.kinks, gradient, hessian: H, gradThreshold,
      ...(report ? { onProgress: (f: number) => report(0.8 + 0.2 * f) } : {}),
    });
    if (c.maxJump > gradThreshold) clarke = c;
  }

  const kinkNote = !H && units.kinks.length > 0 ? `; ${units.kinkSamples} sample(s) on ReLU kinks not checked (the Clarke test needs the dense Hessian)` : '';
  if (loss < lossTarget) {
    classification = 'global-min';
    reason = `loss ${fmt(loss)} < target ${fmt(lossTarget)}`;
  } else if (clarke) {
    const reduced = clarke.reducedEigenvalues;
    index = 0;
    flatCount = 0;
    for (const v of reduced) {
      if (v < -zeroThreshold) index++;
      else if (v <= zeroThreshold) flatCount++;
    }
    escapeDirections = escapes(reduced, clarke.reducedVectors, P, index, maxEscape);
    const where = `${units.kinkSamples} sample(s) on ReLU kinks`;
    if (!clarke.stationary) {
      classification = 'not-critical';
      reason = `${where}; min ‖Clarke gradient‖ ${fmt(clarke.residual)} > ${fmt(gradThreshold)}`;
    } else if (index > 0) {
      classification = 'strict-saddle';
      reason = `${where}; Clarke stationary, reduced Hessian has ${index} negative eigenvalue(s), min ${fmt(reduced[0])}`;
    } else if (clarke.concaveKinks > 0) {
      classification = 'kink-stationary';
      let worst = 0;
      for (const j of clarke.jumps) worst = Math.min(worst, j);
      reason = `${where}; Clarke stationary (residual ${fmt(clarke.residual)}) but ${clarke.concaveKinks} kink(s) concave (jump ${fmt(worst)}): a descent direction exists, not a minimum`;
    } else {
      classification = 'kink-min';
      reason = `${where}; every kink convex, Clarke stationary (residual ${fmt(clarke.residual)}), reduced Hessian PSD: a kink minimum`;
    }
  } else if (gradNorm > gradThreshold) {
    classification = 'not-critical';
    reason = `‖∇L‖ ${fmt(gradNorm)} > ${fmt(gradThreshold)}`;
  } else if (newtonDecrement > decrementLimit) {
    classification = 'not-critical';
    reason = `‖∇L‖ ${fmt(gradNorm)} is small but a Newton step predicts a decrease of ${fmt(newtonDecrement)} (> ${fmt(decrementLimit)}) along nearly flat directions`;
  } else if (index > 0) {
    classification = 'strict-saddle';
    reason = `${indexExact ? '' : 'at least '}${index} negative eigenvalue(s), min ${fmt(values[0])}`;
  } else if (flatCount > symmetryFlat) {
    classification = 'flat';
    reason = `${flatExact ? '' : 'at least '}${flatCount} zero eigenvalue(s) (|λ| ≤ ${fmt(zeroThreshold)}), symmetries explain ${symmetryFlat}`;
  } else if (!flatExact) {
    // All known low eigenvalues are ≈ 0 and the symmetries could explain them: beyond them may be more.
    classification = 'flat';
    reason = `the ${lowKnown} lowest eigenvalues are all ≈ 0 (|λ| ≤ ${fmt(zeroThreshold)}); an extremal spectrum cannot tell whether more than the ${symmetryFlat} symmetry zero mode(s) exist — analyze with more eigenpairs`;
  } else {
    classification = 'local-min';
    reason = `‖∇L‖ ${fmt(gradNorm)}, Hessian PSD with ${flatCount} symmetry zero mode(s), loss ${fmt(loss)}`;
  }

  if (kinkNote && classification !== 'global-min') reason += kinkNote;

  const result: PointAnalysis = {
    classification,
    reason,
    loss,
    gradNorm,
    parameterCount: P,
    eigenvalues: values,
    spectrum: { kind: spectrum.kind, smallestCount: lowKnown, converged: spectrum.converged, matvecs: spectrum.matvecs, indexExact },
    index,
    flatCount,
    symmetryFlatCount: symmetryFlat,
    zeroThreshold,
    gradThreshold,
    newtonDecrement,
    minEigenvalue: known > 0 ? values[0] : 0,
    maxEigenvalue: known > 0 ? values[known - 1] : 0,
    escapeDirections,
    deadUnits: units.deadUnits,
    linearUnits: units.linearUnits,
    kinks: units.kinks,
    kinkSamples: units.kinkSamples,
    duplicateUnits: units.duplicateUnits,
  };
  if (!clarke) return result;
  return {
    ...result,
    clarke: {
      constraints: clarke.constraints,
      residual: clarke.residual,
      multipliers: clarke.multipliers,
      reducedEigenvalues: clarke.reducedEigenvalues,
      stationary: clarke.stationary,
      jumps: clarke.jumps,
      concaveKinks: clarke.concaveKinks,
    },
  };
}

function escapes(values: Float64Array, vectors: Float64Array, P: number, index: number, max: number): EscapeDirection[] {
  const out: EscapeDirection[] = [];
  for (let e = 0; e < Math.min(index, max); e++) {
    out.push({ eigenvalue: values[e], vector: vectors.slice(e * P, (e + 1) * P) });
  }
  return out;
}

function checkShapes(network: Network, data: Dataset): void {
  const { layers } = network.architecture;
  const P = parameterCount(network.architecture);
  if (network.theta.length !== P)
    throw new AnalysisError(`network.theta has ${network.theta.length} entries, expected ${P} for its architecture`);
  if (data.inputDim !== layers[0].inputs)
    throw new AnalysisError(`data.inputDim is ${data.inputDim}, the network expects ${layers[0].inputs}`);
  if (data.outputDim !== layers[layers.length - 1].outputs)
    throw new AnalysisError(`data.outputDim is ${data.outputDim}, the network outputs ${layers[layers.length - 1].outputs}`);
  if (data.count < 1) throw new AnalysisError('data.count must be at least 1');
  for (let p = 0; p < P; p++)
    if (!Number.isFinite(network.theta[p])) throw new AnalysisError(`network.theta[${p}] is ${network.theta[p]}, expected a finite number`);
}

function norm(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}
