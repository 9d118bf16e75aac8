/**
 * Fig. E7 (App. E.2): split a neuron at initialization and compensate the copies' time scales so
 * the width-4 gradient flow reproduces the width-3 flow. `fig6` teacher (N = 1600, data seed 0),
 * width-3 softplus student (glorot_normal seed `--seed`), neuron `--neuron` split with γ = ½ and a
 * perturbation ε along the split difference (so the copies can separate at the saddle).
 * Both flows are integrated piecewise between log-spaced checkpoints (tolerances 1e-10) and the
 * network functions compared on the data at every checkpoint, up to the time T* at which the
 * width-3 run reaches its minimum (loss within 1e-8 relative of its final value). Compared:
 *   full compensation (incoming 1/γ, outgoing γ: splitTimeScale), the paper's incoming-only 1/γ,
 *   and no compensation. Then the width-4 run continues (flow + polish) to show its escape.
 *
 *   npx tsx scripts/figE7-split-at-init.ts [--seed 4] [--neuron 1] [--perturb 1e-8] [--out docs/results/figE7-split-at-init.json]
 */
import { writeFileSync } from 'node:fs';
import { analyzePoint } from '../native-workers/engine';
import { predict } from '../native-workers/engine';
import { initialize } from '../native-workers/engine';
import { twoLayerArchitecture } from '../native-workers/engine';
import { splitNeuron, splitTimeScale } from '../native-workers/engine';
import { Rng } from '../native-workers/engine';
import { teacherDataset } from '../native-workers/engine';
import { gradientFlow, networkObjective, trainNetwork } from '../native-workers/engine';
import type { Architecture } from '../native-workers/engine';
import { scriptFlags } from './stats';

const flags = scriptFlags(process.argv.slice(2));
const seed = Number(flags.get('seed') ?? 4);
const neuron = Number(flags.get('neuron') ?? 1);
const eps = Number(flags.get('perturb') ?? 1e-8);
const out = flags.get('out') ?? 'docs/results/figE7-split-at-init.json';
const data = teacherDataset('fig6');
const arch3 = twoLayerArchitecture(2, 3, 1, 'softplus');
const theta3 = initialize(arch3, 'glorot_normal', new Rng(seed));
const tol = { relTol: 1e-10, absTol: 1e-10 };

// Width-3 reference run: when does it reach its minimum?
const ref = gradientFlow(networkObjective(arch3, data), theta3, { ...tol, snapshots: 400 });
const lossMin = ref.loss;
const tr = ref.trajectory;
const reach = (rel: number): number => {
  for (let k = 0; k < tr.times.length; k++) if (tr.losses[k] - lossMin <= rel * lossMin) return tr.times[k];
  return tr.times[tr.times.length - 1];
};
const tStar = reach(1e-8);
const tApproach = reach(1e-3);
const checkpoints = Array.from({ length: 41 }, (_, k) => 1e-2 * Math.pow(tStar / 1e-2, k / 40));

const direction = Float64Array.from({ length: 3 }, (_, i) => [0.6, -0.3, 0.74][i]);
const split = splitNeuron({ architecture: arch3, theta: theta3 }, { layer: 0, neuron, gamma: 0.5 });
const perturbed = splitNeuron({ architecture: arch3, theta: theta3 }, { layer: 0, neuron, gamma: 0.5, perturb: eps, direction });
const full = splitTimeScale(split, 0);
const incomingOnly = splitTimeScale(split, 0, { outgoing: false });

function piecewise(arch: Architecture, theta0: Float64Array, timeScale?: Float64Array): Float64Array[] {
  const objective = networkObjective(arch, data);
  const states: Float64Array[] = [];
  let theta = theta0;
  let t = 0;
  for (const T of checkpoints) {
    const r = gradientFlow(objective, theta, { ...tol, maxTime: T - t, lossTarget: 0, stallRelDecrease: 0, ...(timeScale ? { timeScale } : {}) });
    theta = r.finalTheta;
    t = T;
    states.push(theta);
  }
  return states;
}

const small = piecewise(arch3, theta3);
const f = (arch: Architecture, th: Float64Array): Float64Array => predict(arch, th, data.X, data.count);
const compare = (label: string, scale?: Float64Array, start = split) => {
  const big = piecewise(start.network.architecture, start.network.theta, scale);
  const diffs = checkpoints.map((T, k) => {
    const a = f(arch3, small[k]);
    const b = f(split.network.architecture, big[k]);
    let d = 0;
    for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
    return { time: T, maxFunctionDifference: d };
  });
  const upTo = (T: number): number => Math.max(...diffs.filter((d) => d.time <= T * (1 + 1e-12)).map((d) => d.maxFunctionDifference));
  const separated = diffs.find((d) => d.maxFunctionDifference > 1e-6);
  return {
    label,
    maxUntilApproach: upTo(tApproach),
    maxUntilTStar: upTo(tStar),
    firstTimeAbove1e6: separated ? separated.time : null,
    checkpoints: diffs,
    end: big[big.length - 1],
  };
};
const results = [
  compare('full compensation (incoming 1/γ, outgoing γ), ε = 0', full),
  compare("paper's incoming-only 1/γ, ε = 0", incomingOnly),
  compare('no compensation, ε = 0'),
  compare(`full compensation, perturbed ε = ${eps}`, full, perturbed),
];

// Continue the compensated width-4 run past T*: does it escape the inherited saddle?
const cont = trainNetwork({ architecture: split.network.architecture, theta: results[3].end }, data, { method: 'flow', timeScale: full });
const contAnalysis = analyzePoint(cont.network, data);

const report = {
  experiment: 'Fig. E7: split at initialization with time-scale compensation (fig6 teacher, N=1600, data seed 0)',
  lossConvention: 'L = (1/N) sum_n ||f(x_n) - y_n||^2',
  seed,
  neuron,
  gamma: 0.5,
  perturb: eps,
  width3: { minimumLoss: lossMin, tStar, tApproach, classification: analyzePoint({ architecture: arch3, theta: ref.theta }, data).classification },
  comparisons: results.map(({ end: _end, ...rest }) => rest),
  width4AfterTStar: { finalLoss: contAnalysis.loss, classification: contAnalysis.classification, ratioToWidth3Minimum: lossMin / contAnalysis.loss },
};
writeFileSync(out, JSON.stringify(report, null, 1) + '\n');
process.stdout.write(
  JSON.stringify({ width3: report.width3, comparisons: report.comparisons.map(({ checkpoints: _c, ...rest }) => rest), width4AfterTStar: report.width4AfterTStar }, null, 1) + '\n',
);
