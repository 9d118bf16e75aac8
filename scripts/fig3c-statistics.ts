/**
 * Fig. 3c statistics: `fig3c` teacher (N = 1600, data seed 0), ReLU students of widths 4–7,
 * `--seeds` Glorot-normal initializations each (seeds 0…n−1), trained by gradient flow
 * (Rosenbrock solver, tolerances 1e-6, Filippov sliding at ReLU kinks) then Newton polish, with
 * up to two more flow + polish rounds while the end point is not certified (trainNetwork's
 * `rounds`); every end point is classified by analyzePoint. Success = loss < 1e-25 (L = 1/N Σ‖f(x)−y‖²).
 *
 *   npx tsx scripts/fig3c-statistics.ts [--widths 4,5,6,7] [--seeds 200] [--max-steps 30000]
 *        [--out docs/results/fig3c-statistics.json]
 *
 * Budgets are ODE steps/time (not wall-clock). Progress on stderr; results are rewritten after
 * every width so an interrupted run keeps what it finished.
 */
import { writeFileSync } from 'node:fs';
import { analyzePoint } from '../native-workers/engine';
import { initialize } from '../native-workers/engine';
import { twoLayerArchitecture } from '../native-workers/engine';
import { Rng } from '../native-workers/engine';
import { teacherDataset } from '../native-workers/engine';
import { trainNetwork } from '../native-workers/engine';
import { median, scriptFlags, wilson } from './stats';

const flags = scriptFlags(process.argv.slice(2));
const widths = (flags.get('widths') ?? '4,5,6,7').split(',').map(Number);
const seeds = Number(flags.get('seeds') ?? 200);
const maxSteps = Number(flags.get('max-steps') ?? 30000);
const out = flags.get('out') ?? 'docs/results/fig3c-statistics.json';
const data = teacherDataset('fig3c');

interface Run {
  seed: number;
  loss: number;
  success: boolean;
  classification: string;
  stoppedBy: string;
  steps: number;
  odeTime: number;
  seconds: number;
  kinkSamples: number;
  deadUnits: number;
  index: number;
  /** Final parameters (θ layout of the engine), so end points can be re-analysed. */
  theta: number[];
}

const results: Record<string, unknown> = {};
const summary: Record<string, unknown> = {};
for (const width of widths) {
  const architecture = twoLayerArchitecture(2, width, 1, 'relu');
  const runs: Run[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const theta = initialize(architecture, 'glorot_normal', new Rng(seed));
    const t0 = performance.now();
    const outcome = trainNetwork({ architecture, theta }, data, { method: 'flow', maxSteps });
    const seconds = (performance.now() - t0) / 1000;
    const a = analyzePoint(outcome.network, data);
    runs.push({
      seed,
      loss: a.loss,
      success: a.loss < 1e-25,
      classification: a.classification,
      stoppedBy: outcome.phases.map((p) => `${p.method}: ${p.stoppedBy}`).join('; '),
      steps: outcome.steps,
      odeTime: outcome.phases[0].time,
      seconds,
      kinkSamples: a.kinkSamples,
      deadUnits: a.deadUnits.length,
      index: a.index,
      theta: Array.from(outcome.network.theta),
    });
    const r = runs[runs.length - 1];
    process.stderr.write(`width ${width} seed ${seed}: loss ${r.loss.toExponential(2)} ${r.classification} (${r.stoppedBy}) ${seconds.toFixed(2)} s\n`);
  }
  const k = runs.filter((r) => r.success).length;
  const classes: Record<string, number> = {};
  for (const r of runs) classes[r.classification] = (classes[r.classification] ?? 0) + 1;
  const budgetHit = runs.filter((r) => /flow\/[a-z0-9]+: (max-steps|max-time)/.test(r.stoppedBy)).length;
  summary[`width${width}`] = {
    runs: runs.length,
    successes: k,
    successFraction: k / runs.length,
    wilson95: wilson(k, runs.length),
    classifications: classes,
    flowBudgetHit: budgetHit,
    medianSecondsSuccess: median(runs.filter((r) => r.success).map((r) => r.seconds)),
    medianSecondsAll: median(runs.map((r) => r.seconds)),
  };
  results[`width${width}`] = runs;
  writeFileSync(
    out,
    JSON.stringify(
      {
        experiment: 'Fig. 3c statistics (fig3c teacher, N=1600, data seed 0, glorot_normal init seeds 0..n-1)',
        lossConvention: 'L = (1/N) sum_n ||f(x_n) - y_n||^2; success = L < 1e-25',
        method: `gradient flow (rosenbrock23 at ReLU, tol 1e-6, Filippov sliding) then trust-region Newton polish; up to 2 more flow + polish rounds while the end point is not-critical or a strict saddle; flow budget ${maxSteps} steps and ODE time 1e9 per round`,
        machine: { node: process.version },
        summary,
        runs: results,
      },
      null,
      1,
    ) + '\n',
  );
  process.stderr.write(`width ${width}: ${k}/${runs.length} successes\n`);
}
process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
