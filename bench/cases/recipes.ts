/**
 * recipes.fig3c.perRun.m<w> (issue 12): seconds per fig3c-scaling run — the recipe's own `train`
 * task payload (gradient flow + polish + certification, fig3c teacher N = 1600), run in-thread on
 * the first 100 seeds of the width's seed range (m·100000 + k). Each repetition is one run; the
 * harness prints the median, and the case's `extra` the mean, p90 and max over all its runs with
 * `meanMeetsTarget` (the tail dominates the sweep's wall time: 4 × 4,000 runs ≤ 30 min on 2 cores
 * needs mean ≤ 0.2 s per run per core); teardown prints the same line on stderr.
 * (those with `--solver reference`, the plain scans); recipes.fig3c.fast.perRun.m<w>: the same runs with
 * the default `--solver fast` (TrainOptions.fast, the same results bit for bit). Both
 * report CPU seconds (process.cpuUsage) too: the machine is shared, compare those within one run.
 */
import type { BenchCase } from '../harness';
import { TASKS } from '../../contract/tasks';
import { quantile } from '../../native-workers/engine/recipes';
import { trainTask } from '../../native-workers/tasks/train';
import { fig3cRecipe } from '../../main/recipes/fig3c';

/** Seeds per width (the issue: mean and p90 per width over 100 seeds). */
const SEEDS = 100;

interface State {
  jobs: ReturnType<typeof fig3cRecipe.plan>;
  next: number;
  seconds: number[];
  cpuSeconds: number[];
}

function perRunCase(width: number, solver: 'reference' | 'fast'): BenchCase {
  const name = `recipes.fig3c.${solver === 'fast' ? 'fast.' : ''}perRun.m${width}`;
  return {
    name,
    targetMs: 200,
    repetitions: SEEDS,
    maxSeconds: 600,
    warmup: 0,
    setup(): State {
      return { jobs: fig3cRecipe.plan(fig3cRecipe.resolve({ widths: [width], seeds: SEEDS, solver })), next: 0, seconds: [], cpuSeconds: [] };
    },
    run(raw) {
      const s = raw as State;
      const job = s.jobs[s.next++ % s.jobs.length];
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = trainTask(TASKS.train.payload.parse(job.payload), { shouldStop: () => false, progress: () => undefined });
      const c = process.cpuUsage(c0);
      s.seconds.push((performance.now() - t0) / 1000);
      s.cpuSeconds.push((c.user + c.system) / 1e6);
      const mean = s.seconds.reduce((a, b) => a + b, 0) / s.seconds.length;
      const cpuMean = s.cpuSeconds.reduce((a, b) => a + b, 0) / s.cpuSeconds.length;
      return {
        finalLoss: r.result.finalLoss,
        benchExtra: {
          runs: s.seconds.length,
          meanSeconds: Number(mean.toPrecision(4)),
          p90Seconds: Number(quantile(s.seconds, 0.9).toPrecision(4)),
          maxSeconds: Number(Math.max(...s.seconds).toPrecision(4)),
          cpuMeanSeconds: Number(cpuMean.toPrecision(4)),
          cpuMedianSeconds: Number(quantile(s.cpuSeconds, 0.5).toPrecision(4)),
          cpuP90Seconds: Number(quantile(s.cpuSeconds, 0.9).toPrecision(4)),
          meanTargetSeconds: 0.2,
          meanMeetsTarget: mean <= 0.2,
        },
      };
    },
    teardown(raw) {
      const s = raw as State;
      const mean = s.seconds.reduce((a, b) => a + b, 0) / s.seconds.length;
      const cpuMean = s.cpuSeconds.reduce((a, b) => a + b, 0) / s.cpuSeconds.length;
      process.stderr.write(`${name}: ${s.seconds.length} runs, mean ${mean.toFixed(3)} s, p90 ${quantile(s.seconds, 0.9).toFixed(3)} s; CPU mean ${cpuMean.toFixed(3)} s\n`);
    },
  };
}

export default (['reference', 'fast'] as const).flatMap((solver) => [4, 5, 6, 7].map((width) => perRunCase(width, solver)));
