/**
 * Worker-pool overhead and scaling (issue 4): 1000 `fig3c` width-4 fast-minimizer runs
 * (seeds 0…999) in this thread, through a 1-worker pool and through a 2-worker pool.
 * Targets: pool overhead ≤ 5 % of the in-thread time per worker; 2 workers ≥ 1.8× one worker.
 * The in-thread loop calls the very task function the worker runs (same data cache, same result
 * arrays), so the difference is messaging, structured cloning and scheduling. The three modes run
 * interleaved in blocks of 200 seeds, so a change in machine load hits them alike.
 */
import type { BenchCase } from '../harness';
import type { TaskPayload } from '../../contract/tasks';
import { computeWorkerEntry } from '../../native-workers/pool/entry';
import { WorkerPool } from '../../native-workers/pool/pool';
import { trainTask } from '../../native-workers/tasks/train';

const RUNS = 1000;
const BLOCK = 200;

function payload(seed: number): TaskPayload<'train'> {
  return {
    spec: {
      teacher: 'fig3c',
      samples: null,
      dataSeed: 0,
      width: 4,
      activation: null,
      init: 'glorot_normal',
      method: 'minimize',
      seed,
      budgets: {},
      settings: {},
      recordTrajectory: true,
    },
    initialTheta: null,
  };
}

function inThread(first: number): number {
  const context = { shouldStop: () => false, progress: () => undefined };
  let sum = 0;
  for (let seed = first; seed < first + BLOCK; seed++) sum += trainTask(payload(seed), context).result.finalLoss;
  return sum;
}

async function throughPool(pool: WorkerPool, first: number): Promise<number> {
  const results = await Promise.all(Array.from({ length: BLOCK }, (_, k) => pool.submit('train', payload(first + k)).result));
  return results.length;
}

async function timed<T>(fn: () => T | Promise<T>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

interface State {
  one: WorkerPool;
  two: WorkerPool;
}

const cases: BenchCase[] = [
  {
    name: 'pool.fig3c.w4.minimize.1000runs',
    warmup: 0,
    repetitions: 1,
    async setup(): Promise<State> {
      const one = new WorkerPool({ entry: computeWorkerEntry(), size: 1 });
      const two = new WorkerPool({ entry: computeWorkerEntry(), size: 2 });
      // Start the workers and warm their JIT and data caches outside the timing.
      await Promise.all([one, two, two].map((p, i) => p.submit('train', payload(10_000 + i)).result));
      for (let seed = 0; seed < 20; seed++) trainTask(payload(20_000 + seed), { shouldStop: () => false, progress: () => undefined });
      return { one, two };
    },
    async run(raw) {
      const { one, two } = raw as State;
      let inThreadMs = 0;
      let pool1Ms = 0;
      let pool2Ms = 0;
      for (let first = 0; first < RUNS; first += BLOCK) {
        inThreadMs += await timed(() => inThread(first));
        pool1Ms += await timed(() => throughPool(one, first));
        pool2Ms += await timed(() => throughPool(two, first));
      }
      const overhead = pool1Ms / inThreadMs - 1;
      const speedup = pool1Ms / pool2Ms;
      return {
        benchExtra: {
          runs: RUNS,
          inThreadMs: Math.round(inThreadMs),
          pool1Ms: Math.round(pool1Ms),
          pool2Ms: Math.round(pool2Ms),
          perRunInThreadMs: Number((inThreadMs / RUNS).toPrecision(3)),
          poolOverheadPerWorker: Number(overhead.toFixed(4)),
          overheadTarget: 0.05,
          meetsOverhead: overhead <= 0.05,
          speedup2vs1: Number(speedup.toFixed(3)),
          speedupTarget: 1.8,
          meetsSpeedup: speedup >= 1.8,
        },
      };
    },
    async teardown(raw) {
      const { one, two } = raw as State;
      await Promise.all([one.close(), two.close()]);
    },
  },
];

export default cases;
