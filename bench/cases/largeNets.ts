/**
 * Networks far larger than the teachers (issue 14), side by side with PyTorch 1.13 float64:
 * an MNIST-scale 784→30→10 tanh net (P = 23,860) on N = 10,000 samples, and a 3-layer tanh net
 * 20→80→100→2 (P = 9,982) on N = 2,000. Cases: loss + gradient, one exact HVP, and the 10 lowest
 * Hessian eigenpairs by Lanczos on HVPs (the analysis' extremal path; never forms the P×P
 * Hessian) with the peak RSS of this process. The PyTorch numbers come from
 * bench/torch/largeNets.py, run once in the same bench run (same machine, same moment) when
 * /usr/bin/python3 has torch; 1 thread for both sides.
 * Goals: loss+grad and HVP ≥ 1× PyTorch; 10 lowest eigenpairs at P = 24k ≤ 10 s; memory ≤ 500 MB.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from '../harness';
import { HvpEngine } from '../../native-workers/engine/derivatives/hvp';
import { createLossEvaluator } from '../../native-workers/engine/derivatives/loss';
import { pointSpectrum } from '../../native-workers/engine/analysis/spectrum';
import { Rng } from '../../native-workers/engine/core/random';
import { initialize } from '../../native-workers/engine/core/init';
import type { Architecture, Dataset } from '../../native-workers/engine/core/types';

const here = dirname(fileURLToPath(import.meta.url));

interface TorchCase {
  readonly P: number;
  readonly lossGradMs: number;
  readonly hvpMs: number;
  readonly smallest10Ms: number | null;
}
let torch: Record<string, TorchCase> | null | undefined;
function torchReference(key: string): TorchCase | null {
  if (torch === undefined) {
    try {
      const out = execFileSync('/usr/bin/python3', [join(here, '../torch/largeNets.py'), '--threads', '1'], { encoding: 'utf8', timeout: 900_000 });
      torch = (JSON.parse(out) as { results: Record<string, TorchCase> }).results;
    } catch {
      torch = null; // no torch here: our numbers alone
    }
  }
  return torch?.[key] ?? null;
}

function problem(widths: readonly number[], samples: number): { architecture: Architecture; theta: Float64Array; data: Dataset } {
  const architecture: Architecture = {
    layers: widths.slice(1).map((outputs, i) => ({ inputs: widths[i], outputs, bias: true, activation: i === widths.length - 2 ? 'identity' : 'tanh' })),
  };
  const rng = new Rng(1);
  const d = widths[0];
  const k = widths[widths.length - 1];
  const X = new Float64Array(samples * d);
  const Y = new Float64Array(samples * k);
  for (let i = 0; i < X.length; i++) X[i] = rng.normal();
  for (let i = 0; i < Y.length; i++) Y[i] = rng.normal();
  const theta = initialize(architecture, 'glorot_normal', new Rng(2));
  return { architecture, theta, data: { count: samples, inputDim: d, outputDim: k, X, Y } };
}

function cases(key: string, widths: readonly number[], samples: number): BenchCase[] {
  const p = problem(widths, samples);
  const P = p.theta.length;
  const grad = new Float64Array(P);
  const v = new Float64Array(P).map((_, i) => Math.sin(i + 1));
  const out = new Float64Array(P);
  const hvp = new HvpEngine(p.architecture, p.data);
  const evaluator = createLossEvaluator(p.architecture, p.data); // reused across calls, as the trainers do
  return [
    {
      name: `largeNets.${key}.lossGrad`,
      repetitions: 7,
      warmup: 2,
      maxSeconds: 30,
      setup: () => torchReference(key), // the PyTorch run happens here, outside the timed repetitions
      run: () => {
        evaluator.lossAndGradient(p.theta, grad);
        return { benchExtra: { P, kernel: evaluator.kernel, torchMs: torchReference(key)?.lossGradMs ?? null } };
      },
    },
    {
      name: `largeNets.${key}.hvp`,
      repetitions: 7,
      warmup: 2,
      maxSeconds: 30,
      setup: () => hvp.prepare(p.theta),
      run: () => {
        hvp.apply(v, out);
        const ref = torchReference(key);
        return { benchExtra: { P, torchMs: ref?.hvpMs ?? null, note: 'ours: apply after one prepare (forward/backward kept); torch: double backward per product' } };
      },
    },
    {
      name: `largeNets.${key}.smallest10`,
      ...(key.startsWith('mnist') ? { targetMs: 10_000 } : {}),
      repetitions: 1,
      warmup: 0,
      maxSeconds: 600,
      run: () => {
        let peak = process.memoryUsage().rss;
        const s = pointSpectrum({ architecture: p.architecture, theta: p.theta }, p.data, {
          mode: 'extremal',
          smallest: 10,
          largest: 0,
          onProgress: () => {
            peak = Math.max(peak, process.memoryUsage().rss);
          },
        });
        const ref = torchReference(key);
        return {
          benchExtra: { P, matvecs: s.matvecs, converged: s.converged, lowest: Array.from(s.values.slice(0, 3)), peakRssMb: Math.round(peak / 2 ** 20), memoryGoalMb: 500, torchScipyEigshMs: ref?.smallest10Ms ?? null },
        };
      },
    },
  ];
}

export default [...cases('mnist.784-30-10.tanh.N10000', [784, 30, 10], 10_000), ...cases('deep.tanh.3layer.P10k', [20, 80, 100, 2], 2000)];
