/**
 * Training benchmarks (issue 3) on the fig3c teacher (N = 1600, data seed 0), ReLU students of
 * widths 5–7 with glorot_normal seeds: median seconds per *successful* run (loss < 1e-25) of
 * (a) gradient flow + Newton polish (targets ≤ 0.5 s) and (b) the fast minimizer (L-BFGS then
 * trust-region Newton, ≤ 20 ms), and (c) the time to certify a local minimum with analyzePoint
 * (fig6 width-3 minimum, ≤ 0.1 s). Setup scans seeds 0, 1, … until it has enough successes
 * (deterministic), each repetition then trains the next successful seed.
 * Reference on this machine: PyTorch 1.13 float64 L-BFGS + Newton, 0.07–0.2 s per successful run.
 */
import type { BenchCase } from '../harness';
import { analyzePoint } from '../../native-workers/engine/analysis';
import { initialize } from '../../native-workers/engine/core/init';
import { twoLayerArchitecture } from '../../native-workers/engine/core/layout';
import { Rng } from '../../native-workers/engine/core/random';
import { teacherDataset } from '../../native-workers/engine/teachers/teachers';
import { minimize, networkObjective, trainNetwork } from '../../native-workers/engine/train';
import type { Architecture, Dataset, Network } from '../../native-workers/engine/core/types';

type Method = 'flow' | 'minimize';

interface TrainState {
  readonly arch: Architecture;
  readonly data: Dataset;
  readonly seeds: number[];
  next: number;
}

function runOnce(method: Method, arch: Architecture, data: Dataset, seed: number): number {
  const theta = initialize(arch, 'glorot_normal', new Rng(seed));
  if (method === 'flow') return trainNetwork({ architecture: arch, theta }, data, { method: 'flow' }).loss;
  return minimize(networkObjective(arch, data), theta).loss;
}

function trainCase(method: Method, width: number, targetMs: number, wanted: number, scan: number): BenchCase {
  return {
    name: `train.${method === 'flow' ? 'flowPolish' : 'minimize'}.fig3c.w${width}`,
    targetMs,
    referenceMs: 135,
    setup(): TrainState {
      const data = teacherDataset('fig3c');
      const arch = twoLayerArchitecture(2, width, 1, 'relu');
      const seeds: number[] = [];
      for (let seed = 0; seed < scan && seeds.length < wanted; seed++) if (runOnce(method, arch, data, seed) < 1e-25) seeds.push(seed);
      if (seeds.length === 0) throw new Error(`no successful ${method} seed for width ${width} among 0..${scan - 1}`);
      return { arch, data, seeds, next: 0 };
    },
    run(state) {
      const s = state as TrainState;
      const seed = s.seeds[s.next++ % s.seeds.length];
      const loss = runOnce(method, s.arch, s.data, seed);
      return { benchExtra: { successfulSeeds: s.seeds, lastLoss: loss } };
    },
    warmup: 1,
    repetitions: method === 'flow' ? 14 : 60,
    maxSeconds: method === 'flow' ? 60 : 10,
  };
}

const certify: BenchCase = {
  name: 'train.certifyLocalMin.fig6.w3',
  targetMs: 100,
  setup(): { network: Network; data: Dataset } {
    const data = teacherDataset('fig6');
    const arch = twoLayerArchitecture(2, 3, 1, 'softplus');
    const outcome = trainNetwork({ architecture: arch, theta: initialize(arch, 'glorot_normal', new Rng(4)) }, data, { method: 'flow' });
    return { network: outcome.network, data };
  },
  run(state) {
    const { network, data } = state as { network: Network; data: Dataset };
    const a = analyzePoint(network, data);
    return { benchExtra: { classification: a.classification, loss: a.loss } };
  },
};

const cases: BenchCase[] = [
  ...[5, 6, 7].map((w) => trainCase('flow', w, 500, 7, 30)),
  ...[5, 6, 7].map((w) => trainCase('minimize', w, 20, 15, 60)),
  certify,
];
export default cases;
