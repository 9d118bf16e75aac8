/**
 * Fig. 6 / Thm. 3.1–3.2 on the `fig6` softplus teacher (N = 1600, data seed 0):
 * 1. width-3 students (glorot_normal seeds 0…n−1) trained by gradient flow + polish; the ones
 *    certified `local-min` with ‖∇L‖ < 1e-10 are listed with their losses;
 * 2. the first local minimum is split (every neuron, γ = ½): max|Δf| over the data and ‖∇L‖;
 * 3. γ swept over (−1, 2): λ_min of the split point's Hessian per neuron;
 * 4. the split point nudged by ε along its escape direction (most negative eigenvector) is trained
 *    (width 4, flow + polish); its final loss is compared with the width-3 minimum.
 *
 *   npx tsx scripts/fig6-escape.ts [--seeds 20] [--out docs/results/fig6-escape.json]
 */
import { writeFileSync } from 'node:fs';
import { analyzePoint } from '../native-workers/engine';
import { predict } from '../native-workers/engine';
import { initialize } from '../native-workers/engine';
import { twoLayerArchitecture } from '../native-workers/engine';
import { lossAndGradient } from '../native-workers/engine';
import { splitNeuron } from '../native-workers/engine';
import { Rng } from '../native-workers/engine';
import { teacherDataset } from '../native-workers/engine';
import { trainNetwork } from '../native-workers/engine';
import type { Network } from '../native-workers/engine';
import { scriptFlags } from './stats';

const flags = scriptFlags(process.argv.slice(2));
const seeds = Number(flags.get('seeds') ?? 20);
const out = flags.get('out') ?? 'docs/results/fig6-escape.json';
const data = teacherDataset('fig6');
const arch3 = twoLayerArchitecture(2, 3, 1, 'softplus');

const students: { seed: number; loss: number; classification: string; gradNorm: number; minEigenvalue: number; seconds: number }[] = [];
const minima: { seed: number; network: Network; loss: number }[] = [];
for (let seed = 0; seed < seeds; seed++) {
  const t0 = performance.now();
  const o = trainNetwork({ architecture: arch3, theta: initialize(arch3, 'glorot_normal', new Rng(seed)) }, data, { method: 'flow' });
  const a = analyzePoint(o.network, data);
  const seconds = (performance.now() - t0) / 1000;
  students.push({ seed, loss: a.loss, classification: a.classification, gradNorm: a.gradNorm, minEigenvalue: a.minEigenvalue, seconds });
  if (a.classification === 'local-min' && a.gradNorm < 1e-10) minima.push({ seed, network: o.network, loss: a.loss });
  process.stderr.write(`width 3 seed ${seed}: ${a.classification} loss ${a.loss.toExponential(4)} ‖∇L‖ ${a.gradNorm.toExponential(2)}\n`);
}
if (minima.length === 0) throw new Error('no width-3 local minimum found; raise --seeds');
const best = minima[0];

function gradNorm(n: Network): number {
  const g = new Float64Array(n.theta.length);
  lossAndGradient(n.architecture, n.theta, data, g);
  return Math.hypot(...g);
}
const f3 = predict(best.network.architecture, best.network.theta, data.X, data.count);
const splits = [0, 1, 2].map((neuron) => {
  const s = splitNeuron(best.network, { layer: 0, neuron, gamma: 0.5 });
  const f4 = predict(s.network.architecture, s.network.theta, data.X, data.count);
  let dmax = 0;
  for (let i = 0; i < f3.length; i++) dmax = Math.max(dmax, Math.abs(f4[i] - f3[i]));
  const a = analyzePoint(s.network, data);
  return { neuron, maxFunctionChange: dmax, gradNorm: gradNorm(s.network), minEigenvalue: a.minEigenvalue, index: a.index, classification: a.classification };
});

const gammas = Array.from({ length: 61 }, (_, i) => -1 + (3 * (i + 0.5)) / 61);
const sweep = [0, 1, 2].map((neuron) => ({
  neuron,
  points: gammas.map((gamma) => {
    const a = analyzePoint(splitNeuron(best.network, { layer: 0, neuron, gamma }).network, data);
    return { gamma, minEigenvalue: a.minEigenvalue, index: a.index, classification: a.classification };
  }),
}));

// Escape: the split (neuron, γ) with the most negative λ_min, nudged along its escape direction.
let pick = { neuron: 0, gamma: 0.5, minEigenvalue: Infinity };
for (const s of sweep) for (const p of s.points) if (p.minEigenvalue < pick.minEigenvalue) pick = { neuron: s.neuron, gamma: p.gamma, minEigenvalue: p.minEigenvalue };
const eps = 1e-3;
const escapes = [1, -1].map((sign) => {
  const split = splitNeuron(best.network, { layer: 0, neuron: pick.neuron, gamma: pick.gamma }).network;
  const a = analyzePoint(split, data);
  const e = a.escapeDirections[0];
  const theta = Float64Array.from(split.theta, (v, i) => v + sign * eps * e.vector[i]);
  const o = trainNetwork({ architecture: split.architecture, theta }, data, { method: 'flow' });
  const end = analyzePoint(o.network, data);
  return { sign, epsilon: eps, escapeEigenvalue: e.eigenvalue, finalLoss: end.loss, classification: end.classification, ratio: best.loss / end.loss };
});

const result = {
  experiment: 'Fig. 6 / Thm 3.1-3.2 (fig6 softplus teacher, N=1600, data seed 0, width 3 -> split to width 4)',
  lossConvention: 'L = (1/N) sum_n ||f(x_n) - y_n||^2',
  students,
  localMinimumSeeds: minima.map((m) => ({ seed: m.seed, loss: m.loss })),
  chosen: { seed: best.seed, loss: best.loss },
  splits,
  sweep: sweep.map((s) => ({
    neuron: s.neuron,
    negativeGammas: s.points.filter((p) => p.index > 0).map((p) => Number(p.gamma.toFixed(4))),
    points: s.points,
  })),
  escape: { neuron: pick.neuron, gamma: pick.gamma, runs: escapes },
};
writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
process.stdout.write(
  JSON.stringify({ localMinimumSeeds: result.localMinimumSeeds, chosen: result.chosen, splits, escape: result.escape, negativeGammas: result.sweep.map((s) => ({ neuron: s.neuron, range: [s.negativeGammas[0], s.negativeGammas[s.negativeGammas.length - 1]], count: s.negativeGammas.length })) }, null, 1) + '\n',
);
