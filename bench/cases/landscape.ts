/**
 * Loss-surface benchmarks (issue 2 item 6, issue 5): L on a resolution² grid of the plane
 * θ₀ + αu + βv, α, β ∈ [−1, 1], for d = 2 → m → 1 relu students on N = 1600 inputs uniform in
 * [−√3, √3]² with a random width-4 relu teacher's targets; θ₀ Glorot-scaled, u and v random
 * filter-normalized (Li et al. 2018: each neuron's direction rescaled to that neuron's norm),
 * the standard "random plane" plot in which most hidden units switch somewhere on the grid.
 * Timed: evaluator construction + all rows, split over 2 worker threads (rows interleaved),
 * including the transfer of the values back. The `.1thread` case is the same work in-process.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from '../harness';
import { tsxWorkerEntry } from '../../native-workers/pool/entry';
import { createPlaneEvaluator } from '../../native-workers/engine/landscape/createPlaneEvaluator';
import type { PlaneGridSpec } from '../../native-workers/engine/landscape/gridSpec';
import { evaluateGridRows } from '../../native-workers/engine/landscape/planeGrid';
import { layerOffsets, parameterCount, twoLayerArchitecture } from '../../native-workers/engine/core/layout';
import type { Architecture, Dataset } from '../../native-workers/engine/core/types';
import { lcg, randomTeacherData } from '../data';

const N = 1600;
const WORKERS = 2;

/** Tiny deterministic LCG for bench data only. */

interface Problem {
  architecture: Architecture;
  theta0: Float64Array;
  u: Float64Array;
  v: Float64Array;
  data: Dataset;
}

export function problem(width: number, seed = 11): Problem {
  const rand = lcg(seed);
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * rand();
  const s3 = Math.sqrt(3);
  const data = randomTeacherData(uniform, N);
  const architecture = twoLayerArchitecture(2, width, 1, 'relu');
  const P = parameterCount(architecture);
  const scale = Math.sqrt(2 / (2 + width)) * s3;
  const theta0 = Float64Array.from({ length: P }, () => uniform(-1, 1) * scale);
  const direction = (): Float64Array => {
    const d = Float64Array.from({ length: P }, () => uniform(-1, 1));
    // Filter normalization per neuron (incoming weights); biases left out, as Li et al. do.
    architecture.layers.forEach((layer, l) => {
      const off = layerOffsets(architecture)[l];
      for (let j = 0; j < layer.outputs; j++) {
        let dn = 0;
        let tn = 0;
        for (let i = 0; i < layer.inputs; i++) {
          dn += d[off.weight + j * layer.inputs + i] ** 2;
          tn += theta0[off.weight + j * layer.inputs + i] ** 2;
        }
        for (let i = 0; i < layer.inputs; i++) d[off.weight + j * layer.inputs + i] *= Math.sqrt(tn / dn);
        if (off.bias >= 0) d[off.bias + j] = 0;
      }
    });
    return d;
  };
  return { architecture, theta0, u: direction(), v: direction(), data };
}

function spec(resolution: number): PlaneGridSpec {
  return { alphaRange: [-1, 1], betaRange: [-1, 1], resolution };
}

interface WorkerState {
  workers: Worker[];
  resolution: number;
}

function once<T>(worker: Worker, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { kind: string }): void => {
      if (msg.kind !== kind) return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      resolve(msg as T);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

function workerCase(name: string, width: number, resolution: number, targetMs?: number, referenceMs?: number): BenchCase {
  return {
    name,
    ...(targetMs !== undefined ? { targetMs } : {}),
    ...(referenceMs !== undefined ? { referenceMs } : {}),
    warmup: 5,
    repetitions: 60,
    maxSeconds: 6,
    async setup(): Promise<WorkerState> {
      const p = problem(width);
      const entry = tsxWorkerEntry(fileURLToPath(new URL('../landscapeWorker.ts', import.meta.url)));
      const workers = Array.from({ length: WORKERS }, () => new Worker(entry.file, { workerData: entry.workerData }));
      await Promise.all(
        workers.map((w) => {
          const ready = once(w, 'ready');
          w.postMessage({ kind: 'problem', problem: p });
          return ready;
        }),
      );
      return { workers, resolution };
    },
    async run(state: unknown): Promise<Float64Array> {
      const { workers, resolution: R } = state as WorkerState;
      const grid = new Float64Array(R * R);
      const s = spec(R);
      await Promise.all(
        workers.map(async (w, t) => {
          // Interleaved rows balance the load: row i goes to worker i mod WORKERS.
          const rows = Int32Array.from({ length: Math.ceil((R - t) / WORKERS) }, (_, q) => t + q * WORKERS);
          const done = once<{ values: Float64Array }>(w, 'values');
          w.postMessage({ kind: 'rows', spec: s, rows });
          const { values } = await done;
          rows.forEach((i, q) => grid.set(values.subarray(q * R, (q + 1) * R), i * R));
        }),
      );
      return grid;
    },
    async teardown(state: unknown): Promise<void> {
      await Promise.all((state as WorkerState).workers.map((w) => w.terminate()));
    },
  };
}

function inProcessCase(name: string, width: number, resolution: number): BenchCase {
  return {
    name,
    warmup: 3,
    repetitions: 30,
    maxSeconds: 6,
    setup: () => problem(width),
    run(state: unknown): Float64Array {
      const { architecture, theta0, u, v, data } = state as Problem;
      const rows = Int32Array.from({ length: resolution }, (_, i) => i);
      return evaluateGridRows(createPlaneEvaluator(architecture, theta0, u, v, data), spec(resolution), rows);
    },
  };
}

const cases: BenchCase[] = [
  workerCase('grid129.w7', 7, 129, 200, 385),
  workerCase('grid65.w7', 7, 65, 60),
  workerCase('grid65.w20', 20, 65, 60),
  workerCase('grid17.first', 7, 17, 20),
  inProcessCase('grid129.w7.1thread', 7, 129),
];

export default cases;
