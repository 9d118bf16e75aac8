/**
 * Worker-pool overhead and scaling (issue 4): 1000 `fig3c` width-4 fast-minimizer runs
 * (seeds 0…999) in this thread, through a 1-worker pool and through a 2-worker pool.
 * Targets: pool overhead ≤ 5 % of the in-thread time per worker; 2 workers ≥ 1.8× one worker.
 * The in-thread loop calls the very task function the worker runs (same data cache, same result
 * arrays), so the difference is messaging, structured cloning and scheduling. The three modes run
 * interleaved in blocks of 200 seeds, so a change in machine load hits them alike.
 */
import { loadavg } from 'node:os';
import type { BenchCase } from '../harness';
import type { TaskPayload } from '../../contract/tasks';
import { computeWorkerEntry } from '../../native-workers/pool/entry';
import { WorkerPool } from '../../native-workers/pool/pool';
import { trainTask } from '../../native-workers/tasks/train';

const RUNS = 1000;
const BLOCK = 200;
const WARMUP = 100;

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

/** Wall-clock and process CPU time (all threads) of one call, in ms. */
async function timed<T>(fn: () => T | Promise<T>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
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
      // Start the workers and bring every isolate's JIT to steady state outside the timing
      // (each worker compiles the engine separately): WARMUP runs per thread.
      await Promise.all(Array.from({ length: WARMUP }, (_, k) => one.submit('train', payload(10_000 + k)).result));
      await Promise.all(Array.from({ length: 2 * WARMUP }, (_, k) => two.submit('train', payload(20_000 + k)).result));
      for (let k = 0; k < WARMUP; k++) trainTask(payload(30_000 + k), { shouldStop: () => false, progress: () => undefined });
      return { one, two };
    },
    async run(raw) {
      const { one, two } = raw as State;
      const total = { inThread: { wall: 0, cpu: 0 }, pool1: { wall: 0, cpu: 0 }, pool2: { wall: 0, cpu: 0 } };
      const add = (into: { wall: number; cpu: number }, t: { wall: number; cpu: number }): void => {
        into.wall += t.wall;
        into.cpu += t.cpu;
      };
      for (let first = 0; first < RUNS; first += BLOCK) {
        add(total.inThread, await timed(() => inThread(first)));
        add(total.pool1, await timed(() => throughPool(one, first)));
        add(total.pool2, await timed(() => throughPool(two, first)));
      }
      const inThreadMs = total.inThread.wall;
      const pool1Ms = total.pool1.wall;
      const pool2Ms = total.pool2.wall;
      const overhead = pool1Ms / inThreadMs - 1;
      const speedup = pool1Ms / pool2Ms;
      // CPU time does not grow when other processes compete for the cores, wall time does:
      // on a busy machine the CPU-time overhead is the trustworthy one.
      const cpuOverhead = total.pool1.cpu / total.inThread.cpu - 1;
      return {
        benchExtra: {
          runs: RUNS,
          inThreadMs: Math.round(inThreadMs),
          pool1Ms: Math.round(pool1Ms),
          pool2Ms: Math.round(pool2Ms),
          perRunInThreadMs: Number((inThreadMs / RUNS).toPrecision(3)),
          poolOverheadPerWorker: Number(overhead.toFixed(4)),
          cpuMs: { inThread: Math.round(total.inThread.cpu), pool1: Math.round(total.pool1.cpu), pool2: Math.round(total.pool2.cpu) },
          poolCpuOverhead: Number(cpuOverhead.toFixed(4)),
          loadAverage1m: Number(loadavg()[0].toFixed(2)),
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
