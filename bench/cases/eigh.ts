/**
 * Dense symmetric eigensolver: all eigenpairs of a seeded random symmetric matrix (entries N(0, 1)),
 * n = P of two-layer d=2 → m → 1 nets with m = 4, 20, 50 (P = 17, 81, 201) and a large case;
 * also the eigenvalues-only path and Lanczos for a few extremal pairs.
 *
 * eigh.n81, eigh.n201, eigh.n1000 (issue 14, "Dense eigensolver speed") time our eigh (WebAssembly
 * SIMD kernels, the default) and report in `extra`: the plain-TS path, our dense Hessian + full
 * eigendecomposition of the relu net with m = 20, 50, 250 (P = 81, 201, 1001; N = 1600 as in
 * bench/cases/derivatives.ts) and, when /usr/bin/python3 has torch, LAPACK eigh and a hand-written
 * torch Hessian + eigh on the same sizes, timed by one warm bench/torch/eigh.py --serve process
 * (one thread, OpenBLAS included: OPENBLAS_NUM_THREADS=1) in turns with ours: ROUNDS rounds of (ours, torch) per measurement, so that a load
 * that drifts on the shared machine hits both sides alike. Every time is a median over all
 * repetitions of wall-clock and of process CPU time; the CPU-time ratios are the fairer ones and
 * the load average is recorded. Goal: ours ≥ 2× torch for Hessian + eigh at all three sizes.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from '../harness';
import { eigh } from '../../native-workers/engine/linalg/eigh';
import { lanczos } from '../../native-workers/engine/linalg/lanczos';
import { hessian } from '../../native-workers/engine/derivatives/hessian';
import { twoLayerArchitecture } from '../../native-workers/engine/core/layout';
import { randomSymmetric } from '../../tests/unit/helpers/randomSymmetric';
import { lcg, randomTeacherData } from '../data';

const here = dirname(fileURLToPath(import.meta.url));
/** The sizes with a torch comparison: n → hidden width m of the relu net (P = 4m + 1). */
const COMPARED: Record<number, number> = { 81: 20, 201: 50, 1000: 250 };
/** Ours and torch take turns this many times per measurement, so that both see the same load. */
const ROUNDS = 5;

interface Timing {
  wallMs: number;
  cpuMs: number;
}
interface Samples {
  wall: number[];
  cpu: number[];
}

type Child = ChildProcessByStdio<Writable, Readable, null>;

/** ref/unref of a pipe (a net.Socket underneath; the stream types do not declare them). */
function holdOpen(stream: Readable | Writable, hold: boolean): void {
  const handle = stream as unknown as { ref?: () => void; unref?: () => void };
  if (hold) handle.ref?.();
  else handle.unref?.();
}

/**
 * bench/torch/eigh.py --serve: one warm PyTorch process (one thread) that times its side on request
 * (`n key reps` → per-repetition wall and CPU ms), between our own timings. Null where
 * /usr/bin/python3 has no torch. Its handles are unref'd while idle so that it never keeps the
 * bench alive; it exits when our end of its stdin closes.
 */
class TorchServer {
  private readonly waiting: ((line: string | null) => void)[] = [];
  private constructor(private readonly child: Child) {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => this.waiting.shift()?.(line));
    lines.on('close', () => {
      for (const w of this.waiting.splice(0)) w(null);
    });
    child.on('error', () => {
      for (const w of this.waiting.splice(0)) w(null);
    });
  }

  static async start(): Promise<TorchServer | null> {
    const pairs = Object.entries(COMPARED).map(([size, m]) => `${size}:${m}`);
    let child: Child;
    try {
      // One thread for real: torch.set_num_threads(1) does not reach Debian torch's OpenBLAS, whose
      // second thread spins between calls (it inflated torch's CPU time by up to 2× at P = 201).
      const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
      child = spawn('/usr/bin/python3', [join(here, '../torch/eigh.py'), '--serve', ...pairs], { stdio: ['pipe', 'pipe', 'ignore'], env });
    } catch {
      return null;
    }
    const server = new TorchServer(child);
    const ready = await server.next();
    if (ready === null || !(JSON.parse(ready) as { ready?: boolean }).ready) {
      child.kill();
      return null;
    }
    return server;
  }

  private next(): Promise<string | null> {
    this.child.ref();
    holdOpen(this.child.stdout, true);
    holdOpen(this.child.stdin, true);
    return new Promise<string | null>((resolve) => this.waiting.push(resolve)).then((line) => {
      this.child.unref();
      holdOpen(this.child.stdout, false);
      holdOpen(this.child.stdin, false);
      return line;
    });
  }

  async time(n: number, key: string, reps: number): Promise<Samples | null> {
    this.child.stdin.write(`${n} ${key} ${reps}\n`);
    const line = await this.next();
    return line === null ? null : (JSON.parse(line) as Samples);
  }
}

let torchServer: Promise<TorchServer | null> | undefined;

