/** Minimal benchmark harness: each case reports the median of repeated timings (ms). */

export interface BenchCase {
  /** Stable key in the printed JSON, e.g. "lossGrad.relu.w4". */
  readonly name: string;
  /** Target in milliseconds (median), from the issue that asked for it. */
  readonly targetMs?: number;
  /** What PyTorch or another reference took on this machine, for the note. */
  readonly referenceMs?: number;
  /** Runs once before timing; its result is handed to `run`. */
  setup?(): unknown | Promise<unknown>;
  /** One timed repetition. May return a value; it is kept so the JIT cannot drop the work. */
  run(state: unknown): unknown | Promise<unknown>;
  /** Stop after this many timed repetitions or `maxSeconds`, whichever first (defaults 200, 3). */
  readonly repetitions?: number;
  readonly maxSeconds?: number;
  /** Repetitions to discard before timing (JIT warm-up), default 5. */
  readonly warmup?: number;
  teardown?(state: unknown): void | Promise<void>;
}

export interface BenchResult {
  readonly medianMs: number;
  readonly minMs: number;
  readonly repetitions: number;
  readonly targetMs?: number;
  readonly referenceMs?: number;
  readonly meetsTarget?: boolean;
  readonly extra?: unknown;
}

let sink: unknown;

export async function runCase(c: BenchCase): Promise<BenchResult> {
  const state = c.setup ? await c.setup() : undefined;
  const warmup = c.warmup ?? 5;
  for (let i = 0; i < warmup; i++) sink = await c.run(state);
  const times: number[] = [];
  const maxReps = c.repetitions ?? 200;
  const deadline = performance.now() + 1000 * (c.maxSeconds ?? 3);
  while (times.length < maxReps && (times.length < 3 || performance.now() < deadline)) {
    const t0 = performance.now();
    sink = await c.run(state);
    times.push(performance.now() - t0);
  }
  if (c.teardown) await c.teardown(state);
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)];
  const result: BenchResult = {
    medianMs: round(medianMs),
    minMs: round(times[0]),
    repetitions: times.length,
    ...(c.targetMs !== undefined ? { targetMs: c.targetMs, meetsTarget: medianMs <= c.targetMs } : {}),
    ...(c.referenceMs !== undefined ? { referenceMs: c.referenceMs } : {}),
    ...(sink && typeof sink === 'object' && 'benchExtra' in sink ? { extra: (sink as { benchExtra: unknown }).benchExtra } : {}),
  };
  return result;
}

function round(ms: number): number {
  return Number(ms.toPrecision(4));
}