/** Per-repetition wall-clock and process CPU times (ms) of `reps` calls after `warmup` untimed ones. */
function sample(fn: () => unknown, reps: number, warmup: number): Samples {
  for (let i = 0; i < warmup; i++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

function append(to: Samples, from: Samples): void {
  for (const x of from.wall) to.wall.push(x);
  for (const x of from.cpu) to.cpu.push(x);
}

function median(x: readonly number[]): number {
  const sorted = [...x].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function summary(s: Samples): Timing {
  return { wallMs: round(median(s.wall)), cpuMs: round(median(s.cpu)) };
}

function time(fn: () => unknown, reps: number, warmup: number): Timing {
  return summary(sample(fn, reps, warmup));
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

function ratio(a: number | undefined, b: number): number | null {
  return a === undefined ? null : round(a / b);
}

type Key = 'eigh' | 'hessian' | 'hessianEigh';
const KEYS: readonly Key[] = ['eigh', 'hessian', 'hessianEigh'];

function hessianProblem(width: number): () => Float64Array {
  const rand = lcg(7);
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * rand();
  const data = randomTeacherData(uniform, 1600);
  const arch = twoLayerArchitecture(2, width, 1, 'relu');
  const P = 4 * width + 1;
  const scale = Math.sqrt(2 / (2 + width)) * Math.sqrt(3);
  const theta = Float64Array.from({ length: P }, () => uniform(-1, 1) * scale);
  return () => hessian(arch, theta, data);
}

function eighCase(name: string, n: number, vectors: boolean, targetMs?: number): BenchCase {
  const large = n >= 500;
  const width = vectors ? COMPARED[n] : undefined;
  return {
    name,
    ...(targetMs !== undefined ? { targetMs } : {}),
    repetitions: large ? 5 : 300,
    warmup: large ? 1 : 10,
    maxSeconds: large ? 20 : 3,
    async setup() {
      const A = randomSymmetric(n, n);
      if (width === undefined) return { A };
      const loadBefore = loadavg();
      const reps = large ? 8 : 100;
      const warm = large ? 1 : 5;
      const scalar = time(() => eigh(A, n, { backend: 'scalar' }), large ? 3 : reps, warm);
      const H = hessianProblem(width);
      const P = 4 * width + 1;
      const ours: Record<Key, Samples> = { eigh: { wall: [], cpu: [] }, hessian: { wall: [], cpu: [] }, hessianEigh: { wall: [], cpu: [] } };
      const theirs: Record<Key, Samples> = { eigh: { wall: [], cpu: [] }, hessian: { wall: [], cpu: [] }, hessianEigh: { wall: [], cpu: [] } };
      const fns: Record<Key, () => unknown> = { eigh: () => eigh(A, n), hessian: H, hessianEigh: () => eigh(H(), P) };
      const server = await (torchServer ??= TorchServer.start());
      let torchOk = server !== null;
      // Interleaved: each round times ours, then torch, on every key (the load drifts on a shared machine).
      for (let r = 0; r < ROUNDS; r++)
        for (const key of KEYS) {
          append(ours[key], sample(fns[key], Math.ceil(reps / ROUNDS), r === 0 ? warm : 0));
          if (!torchOk || server === null) continue;
          const other = await server.time(n, key, Math.ceil(reps / ROUNDS));
          if (other === null) torchOk = false;
          else append(theirs[key], other);
        }
      const mine = { eigh: summary(ours.eigh), eighScalar: scalar, hessian: summary(ours.hessian), hessianEigh: summary(ours.hessianEigh) };
      const ref = torchOk
        ? {
            n,
            width,
            P,
            N: 1600,
            threads: 1,
            openblasThreads: 1,
            repetitions: theirs.eigh.cpu.length,
            ...Object.fromEntries(KEYS.flatMap((key) => [[`${key}Ms`, round(median(theirs[key].wall))], [`${key}CpuMs`, round(median(theirs[key].cpu))]])),
          }
        : null;
      const torchMs = (key: string): number | undefined => (ref as Record<string, number> | null)?.[key];
      const extra = {
        n,
        P,
        backend: eigh(A, n).backend,
        rounds: ROUNDS,
        ours: mine,
        torch: ref,
        // torch time / our time: ≥ 2 is the goal for Hessian + eigh
        speedup: ref
          ? {
              eighWall: ratio(torchMs('eighMs'), mine.eigh.wallMs),
              eighCpu: ratio(torchMs('eighCpuMs'), mine.eigh.cpuMs),
              hessianEighWall: ratio(torchMs('hessianEighMs'), mine.hessianEigh.wallMs),
              hessianEighCpu: ratio(torchMs('hessianEighCpuMs'), mine.hessianEigh.cpuMs),
            }
          : null,
        simdOverScalarCpu: round(scalar.cpuMs / mine.eigh.cpuMs),
        loadAverage: { before: loadBefore.map(round), after: loadavg().map(round) },
      };
      return { A, extra };
    },
    run(state) {
      const { A, extra } = state as { A: Float64Array; extra?: unknown };
      const r = eigh(A, n, { vectors });
      return extra === undefined ? r : { ...r, benchExtra: extra };
    },
  };
}

function lanczosCase(name: string, n: number, count: number): BenchCase {
  return {
    name,
    repetitions: 50,
    warmup: 3,
    setup: () => randomSymmetric(n, n + 1),
    run(state) {
      const A = state as Float64Array;
      const matvec = (v: Float64Array, out: Float64Array): void => {
        for (let i = 0; i < n; i++) {
          let s = 0;
          const row = i * n;
          for (let j = 0; j < n; j++) s += A[row + j] * v[j];
          out[i] = s;
        }
      };
      return lanczos(matvec, n, { count, which: 'smallest' });
    },
  };
}

const cases: BenchCase[] = [
  eighCase('eigh.n17', 17, true, 0.3),
  eighCase('eigh.n81', 81, true, 3),
  eighCase('eigh.n201', 201, true, 12),
  eighCase('eigh.n1000', 1000, true),
  eighCase('eigh.values.n201', 201, false),
  eighCase('eigh.values.n1000', 1000, false),
  lanczosCase('lanczos.n1000.smallest3', 1000, 3),
];

export default cases;
